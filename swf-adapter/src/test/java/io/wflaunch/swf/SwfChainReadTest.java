package io.wflaunch.swf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.swf.FakeSwfClient;
import io.wflaunch.testkit.swf.SwfRunScript;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.AdditionalAnswers;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.GetWorkflowExecutionHistoryRequest;
import software.amazon.awssdk.services.swf.model.ListOpenWorkflowExecutionsRequest;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;

/**
 * Reading a handle whose run continued as new follows the chain by run ids only, through each closed
 * run's close event, on every read path (getRun, getRuns, the tracker's single and batched reads, a
 * wait), so that an execution outside the chain that reuses the workflowId is never taken for the
 * chain's newest run.
 */
class SwfChainReadTest {

  private static final WorkflowTarget SETTLE = WorkflowTarget.parse("swf:payments/Settle/1.0");
  private static final SwfOptions ORDER = SwfOptions.builder().workflowId("order-4711").build();
  private static final WaitOptions QUICK = WaitOptions.builder().minInterval(Duration.ofSeconds(1))
      .maxInterval(Duration.ofSeconds(5)).timeout(Duration.ofMinutes(5)).build();

  private final VirtualScheduler time = new VirtualScheduler();
  private FakeSwfClient fake;

  @BeforeEach
  void types() {
    fake = FakeSwfClient.create(time.clock())
        // The later execution is of a type that stays open, so that advancing the clock leaves it open.
        .addWorkflowType("payments", "Nightly", "1.0", SwfRunScript.staysOpen())
        .addWorkflowType("payments", "Other", "1.0", SwfRunScript.staysOpen());
  }

  private WorkflowLauncher launcher(SwfClient swf) {
    return WorkflowLauncher.builder()
        .backend(SwfBackend.builder(swf).asyncClient(fake.asyncClient()).clock(time.clock()).build())
        .clock(time.clock()).scheduler(time).executor(time).startPolicy(StartPolicy.DEFAULT.withoutPauses()).build();
  }

  /** Every request goes to the fake and is recorded, for checking which runIds the reads named. */
  private SwfClient recorded() {
    return mock(SwfClient.class, AdditionalAnswers.delegatesTo(fake));
  }

  private static List<String> describedRunIds(SwfClient recorded) {
    ArgumentCaptor<DescribeWorkflowExecutionRequest> sent = ArgumentCaptor.forClass(DescribeWorkflowExecutionRequest.class);
    verify(recorded, Mockito.atLeast(0)).describeWorkflowExecution(sent.capture());
    return sent.getAllValues().stream().map(request -> request.execution().runId()).toList();
  }

  private static List<String> historyRunIds(SwfClient recorded) {
    ArgumentCaptor<GetWorkflowExecutionHistoryRequest> sent = ArgumentCaptor.forClass(GetWorkflowExecutionHistoryRequest.class);
    verify(recorded, Mockito.atLeast(0)).getWorkflowExecutionHistory(sent.capture());
    return sent.getAllValues().stream().map(request -> request.execution().runId()).toList();
  }

  /** A chain first -> second -> third that has completed, and tomorrow's execution reusing the workflowId. */
  private record EndedChain(RunHandle first, String third, String tomorrow) {}

  private EndedChain endedChainAndALaterExecution(WorkflowLauncher launcher, SwfRunScript last) {
    fake.addWorkflowType("payments", "Settle", "1.0", SwfRunScript.continuesAsNewAfter(Duration.ofMinutes(1),
        SwfRunScript.continuesAsNewAfter(Duration.ofMinutes(1), last)));
    RunHandle first = launcher.start(StartRunRequest.builder(SETTLE).options(ORDER).build());
    time.advanceBy(Duration.ofMinutes(10));
    String tomorrow = fake.startWorkflowExecution(r -> r.domain("payments").workflowId("order-4711")
        .workflowType(t -> t.name("Nightly").version("1.0"))).runId();
    List<WorkflowExecutionInfo> executions = fake.executionsOf("payments");
    assertThat(executions).extracting(info -> info.execution().workflowId()).containsOnly("order-4711");
    assertThat(executions).extracting(info -> info.execution().runId()).hasSize(4).startsWith(first.runId())
        .endsWith(tomorrow);
    assertThat(executions.get(3).executionStatusAsString()).isEqualTo("OPEN");
    return new EndedChain(first, executions.get(2).execution().runId(), tomorrow);
  }

