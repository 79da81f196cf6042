package io.wflaunch.glue;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.FakeBackendContract;
import io.wflaunch.testkit.WorkflowBackendContract;
import java.time.Duration;
import java.util.Map;

/** The gluejob fake, found by type with this adapter on the class path: the adapter over the fake service. */
class GlueJobFakeBackendTest extends FakeBackendContract {

  @Override
  protected String type() {
    return "gluejob";
  }

  @Override
  protected WorkflowTarget target(String name) {
    return WorkflowTarget.of("gluejob", name);
  }

  @Override
  protected Map<RunState, String> rawStatuses() {
    return Map.of(RunState.RUNNING, "RUNNING", RunState.SUCCEEDED, "SUCCEEDED", RunState.FAILED, "FAILED",
        RunState.CANCELLED, "STOPPED");
  }

  /** A job run is STARTING for its first second. */
  @Override
  protected Duration lead() {
    return Duration.ofSeconds(1);
  }

  @Override
  protected RunState freshState() {
    return RunState.PENDING;
  }

  /** The error message is the script's text, so the adapter keeps it as a masked detail. */
  @Override
  protected void assertFailedWith(RunStatus failed, String reason) {
    assertThat(failed.details()).containsEntry("errorMessage", reason);
    assertThat(failed.maskedDetails()).contains("errorMessage");
  }

  @Override
  protected WorkflowBackendContract.RetrySupport retrySupport() {
    return WorkflowBackendContract.RetrySupport.NEW_HANDLE;
  }
}
