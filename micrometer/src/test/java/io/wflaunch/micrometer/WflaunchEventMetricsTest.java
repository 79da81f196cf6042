package io.wflaunch.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.EventOutcome;
import io.wflaunch.testkit.InMemoryWorkflowBackend;
import io.wflaunch.testkit.RunScript;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.events.InMemoryRunEvents;
import io.wflaunch.testkit.events.ManualRunEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The run-event meters, through a launcher over the in-memory engine whose events a test publishes. */
class WflaunchEventMetricsTest {

  private static final WorkflowTarget NIGHTLY = WorkflowTarget.of("memory", "nightly");
  private static final WorkflowTarget FOREVER = WorkflowTarget.of("memory", "forever");
  private static final Duration SAFETY = Duration.ofMinutes(5);

  private final VirtualScheduler time = new VirtualScheduler();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final ManualRunEvents events = new ManualRunEvents(SAFETY);
  private InMemoryWorkflowBackend memory;
  private WorkflowLauncher launcher;

  @BeforeEach
  void launch() {
    memory = InMemoryWorkflowBackend.builder().clock(time.clock())
        .workflow("nightly", RunScript.succeedsAfter(Duration.ofMinutes(3)))
        .workflow("forever", RunScript.runsUntilStopped())
        .build();
    launcher = WorkflowLauncher.builder().backend(memory).clock(time.clock()).scheduler(time).executor(time)
        .random(new Random(11)).startPolicy(StartPolicy.DEFAULT.withoutPauses())
        .observer(WflaunchMetrics.create(registry))
        .runEvents(events)
        .build();
  }

  @AfterEach
  void close() {
    launcher.close();
    time.shutdownNow();
  }

  @Test
  void eachEventIsCountedByTypeAndOutcome() {
    RunHandle run = launcher.start(StartRunRequest.builder(NIGHTLY).build());
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WaitOptions.DEFAULT);
    time.advanceBy(Duration.ofMinutes(3));
    EventEnvelope ended = InMemoryRunEvents.eventOf(run, RunState.SUCCEEDED, time.now());
    time.advanceBy(Duration.ofSeconds(2));
    assertThat(wait).as("polled only on the safety interval while events come").isNotDone();

    assertThat(events.publish(ended)).isEqualTo(EventOutcome.MATCHED);
    time.advanceUntil(wait::isDone, Duration.ofSeconds(1));
    assertThat(wait.join().state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(events.publish(ended)).as("the same event again, after the wait ended").isEqualTo(EventOutcome.STALE);
    assertThat(events.publish(InMemoryRunEvents.eventOf(RunHandle.of("memory", "nightly", "nobody-waits"),
        RunState.FAILED, time.now()))).isEqualTo(EventOutcome.STALE);
    assertThat(events.publish(event(InMemoryRunEvents.SOURCE, Map.of("workflow", "nightly", "runId", "r-1"))))
        .as("no status").isEqualTo(EventOutcome.MALFORMED);
    assertThat(events.publish(event("example.elsewhere", Map.of("status", "SUCCEEDED"))))
        .as("an engine not installed here").isEqualTo(EventOutcome.STALE);
    events.publishMalformed("not JSON");

    assertThat(received("memory")).isEqualTo(4);
    assertThat(received(WflaunchMetrics.UNKNOWN_TYPE)).isEqualTo(2);
    assertThat(events("memory", "matched")).isEqualTo(1);
    assertThat(events("memory", "stale")).isEqualTo(2);
    assertThat(events("memory", "malformed")).isEqualTo(1);
    assertThat(events(WflaunchMetrics.UNKNOWN_TYPE, "malformed")).isEqualTo(1);
    assertThat(events(WflaunchMetrics.UNKNOWN_TYPE, "stale")).isEqualTo(1);
    assertThat(registry.find(WflaunchMetrics.EVENTS).counters()).hasSize(5);
    assertThat(registry.find(WflaunchMetrics.EVENTS).counters().stream().mapToDouble(Counter::count).sum())
        .isEqualTo(events.count(EventOutcome.MATCHED) + events.count(EventOutcome.STALE)
            + events.count(EventOutcome.MALFORMED));

    Timer latency = registry.get(WflaunchMetrics.EVENT_NOTICE_LATENCY).tags("backend", "memory").timer();
    assertThat(latency.count()).isEqualTo(1);
    assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).as("from the event's time to the wait's end")
        .isEqualTo(2_000);

