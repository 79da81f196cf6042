package io.wflaunch.swf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.ConflictException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.swf.FakeSwfClient;
import io.wflaunch.testkit.swf.SwfRunScript;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.model.ChildPolicy;

/** Stopping or terminating an execution that has closed is a conflict, not "not found". */
class SwfStopClosedTest {

  @Test
  void aStopOrTerminateOfAClosedExecutionIsAConflictAndOfAnUnknownOneNotFound() {
    VirtualScheduler time = new VirtualScheduler();
    FakeSwfClient swf = FakeSwfClient.create(time.clock())
        .addWorkflowType("payments", "Settle", "1.0", SwfRunScript.completesAfter(Duration.ofMinutes(1)));
    try (WorkflowLauncher launcher = WorkflowLauncher.builder()
        .backend(SwfBackend.builder(swf).clock(time.clock()).build())
        .clock(time.clock()).scheduler(time).executor(time).startPolicy(StartPolicy.DEFAULT.withoutPauses()).build()) {
      RunHandle run = launcher.start(StartRunRequest.builder(WorkflowTarget.parse("swf:payments/Settle/1.0")).build());
      time.advanceBy(Duration.ofMinutes(2));

      assertThatThrownBy(() -> launcher.stop(run)).isInstanceOfSatisfying(ConflictException.class,
          e -> assertThat(e.getMessage()).contains("already closed").contains("COMPLETED"));
      assertThatThrownBy(() -> launcher.backend("swf", SwfBackend.class).terminate(run, "operator", null,
          ChildPolicy.TERMINATE)).isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> launcher.stop(RunHandle.of("swf", "payments", "no-such-id", "22AAAA")))
          .isInstanceOf(RunNotFoundException.class);
    }
  }

  @Test
  void aStopOfARunThatContinuedAsNewStopsTheWorkflowsCurrentRun() {
    VirtualScheduler time = new VirtualScheduler();
    FakeSwfClient swf = FakeSwfClient.create(time.clock()).addWorkflowType("payments", "Settle", "1.0",
        SwfRunScript.continuesAsNewAfter(Duration.ofMinutes(1), SwfRunScript.staysOpen()));
    try (WorkflowLauncher launcher = WorkflowLauncher.builder()
        .backend(SwfBackend.builder(swf).clock(time.clock()).build())
        .clock(time.clock()).scheduler(time).executor(time).startPolicy(StartPolicy.DEFAULT.withoutPauses()).build()) {
      RunHandle first = launcher.start(StartRunRequest.builder(WorkflowTarget.parse("swf:payments/Settle/1.0")).build());
      time.advanceBy(Duration.ofMinutes(2));

      launcher.stop(first);
      time.advanceBy(Duration.ofMinutes(1));

      assertThat(launcher.getRun(first).state()).isEqualTo(io.wflaunch.RunState.CANCELLED);
    }
  }
}
