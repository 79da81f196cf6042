package io.wflaunch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.TrackerOptions;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.EventOutcome;
import io.wflaunch.spi.observe.LaunchObserver;
import io.wflaunch.testkit.events.InMemoryRunEvents;
import io.wflaunch.testkit.events.ManualRunEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Waits ending on run events, on virtual time: an event telling of an end costs one read, runs are polled
 * on the safety interval while events come, and lost, repeated, reordered or malformed events never lose a
 * wait or end one wrongly.
 */
class RunEventTrackingTest {

  private static final Duration SAFETY = Duration.ofMinutes(5);
  private static final WaitOptions WAIT = WaitOptions.DEFAULT.withTimeout(Duration.ofHours(3));

  private final VirtualScheduler time = new VirtualScheduler();
  private final List<WorkflowLauncher> launchers = new ArrayList<>();
  private final Counting observer = new Counting();

  @AfterEach
  void close() {
    launchers.forEach(WorkflowLauncher::close);
    time.shutdownNow();
  }

  @Test
  void anEventTellingOfAnEndCostsOneReadAndEndsTheWaitAtOnce() {
    InMemoryWorkflowBackend memory = memory();
    ManualRunEvents events = new ManualRunEvents(SAFETY);
    WorkflowLauncher launcher = launcher(memory, events);
    RunHandle run = start(launcher, "forever");
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WAIT);
    time.advanceBy(Duration.ofSeconds(1));
    long afterFirstRead = launcher.tracker().requestsSent("memory");

    time.advanceBy(Duration.ofMinutes(4));
    assertThat(launcher.tracker().requestsSent("memory")).as("no poll before the safety interval").isEqualTo(afterFirstRead);
    memory.stop(run);
    assertThat(events.publish(InMemoryRunEvents.eventOf(run, RunState.CANCELLED, time.now())))
        .isEqualTo(EventOutcome.MATCHED);
    time.runDueTasks();

