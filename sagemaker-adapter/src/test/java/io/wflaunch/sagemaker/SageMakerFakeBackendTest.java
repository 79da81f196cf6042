package io.wflaunch.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.FakeBackendContract;
import io.wflaunch.testkit.WorkflowBackendContract;
import java.util.Map;

/** The sagemaker fake, found by type with this adapter on the class path: the adapter over the fake service. */
class SageMakerFakeBackendTest extends FakeBackendContract {

  @Override
  protected String type() {
    return "sagemaker";
  }

  @Override
  protected WorkflowTarget target(String name) {
    return WorkflowTarget.of("sagemaker", name);
  }

  @Override
  protected Map<RunState, String> rawStatuses() {
    return Map.of(RunState.RUNNING, "Executing", RunState.SUCCEEDED, "Succeeded", RunState.FAILED, "Failed",
        RunState.CANCELLED, "Stopped");
  }

  /** RetryPipelineExecution re-runs an execution in place. */
  @Override
  protected WorkflowBackendContract.RetrySupport retrySupport() {
    return WorkflowBackendContract.RetrySupport.SAME_HANDLE;
  }

  /** The FailureReason is the service's text, so the adapter keeps it as a masked detail. */
  @Override
  protected void assertFailedWith(RunStatus failed, String reason) {
    assertThat(failed.details()).containsEntry("failureReason", reason);
    assertThat(failed.maskedDetails()).contains("failureReason");
  }
}
