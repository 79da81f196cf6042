package io.wflaunch.glue;

import io.wflaunch.RunState;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.FakeBackendContract;
import io.wflaunch.testkit.WorkflowBackendContract;
import java.util.Map;

/** The glue fake, found by type with this adapter on the class path: the adapter over the fake service. */
class GlueFakeBackendTest extends FakeBackendContract {

  @Override
  protected String type() {
    return "glue";
  }

  @Override
  protected WorkflowTarget target(String name) {
    return WorkflowTarget.of("glue", name);
  }

  @Override
  protected Map<RunState, String> rawStatuses() {
    return Map.of(RunState.RUNNING, "RUNNING", RunState.SUCCEEDED, "COMPLETED", RunState.FAILED, "ERROR",
        RunState.CANCELLED, "STOPPED");
  }

  @Override
  protected WorkflowBackendContract.RetrySupport retrySupport() {
    return WorkflowBackendContract.RetrySupport.NEW_HANDLE;
  }
}
