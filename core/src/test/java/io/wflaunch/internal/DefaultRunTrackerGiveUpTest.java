package io.wflaunch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.CancelledException;
import io.wflaunch.GiveUpStop;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.TrackerOptions;
import io.wflaunch.WaitListener;
import io.wflaunch.WaitOptions;
import io.wflaunch.WaitTimeoutException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.WorkflowBackend;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The tracker's give-up stops on virtual time: a read in flight at the deadline decides the wait, and
 * closing says which stops went out.
 */
class DefaultRunTrackerGiveUpTest {

  private static final RunHandle RUN = RunHandle.of("held", "w", "r-1");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ManualScheduler time = new ManualScheduler();
  /** Reads the test answers when it chooses, oldest first. */
  private final Deque<CompletableFuture<BatchRead>> reads = new ArrayDeque<>();
  private final List<RunHandle> stops = new ArrayList<>();
  /** When set, stops are held unanswered here instead of answered at once. */
  private List<CompletableFuture<Void>> heldStops;
  private final List<String> told = new ArrayList<>();
  private final WaitListener listener = new WaitListener() {
    @Override
    public void onGiveUp(RunHandle handle, GiveUpStop stop, Optional<WorkflowLaunchException> stopFailure) {
      told.add(stop.name());
    }
  };

  private final WorkflowBackend backend = new WorkflowBackend() {
    @Override
    public String id() {
      return "held";
    }

    @Override
    public IdentifierScheme scheme() {
      return IdentifierScheme.of("held", List.of("workflow"), List.of("workflow", "run"));
    }

    @Override
    public RunStatus getRun(RunHandle handle) {
      throw new UnsupportedOperationException("reads go through readRunAsync");
    }

    @Override
    public CompletableFuture<BatchRead> readRunAsync(RunHandle handle, Executor executor) {
      CompletableFuture<BatchRead> read = new CompletableFuture<>();
      reads.add(read);
      return read;
    }

    @Override
    public CompletableFuture<Void> stopAsync(RunHandle handle, Executor executor) {
      stops.add(handle);
      if (heldStops == null) {
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> stop = new CompletableFuture<>();
      heldStops.add(stop);
      return stop;
    }

    @Override
    public List<RunStatus> listRuns(WorkflowTarget target, int limit) {
      return List.of();
    }
  };

  private DefaultRunTracker tracker(TrackerOptions options) {
    Executor direct = Runnable::run;
    return new DefaultRunTracker(Map.of("held", backend), options, time.clock(), time, direct, new Random(3),
        handle -> {}, direct);
  }

  private static WaitOptions waitOptions(boolean stopOnGiveUp) {
    return WaitOptions.builder().minInterval(Duration.ofSeconds(1)).maxInterval(Duration.ofSeconds(30))
        .timeout(TIMEOUT).stopOnGiveUp(stopOnGiveUp).build();
  }

  private static BatchRead answer(RunState state) {
    return new BatchRead(Map.of(RUN, RunStatus.builder(RUN, state, state.name()).build()), 1);
  }

  private static Throwable failureOf(CompletableFuture<RunStatus> wait) {
    Throwable failure = wait.handle((status, error) -> error).join();
    assertThat(failure).as("the wait's failure").isNotNull();
    return failure instanceof CompletionException ? failure.getCause() : failure;
  }

  @ParameterizedTest(name = "stopOnGiveUp {0}")
  @ValueSource(booleans = {true, false})
  void aRunThatEndedWhileItsReadWasInFlightAtTheDeadlineEndsTheWaitUnstopped(boolean stopOnGiveUp) {
    DefaultRunTracker tracker = tracker(TrackerOptions.DEFAULT);
    CompletableFuture<RunStatus> wait = tracker.track(RUN, waitOptions(stopOnGiveUp).withListener(listener));
    time.advanceBy(Duration.ZERO);
    assertThat(reads).as("the first read is in flight").hasSize(1);

    time.advanceBy(TIMEOUT.plusMillis(1500));
    assertThat(wait).as("the deadline leaves the wait to the read in flight, for a grace").isNotDone();
    assertThat(stops).isEmpty();

    reads.poll().complete(answer(RunState.SUCCEEDED));

    assertThat(wait.join().state()).isEqualTo(RunState.SUCCEEDED);
    time.advanceBy(Duration.ofMinutes(5));
    assertThat(stops).as("a run the wait saw end is never stopped").isEmpty();
    assertThat(told).isEmpty();
    assertThat(tracker.trackedRuns()).isZero();
  }

  @ParameterizedTest(name = "stopOnGiveUp {0}")
  @ValueSource(booleans = {true, false})
  void aRunStillUnderWayWhenItsReadInFlightAtTheDeadlineAnswersTimesOut(boolean stopOnGiveUp) {
    DefaultRunTracker tracker = tracker(TrackerOptions.DEFAULT);
    CompletableFuture<RunStatus> wait = tracker.track(RUN, waitOptions(stopOnGiveUp).withListener(listener));
    time.advanceBy(Duration.ZERO);
    time.advanceBy(TIMEOUT.plusMillis(1500));
    assertThat(wait).isNotDone();

    reads.poll().complete(answer(RunState.RUNNING));
    time.advanceBy(Duration.ofSeconds(5));

    assertThat(failureOf(wait)).isInstanceOfSatisfying(WaitTimeoutException.class, timeout -> {
      assertThat(timeout.giveUpStop()).isEqualTo(stopOnGiveUp ? GiveUpStop.ACKNOWLEDGED : GiveUpStop.NOT_ASKED);
      assertThat(timeout.lastStatus()).hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(RunState.RUNNING));
    });
    assertThat(stops).isEqualTo(stopOnGiveUp ? List.of(RUN) : List.of());
    assertThat(told).containsExactly(stopOnGiveUp ? "ACKNOWLEDGED" : "NOT_ASKED");
    assertThat(reads).as("no read after the deadline").isEmpty();
  }