    assertThat(wait).isCompleted();
    assertThat(wait.join().state()).isEqualTo(RunState.CANCELLED);
    assertThat(launcher.tracker().requestsSent("memory")).isEqualTo(afterFirstRead + 1);
    assertThat(observer.noticed).hasSize(1);
    assertThat(observer.noticed.get(0)).isEqualTo(Duration.ZERO);
  }

  @Test
  void aWaitWhoseEventIsLostEndsAtTheSafetyPollAndNotBefore() {
    InMemoryWorkflowBackend memory = memory();
    WorkflowLauncher launcher = launcher(memory, new ManualRunEvents(SAFETY));
    RunHandle run = start(launcher, "forever");
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WAIT);
    time.advanceBy(Duration.ofSeconds(1));
    memory.stop(run);
    Instant ended = time.now();

    time.advanceUntil(wait::isDone, SAFETY.plusMinutes(1));

    assertThat(wait).isCompleted();
    assertThat(wait.join().state()).isEqualTo(RunState.CANCELLED);
    Duration late = Duration.between(ended, time.now());
    assertThat(late).as("ended by the safety poll").isLessThanOrEqualTo(SAFETY).isGreaterThan(SAFETY.dividedBy(2));
    assertThat(observer.safetyPolls.get()).isPositive();
    assertThat(observer.noticed).as("no event ended it").isEmpty();
  }

  @Test
  void withoutEventsRunsArePolledOnTheirWaitsSchedule() {
    InMemoryWorkflowBackend memory = memory();
    ManualRunEvents events = new ManualRunEvents(SAFETY);
    WorkflowLauncher launcher = launcher(memory, events);
    RunHandle run = start(launcher, "forever");
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WAIT);
    time.advanceBy(Duration.ofSeconds(1));

    events.receiving(false);
    memory.stop(run);
    Instant ended = time.now();
    time.advanceUntil(wait::isDone, SAFETY);

    assertThat(wait).isCompleted();
    assertThat(Duration.between(ended, time.now())).as("polled on the wait's own schedule")
        .isLessThanOrEqualTo(WAIT.maxInterval().multipliedBy(6).dividedBy(5));
  }

  @Test
  void eventsComingAfterRunsFirstReadsMoveTheirNextReadsToTheSafetyPollWithinTheirWaitsTimeouts() {
    InMemoryWorkflowBackend memory = memory();
    ManualRunEvents events = new ManualRunEvents(SAFETY);
    WorkflowLauncher launcher = launcher(memory, events);
    events.receiving(false);
    RunHandle run = start(launcher, "forever");
    RunHandle shortRun = start(launcher, "forever");
    Duration timeout = Duration.ofMinutes(2);
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WAIT);
    CompletableFuture<RunStatus> shortWait = launcher.awaitCompletionAsync(shortRun, WAIT.withTimeout(timeout));
    time.runDueTasks();
    Instant began = time.now();
    long afterFirstReads = launcher.tracker().requestsSent("memory");
    assertThat(afterFirstReads).as("the first reads").isPositive();

    events.receiving(true);
    memory.stop(run);
    memory.stop(shortRun);
    time.advanceBy(timeout.minusSeconds(1));
    assertThat(launcher.tracker().requestsSent("memory")).as("no read on the waits' own schedules once events come")
        .isEqualTo(afterFirstReads);

    time.advanceUntil(shortWait::isDone, SAFETY);
    assertThat(shortWait).as("read one last time at its deadline, not timed out").isCompleted();
    assertThat(shortWait.join().state()).isEqualTo(RunState.CANCELLED);
    assertThat(Duration.between(began, time.now())).isLessThanOrEqualTo(timeout);
    time.advanceBy(SAFETY.multipliedBy(3).dividedBy(4).minus(timeout));
    assertThat(wait).as("the other run not read before the safety poll").isNotDone();

    time.advanceUntil(wait::isDone, SAFETY);
    assertThat(wait).as("read at the safety poll").isCompleted();
    assertThat(wait.join().state()).isEqualTo(RunState.CANCELLED);
  }

  @Test
  void eventsStoppingAndComingBackNeverPutASafetyPollBeyondTheIntervalAfterTheLastRead() {
    InMemoryWorkflowBackend memory = memory();
    ManualRunEvents events = new ManualRunEvents(SAFETY);
    WorkflowLauncher launcher = launcher(memory, events);
    RunHandle run = start(launcher, "forever");
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WAIT);
    time.runDueTasks();
    Instant firstRead = time.now();
    memory.stop(run);
    List<Instant> endedOn = new ArrayList<>();
    wait.thenRun(() -> endedOn.add(time.now()));

    // A receive fails every three minutes, and the next one, a second later, succeeds.
    for (int i = 0; i < 10 && !wait.isDone(); i++) {
      time.advanceBy(Duration.ofMinutes(3));
      events.receiving(false);
      time.advanceBy(Duration.ofSeconds(1));
      events.receiving(true);
    }

    assertThat(wait).isCompleted();
    assertThat(wait.join().state()).isEqualTo(RunState.CANCELLED);
    assertThat(Duration.between(firstRead, endedOn.get(0))).as("read within the safety interval of the last read")
        .isLessThanOrEqualTo(SAFETY);
  }

  @Test
  void eventsStoppingWhileASafetyPollIsAnsweredBringTheRunBackToItsWaitsSchedule() {
    InMemoryWorkflowBackend memory = memory();
    HeldReads held = new HeldReads(memory);
    ManualRunEvents events = new ManualRunEvents(SAFETY);
    // Events stop right after the answer chose the safety interval's pause, before the run is queued again.
    AtomicInteger drawsUntilStop = new AtomicInteger(-1);
    Random draws = new Random(1);
    java.util.random.RandomGenerator random = new java.util.random.RandomGenerator() {
      @Override
      public long nextLong() {
        return draws.nextLong();
      }

      @Override
      public double nextDouble() {
        if (drawsUntilStop.get() > 0 && drawsUntilStop.decrementAndGet() == 0) {
          events.receiving(false);
        }
        return draws.nextDouble();
      }
    };
    WorkflowLauncher launcher = WorkflowLauncher.builder().backend(held).clock(time.clock()).scheduler(time)
        .executor(time).random(random).observer(observer).runEvents(events).build();
    launchers.add(launcher);
    RunHandle run = start(launcher, "forever");
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WAIT);
    time.runDueTasks();
    held.releaseAll();
    time.advanceBy(Duration.ofMinutes(6));
    assertThat(held.pending).as("the safety poll's read is out").hasSize(1);

    drawsUntilStop.set(2);
    held.releaseAll();
    assertThat(drawsUntilStop.get()).as("events stopped during the answer").isZero();
    memory.stop(run);
    Instant ended = time.now();
    for (int i = 0; i < 100 && !wait.isDone(); i++) {
      time.advanceBy(Duration.ofSeconds(1));
      held.releaseAll();
    }

    assertThat(wait).isCompleted();
    assertThat(Duration.between(ended, time.now())).as("the next read on the wait's own schedule, not the safety's")
        .isLessThanOrEqualTo(WAIT.maxInterval().multipliedBy(6).dividedBy(5).plusSeconds(1));
  }

  @Test
  void anEventDuringAReadOfTheRunHasItReadAgain() {
    InMemoryWorkflowBackend memory = memory();
    HeldReads held = new HeldReads(memory);
    ManualRunEvents events = new ManualRunEvents(SAFETY);
    WorkflowLauncher launcher = launcher(held, events);
    RunHandle run = start(launcher, "forever");
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WAIT);
    time.runDueTasks();
    assertThat(held.pending).as("the first read is out").hasSize(1);

    memory.stop(run);
    assertThat(events.publish(InMemoryRunEvents.eventOf(run, RunState.CANCELLED, time.now())))
        .isEqualTo(EventOutcome.MATCHED);
    held.answerWith(RunState.RUNNING);
    time.runDueTasks();
    held.releaseAll();
    time.runDueTasks();

    assertThat(wait).as("read again at once, not at the safety poll").isCompleted();
    assertThat(wait.join().state()).isEqualTo(RunState.CANCELLED);
  }

  @Test
  void aFailedReadAfterAnEventIsRetriedOnTheWaitsScheduleNotAtTheSafetyPoll() {
    InMemoryWorkflowBackend memory = memory();
    HeldReads held = new HeldReads(memory);
    ManualRunEvents events = new ManualRunEvents(SAFETY);
    WorkflowLauncher launcher = launcher(held, events);
    RunHandle run = start(launcher, "forever");
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WAIT);
    time.runDueTasks();
    held.releaseAll();
    memory.stop(run);
    assertThat(events.publish(InMemoryRunEvents.eventOf(run, RunState.CANCELLED, time.now())))
        .isEqualTo(EventOutcome.MATCHED);
    time.runDueTasks();
    assertThat(held.pending).as("the read the event asked for is out").hasSize(1);

    // Answered after the event's grace, and failed.
    time.advanceBy(Duration.ofSeconds(10));
    held.failAll(new BackendUnavailableException(ErrorContext.of(run), "the service is unavailable", null));
    Instant failed = time.now();
    for (int i = 0; i < 120 && !wait.isDone(); i++) {
      time.advanceBy(Duration.ofSeconds(1));
      held.releaseAll();
    }

    assertThat(wait).isCompleted();
    assertThat(wait.join().state()).isEqualTo(RunState.CANCELLED);
    assertThat(Duration.between(failed, time.now())).as("retried on the wait's schedule")
        .isLessThanOrEqualTo(WAIT.maxInterval().multipliedBy(6).dividedBy(5).plusSeconds(1));
  }

  @Test
  void aReadThatLagsTheEventIsRepeatedOnTheWaitsScheduleUntilItShowsTheEnd() {
    InMemoryWorkflowBackend memory = memory();
    ManualRunEvents events = new ManualRunEvents(SAFETY);
    WorkflowLauncher launcher = launcher(memory, events);
    RunHandle run = start(launcher, "forever");
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WAIT);
    time.advanceBy(Duration.ofSeconds(1));

    // The event outruns the service's reads: the run is still running when it is read.
    events.publish(InMemoryRunEvents.eventOf(run, RunState.SUCCEEDED, time.now()));
    time.runDueTasks();
    assertThat(wait).isNotDone();
    Instant told = time.now();
    time.advanceBy(Duration.ofSeconds(5));
    memory.stop(run);
    time.advanceUntil(wait::isDone, Duration.ofMinutes(1));

    assertThat(wait).isCompleted();
    assertThat(Duration.between(told, time.now())).as("read again at the wait's shortest intervals")
        .isLessThanOrEqualTo(Duration.ofSeconds(8));
    assertThat(wait.join().state()).isEqualTo(RunState.CANCELLED);
  }

  @Test
  void eventsThatCannotEndAWaitCostNoRead() {
    InMemoryWorkflowBackend memory = memory();
    ManualRunEvents events = new ManualRunEvents(SAFETY);
    WorkflowLauncher launcher = launcher(memory, events);
    RunHandle tracked = start(launcher, "forever");
    RunHandle untracked = start(launcher, "forever");
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(tracked, WAIT);
    time.advanceBy(Duration.ofSeconds(1));
    long reads = launcher.tracker().requestsSent("memory");

    assertThat(events.publish(InMemoryRunEvents.eventOf(tracked, RunState.RUNNING, time.now())))
        .as("a tracked run, no end told").isEqualTo(EventOutcome.MATCHED);
    assertThat(events.publish(InMemoryRunEvents.eventOf(untracked, RunState.SUCCEEDED, time.now())))
        .isEqualTo(EventOutcome.STALE);
    assertThat(events.publish(new EventEnvelope("e1", "aws.unknown", "Something Changed", time.now(), "", "",
        List.of(), Map.of()))).as("an engine not installed here").isEqualTo(EventOutcome.STALE);
    assertThat(events.publish(new EventEnvelope("e2", InMemoryRunEvents.SOURCE, InMemoryRunEvents.DETAIL_TYPE,
        time.now(), "", "", List.of(), Map.of("workflow", "forever", "status", "SUCCEEDED"))))
        .as("no run id").isEqualTo(EventOutcome.MALFORMED);
    assertThat(events.publish(new EventEnvelope("e3", InMemoryRunEvents.SOURCE, InMemoryRunEvents.DETAIL_TYPE,
        time.now(), "", "", List.of(), Map.of("workflow", "forever", "runId", "r", "status", "DONE"))))
        .as("no such state").isEqualTo(EventOutcome.MALFORMED);
    events.publishMalformed("not JSON");
    time.advanceBy(Duration.ofSeconds(30));

    assertThat(wait).isNotDone();
    assertThat(launcher.tracker().requestsSent("memory")).isEqualTo(reads);
    assertThat(observer.outcomes).containsEntry("memory/MATCHED", 1).containsEntry("memory/STALE", 1)
        .containsEntry("memory/MALFORMED", 2).containsEntry("unknown/MALFORMED", 1)
        .containsEntry("unknown/STALE", 1);
  }

  @Test
  void aThousandRunsWithLostRepeatedReorderedAndMalformedEventsAllEndRightAtAboutOneReadEach() {
    InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder().clock(time.clock()).stopDelay(Duration.ZERO)
        .workflow("forever", RunScript.runsUntilStopped()).build();
    ManualRunEvents events = new ManualRunEvents(SAFETY);
    WorkflowLauncher launcher = launcher(memory, events,
        TrackerOptions.DEFAULT.withRequestsPerSecond(50).withBurst(50));
    Random random = new Random(11);
    List<RunHandle> runs = new ArrayList<>();
    Map<RunHandle, CompletableFuture<RunStatus>> waits = new HashMap<>();
    for (int i = 0; i < 1000; i++) {
      RunHandle run = start(launcher, "forever");
      runs.add(run);
      waits.put(run, launcher.awaitCompletionAsync(run, WAIT));
    }
    Map<RunHandle, Instant> endedOn = new ConcurrentHashMap<>();
    waits.forEach((run, wait) -> wait.thenRun(() -> endedOn.put(run, time.now())));
    time.advanceBy(Duration.ofSeconds(10));
    long firstReads = launcher.tracker().requestsSent("memory");

    // Each run ends within ten minutes; its events (a start notice, then its end) are lost (10%),
    // repeated (10%), and each delivered up to five seconds late, so out of order.
    Map<RunHandle, Instant> endedAt = new ConcurrentHashMap<>();
    List<RunHandle> lost = new ArrayList<>();
    for (RunHandle run : runs) {
      long endsIn = 1 + random.nextInt(600);
      double fate = random.nextDouble();
      if (fate < 0.1) {
        lost.add(run);
      }
      time.schedule(() -> {
        memory.stop(run);
        Instant at = time.now();
        endedAt.put(run, at);
        deliverLate(events, random, InMemoryRunEvents.eventOf(run, RunState.RUNNING, at.minusSeconds(1)));
        if (fate >= 0.1) {
          deliverLate(events, random, InMemoryRunEvents.eventOf(run, RunState.CANCELLED, at));
        }
        if (fate >= 0.9) {
          deliverLate(events, random, InMemoryRunEvents.eventOf(run, RunState.CANCELLED, at));
        }
      }, endsIn, TimeUnit.SECONDS);
    }
    int malformed = 0;
    for (int second = 0; second < 20 * 60; second++) {
      time.advanceBy(Duration.ofSeconds(1));
      if (second % 100 == 0) {
        events.publishMalformed("not JSON");
        malformed++;
      }
    }

    assertThat(waits.values()).allSatisfy(wait -> assertThat(wait).isCompleted());
    for (RunHandle run : runs) {
      RunStatus status = waits.get(run).join();
      assertThat(status.state()).isEqualTo(RunState.CANCELLED);
    }
    for (RunHandle run : runs) {
      Duration noticedAfter = Duration.between(endedAt.get(run), endedOn.get(run));
      if (lost.contains(run)) {
        assertThat(noticedAfter).as("a lost event costs at most the safety interval").isLessThanOrEqualTo(SAFETY);
      } else {
        assertThat(noticedAfter).as("ended on its event").isLessThanOrEqualTo(Duration.ofSeconds(7));
      }
    }
    long eventReads = launcher.tracker().requestsSent("memory") - firstReads;
    double readsPerRun = launcher.tracker().requestsSent("memory") / 1000.0;
    System.out.printf("run events, 1000 runs, %d events lost: %.3f reads per run (%d first reads, %d after), "
        + "%d ended on an event%n", lost.size(), readsPerRun, firstReads, eventReads, observer.noticed.size());
    assertThat(lost).hasSizeBetween(60, 140);
    assertThat(observer.noticed.size()).as("ended on an event (a safety poll may come first)")
        .isBetween(1000 - lost.size() - 20, 1000 - lost.size());
    assertThat(observer.outcomes.get("unknown/MALFORMED")).isEqualTo(malformed);
    assertThat(observer.outcomes.get("memory/STALE")).as("late start notices and repeats").isPositive();
    assertThat(readsPerRun).as("reads per run (%d first reads, %d after)", firstReads, eventReads)
        .isLessThanOrEqualTo(1.2);
  }

  @Test
  void closingTheLauncherClosesTheSource() {
    ManualRunEvents events = new ManualRunEvents(SAFETY);
    WorkflowLauncher launcher = launcher(memory(), events);
    launcher.close();
    assertThat(events.closed()).isTrue();
    assertThatThrownBy(() -> events.publish(InMemoryRunEvents.eventOf(RunHandle.of("memory", "etl", "r1"),
        RunState.SUCCEEDED, time.now()))).isInstanceOf(IllegalStateException.class);
  }

  private void deliverLate(ManualRunEvents events, Random random, EventEnvelope event) {
    time.schedule(() -> events.publish(event), random.nextInt(5000), TimeUnit.MILLISECONDS);
  }

  private InMemoryWorkflowBackend memory() {
    return InMemoryWorkflowBackend.builder().clock(time.clock())
        .workflow("forever", RunScript.runsUntilStopped()).stopDelay(Duration.ZERO).build();
  }

  private WorkflowLauncher launcher(io.wflaunch.spi.WorkflowBackend backend, ManualRunEvents events) {
    return launcher(backend, events, TrackerOptions.DEFAULT);
  }

  private WorkflowLauncher launcher(io.wflaunch.spi.WorkflowBackend backend, ManualRunEvents events,
      TrackerOptions options) {
    WorkflowLauncher launcher = WorkflowLauncher.builder().backend(backend).clock(time.clock()).scheduler(time)
        .executor(time).random(new Random(1)).trackerOptions(options).observer(observer).runEvents(events).build();
    launchers.add(launcher);
    return launcher;
  }

  private static RunHandle start(WorkflowLauncher launcher, String workflow) {
    return launcher.start(StartRunRequest.builder(WorkflowTarget.of("memory", workflow)).build());
  }

  /** Counts what the launcher tells of events. */
  private static final class Counting implements LaunchObserver {
    final Map<String, Integer> outcomes = new ConcurrentHashMap<>();
    final List<Duration> noticed = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger safetyPolls = new AtomicInteger();

    @Override
    public void runEvent(String type, EventOutcome outcome) {
      outcomes.merge(type + "/" + outcome, 1, Integer::sum);
    }

    @Override
    public void eventNoticed(RunStatus status, Duration latency) {
      noticed.add(latency);
    }

    @Override
    public void safetyPolled(String backendId, int runs) {
      safetyPolls.addAndGet(runs);
    }
  }

  /** Holds single reads until the test answers them: the first with a chosen state, or all as they are. */
  private static final class HeldReads extends ForwardingBackend {
    final List<CompletableFuture<BatchRead>> pending = new ArrayList<>();
    final List<RunHandle> handles = new ArrayList<>();

    HeldReads(io.wflaunch.spi.WorkflowBackend delegate) {
      super(delegate);
    }

    @Override
    public CompletableFuture<BatchRead> readRunsAsync(List<RunHandle> runs, Optional<Instant> oldestStart,
        Executor executor) {
      CompletableFuture<BatchRead> read = new CompletableFuture<>();
      pending.add(read);
      handles.add(runs.get(0));
      return read;
    }

    @Override
    public CompletableFuture<BatchRead> readRunAsync(RunHandle handle, Executor executor) {
      return readRunsAsync(List.of(handle), Optional.empty(), executor);
    }

    void answerWith(RunState state) {
      RunHandle handle = handles.remove(0);
      pending.remove(0).complete(new BatchRead(Map.of(handle, RunStatus.builder(handle, state, state.name()).build()), 1));
    }

    void failAll(Throwable failure) {
      handles.clear();
      while (!pending.isEmpty()) {
        pending.remove(0).completeExceptionally(failure);
      }
    }

    void releaseAll() {
      while (!pending.isEmpty()) {
        RunHandle handle = handles.remove(0);
        pending.remove(0).complete(new BatchRead(Map.of(handle, delegate.getRun(handle)), 1));
      }
    }
  }
}
