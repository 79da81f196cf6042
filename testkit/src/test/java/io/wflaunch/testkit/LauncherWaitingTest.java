package io.wflaunch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.AccessDeniedException;
import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.ThrottledException;
import io.wflaunch.WaitListener;
import io.wflaunch.WaitOptions;
import io.wflaunch.WaitTimeoutException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The launcher's waits, on virtual time: nothing here sleeps. */
class LauncherWaitingTest {

  private static final WaitOptions OPTIONS = WaitOptions.builder()
      .minInterval(Duration.ofSeconds(1))
      .maxInterval(Duration.ofSeconds(60))
      .multiplier(2.0)
      .timeout(Duration.ofHours(2))
      .build();

  private final VirtualScheduler time = new VirtualScheduler();
  private final InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder()
      .clock(time.clock())
      .workflow("etl", RunScript.builder()
          .then(RunState.PENDING, Duration.ofMinutes(1))
          .then(RunState.RUNNING, Duration.ofMinutes(20))
          .endsIn(RunState.SUCCEEDED, ""))
      .workflow("forever", RunScript.runsUntilStopped())
      .build();
  private final RecordingBackend backend = new RecordingBackend(memory, time.clock());
  private final WorkflowLauncher launcher = WorkflowLauncher.builder()
      .backend(backend).clock(time.clock()).scheduler(time).executor(time).random(new Random(1)).build();

  @AfterEach
  void close() {
    launcher.close();
    time.shutdownNow();
  }

  @Test
  void pollsBackOffExponentiallyWithJitterBetweenTheBounds() {
    RunHandle run = start("etl");
    List<Duration> announced = new ArrayList<>();

    RunStatus done = await(run, OPTIONS.withListener(new WaitListener() {
      @Override
      public void onPoll(RunStatus status, Duration nextPollIn) {
        announced.add(nextPollIn);
      }
    }));

    assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
    List<Duration> actual = gaps(backend.getRunCalls);
    assertThat(actual).as("the pauses between polls are the ones announced").isEqualTo(announced);
    for (int i = 0; i < actual.size(); i++) {
      long interval = Duration.ofSeconds(Math.min(60, 1L << Math.min(i, 30))).toMillis();
      assertThat(actual.get(i)).as("pause %d lies within 20%% of its interval", i)
          .isBetween(Duration.ofMillis(interval * 8 / 10), Duration.ofMillis(interval * 12 / 10));
    }
    List<Duration> late = actual.subList(6, actual.size());
    double lateMean = late.stream().mapToLong(Duration::toMillis).average().orElseThrow();
    assertThat(lateMean).as("late pauses average the 60 s cap").isBetween(54_000.0, 66_000.0);
    assertThat(late).as("and are spread around it").anySatisfy(d -> assertThat(d).isLessThan(Duration.ofSeconds(57)))
        .anySatisfy(d -> assertThat(d).isGreaterThan(Duration.ofSeconds(63)));
    assertThat(backend.getRunCalls.size()).as("polls for a 21 minute run").isBetween(20, 32);
  }

