package io.wflaunch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.AccessDeniedException;
import io.wflaunch.BackendUnavailableException;
import io.wflaunch.CancelledException;
import io.wflaunch.ErrorContext;
import io.wflaunch.GiveUpStop;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.TrackerOptions;
import io.wflaunch.WaitListener;
import io.wflaunch.WaitOptions;
import io.wflaunch.WaitTimeoutException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A wait that gives up on a run stops it when its options ask, on virtual time: nothing here sleeps. */
class StopOnGiveUpTest {

  private static final WaitOptions BRIEF = WaitOptions.builder()
      .minInterval(Duration.ofSeconds(1))
      .maxInterval(Duration.ofSeconds(30))
      .timeout(Duration.ofMinutes(10))
      .build();

  private final VirtualScheduler time = new VirtualScheduler();
  private final InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder()
      .clock(time.clock())
      .workflow("forever", RunScript.runsUntilStopped())
      .workflow("quick", RunScript.succeedsAfter(Duration.ofMinutes(2)))
      .build();
  private final List<RunHandle> stops = new ArrayList<>();
  /** What the next stops throw instead of stopping; empty: they stop. */
  private final List<Supplier<RuntimeException>> stopFailures = new ArrayList<>();
  private final ForwardingBackend backend = new ForwardingBackend(memory) {
    @Override
    public synchronized void stop(RunHandle handle) {
      stops.add(handle);
      if (!stopFailures.isEmpty()) {
        throw stopFailures.remove(0).get();
      }
      super.stop(handle);
    }
  };
  private final WorkflowLauncher launcher = WorkflowLauncher.builder()
      .backend(backend).clock(time.clock()).scheduler(time).executor(time).random(new Random(3)).build();
  private final List<String> told = new ArrayList<>();
  private final List<Optional<WorkflowLaunchException>> toldFailures = new ArrayList<>();
  private final WaitListener listener = new WaitListener() {
    @Override
    public void onGiveUp(RunHandle handle, GiveUpStop stop, Optional<WorkflowLaunchException> stopFailure) {
      told.add(handle.runId() + " " + stop);
      toldFailures.add(stopFailure);
    }
  };

  @AfterEach
  void close() {
    launcher.close();
    time.shutdownNow();
  }

