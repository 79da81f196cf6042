package io.wflaunch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The launcher's retry: checked before anything is sent, one backend call per run in flight. */
class LauncherRetryTest {

  private final VirtualScheduler time = new VirtualScheduler();
  private final InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder()
      .clock(time.clock())
      .workflow("flaky", RunScript.failsAfter(Duration.ofMinutes(2), "step 3 exited with 1"))
      .build();
  /** The retries the backend was asked for, each answered when the test completes its future. */
  private final List<CompletableFuture<RunHandle>> sent = new ArrayList<>();
  private final ForwardingBackend backend = new ForwardingBackend(memory) {
    @Override
    public synchronized CompletableFuture<RunHandle> retryAsync(RunHandle handle, Executor executor) {
      CompletableFuture<RunHandle> answer = new CompletableFuture<>();
      sent.add(answer);
      return answer;
    }
  };
  private final WorkflowLauncher launcher = WorkflowLauncher.builder()
      .backend(backend).clock(time.clock()).scheduler(time).executor(time).random(new Random(5)).build();

  @AfterEach
  void close() {
    launcher.close();
    time.shutdownNow();
  }

  @Test
  void concurrentRetriesOfOneRunShareOneBackendCall() {
    RunHandle failed = failedRun();

    CompletableFuture<RunHandle> first = launcher.retryAsync(failed);
    CompletableFuture<RunHandle> second = launcher.retryAsync(failed);
    time.runDueTasks();
    assertThat(sent).hasSize(1);

    sent.get(0).complete(failed);
    time.runDueTasks();

    assertThat(first).isCompletedWithValue(failed);
    assertThat(second).isCompletedWithValue(failed);
  }

  @Test
  void aRetryAfterTheFirstEndedCallsTheBackendAgain() {
    RunHandle failed = failedRun();
    CompletableFuture<RunHandle> first = launcher.retryAsync(failed);
    time.runDueTasks();
    sent.get(0).complete(failed);
    time.runDueTasks();
    assertThat(first).isCompletedWithValue(failed);

    CompletableFuture<RunHandle> later = launcher.retryAsync(failed);
    time.runDueTasks();

    assertThat(sent).hasSize(2);
    sent.get(1).complete(failed);
    time.runDueTasks();
    assertThat(later).isCompletedWithValue(failed);
  }

  @Test
  void retriesOfDifferentRunsAreSentEach() {
    RunHandle one = failedRun();
    RunHandle other = failedRun();

    launcher.retryAsync(one);
    launcher.retryAsync(other);
    time.runDueTasks();

    assertThat(sent).hasSize(2);
  }

  @Test
  void aFailureAnswersEveryCallerOfTheFlightAndTheNextCallSendsAgain() {
    RunHandle failed = failedRun();
    CompletableFuture<RunHandle> first = launcher.retryAsync(failed);
    CompletableFuture<RunHandle> second = launcher.retryAsync(failed);
    time.runDueTasks();
    BackendUnavailableException lost = new BackendUnavailableException(ErrorContext.of(failed), "answer lost", true,
        null);

    sent.get(0).completeExceptionally(lost);
    time.runDueTasks();

    assertThatThrownBy(first::join).hasCause(lost);
    assertThatThrownBy(second::join).hasCause(lost);
    assertThat(lost.outcomeUnknown()).isTrue();
    launcher.retryAsync(failed);
    time.runDueTasks();
    assertThat(sent).hasSize(2);
  }

  @Test
  void oneCallersCancelLeavesTheOthersTheirAnswer() {
    RunHandle failed = failedRun();
    CompletableFuture<RunHandle> leaving = launcher.retryAsync(failed);
    CompletableFuture<RunHandle> staying = launcher.retryAsync(failed);
    time.runDueTasks();

    leaving.cancel(false);
    sent.get(0).complete(failed);
    time.runDueTasks();

    assertThatThrownBy(leaving::join).isInstanceOf(CancellationException.class);
    assertThat(staying).isCompletedWithValue(failed);
  }

  @Test
  void aMalformedHandleOrAnUnknownBackendIsRefusedBeforeAnythingIsSent() {
    RunHandle tooLong = RunHandle.of(backend.id(), "w".repeat(InMemoryWorkflowBackend.MAX_NAME_LENGTH + 1), "run-1");
    RunHandle elsewhere = RunHandle.of("elsewhere", "flaky", "run-1");
    int requests = memory.requestCount();

    assertThatThrownBy(() -> launcher.retry(tooLong)).isInstanceOfSatisfying(InvalidRequestException.class,
        e -> assertThat(e.field()).isEqualTo("handle"));
    assertThatThrownBy(() -> launcher.retry(elsewhere)).isInstanceOf(InvalidRequestException.class);
    CompletableFuture<RunHandle> async = launcher.retryAsync(tooLong);
    time.runDueTasks();

    assertThatThrownBy(async::join).hasCauseInstanceOf(InvalidRequestException.class);
    assertThat(sent).isEmpty();
    assertThat(memory.requestCount()).isEqualTo(requests);
  }

  @Test
  void aBlockingRetryReRunsTheRunThroughTheBackend() {
    try (WorkflowLauncher direct = WorkflowLauncher.builder().backend(memory).clock(time.clock()).scheduler(time)
        .executor(time).random(new Random(5)).build()) {
      RunHandle failed = failedRun();

      RunHandle rerun = direct.retry(failed);

      assertThat(rerun).isEqualTo(failed);
      assertThat(direct.getRun(rerun).state()).isEqualTo(RunState.RUNNING);
      assertThat(direct.retry(failed)).as("again while the re-run is under way").isEqualTo(failed);
      time.advanceBy(Duration.ofMinutes(3));
      assertThat(direct.getRun(rerun).state()).isEqualTo(RunState.FAILED);
      assertThatThrownBy(() -> direct.retry(RunHandle.of(memory.id(), "flaky", "run-missing")))
          .isInstanceOf(io.wflaunch.RunNotFoundException.class);
    }
  }

  @Test
  void aRunThatIsStillRunningAndWasNeverReRunIsAConflict() {
    try (WorkflowLauncher direct = WorkflowLauncher.builder().backend(memory).clock(time.clock()).scheduler(time)
        .executor(time).random(new Random(5)).build()) {
      RunHandle running = memory.start(StartRunRequest.builder(WorkflowTarget.of(memory.id(), "flaky")).build());

      assertThatThrownBy(() -> direct.retry(running)).isInstanceOfSatisfying(ConflictException.class,
          e -> assertThat(e.getMessage()).contains("still RUNNING"));
    }
  }

  @Test
  void aBackendThatCannotReRunRefusesThroughTheLauncher() {
    ForwardingBackend plain = new ForwardingBackend(memory) {
      @Override
      public RunHandle retry(RunHandle handle) {
        throw new OperationNotSupportedException(ErrorContext.of(handle), "retry", "backend memory cannot re-run");
      }
    };
    try (WorkflowLauncher direct = WorkflowLauncher.builder().backend(plain).clock(time.clock()).scheduler(time)
        .executor(time).random(new Random(5)).build()) {
      assertThatThrownBy(() -> direct.retry(RunHandle.of(memory.id(), "flaky", "run-000001")))
          .isInstanceOf(OperationNotSupportedException.class);
    }
  }

  /** A run of the failing workflow, waited for until it failed. */
  private RunHandle failedRun() {
    RunHandle run = memory.start(StartRunRequest.builder(WorkflowTarget.of(memory.id(), "flaky")).build());
    time.advanceBy(Duration.ofMinutes(3));
    assertThat(memory.getRun(run).state()).isEqualTo(RunState.FAILED);
    return run;
  }
}
