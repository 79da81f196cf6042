package io.wflaunch.codecatalyst;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.FakeBackendContract;
import java.time.Duration;
import java.util.Map;

/** The codecatalyst fake, found by type with this adapter on the class path: the adapter over the fake service. */
class CodeCatalystFakeBackendTest extends FakeBackendContract {

  @Override
  protected String type() {
    return "codecatalyst";
  }

  @Override
  protected WorkflowTarget target(String name) {
    return WorkflowTarget.of("codecatalyst", "demo-space", "web-app", name);
  }

  @Override
  protected Map<RunState, String> rawStatuses() {
    return Map.of(RunState.RUNNING, "IN_PROGRESS", RunState.SUCCEEDED, "SUCCEEDED", RunState.FAILED, "FAILED",
        RunState.CANCELLED, "STOPPED");
  }

  /** CodeCatalyst has no API to stop a workflow run. */
  @Override
  protected boolean stops() {
    return false;
  }

  /** A run validates for half a second before it runs. */
  @Override
  protected Duration lead() {
    return Duration.ofMillis(500);
  }

  @Override
  protected RunState freshState() {
    return RunState.PENDING;
  }

  /** CodeCatalyst's failure reason has no text in this SDK: a failed run says only that it failed. */
  @Override
  protected void assertFailedWith(RunStatus failed, String reason) {
    assertThat(failed.state()).isEqualTo(RunState.FAILED);
  }
}