  @Test
  void twoSeedsGiveDifferentPausesWithinTheSameBounds() {
    List<Duration> first = pausesWithSeed(11);
    List<Duration> second = pausesWithSeed(12);

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void theWaitEndsAtTheDeadlineWithTheLastStatus() {
    RunHandle run = start("forever");
    Instant started = time.now();

    assertThatThrownBy(() -> await(run, OPTIONS.withTimeout(Duration.ofMinutes(10))))
        .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
          assertThat(e.lastStatus()).hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(RunState.RUNNING));
          assertThat(e.timeout()).isEqualTo(Duration.ofMinutes(10));
          assertThat(e.handle()).contains(run);
        });
    Instant lastPoll = backend.getRunCalls.get(backend.getRunCalls.size() - 1);
    assertThat(lastPoll).as("the last poll happens at the deadline").isEqualTo(started.plus(Duration.ofMinutes(10)));
    assertThat(time.now()).as("and the wait ends with it").isEqualTo(started.plus(Duration.ofMinutes(10)));
    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void throttlingStretchesThePausesInsteadOfFailingTheWait() {
    RunHandle run = start("etl");
    List<Duration> afterFailures = new ArrayList<>();
    backend.failures.add(() -> new ThrottledException(ErrorContext.of(run), "slow down", null));
    for (int i = 0; i < 5; i++) {
      backend.failures.add(() -> new ThrottledException(ErrorContext.of(run), "slow down", null));
    }

    RunStatus done = await(run, OPTIONS.withListener(new WaitListener() {
      @Override
      public void onPollFailure(WorkflowLaunchException failure, Duration nextPollIn) {
        assertThat(failure).isInstanceOf(ThrottledException.class);
        afterFailures.add(nextPollIn);
      }
    }));

    assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(afterFailures).hasSize(6);
    assertThat(afterFailures.subList(0, 4)).as("below the cap each failure stretches the pause")
        .isSortedAccordingTo(Duration::compareTo).doesNotHaveDuplicates();
    assertThat(afterFailures).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(72)));
    assertThat(afterFailures.get(5)).as("then it stays at the cap or above").isGreaterThanOrEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void anUnavailableBackendIsRiddenOutUntilTheDeadline() {
    RunHandle run = start("forever");
    for (int i = 0; i < 1000; i++) {
      backend.failures.add(() -> new BackendUnavailableException(ErrorContext.of(run), "HTTP 503", null));
    }

    assertThatThrownBy(() -> await(run, OPTIONS.withTimeout(Duration.ofMinutes(30))))
        .isInstanceOfSatisfying(WaitTimeoutException.class, e -> assertThat(e.lastStatus()).isEmpty());
    List<Duration> gaps = gaps(backend.getRunCalls);
    assertThat(gaps.subList(0, 4)).as("pauses grow while below the cap").isSortedAccordingTo(Duration::compareTo);
    assertThat(gaps.subList(4, gaps.size() - 1)).as("then stay between the cap and 20% above it")
        .allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(72)));
  }

  @Test
  void aMissingRunFailsTheWaitOnceTheConsistencyWindowHasPassed() {
    RunHandle missing = RunHandle.of("memory", "etl", "run-999999");
    Instant began = time.now();

    assertThatThrownBy(() -> await(missing, OPTIONS)).isInstanceOf(RunNotFoundException.class);
    Duration window = io.wflaunch.StartPolicy.DEFAULT.consistencyWindow();
    assertThat(backend.getRunCalls).as("read again within the window, then once after it").hasSizeGreaterThan(1);
    assertThat(backend.getRunCalls.get(backend.getRunCalls.size() - 1)).isAfterOrEqualTo(began.plus(window));
    assertThat(backend.getRunCalls.get(backend.getRunCalls.size() - 2)).isBefore(began.plus(window));
    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void aRunTheReadsDoNotShowYetIsWaitedForUntilTheyDo() {
    // Reads lag the start (as a service's describe call may): the first reads say "not found".
    RunHandle run = start("etl");
    int[] hidden = {2};
    WorkflowLauncher lagging = WorkflowLauncher.builder().backend(new ForwardingBackend(memory) {
      @Override
      public RunStatus getRun(RunHandle handle) {
        if (hidden[0]-- > 0) {
          throw new RunNotFoundException(ErrorContext.of(handle), "not visible yet", null);
        }
        return super.getRun(handle);
      }
    }).clock(time.clock()).scheduler(time).executor(time).random(new Random(1)).build();

    CompletableFuture<RunStatus> wait = lagging.awaitCompletionAsync(run, OPTIONS);
    time.advanceUntil(wait::isDone, Duration.ofHours(1));

    assertThat(wait.join().state()).isEqualTo(RunState.SUCCEEDED);
    lagging.close();
  }

  @Test
  void accessDeniedFailsTheWaitAtOnce() {
    RunHandle run = start("etl");
    backend.failures.add(() -> new AccessDeniedException(ErrorContext.of(run), "no service:GetRun", null));

    assertThatThrownBy(() -> await(run, OPTIONS)).isInstanceOf(AccessDeniedException.class);
    assertThat(backend.getRunCalls).hasSize(1);
  }

  @Test
  void theListenerSeesEachStateChangeOnceInOrder() {
    RunHandle run = start("etl");
    List<String> changes = new ArrayList<>();

    await(run, OPTIONS.withListener(new WaitListener() {
      @Override
      public void onStateChange(Optional<RunStatus> previous, RunStatus current) {
        changes.add(previous.map(s -> s.state().name()).orElse("-") + ">" + current.state());
      }
    }));

    assertThat(changes).containsExactly("->PENDING", "PENDING>RUNNING", "RUNNING>SUCCEEDED");
  }

  @Test
  void aListenerThatThrowsDoesNotEndTheWait() {
    RunHandle run = start("etl");

    RunStatus done = await(run, OPTIONS.withListener(new WaitListener() {
      @Override
      public void onPoll(RunStatus status, Duration nextPollIn) {
        throw new IllegalStateException("display broke");
      }
    }));

    assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void tenThousandAsyncWaitsHoldNoThreadEach() {
    List<RunHandle> runs = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      runs.add(start("etl"));
    }
    int threadsBefore = Thread.activeCount();

    WorkflowLauncher listing = WorkflowLauncher.builder()
        .backend(memory).clock(time.clock()).scheduler(time).executor(time).random(new Random(1)).build();

    List<CompletableFuture<RunStatus>> waits = runs.stream()
        .map(run -> listing.awaitCompletionAsync(run, OPTIONS)).toList();
    time.runDueTasks();

    assertThat(waits).noneMatch(CompletableFuture::isDone);
    assertThat(time.pendingTasks()).as("one scheduled read and one deadline timer for the whole backend")
        .isEqualTo(2);
    assertThat(listing.tracker().trackedRuns()).isEqualTo(10_000);
    assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore + 1);

    time.advanceUntil(() -> waits.stream().allMatch(CompletableFuture::isDone), Duration.ofHours(1));

    assertThat(waits).allSatisfy(wait -> assertThat(wait.join().state()).isEqualTo(RunState.SUCCEEDED));
    assertThat(time.pendingTasks()).isZero();
    assertThat(listing.tracker().trackedRuns()).as("ended runs leave the tracker").isZero();
    assertThat(listing.tracker().requestsSent("memory")).as("one listing per read, not one request per run")
        .isLessThan(60);
  }

  @Test
  void cancellingAnAsyncWaitStopsItsPolling() {
    RunHandle run = start("forever");
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, OPTIONS);
    time.advanceBy(Duration.ofMinutes(1));
    int polls = backend.getRunCalls.size();

    wait.cancel(false);
    time.advanceBy(Duration.ofHours(1));

    assertThat(backend.getRunCalls).hasSize(polls);
    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void theBlockingWaitReturnsOnVirtualTime() throws Exception {
    VirtualScheduler skipping = new VirtualScheduler().autoAdvance();
    InMemoryWorkflowBackend slow = InMemoryWorkflowBackend.builder().clock(skipping.clock())
        .workflow("nightly", RunScript.failsAfter(Duration.ofHours(5), "exit 1")).build();
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try (WorkflowLauncher blocking = WorkflowLauncher.builder().backend(slow)
        .clock(skipping.clock()).scheduler(skipping).executor(skipping).build()) {
      RunHandle run = blocking.start(StartRunRequest.builder(WorkflowTarget.of("memory", "nightly")).build());

      RunStatus done = caller.submit(() -> blocking.awaitCompletion(run, OPTIONS.withTimeout(Duration.ofHours(6))))
          .get(60, TimeUnit.SECONDS);

      assertThat(done.state()).isEqualTo(RunState.FAILED);
      assertThat(done.reasons()).containsExactly("exit 1");
      assertThat(skipping.now()).isAfterOrEqualTo(VirtualScheduler.DEFAULT_ORIGIN.plus(Duration.ofHours(5)));
    } finally {
      caller.shutdownNow();
      skipping.shutdown();
    }
  }

  @Test
  void closingTheLauncherFailsTheWaitsInProgress() {
    RunHandle run = start("forever");
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, OPTIONS);
    time.advanceBy(Duration.ofSeconds(5));

    launcher.close();

    assertThat(wait).isCompletedExceptionally();
    assertThatThrownBy(wait::join).isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(WorkflowLaunchException.class)
        .hasMessageContaining("closed");
    assertThat(backend.closed).isTrue();
  }

  private List<Duration> pausesWithSeed(long seed) {
    VirtualScheduler clock = new VirtualScheduler();
    InMemoryWorkflowBackend fresh = InMemoryWorkflowBackend.builder().clock(clock.clock())
        .workflow("etl", RunScript.succeedsAfter(Duration.ofMinutes(10))).build();
    RecordingBackend recording = new RecordingBackend(fresh, clock.clock());
    try (WorkflowLauncher seeded = WorkflowLauncher.builder().backend(recording)
        .clock(clock.clock()).scheduler(clock).executor(clock).random(new Random(seed)).build()) {
      RunHandle run = seeded.start(StartRunRequest.builder(WorkflowTarget.of("memory", "etl")).build());
      CompletableFuture<RunStatus> wait = seeded.awaitCompletionAsync(run, OPTIONS);
      clock.advanceUntil(wait::isDone, Duration.ofHours(1));
      assertThat(wait.join().state()).isEqualTo(RunState.SUCCEEDED);
    }
    List<Duration> pauses = gaps(recording.getRunCalls);
    assertThat(pauses).allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(800), Duration.ofSeconds(72)));
    return pauses;
  }

  private RunHandle start(String workflow) {
    return launcher.start(StartRunRequest.builder(WorkflowTarget.of("memory", workflow)).build());
  }

  private RunStatus await(RunHandle run, WaitOptions options) {
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, options);
    time.advanceUntil(wait::isDone, options.timeout().plusHours(1));
    assertThat(wait).isDone();
    try {
      return wait.join();
    } catch (CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  private static List<Duration> gaps(List<Instant> instants) {
    List<Duration> gaps = new ArrayList<>();
    for (int i = 1; i < instants.size(); i++) {
      gaps.add(Duration.between(instants.get(i - 1), instants.get(i)));
    }
    return gaps;
  }
}
