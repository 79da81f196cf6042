package io.wflaunch.swf;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.FakeBackendContract;
import java.util.Map;

/** The swf fake, found by type with this adapter on the class path: the adapter over the fake service. */
class SwfFakeBackendTest extends FakeBackendContract {

  @Override
  protected String type() {
    return "swf";
  }

  @Override
  protected WorkflowTarget target(String name) {
    return WorkflowTarget.of("swf", "payments", name, "1.0");
  }

  @Override
  protected Map<RunState, String> rawStatuses() {
    return Map.of(RunState.RUNNING, "OPEN", RunState.SUCCEEDED, "COMPLETED", RunState.FAILED, "FAILED",
        RunState.CANCELLED, "CANCELED");
  }

  /** SWF's close reason is the caller's text, so the adapter keeps it as a masked detail. */
  @Override
  protected void assertFailedWith(RunStatus failed, String reason) {
    assertThat(failed.details()).containsEntry("closeReason", reason);
    assertThat(failed.maskedDetails()).contains("closeReason");
  }
}
