package io.wflaunch.swf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.ConflictException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.swf.FakeSwfClient;
import io.wflaunch.testkit.swf.SwfRunScript;
import org.junit.jupiter.api.Test;

/** A keyless start under a workflowId the caller chose, which another start holds open. */
class SwfChosenWorkflowIdTest {

  private static final WorkflowTarget SETTLE = WorkflowTarget.of("swf", "payments", "Settle", "1.0");

  @Test
  void aChosenWorkflowIdAlreadyOpenIsAConflictThatSaysNoRunWasStarted() {
    FakeSwfClient swf = FakeSwfClient.create().addWorkflowType("payments", "Settle", "1.0", SwfRunScript.staysOpen());
    try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(SwfBackend.create(swf))
        .startPolicy(StartPolicy.DEFAULT.withoutPauses()).build()) {
      RunHandle first = launcher.start(StartRunRequest.builder(SETTLE)
          .options(SwfOptions.builder().workflowId("order-1").build()).build());

      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(SETTLE).parameter("amount", "10")
          .options(SwfOptions.builder().workflowId("order-1").build()).build()))
          .isInstanceOfSatisfying(ConflictException.class, e -> {
            assertThat(e.outcomeUnknown()).as("SWF refused the start: no run of this call exists").isFalse();
            assertThat(e.getMessage()).contains(first.toString()).doesNotContain("may have taken effect");
          });
      assertThat(swf.executionsOf("payments")).hasSize(1);
    }
  }
}