  @Test
  void anEndedChainReadsAsItsLastRunNeverAsALaterExecutionReusingTheWorkflowId() {
    SwfClient swf = recorded();
    try (WorkflowLauncher launcher = launcher(swf)) {
      EndedChain chain = endedChainAndALaterExecution(launcher, SwfRunScript.completesAfter(Duration.ofMinutes(1)));

      RunStatus blocking = launcher.getRun(chain.first());
      RunStatus async = launcher.getRunAsync(chain.first()).join();

      for (RunStatus status : List.of(blocking, async)) {
        assertThat(status.handle()).isEqualTo(chain.first());
        assertThat(status.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(status.rawStatus()).isEqualTo("COMPLETED");
        assertThat(status.details()).containsEntry("runId", chain.first().runId())
            .containsEntry("latestRunId", chain.third());
        assertThat(status.toString()).doesNotContain(chain.tomorrow());
      }
      assertThat(describedRunIds(swf)).doesNotContain(chain.tomorrow()).doesNotContainNull();
      assertThat(historyRunIds(swf)).doesNotContain(chain.tomorrow()).doesNotContainNull();
      verify(swf, never()).listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class));
    }
  }

  @Test
  void aFailedEndOfAChainIsReadFromTheCloseEventTheWalkAlreadyRead() {
    try (WorkflowLauncher launcher = launcher(fake)) {
      EndedChain chain = endedChainAndALaterExecution(launcher,
          SwfRunScript.failsAfter(Duration.ofMinutes(1), "card declined"));
      int before = fake.requestCount();

      RunStatus status = launcher.getRun(chain.first());

      assertThat(status.state()).isEqualTo(RunState.FAILED);
      assertThat(status.details()).containsEntry("latestRunId", chain.third()).containsEntry("closeReason", "card declined");
      assertThat(status.toString()).doesNotContain("card declined");
      // Describe the first run, the close events of first, second and third, describe the third.
      assertThat(fake.requestCount() - before).isEqualTo(5);
    }
  }

  @Test
  void batchedReadsOfAnEndedChainReportItsEndAndCountEveryRequest() {
    try (WorkflowLauncher launcher = launcher(fake)) {
      EndedChain chain = endedChainAndALaterExecution(launcher, SwfRunScript.completesAfter(Duration.ofMinutes(1)));
      RunHandle other = launcher.start(StartRunRequest.builder(WorkflowTarget.parse("swf:payments/Other/1.0")).build());
      RunHandle another = launcher.start(StartRunRequest.builder(WorkflowTarget.parse("swf:payments/Other/1.0")).build());
      SwfBackend backend = launcher.backend("swf", SwfBackend.class);

      // getRuns lists the domain, which shows the chain's first run as continued as new; that run is then
      // read on its own, following the chain.
      List<RunStatus> batched = launcher.getRuns(List.of(other, chain.first(), another));
      assertThat(batched).extracting(RunStatus::state)
          .containsExactly(RunState.RUNNING, RunState.SUCCEEDED, RunState.RUNNING);
      assertThat(batched.get(1).details()).containsEntry("latestRunId", chain.third());

      for (Function<RunHandle, CompletableFuture<BatchRead>> single : List.<Function<RunHandle,
          CompletableFuture<BatchRead>>>of(
          handle -> backend.readRunAsync(handle, Runnable::run),
          handle -> SwfBackend.builder(fake).clock(time.clock()).build().readRunAsync(handle, Runnable::run))) {
        int before = fake.requestCount();
        BatchRead read = single.apply(chain.first()).join();
        assertThat(read.statuses().get(chain.first()).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(read.requests()).isEqualTo(fake.requestCount() - before).isEqualTo(5);
      }

      int before = fake.requestCount();
      BatchRead listed = backend.readRunsAsync(List.of(chain.first(), other), Optional.empty(), Runnable::run).join();
      assertThat(listed.statuses()).containsOnlyKeys(other);
      assertThat(listed.requests()).isEqualTo(fake.requestCount() - before);
    }
  }

  @Test
  void aWaitOnAnEndedChainEndsWithItsEndAndTheTrackerCountsEveryRequest() {
    try (WorkflowLauncher launcher = launcher(fake)) {
      EndedChain chain = endedChainAndALaterExecution(launcher, SwfRunScript.completesAfter(Duration.ofMinutes(1)));
      int before = fake.requestCount();

      CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(chain.first(), QUICK);
      time.advanceUntil(wait::isDone, Duration.ofMinutes(1));

      assertThat(wait).isCompleted();
      assertThat(wait.join().state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(wait.join().details()).containsEntry("latestRunId", chain.third());
      assertThat(launcher.tracker().requestsSent("swf")).isEqualTo(fake.requestCount() - before);
    }
  }

  @Test
  void aChainWhoseNewestRunIsOpenReadsAsThatRun() {
    SwfClient swf = recorded();
    fake.addWorkflowType("payments", "Settle", "1.0", SwfRunScript.continuesAsNewAfter(Duration.ofMinutes(1),
        SwfRunScript.continuesAsNewAfter(Duration.ofMinutes(1), SwfRunScript.staysOpen())));
    try (WorkflowLauncher launcher = launcher(swf)) {
      RunHandle first = launcher.start(StartRunRequest.builder(SETTLE).options(ORDER).build());
      time.advanceBy(Duration.ofMinutes(5));
      String newest = fake.executionsOf("payments").get(2).execution().runId();

      RunStatus status = launcher.getRun(first);

      assertThat(status.handle()).isEqualTo(first);
      assertThat(status.state()).isEqualTo(RunState.RUNNING);
      assertThat(status.details()).containsEntry("latestRunId", newest).containsEntry("taskList", "default-tasks");
      assertThat(status.reasons()).contains("continued as new from run " + first.runId() + " as run " + newest);

      fake.terminateWorkflowExecution(r -> r.domain("payments").workflowId("order-4711").runId(newest)
          .reason("operator"));
      RunStatus ended = launcher.getRun(first);
      assertThat(ended.state()).isEqualTo(RunState.CANCELLED);
      assertThat(ended.rawStatus()).isEqualTo("TERMINATED");
      assertThat(ended.details()).containsEntry("closeReason", "operator").containsEntry("latestRunId", newest);
      assertThat(fake.executionsOf("payments")).extracting(WorkflowExecutionInfo::closeStatus).containsExactly(
          CloseStatus.CONTINUED_AS_NEW, CloseStatus.CONTINUED_AS_NEW, CloseStatus.TERMINATED);
      verify(swf, never()).listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class));
    }
  }

  @Test
  void anAsyncClientWhoseAnswersArriveLaterWalksTheChainAlike() {
    // History reads answer on the virtual scheduler, after the walk has moved on to wait for them.
    SwfAsyncClient later = mock(SwfAsyncClient.class, AdditionalAnswers.delegatesTo(fake.asyncClient()));
    Mockito.doAnswer(call -> CompletableFuture.supplyAsync(() -> fake.getWorkflowExecutionHistory(
            call.<GetWorkflowExecutionHistoryRequest>getArgument(0)), time))
        .when(later).getWorkflowExecutionHistory(any(GetWorkflowExecutionHistoryRequest.class));
    try (WorkflowLauncher launcher = WorkflowLauncher.builder()
        .backend(SwfBackend.builder(fake).asyncClient(later).clock(time.clock()).build())
        .clock(time.clock()).scheduler(time).executor(time).startPolicy(StartPolicy.DEFAULT.withoutPauses()).build()) {
      EndedChain chain = endedChainAndALaterExecution(launcher, SwfRunScript.completesAfter(Duration.ofMinutes(1)));
      SwfBackend backend = launcher.backend("swf", SwfBackend.class);

      CompletableFuture<RunStatus> read = launcher.getRunAsync(chain.first());
      CompletableFuture<BatchRead> counted = backend.readRunAsync(chain.first(), Runnable::run);
      CompletableFuture<Void> stop = launcher.stopAsync(chain.first());
      time.advanceUntil(() -> read.isDone() && counted.isDone() && stop.isDone(), Duration.ofSeconds(1));

      assertThat(read.join().state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(read.join().details()).containsEntry("latestRunId", chain.third());
      assertThat(counted.join().requests()).isEqualTo(5);
      assertThatThrownBy(stop::join).hasCauseInstanceOf(io.wflaunch.ConflictException.class).satisfies(e ->
          assertThat(e.getCause().getMessage()).contains(chain.third()).doesNotContain(chain.tomorrow()));
      assertThat(fake.executionsOf("payments").get(3).cancelRequested()).isFalse();
      // Three close events for the read, three for the counted read, three for the stop.
      verify(later, Mockito.times(9)).getWorkflowExecutionHistory(any(GetWorkflowExecutionHistoryRequest.class));
    }
  }
}
