package io.wflaunch.emrserverless;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.FakeBackendContract;
import io.wflaunch.testkit.emrserverless.EmrServerlessRunScript;
import java.time.Duration;
import java.util.Map;

/** The emrserverless fake, found by type with this adapter on the class path: the adapter over the fake service. */
class EmrServerlessFakeBackendTest extends FakeBackendContract {

  @Override
  protected String type() {
    return "emrserverless";
  }

  @Override
  protected WorkflowTarget target(String name) {
    return WorkflowTarget.of("emrserverless", "00app" + name);
  }

  @Override
  protected Map<RunState, String> rawStatuses() {
    return Map.of(RunState.RUNNING, "RUNNING", RunState.SUCCEEDED, "SUCCESS", RunState.FAILED, "FAILED",
        RunState.CANCELLED, "CANCELLED");
  }

  /** A job run is SUBMITTED for a second before it runs. */
  @Override
  protected Duration lead() {
    return EmrServerlessRunScript.LEAD;
  }

  @Override
  protected RunState freshState() {
    return RunState.PENDING;
  }

  /** The state details are the service's text about the run, so the adapter keeps them as a masked detail. */
  @Override
  protected void assertFailedWith(RunStatus failed, String reason) {
    assertThat(failed.details()).containsEntry("stateDetails", reason);
    assertThat(failed.maskedDetails()).contains("stateDetails");
    assertThat(failed.reasons()).noneSatisfy(text -> assertThat(text).contains(reason));
  }
}
