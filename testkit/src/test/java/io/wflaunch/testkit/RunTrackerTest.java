package io.wflaunch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.TrackerOptions;
import io.wflaunch.WaitListener;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BatchRead;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The launcher's run tracker on virtual time: batching, the request budget, and what it keeps. */
class RunTrackerTest {

  private final VirtualScheduler time = new VirtualScheduler();
  private final List<WorkflowLauncher> launchers = new ArrayList<>();

  @AfterEach
  void close() {
    launchers.forEach(WorkflowLauncher::close);
    time.shutdownNow();
  }

  @Test
  void trackingAThousandRunsCostsUnderOnePercentOfPerRunPolling() {
    long tracked = requestsToTrackAThousandRuns(true);
    long perRun = requestsToTrackAThousandRuns(false);

    assertThat(perRun).as("per-run polling on the default schedule").isGreaterThan(20_000);
    assertThat((double) tracked / perRun).as("tracker requests %d vs per-run %d", tracked, perRun).isLessThan(0.01);
  }

  /** A thousand runs of one workflow, started together and stopped at random over thirty minutes. */
  private long requestsToTrackAThousandRuns(boolean listings) {
    VirtualScheduler clock = new VirtualScheduler();
    InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder().clock(clock.clock())
        .stopDelay(Duration.ZERO).workflow("etl", RunScript.runsUntilStopped()).build().listsRuns(listings);
    try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(memory).clock(clock.clock()).scheduler(clock)
        .executor(clock).random(new Random(7))
        .trackerOptions(TrackerOptions.DEFAULT.withRequestsPerSecond(listings ? 2 : 10_000).withBurst(listings ? 5 : 10_000))
        .build()) {
      Random random = new Random(3);
      List<CompletableFuture<RunStatus>> waits = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        RunHandle run = launcher.start(StartRunRequest.builder(WorkflowTarget.of("memory", "etl")).build());
        clock.schedule(() -> memory.stop(run), random.nextInt(30 * 60), TimeUnit.SECONDS);
        waits.add(launcher.awaitCompletionAsync(run, WaitOptions.DEFAULT));
      }
      int startRequests = memory.requestCount();
      clock.advanceUntil(() -> waits.stream().allMatch(CompletableFuture::isDone), Duration.ofHours(2));
      assertThat(waits).allSatisfy(wait -> assertThat(wait.join().state()).isEqualTo(RunState.CANCELLED));
      assertThat(launcher.tracker().requestsSent("memory")).isEqualTo(memory.requestCount() - startRequests - 1000);
      return launcher.tracker().requestsSent("memory");
    } finally {
      clock.shutdownNow();
    }
  }

  @Test
  void singleReadsNeverExceedTheRequestBudget() {
    InMemoryWorkflowBackend memory = memory().listsRuns(false);
    RecordingBackend recording = new RecordingBackend(memory, time.clock());
    WorkflowLauncher launcher = launcher(recording, TrackerOptions.DEFAULT.withRequestsPerSecond(5).withBurst(10));
    List<RunHandle> runs = startRuns(launcher, "etl", 2000);

    List<RunStatus> done = awaitAll(launcher, runs, WaitOptions.DEFAULT.withTimeout(Duration.ofHours(5)));

    assertThat(done).hasSize(2000).allSatisfy(status -> assertThat(status.state()).isEqualTo(RunState.SUCCEEDED));
    List<Instant> reads = recording.getRunCalls;
    assertThat(reads.size()).as("every run read at least once").isGreaterThanOrEqualTo(2000);
    for (int i = 0; i < reads.size(); i++) {
      Instant windowEnd = reads.get(i).plusSeconds(10);
      long inWindow = reads.subList(i, reads.size()).stream().takeWhile(at -> at.isBefore(windowEnd)).count();
      assertThat(inWindow).as("reads in the 10 s from read %d", i).isLessThanOrEqualTo(10 + 5 * 10);
    }
  }

  @Test
  void throttledReadsHalveTheRateAndTheWaitsGoOn() {
    InMemoryWorkflowBackend memory = memory();
    WorkflowLauncher launcher = launcher(memory, TrackerOptions.DEFAULT.withRequestsPerSecond(4));
    List<RunHandle> runs = startRuns(launcher, "etl", 50);
    List<Duration> failurePauses = new ArrayList<>();
    WaitOptions options = WaitOptions.DEFAULT.withListener(new WaitListener() {
      @Override
      public void onPollFailure(io.wflaunch.WorkflowLaunchException failure, Duration nextPollIn) {
        failurePauses.add(nextPollIn);
      }
    });

    memory.throttleNext(3);
    List<CompletableFuture<RunStatus>> waits = runs.stream().map(run -> launcher.tracker().track(run, options)).toList();
    time.advanceBy(Duration.ofSeconds(20));
    double throttledRate = launcher.tracker().currentRate("memory");
    time.advanceUntil(() -> waits.stream().allMatch(CompletableFuture::isDone), Duration.ofHours(1));

    assertThat(throttledRate).as("three throttled reads").isLessThan(4.0 / 2);
    assertThat(failurePauses).as("each run was told of each throttled read").hasSize(3 * 50);
    assertThat(waits).allSatisfy(wait -> assertThat(wait.join().state()).isEqualTo(RunState.SUCCEEDED));
    assertThat(launcher.tracker().currentRate("memory")).as("answered reads give the rate back").isEqualTo(4.0);
  }

  @Test
  void runsTheListingDoesNotShowAreReadOneByOne() {
    InMemoryWorkflowBackend memory = memory();
    RunHandle hidden = memory.start(StartRunRequest.builder(WorkflowTarget.of("memory", "etl")).build());
    HidingBackend hiding = new HidingBackend(memory, hidden);
    WorkflowLauncher launcher = launcher(hiding, TrackerOptions.DEFAULT);
    List<RunHandle> runs = new ArrayList<>(startRuns(launcher, "etl", 20));
    runs.add(hidden);

    List<RunStatus> done = awaitAll(launcher, runs, WaitOptions.DEFAULT);

    assertThat(done).extracting(RunStatus::handle).containsExactlyElementsOf(runs);
    assertThat(hiding.listed).as("the hidden run is asked for in listings three times (a listing may lag)")
        .isEqualTo(3);
    assertThat(hiding.singleReads).as("read on its own after each miss, then only so").isGreaterThan(3);
    assertThat(hiding.singleReadsOfOthers).isZero();
  }

  @Test
  void awaitAllAnswersInOrderAndReportsTheFirstFailureAfterTheOthersEnd() {
    InMemoryWorkflowBackend memory = memory();
    WorkflowLauncher launcher = launcher(memory, TrackerOptions.DEFAULT);
    List<RunHandle> runs = new ArrayList<>(startRuns(launcher, "etl", 3));
    RunHandle missing = memory.missingRun(WorkflowTarget.of("memory", "etl"));
    runs.add(1, missing);

    CompletableFuture<List<RunStatus>> all = launcher.awaitAllAsync(runs, WaitOptions.DEFAULT);
    time.advanceUntil(all::isDone, Duration.ofHours(1));

    assertThatThrownBy(all::join).isInstanceOf(CompletionException.class)
        .cause().isInstanceOf(RunNotFoundException.class);
    assertThat(time.now()).as("the others were waited for").isAfter(VirtualScheduler.DEFAULT_ORIGIN.plusSeconds(600));
    assertThat(launcher.tracker().trackedRuns()).isZero();

    List<RunHandle> good = List.of(runs.get(3), runs.get(0), runs.get(2));
    assertThat(awaitAll(launcher, good, WaitOptions.DEFAULT)).extracting(RunStatus::handle).containsExactlyElementsOf(good);
  }

  @Test
  void aCancelledWaitLeavesTheTrackerAtOnce() {
    InMemoryWorkflowBackend memory = memory();
    WorkflowLauncher launcher = launcher(memory, TrackerOptions.DEFAULT);
    List<RunHandle> runs = startRuns(launcher, "forever", 3);
    List<CompletableFuture<RunStatus>> waits = runs.stream().map(launcher::track).toList();
    time.advanceBy(Duration.ofMinutes(1));
    assertThat(launcher.tracker().trackedRuns()).isEqualTo(3);

    waits.get(1).cancel(false);

    assertThat(launcher.tracker().trackedRuns()).isEqualTo(2);
    assertThat(launcher.tracker().trackedRuns("memory")).isEqualTo(2);
    memory.stop(runs.get(0));
    memory.stop(runs.get(2));
    time.advanceUntil(() -> waits.get(0).isDone() && waits.get(2).isDone(), Duration.ofHours(1));
    assertThat(launcher.tracker().trackedRuns()).isZero();
    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void runsOfSeveralBackendsAreTrackedByOnePollerEach() {
    InMemoryWorkflowBackend east = InMemoryWorkflowBackend.builder().id("east").clock(time.clock())
        .workflow("etl", RunScript.succeedsAfter(Duration.ofMinutes(5))).build();
    InMemoryWorkflowBackend west = InMemoryWorkflowBackend.builder().id("west").clock(time.clock())
        .workflow("etl", RunScript.succeedsAfter(Duration.ofMinutes(9))).build();
    WorkflowLauncher launcher = WorkflowLauncher.builder().backend(east).backend(west).clock(time.clock())
        .scheduler(time).executor(time).random(new Random(5)).build();
    launchers.add(launcher);
    List<RunHandle> runs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      runs.add(launcher.start(StartRunRequest.builder(WorkflowTarget.of(i % 2 == 0 ? "east" : "west", "etl")).build()));
    }

    CompletableFuture<List<RunStatus>> all = launcher.awaitAllAsync(runs, WaitOptions.DEFAULT);
    time.runDueTasks();
    assertThat(time.pendingTasks()).as("one scheduled read and one deadline timer per backend").isEqualTo(4);
    time.advanceUntil(all::isDone, Duration.ofHours(1));

    assertThat(all.join()).extracting(RunStatus::handle).containsExactlyElementsOf(runs);
    assertThat(launcher.tracker().requestsSent("east")).isLessThan(launcher.tracker().requestsSent("west"));
  }

  @Test
  void theTrackerChecksHandlesAsTheLauncherDoes() {
    WorkflowLauncher launcher = launcher(memory(), TrackerOptions.DEFAULT);

    assertThatThrownBy(() -> launcher.tracker().track(RunHandle.of("nowhere", "etl", "r1"), WaitOptions.DEFAULT))
        .isInstanceOf(io.wflaunch.InvalidRequestException.class).hasMessageContaining("not registered");
    assertThat(launcher.tracker().trackedRuns()).isZero();
  }

  @Test
  void aCallerThatBlocksOnAnotherWaitWhenOneEndsDoesNotHoldUpTheTracker() throws Exception {
    InMemoryWorkflowBackend real = InMemoryWorkflowBackend.builder()
        .workflow("quick", RunScript.succeedsAfter(Duration.ofMillis(100)))
        .workflow("slower", RunScript.succeedsAfter(Duration.ofMillis(400))).build();
    try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(real).build()) {
      WaitOptions quick = WaitOptions.builder().minInterval(Duration.ofMillis(20)).maxInterval(Duration.ofMillis(50))
          .timeout(Duration.ofSeconds(30)).build();
      RunHandle first = launcher.start(StartRunRequest.builder(WorkflowTarget.of("memory", "quick")).build());
      RunHandle second = launcher.start(StartRunRequest.builder(WorkflowTarget.of("memory", "slower")).build());

      CompletableFuture<RunStatus> chained = launcher.awaitCompletionAsync(first, quick)
          .thenApply(done -> launcher.awaitCompletion(second, quick));

      assertThat(chained.get(20, TimeUnit.SECONDS).state()).isEqualTo(RunState.SUCCEEDED);
    }
  }

  @Test
  void aSchedulerThatRefusesTheNextReadFailsTheWaitsInsteadOfStrandingThem() {
    InMemoryWorkflowBackend memory = memory();
    VirtualScheduler refusing = new VirtualScheduler();
    WorkflowLauncher launcher = WorkflowLauncher.builder().backend(memory).clock(refusing.clock()).scheduler(refusing)
        .executor(Runnable::run).random(new Random(1)).build();
    launchers.add(launcher);
    RunHandle run = launcher.start(StartRunRequest.builder(WorkflowTarget.of("memory", "forever")).build());
    refusing.shutdownNow();

    CompletableFuture<RunStatus> wait = launcher.track(run);

    assertThat(wait).isCompletedExceptionally();
    assertThatThrownBy(wait::join).cause().hasMessageContaining("refused the tracker's next read");
    assertThat(launcher.tracker().trackedRuns()).isZero();
  }

  private InMemoryWorkflowBackend memory() {
    return InMemoryWorkflowBackend.builder().clock(time.clock())
        .workflow("etl", RunScript.succeedsAfter(Duration.ofMinutes(10)))
        .workflow("forever", RunScript.runsUntilStopped())
        .stopDelay(Duration.ZERO)
        .build();
  }

  private WorkflowLauncher launcher(io.wflaunch.spi.WorkflowBackend backend, TrackerOptions options) {
    WorkflowLauncher launcher = WorkflowLauncher.builder().backend(backend).clock(time.clock()).scheduler(time)
        .executor(time).random(new Random(1)).trackerOptions(options).build();
    launchers.add(launcher);
    return launcher;
  }

  private static List<RunHandle> startRuns(WorkflowLauncher launcher, String workflow, int count) {
    List<RunHandle> runs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      runs.add(launcher.start(StartRunRequest.builder(WorkflowTarget.of("memory", workflow)).build()));
    }
    return runs;
  }

  private List<RunStatus> awaitAll(WorkflowLauncher launcher, List<RunHandle> runs, WaitOptions options) {
    CompletableFuture<List<RunStatus>> all = launcher.awaitAllAsync(runs, options);
    time.advanceUntil(all::isDone, options.timeout().plusHours(1));
    return all.join();
  }

  /** A backend whose listings never show one run, and which counts how it is read. */
  private static final class HidingBackend extends ForwardingBackend {
    private final RunHandle hidden;
    int listed;
    int singleReads;
    int singleReadsOfOthers;

    HidingBackend(InMemoryWorkflowBackend delegate, RunHandle hidden) {
      super(delegate);
      this.hidden = hidden;
    }

    @Override
    public CompletableFuture<BatchRead> readRunsAsync(List<RunHandle> handles, Optional<Instant> oldestStart,
        Executor executor) {
      if (handles.contains(hidden)) {
        listed++;
      }
      return delegate.readRunsAsync(handles, oldestStart, executor).thenApply(read -> {
        Map<RunHandle, RunStatus> shown = new HashMap<>(read.statuses());
        shown.remove(hidden);
        return new BatchRead(shown, read.requests());
      });
    }

    @Override
    public CompletableFuture<BatchRead> readRunAsync(RunHandle handle, Executor executor) {
      if (handle.equals(hidden)) {
        singleReads++;
      } else {
        singleReadsOfOthers++;
      }
      return delegate.readRunAsync(handle, executor);
    }
  }

  @Test
  void aWaitsDeadlineFiresWithinASecondOfItsTimeWhateverTheBudgetsDebt() {
    // 300 runs the listings never show, read one by one at 2 requests per second: one round of reads takes
    // 150 s, far past the waits' 60 s timeout.
    InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder().clock(time.clock())
        .anyWorkflow(RunScript.runsUntilStopped()).build().listsRuns(false);
    WorkflowLauncher launcher = WorkflowLauncher.builder().backend(memory).clock(time.clock()).scheduler(time)
        .executor(time).random(new Random(3)).trackerOptions(TrackerOptions.DEFAULT.withRequestsPerSecond(2)).build();
    launchers.add(launcher);
    List<RunHandle> runs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      runs.add(launcher.start(StartRunRequest.builder(WorkflowTarget.of("memory", "etl-" + i)).build()));
    }
    Instant began = time.now();
    Map<RunHandle, Instant> ended = new java.util.concurrent.ConcurrentHashMap<>();
    List<CompletableFuture<RunStatus>> waits = new ArrayList<>();
    for (RunHandle run : runs) {
      CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WaitOptions.DEFAULT
          .withTimeout(Duration.ofSeconds(60)));
      wait.whenComplete((status, failure) -> ended.put(run, time.now()));
      waits.add(wait);
    }

    time.advanceUntil(() -> waits.stream().allMatch(CompletableFuture::isDone), Duration.ofHours(1));

    assertThat(waits).allSatisfy(wait -> assertThatThrownBy(wait::join)
        .hasCauseInstanceOf(io.wflaunch.WaitTimeoutException.class));
    assertThat(ended.values()).allSatisfy(at -> assertThat(at)
        .isAfterOrEqualTo(began.plusSeconds(60)).isBeforeOrEqualTo(began.plusSeconds(61)));
    assertThat(launcher.tracker().requestsSent("memory")).as("reads kept to the budget")
        .isLessThanOrEqualTo(2 * 61 + 5);
  }

  @Test
  void everyRequestAFailedReadSentIsChargedToTheBudget() {
    InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder().clock(time.clock())
        .workflow("etl", RunScript.runsUntilStopped()).build();
    WorkflowLauncher plain = WorkflowLauncher.builder().backend(memory).clock(time.clock()).scheduler(time)
        .executor(time).build();
    launchers.add(plain);
    RunHandle run = plain.start(StartRunRequest.builder(WorkflowTarget.of("memory", "etl")).build());
    ForwardingBackend costly = new ForwardingBackend(memory) {
      @Override
      public CompletableFuture<BatchRead> readRunsAsync(List<RunHandle> handles, Optional<Instant> oldestStart,
          Executor executor) {
        // A listing of four pages that failed on the last.
        return CompletableFuture.failedFuture(new BatchRead.Failed(new io.wflaunch.WorkflowLaunchException(
            io.wflaunch.ErrorContext.empty(), "the fourth page failed", false, null), 4));
      }

      @Override
      public CompletableFuture<BatchRead> readRunAsync(RunHandle handle, Executor executor) {
        // A read that looked in two places and was refused in the third.
        return CompletableFuture.failedFuture(new BatchRead.Failed(new io.wflaunch.AccessDeniedException(
            io.wflaunch.ErrorContext.of(handle), "denied", null), 3));
      }
    };
    WorkflowLauncher launcher = WorkflowLauncher.builder().backend(costly).clock(time.clock()).scheduler(time)
        .executor(time).build();
    launchers.add(launcher);

    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WaitOptions.DEFAULT);
    time.advanceUntil(wait::isDone, Duration.ofMinutes(1));

    assertThatThrownBy(wait::join).hasCauseInstanceOf(io.wflaunch.AccessDeniedException.class);
    assertThat(launcher.tracker().requestsSent("memory")).as("the listing's four and the single read's three")
        .isEqualTo(7);
  }

  @Test
  void aThrottledListingOfOneWorkflowKeepsWhatTheOtherListingsRead() {
    InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder().clock(time.clock())
        .anyWorkflow(RunScript.succeedsAfter(Duration.ofSeconds(30))).build();
    List<List<RunHandle>> singles = new ArrayList<>();
    ForwardingBackend oneThrottled = new ForwardingBackend(memory) {
      @Override
      public CompletableFuture<BatchRead> readRunsAsync(List<RunHandle> handles, Optional<Instant> oldestStart,
          Executor executor) {
        return io.wflaunch.spi.support.Listings.perGroup(handles, handle -> handle.part(0), (workflow, wanted, requests) -> {
          requests.incrementAndGet();
          if (workflow.equals("throttled")) {
            return CompletableFuture.failedFuture(new io.wflaunch.ThrottledException(
                io.wflaunch.ErrorContext.of(WorkflowTarget.of("memory", workflow)), "slow down", null));
          }
          Map<RunHandle, RunStatus> seen = new HashMap<>();
          wanted.forEach(handle -> seen.put(handle, memory.getRun(handle)));
          return CompletableFuture.completedFuture(seen);
        });
      }

      @Override
      public CompletableFuture<BatchRead> readRunAsync(RunHandle handle, Executor executor) {
        singles.add(List.of(handle));
        return super.readRunAsync(handle, executor);
      }
    };
    WorkflowLauncher launcher = WorkflowLauncher.builder().backend(oneThrottled).clock(time.clock()).scheduler(time)
        .executor(time).random(new Random(4)).build();
    launchers.add(launcher);
    RunHandle read = launcher.start(StartRunRequest.builder(WorkflowTarget.of("memory", "read")).build());
    RunHandle throttled = launcher.start(StartRunRequest.builder(WorkflowTarget.of("memory", "throttled")).build());
    List<RunState> seenOfRead = new ArrayList<>();

    CompletableFuture<RunStatus> readWait = launcher.awaitCompletionAsync(read, WaitOptions.DEFAULT
        .withListener(new WaitListener() {
          @Override
          public void onStateChange(Optional<RunStatus> previous, RunStatus current) {
            seenOfRead.add(current.state());
          }
        }));
    CompletableFuture<RunStatus> throttledWait = launcher.awaitCompletionAsync(throttled, WaitOptions.DEFAULT
        .withTimeout(Duration.ofMinutes(2)));
    time.runDueTasks();

    assertThat(seenOfRead).as("the other workflow's listing answered on the first read").containsExactly(RunState.RUNNING);
    assertThat(singles).as("the throttled workflow's run is not read again one by one at once").isEmpty();
    assertThat(launcher.tracker().currentRate("memory")).as("the budget slowed down")
        .isLessThan(TrackerOptions.DEFAULT.rateOf("memory"));
    time.advanceUntil(readWait::isDone, Duration.ofMinutes(5));
    assertThat(readWait.join().state()).isEqualTo(RunState.SUCCEEDED);
    throttledWait.cancel(false);
  }
}