  @ParameterizedTest(name = "stopOnGiveUp {0}")
  @ValueSource(booleans = {true, false})
  void aReadThatNeverAnswersHoldsTheWaitNoLongerThanTheGrace(boolean stopOnGiveUp) {
    DefaultRunTracker tracker = tracker(TrackerOptions.DEFAULT);
    CompletableFuture<RunStatus> wait = tracker.track(RUN, waitOptions(stopOnGiveUp).withListener(listener));
    time.advanceBy(Duration.ZERO);
    assertThat(reads).as("the first read is in flight, and stays so").hasSize(1);

    time.advanceBy(TIMEOUT.plus(Duration.ofNanos(2 * DefaultRunTracker.DEADLINE_SLACK_NANOS)));

    assertThat(failureOf(wait)).isInstanceOfSatisfying(WaitTimeoutException.class, timeout ->
        assertThat(timeout.giveUpStop()).isEqualTo(stopOnGiveUp ? GiveUpStop.ACKNOWLEDGED : GiveUpStop.NOT_ASKED));
    assertThat(stops).isEqualTo(stopOnGiveUp ? List.of(RUN) : List.of());
    reads.poll().complete(answer(RunState.SUCCEEDED));
    assertThat(told).as("told once, also after the late answer").hasSize(1);
  }

  @Test
  void aWaitWhoseRunIsNotBeingReadStillTimesOutAtItsDeadlineWhateverTheBudget() {
    DefaultRunTracker tracker = tracker(TrackerOptions.DEFAULT.withRequestsPerSecond(0.01).withBurst(1));
    CompletableFuture<RunStatus> wait = tracker.track(RUN, waitOptions(false).withListener(listener));
    time.advanceBy(Duration.ZERO);
    reads.poll().complete(answer(RunState.RUNNING));

    time.advanceBy(TIMEOUT.plus(Duration.ofNanos(DefaultRunTracker.DEADLINE_SLACK_NANOS)));

    assertThat(failureOf(wait)).isInstanceOf(WaitTimeoutException.class);
    assertThat(told).containsExactly("NOT_ASKED");
  }

  @Test
  void closingBeforeAStopWaitingForTheBudgetWentOutSaysItWasNotSentAndNeverSendsIt() {
    DefaultRunTracker tracker = tracker(TrackerOptions.DEFAULT.withRequestsPerSecond(0.1).withBurst(1));
    CompletableFuture<RunStatus> wait = tracker.track(RUN, waitOptions(true).withTimeout(Duration.ofSeconds(1))
        .withListener(listener));
    time.advanceBy(Duration.ZERO);
    reads.poll().complete(answer(RunState.RUNNING));
    time.advanceBy(Duration.ofSeconds(3));
    assertThat(wait).as("its stop waits for the budget").isNotDone();
    assertThat(stops).isEmpty();
    long scheduled = time.pending();

    tracker.close(new WorkflowLaunchException(io.wflaunch.ErrorContext.empty(), "closed", false, null));

    assertThat(failureOf(wait)).isInstanceOfSatisfying(CancelledException.class,
        closed -> assertThat(closed.giveUpStop()).isEqualTo(GiveUpStop.NOT_SENT));
    assertThat(told).containsExactly("NOT_SENT");
    assertThat(time.pending()).as("the stop's task is cancelled").isLessThan(scheduled);
    time.advanceBy(Duration.ofHours(1));
    assertThat(stops).isEmpty();
    assertThat(told).as("told once").hasSize(1);
  }

  @Test
  void closingWhileAStopThatWentOutIsUnansweredSaysItWasSentAndTheListenerHearsItsAnswer() {
    heldStops = new ArrayList<>();
    DefaultRunTracker tracker = tracker(TrackerOptions.DEFAULT);
    CompletableFuture<RunStatus> wait = tracker.track(RUN, waitOptions(true).withTimeout(Duration.ofSeconds(1))
        .withListener(listener));
    for (int second = 0; second < 3; second++) {
      time.advanceBy(Duration.ofSeconds(1));
      while (!reads.isEmpty()) {
        reads.poll().complete(answer(RunState.RUNNING));
      }
    }
    assertThat(stops).containsExactly(RUN);

    tracker.close(new WorkflowLaunchException(io.wflaunch.ErrorContext.empty(), "closed", false, null));

    assertThat(failureOf(wait)).isInstanceOfSatisfying(CancelledException.class,
        closed -> assertThat(closed.giveUpStop()).isEqualTo(GiveUpStop.SENT));
    assertThat(told).isEmpty();
    heldStops.get(0).complete(null);
    assertThat(told).containsExactly("ACKNOWLEDGED");
  }
}