    Map<String, Set<String>> allowed = Map.of(
        "type", Set.of("memory", WflaunchMetrics.UNKNOWN_TYPE),
        "outcome", Set.of("matched", "stale", "malformed"),
        "backend", Set.of("memory"));
    for (String name : List.of(WflaunchMetrics.EVENTS_RECEIVED, WflaunchMetrics.EVENTS,
        WflaunchMetrics.EVENT_NOTICE_LATENCY)) {
      for (Meter meter : registry.find(name).meters()) {
        for (Tag tag : meter.getId().getTags()) {
          assertThat(allowed).as("tag key of %s", meter.getId()).containsKey(tag.getKey());
          assertThat(allowed.get(tag.getKey())).as("tag %s of %s", tag, name).contains(tag.getValue());
        }
      }
    }
  }

  @Test
  void latencyIsRecordedOncePerWaitAnEventEnded() {
    RunHandle twice = launcher.start(StartRunRequest.builder(NIGHTLY).build());
    RunHandle polled = launcher.start(StartRunRequest.builder(NIGHTLY).build());
    CompletableFuture<RunStatus> first = launcher.awaitCompletionAsync(twice, WaitOptions.DEFAULT);
    CompletableFuture<RunStatus> second = launcher.awaitCompletionAsync(twice, WaitOptions.DEFAULT);
    CompletableFuture<RunStatus> byPoll = launcher.awaitCompletionAsync(polled, WaitOptions.DEFAULT);
    time.advanceBy(Duration.ofMinutes(3));
    assertThat(events.publish(InMemoryRunEvents.eventOf(polled, RunState.RUNNING, time.now())))
        .as("an event telling of no end").isEqualTo(EventOutcome.MATCHED);
    EventEnvelope ended = InMemoryRunEvents.eventOf(twice, RunState.SUCCEEDED, time.now());
    time.advanceBy(Duration.ofSeconds(5));
    assertThat(events.publish(ended)).isEqualTo(EventOutcome.MATCHED);
    time.advanceUntil(() -> first.isDone() && second.isDone(), Duration.ofSeconds(1));
    assertThat(byPoll).isNotDone();

    Timer latency = registry.get(WflaunchMetrics.EVENT_NOTICE_LATENCY).tags("backend", "memory").timer();
    assertThat(latency.count()).as("each of the run's two waits").isEqualTo(2);
    assertThat(latency.totalTime(TimeUnit.SECONDS)).isEqualTo(10);

    time.advanceUntil(byPoll::isDone, SAFETY.plusMinutes(1));
    assertThat(byPoll.join().state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(registry.get(WflaunchMetrics.RUNS_COMPLETED).tags("state", "succeeded").counter().count())
        .isEqualTo(3);
    assertThat(latency.count()).as("the wait the safety poll ended").isEqualTo(2);
  }

  @Test
  void safetyPollsAreCountedByRunWhileEventsCome() {
    RunHandle run = launcher.start(StartRunRequest.builder(FOREVER).build());
    launcher.awaitCompletionAsync(run, WaitOptions.DEFAULT);
    time.advanceBy(Duration.ofMinutes(1));
    assertThat(launcher.tracker().requestsSent("memory")).as("the wait's first read").isEqualTo(1);
    assertThat(registry.find(WflaunchMetrics.SAFETY_POLLS).counter()).isNull();

    // Each later read comes within the safety interval's last fifth: two more by 11 minutes, no third.
    time.advanceBy(Duration.ofMinutes(10));
    assertThat(launcher.tracker().requestsSent("memory")).isEqualTo(3);
    assertThat(safetyPolls()).isEqualTo(2);

    // Without events the wait polls on its own schedule, and none of those reads is a safety poll.
    events.receiving(false);
    time.advanceBy(Duration.ofMinutes(5));
    assertThat(launcher.tracker().requestsSent("memory")).isGreaterThan(10);
    assertThat(safetyPolls()).isEqualTo(2);
  }

  @Test
  void aSafetyPollOfSeveralRunsCountsEachRun() {
    List<RunHandle> runs = List.of(launcher.start(StartRunRequest.builder(FOREVER).build()),
        launcher.start(StartRunRequest.builder(FOREVER).build()),
        launcher.start(StartRunRequest.builder(FOREVER).build()));
    // Polled every 4 minutes: the tracker reads runs due within half that together, and the safety
    // interval's jitter (its last fifth) keeps the three runs within it.
    WaitOptions everyFourMinutes = WaitOptions.builder().minInterval(Duration.ofMinutes(4))
        .maxInterval(Duration.ofMinutes(4)).build();
    launcher.awaitAllAsync(runs, everyFourMinutes);
    time.advanceBy(Duration.ofMinutes(11));

    assertThat(launcher.tracker().requestsSent("memory")).as("the first read and two safety polls, each batched")
        .isEqualTo(3);
    assertThat(safetyPolls()).as("each run each safety poll read").isEqualTo(6);
  }

  private static EventEnvelope event(String source, Map<String, Object> detail) {
    return new EventEnvelope("e-1", source, InMemoryRunEvents.DETAIL_TYPE, VirtualScheduler.DEFAULT_ORIGIN, "", "",
        List.of(), detail);
  }

  private double received(String type) {
    return registry.get(WflaunchMetrics.EVENTS_RECEIVED).tags("type", type).counter().count();
  }

  private double events(String type, String outcome) {
    return registry.get(WflaunchMetrics.EVENTS).tags("type", type, "outcome", outcome).counter().count();
  }

  private double safetyPolls() {
    return registry.get(WflaunchMetrics.SAFETY_POLLS).tags("backend", "memory").counter().count();
  }
}
