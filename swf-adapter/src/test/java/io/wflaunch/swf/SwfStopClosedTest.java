package io.wflaunch.swf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.AdditionalAnswers;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.ExecutionStatus;
import software.amazon.awssdk.services.swf.model.RequestCancelWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.TerminateWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;

/**
 * Stopping or terminating an execution that has closed is a conflict, not "not found"; one that
 * continued as new is followed along its chain by run ids, and nothing outside the chain is touched.
 */
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

  private static final WorkflowTarget SETTLE = WorkflowTarget.parse("swf:payments/Settle/1.0");
  private static final SwfOptions ORDER = SwfOptions.builder().workflowId("order-4711").build();

  private static WorkflowLauncher launcher(SwfClient swf, VirtualScheduler time) {
    return WorkflowLauncher.builder().backend(SwfBackend.builder(swf).clock(time.clock()).build())
        .clock(time.clock()).scheduler(time).executor(time).startPolicy(StartPolicy.DEFAULT.withoutPauses()).build();
  }

  /** Every request goes to the fake and is recorded, for checking which runId each was sent with. */
  private static SwfClient recorded(FakeSwfClient fake) {
    return mock(SwfClient.class, AdditionalAnswers.delegatesTo(fake));
  }

  private static List<String> cancelledRunIds(SwfClient recorded) {
    ArgumentCaptor<RequestCancelWorkflowExecutionRequest> sent =
        ArgumentCaptor.forClass(RequestCancelWorkflowExecutionRequest.class);
    verify(recorded, atLeastOnce()).requestCancelWorkflowExecution(sent.capture());
    return sent.getAllValues().stream().map(RequestCancelWorkflowExecutionRequest::runId).toList();
  }

  private static List<String> terminatedRunIds(SwfClient recorded) {
    ArgumentCaptor<TerminateWorkflowExecutionRequest> sent = ArgumentCaptor.forClass(TerminateWorkflowExecutionRequest.class);
    verify(recorded, atLeastOnce()).terminateWorkflowExecution(sent.capture());
    return sent.getAllValues().stream().map(TerminateWorkflowExecutionRequest::runId).toList();
  }

  @Test
  void aStopOfAChainThatHasEndedTouchesNoLaterExecutionThatReusesTheWorkflowId() {
    VirtualScheduler time = new VirtualScheduler();
    FakeSwfClient fake = FakeSwfClient.create(time.clock()).addWorkflowType("payments", "Settle", "1.0",
        SwfRunScript.continuesAsNewAfter(Duration.ofMinutes(1),
            SwfRunScript.continuesAsNewAfter(Duration.ofMinutes(1), SwfRunScript.completesAfter(Duration.ofMinutes(1)))));
    SwfClient swf = recorded(fake);
    try (WorkflowLauncher launcher = launcher(swf, time)) {
      RunHandle first = launcher.start(StartRunRequest.builder(SETTLE).options(ORDER).build());
      time.advanceBy(Duration.ofMinutes(10));
      // The chain ran first -> second -> third and completed; the next day's run reuses the workflowId.
      String tomorrow = fake.startWorkflowExecution(r -> r.domain("payments").workflowId("order-4711")
          .workflowType(t -> t.name("Settle").version("1.0"))).runId();
      List<WorkflowExecutionInfo> executions = fake.executionsOf("payments");
      assertThat(executions).extracting(info -> info.execution().runId()).hasSize(4).startsWith(first.runId())
          .endsWith(tomorrow);
      assertThat(executions).extracting(WorkflowExecutionInfo::closeStatus).containsExactly(
          CloseStatus.CONTINUED_AS_NEW, CloseStatus.CONTINUED_AS_NEW, CloseStatus.COMPLETED, null);
      String third = executions.get(2).execution().runId();

      assertThatThrownBy(() -> launcher.stop(first)).isInstanceOfSatisfying(ConflictException.class, e ->
          assertThat(e.getMessage()).contains("already closed").contains("continued as new").contains(third)
              .contains("COMPLETED").contains("nothing to stop").doesNotContain(tomorrow));
      assertThatThrownBy(() -> launcher.backend("swf", SwfBackend.class).terminate(first, "operator", null, null))
          .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.getMessage()).contains(third));

      WorkflowExecutionInfo untouched = fake.executionsOf("payments").get(3);
      assertThat(untouched.executionStatus()).isEqualTo(ExecutionStatus.OPEN);
      assertThat(untouched.cancelRequested()).isFalse();
      assertThat(cancelledRunIds(swf)).containsExactly(first.runId());
      assertThat(terminatedRunIds(swf)).containsExactly(first.runId());
    }
  }

  @Test
  void aStopOfAChainWhoseNewestRunIsOpenIsSentToThatRunByItsRunId() {
    VirtualScheduler time = new VirtualScheduler();
    FakeSwfClient fake = FakeSwfClient.create(time.clock()).cancelDelay(Duration.ofMinutes(1))
        .addWorkflowType("payments", "Settle", "1.0", SwfRunScript.continuesAsNewAfter(Duration.ofMinutes(1),
            SwfRunScript.continuesAsNewAfter(Duration.ofMinutes(1), SwfRunScript.staysOpen())));
    SwfClient swf = recorded(fake);
    try (WorkflowLauncher launcher = launcher(swf, time)) {
      RunHandle first = launcher.start(StartRunRequest.builder(SETTLE).options(ORDER).build());
      time.advanceBy(Duration.ofMinutes(5));
      String newest = fake.executionsOf("payments").get(2).execution().runId();

      launcher.stop(first);

      assertThat(cancelledRunIds(swf)).containsExactly(first.runId(), newest);
      assertThat(fake.executionsOf("payments").get(2).cancelRequested()).isTrue();
      assertThat(fake.executionsOf("payments")).hasSize(3);
      time.advanceBy(Duration.ofMinutes(2));
      assertThat(launcher.getRun(first).state()).isEqualTo(io.wflaunch.RunState.CANCELLED);
    }
  }

  @Test
  void anAsyncTerminateOfAChainTerminatesItsOpenRunByItsRunId() {
    VirtualScheduler time = new VirtualScheduler();
    FakeSwfClient fake = FakeSwfClient.create(time.clock()).addWorkflowType("payments", "Settle", "1.0",
        SwfRunScript.continuesAsNewAfter(Duration.ofMinutes(1),
            SwfRunScript.continuesAsNewAfter(Duration.ofMinutes(1), SwfRunScript.staysOpen())));
    try (WorkflowLauncher launcher = WorkflowLauncher.builder()
        .backend(SwfBackend.builder(fake).asyncClient(fake.asyncClient()).clock(time.clock()).build())
        .clock(time.clock()).scheduler(time).executor(time).startPolicy(StartPolicy.DEFAULT.withoutPauses()).build()) {
      RunHandle first = launcher.start(StartRunRequest.builder(SETTLE).options(ORDER).build());
      time.advanceBy(Duration.ofMinutes(5));

      launcher.backend("swf", SwfBackend.class).terminateAsync(first, "operator", "wrong order", null).join();

      assertThat(fake.executionsOf("payments")).extracting(WorkflowExecutionInfo::closeStatus)
          .containsExactly(CloseStatus.CONTINUED_AS_NEW, CloseStatus.CONTINUED_AS_NEW, CloseStatus.TERMINATED);
      io.wflaunch.RunStatus status = launcher.getRun(first);
      assertThat(status.state()).isEqualTo(io.wflaunch.RunState.CANCELLED);
      assertThat(status.details()).containsEntry("closeDetails", "wrong order");
      assertThat(status.toString()).doesNotContain("wrong order");
    }
  }
}