  @Test
  void aTimedOutWaitStopsTheRunAndSaysTheStopWasAccepted() {
    RunHandle run = start("forever");
    long before = memory.requestCount();

    WaitTimeoutException timeout = awaitTimeout(run, BRIEF.withStopOnGiveUp(true).withListener(listener));

    assertThat(timeout.giveUpStop()).isEqualTo(GiveUpStop.ACKNOWLEDGED);
    assertThat(timeout.getMessage()).contains("no terminal state within PT10M").endsWith("a stop was sent and accepted");
    assertThat(timeout.getSuppressed()).isEmpty();
    assertThat(timeout.lastStatus()).hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(RunState.RUNNING));
    assertThat(stops).containsExactly(run);
    assertThat(told).containsExactly(run.runId() + " ACKNOWLEDGED");
    assertThat(launcher.tracker().requestsSent(backend.id())).as("the stop is one of the tracker's requests")
        .isEqualTo(memory.requestCount() - before);
    assertThat(launcher.tracker().trackedRuns()).isZero();
    time.advanceBy(Duration.ofSeconds(5));
    assertThat(launcher.getRun(run).state()).isEqualTo(RunState.CANCELLED);
  }

  @Test
  void withoutStopOnGiveUpTheRunIsLeftRunning() {
    RunHandle run = start("forever");

    WaitTimeoutException timeout = awaitTimeout(run, BRIEF.withListener(listener));

    assertThat(timeout.giveUpStop()).isEqualTo(GiveUpStop.NOT_ASKED);
    assertThat(timeout.getMessage()).doesNotContain("stop");
    assertThat(stops).isEmpty();
    assertThat(told).containsExactly(run.runId() + " NOT_ASKED");
    time.advanceBy(Duration.ofHours(1));
    assertThat(launcher.getRun(run).state()).isEqualTo(RunState.RUNNING);
  }

  @Test
  void aBackendThatCannotStopIsSaidToHaveLeftTheRunRunning() {
    RunHandle run = start("forever");
    stopFailures.add(() -> new OperationNotSupportedException(ErrorContext.of(run), "stop", "no stop here"));

    WaitTimeoutException timeout = awaitTimeout(run, BRIEF.withStopOnGiveUp(true).withListener(listener));

    assertThat(timeout.giveUpStop()).isEqualTo(GiveUpStop.NOT_SUPPORTED);
    assertThat(timeout.getMessage()).endsWith("the backend cannot stop runs: the run was left running");
    assertThat(timeout.getSuppressed()).singleElement().isInstanceOf(OperationNotSupportedException.class);
    assertThat(told).containsExactly(run.runId() + " NOT_SUPPORTED");
    assertThat(launcher.getRun(run).state()).isEqualTo(RunState.RUNNING);
  }

  @Test
  void aStopThatFailsUnansweredLeavesTheOutcomeUnknownAndTheTimeoutStands() {
    RunHandle run = start("forever");
    BackendUnavailableException lost = new BackendUnavailableException(ErrorContext.of(run).withHttpStatus(503),
        "the stop's answer was lost", true, null);
    stopFailures.add(() -> lost);

    WaitTimeoutException timeout = awaitTimeout(run, BRIEF.withStopOnGiveUp(true).withListener(listener));

    assertThat(timeout.giveUpStop()).isEqualTo(GiveUpStop.NOT_ACKNOWLEDGED);
    assertThat(timeout.getMessage()).endsWith("the stop failed: outcome unknown");
    assertThat(timeout.outcomeUnknown()).as("the wait itself changed nothing it could not tell").isFalse();
    assertThat(timeout.getSuppressed()).containsExactly(lost);
    assertThat(toldFailures).containsExactly(Optional.of(lost));
    assertThat(stops).as("one stop, not retried").containsExactly(run);
  }

  @Test
  void aStopTheServiceRefusesIsSaidToBeRefused() {
    RunHandle run = start("forever");
    stopFailures.add(() -> new AccessDeniedException(ErrorContext.of(run).withHttpStatus(403), "not yours", null));

    WaitTimeoutException timeout = awaitTimeout(run, BRIEF.withStopOnGiveUp(true));

    assertThat(timeout.giveUpStop()).isEqualTo(GiveUpStop.REFUSED);
    assertThat(timeout.getMessage()).endsWith("the service refused the stop: the run was not stopped");
    assertThat(timeout.getSuppressed()).singleElement().isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void aStopThatNeverReachedTheServiceIsSaidNotToHaveBeenSent() {
    RunHandle run = start("forever");
    stopFailures.add(() -> new BackendUnavailableException(ErrorContext.of(run), "connection refused", false, null));

    WaitTimeoutException timeout = awaitTimeout(run, BRIEF.withStopOnGiveUp(true));

    assertThat(timeout.giveUpStop()).isEqualTo(GiveUpStop.NOT_SENT);
    assertThat(timeout.getMessage()).endsWith("no stop reached the service: the run was left running");
  }

  @Test
  void aRunThatEndsWithinTheWaitIsNotStopped() {
    RunHandle run = start("quick");

    CompletableFuture<RunStatus> done = launcher.awaitCompletionAsync(run, BRIEF.withStopOnGiveUp(true)
        .withListener(listener));
    time.advanceUntil(done::isDone, Duration.ofHours(1));

    assertThat(done.join().state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(stops).isEmpty();
    assertThat(told).isEmpty();
  }

  @Test
  void cancellingTheWaitsFutureStopsTheRunAndTellsTheListener() {
    RunHandle run = start("forever");
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, BRIEF.withStopOnGiveUp(true)
        .withListener(listener));
    time.advanceBy(Duration.ofMinutes(1));
    assertThat(stops).isEmpty();

    assertThat(wait.cancel(false)).isTrue();
    time.advanceBy(Duration.ofSeconds(5));

    assertThatThrownBy(wait::join).isInstanceOf(CancellationException.class);
    assertThat(stops).containsExactly(run);
    assertThat(told).containsExactly(run.runId() + " ACKNOWLEDGED");
    assertThat(launcher.getRun(run).state()).isEqualTo(RunState.CANCELLED);
    wait.cancel(false);
    time.advanceBy(Duration.ofHours(1));
    assertThat(stops).as("one stop for one wait").hasSize(1);
  }

  @Test
  void cancellingAWaitThatAskedForNoStopLeavesTheRun() {
    RunHandle run = start("forever");
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, BRIEF.withListener(listener));
    time.advanceBy(Duration.ofMinutes(1));

    wait.cancel(false);
    time.advanceBy(Duration.ofMinutes(30));

    assertThat(stops).isEmpty();
    assertThat(told).containsExactly(run.runId() + " NOT_ASKED");
    assertThat(launcher.getRun(run).state()).isEqualTo(RunState.RUNNING);
  }

  @Test
  void anInterruptedBlockingWaitSaysTheStopWasSentAndTheListenerHearsItsAnswer() {
    RunHandle run = start("forever");
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> launcher.awaitCompletion(run, BRIEF.withStopOnGiveUp(true).withListener(listener)))
          .isInstanceOfSatisfying(CancelledException.class, e -> {
            assertThat(e.giveUpStop()).isEqualTo(GiveUpStop.SENT);
            assertThat(e.getMessage()).endsWith("a stop was sent; its answer goes to the wait's listener");
          });
    } finally {
      assertThat(Thread.interrupted()).as("the interrupt flag is set again").isTrue();
    }

    time.advanceBy(Duration.ofSeconds(5));

    assertThat(stops).containsExactly(run);
    assertThat(told).containsExactly(run.runId() + " ACKNOWLEDGED");
  }

  @Test
  void awaitAllStopsEachRunItGivesUpOnAndNoneThatEnded() {
    RunHandle first = start("forever");
    RunHandle quick = start("quick");
    RunHandle second = start("forever");

    CompletableFuture<List<RunStatus>> all = launcher.awaitAllAsync(List.of(first, quick, second),
        BRIEF.withStopOnGiveUp(true).withListener(listener));
    assertThat(time.advanceUntil(all::isDone, Duration.ofHours(1))).isTrue();

    assertThatThrownBy(all::join).cause().isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
      assertThat(e.handle()).contains(first);
      assertThat(e.giveUpStop()).isEqualTo(GiveUpStop.ACKNOWLEDGED);
      assertThat(e.getSuppressed()).singleElement().isInstanceOfSatisfying(WaitTimeoutException.class, other -> {
        assertThat(other.handle()).contains(second);
        assertThat(other.giveUpStop()).isEqualTo(GiveUpStop.ACKNOWLEDGED);
      });
    });
    assertThat(stops).containsExactlyInAnyOrder(first, second);
    assertThat(told).containsExactlyInAnyOrder(first.runId() + " ACKNOWLEDGED", second.runId() + " ACKNOWLEDGED");
    assertThat(launcher.getRun(quick).state()).isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void cancellingAwaitAllStopsEveryRunStillUnderWay() {
    RunHandle first = start("forever");
    RunHandle second = start("forever");
    CompletableFuture<List<RunStatus>> all = launcher.awaitAllAsync(List.of(first, second),
        BRIEF.withStopOnGiveUp(true));
    time.advanceBy(Duration.ofMinutes(1));

    all.cancel(false);
    time.advanceBy(Duration.ofSeconds(5));

    assertThat(stops).containsExactlyInAnyOrder(first, second);
    assertThat(launcher.getRuns(List.of(first, second))).extracting(RunStatus::state)
        .containsOnly(RunState.CANCELLED);
  }

  @Test
  void closingTheLauncherDuringAWaitSendsNoStopAndSaysTheRunWasLeftRunning() {
    RunHandle run = start("forever");
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, BRIEF.withStopOnGiveUp(true)
        .withListener(listener));
    time.advanceBy(Duration.ofMinutes(1));

    launcher.close();
    time.runDueTasks();

    assertThatThrownBy(wait::join).cause().isInstanceOfSatisfying(CancelledException.class, e -> {
      assertThat(e.giveUpStop()).isEqualTo(GiveUpStop.NOT_SENT);
      assertThat(e.handle()).contains(run);
      assertThat(e.getMessage()).contains("the launcher was closed during the wait")
          .endsWith("no stop reached the service: the run was left running");
    });
    assertThat(stops).isEmpty();
    assertThat(told).containsExactly(run.runId() + " NOT_SENT");
    assertThat(memory.getRun(run).state()).isEqualTo(RunState.RUNNING);
  }

  @Test
  void theStopWaitsForTheBudgetLikeAPoll() {
    WorkflowLauncher slow = WorkflowLauncher.builder().backend(backend).clock(time.clock()).scheduler(time)
        .executor(time).random(new Random(3))
        .trackerOptions(TrackerOptions.DEFAULT.withRequestsPerSecond(0.1).withBurst(1)).build();
    RunHandle run = start("forever");
    CompletableFuture<RunStatus> wait = slow.awaitCompletionAsync(run, BRIEF.withStopOnGiveUp(true)
        .withTimeout(Duration.ofSeconds(1)));
    time.runDueTasks();
    assertThat(slow.tracker().requestsSent(backend.id())).isEqualTo(1);

    time.advanceBy(Duration.ofSeconds(2));
    assertThat(stops).as("no request to spare before ten seconds").isEmpty();
    time.advanceUntil(wait::isDone, Duration.ofMinutes(1));

    assertThat(stops).containsExactly(run);
    assertThat(time.now()).isAfterOrEqualTo(VirtualScheduler.DEFAULT_ORIGIN.plusSeconds(10));
    assertThatThrownBy(wait::join).cause().isInstanceOfSatisfying(WaitTimeoutException.class,
        e -> assertThat(e.giveUpStop()).isEqualTo(GiveUpStop.ACKNOWLEDGED));
    slow.close();
  }

  private RunHandle start(String workflow) {
    return launcher.start(StartRunRequest.builder(WorkflowTarget.of(backend.id(), workflow)).build());
  }

  private WaitTimeoutException awaitTimeout(RunHandle run, WaitOptions options) {
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, options);
    assertThat(time.advanceUntil(wait::isDone, options.timeout().plusHours(1))).isTrue();
    Throwable failure = wait.handle((status, error) -> error).join();
    assertThat(failure).as("the wait's failure").isNotNull();
    Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
    assertThat(cause).isInstanceOf(WaitTimeoutException.class);
    return (WaitTimeoutException) cause;
  }
}
