package io.wflaunch.eventbridge.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.TrackerOptions;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.eventbridge.RunEventsSetup;
import io.wflaunch.eventbridge.SetupRequest;
import io.wflaunch.eventbridge.SetupResult;
import io.wflaunch.eventbridge.SqsRunEvents;
import io.wflaunch.spi.events.EventOutcome;
import io.wflaunch.spi.observe.LaunchObserver;
import io.wflaunch.testkit.InMemoryWorkflowBackend;
import io.wflaunch.testkit.RunScript;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.events.InMemoryRunEvents;
import io.wflaunch.testkit.moto.MotoServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Faults on the wire: events put with PutEvents to moto, through the rule to the SQS queue that
 * {@link SqsRunEvents} long-polls for real, with 10% of them dropped, 10% put twice, all shuffled, and
 * malformed bodies sent straight to the queue. The engine is the testkit's in-memory one (its events,
 * source {@value InMemoryRunEvents#SOURCE}, are shaped as an AWS engine's) and the launcher runs on virtual
 * time, so the safety poll that ends the waits whose events were dropped costs no real minutes.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class EventFaultsProofTest {

  static final int RUNS = 120;
  static final Duration SAFETY = Duration.ofMinutes(5);
  /** Runs end after the first safety poll (4 to 5 minutes after their first read) and before the second. */
  static final Duration RUN_FOR = Duration.ofMinutes(7);
  static final WaitOptions WAIT = WaitOptions.DEFAULT.withTimeout(Duration.ofHours(3));
  static final String[] WORKFLOWS = {"faults-succeeds", "faults-fails", "faults-cancelled"};
  static final RunState[] STATES = {RunState.SUCCEEDED, RunState.FAILED, RunState.CANCELLED};

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void droppedRepeatedShuffledAndMalformedEventsStillEndEveryWaitRightTheDroppedOnesAtTheSafetyPoll()
      throws Exception {
    VirtualScheduler time = new VirtualScheduler(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder().clock(time.clock())
        .workflow(WORKFLOWS[0], RunScript.succeedsAfter(RUN_FOR))
        .workflow(WORKFLOWS[1], RunScript.failsAfter(RUN_FOR, "the proof failed it"))
        .workflow(WORKFLOWS[2], RunScript.cancelledAfter(RUN_FOR)).build();
    Observed observed = new Observed();
    Random random = new Random(25);
    try (SqsClient sqs = ProofAws.sqs(MOTO.endpoint()); EventBridgeClient bus = ProofAws.events(MOTO.endpoint())) {
      SetupResult setup = new RunEventsSetup(sqs, bus, null)
          .init(SetupRequest.of("proof-faults", List.of(InMemoryRunEvents.FORMAT)));
      CountingEvents source = new CountingEvents(SqsRunEvents.builder().sqsClient(sqs).queueUrl(setup.queueUrl())
          .safetyInterval(SAFETY).waitTime(Duration.ofSeconds(1)).build());
      try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(memory).clock(time.clock()).scheduler(time)
          .executor(time).random(new Random(1)).trackerOptions(TrackerOptions.DEFAULT.withRequestsPerSecond(100)
              .withBurst(100)).observer(observed).runEvents(source).build()) {
        source.awaitReceiving(Duration.ofSeconds(30));
        List<RunHandle> runs = new ArrayList<>();
        Map<RunHandle, CompletableFuture<RunStatus>> waits = new HashMap<>();
        Map<RunHandle, Instant> doneAt = new ConcurrentHashMap<>();
        for (int i = 0; i < RUNS; i++) {
          RunHandle run = launcher.start(
              StartRunRequest.builder(WorkflowTarget.of("memory", WORKFLOWS[i % 3])).build());
          runs.add(run);
          CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WAIT);
          wait.thenRun(() -> doneAt.put(run, time.now()));
          waits.put(run, wait);
        }
        time.runDueTasks();
        long firstReads = launcher.tracker().requestsSent("memory");
        time.advanceBy(RUN_FOR);
        assertThat(waits.values()).as("no wait ends before its run").noneMatch(CompletableFuture::isDone);
        assertThat(observed.safetyPolled.get()).as("the first safety poll read the runs, still running").isPositive();
        Instant ended = time.now();
        long readsBeforeEvents = launcher.tracker().requestsSent("memory");

        // Each run's end event: dropped (10%), put twice (10%) or once; shuffled; then a few malformed
        // messages straight to the queue.
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        List<RunHandle> dropped = new ArrayList<>();
        int repeated = 0;
        for (int i = 0; i < RUNS; i++) {
          RunHandle run = runs.get(i);
          double fate = random.nextDouble();
          if (fate < 0.1) {
            dropped.add(run);
            continue;
          }
          PutEventsRequestEntry entry = PutEventsRequestEntry.builder().source(InMemoryRunEvents.SOURCE)
              .detailType(InMemoryRunEvents.DETAIL_TYPE).time(ended)
              .detail(JSON.createObjectNode().put("workflow", run.part(0)).put("runId", run.part(1))
                  .put("status", STATES[i % 3].name()).toString()).build();
          entries.add(entry);
          if (fate >= 0.9) {
            entries.add(entry);
            repeated++;
          }
        }
        Collections.shuffle(entries, random);
        for (int from = 0; from < entries.size(); from += 10) {
          List<PutEventsRequestEntry> batch = entries.subList(from, Math.min(entries.size(), from + 10));
          assertThat(bus.putEvents(r -> r.entries(batch)).failedEntryCount()).isZero();
        }
        List<String> malformed = List.of(
            "not JSON at all",
            "[\"an\", \"array\"]",
            "{\"source\": \"" + InMemoryRunEvents.SOURCE + "\"}",
            event(InMemoryRunEvents.SOURCE, InMemoryRunEvents.DETAIL_TYPE,
                JSON.createObjectNode().put("workflow", WORKFLOWS[0]).put("status", "SUCCEEDED")),
            event(InMemoryRunEvents.SOURCE, InMemoryRunEvents.DETAIL_TYPE,
                JSON.createObjectNode().put("workflow", WORKFLOWS[0]).put("runId", "r-1")));
        for (String body : malformed) {
          sqs.sendMessage(r -> r.queueUrl(setup.queueUrl()).messageBody(body));
        }
        int delivered = entries.size();
        source.awaitTotal(delivered + malformed.size(), Duration.ofSeconds(60));

        // Every delivered event has been handed over: the reads they asked for end their waits at once.
        time.advanceUntil(() -> runs.stream().filter(run -> !dropped.contains(run))
            .allMatch(run -> waits.get(run).isDone()), Duration.ofSeconds(30));
        Instant eventsRead = time.now();
        for (RunHandle run : runs) {
          if (dropped.contains(run)) {
            assertThat(waits.get(run)).as("%s, whose event was dropped, waits for the safety poll", run).isNotDone();
          } else {
            assertThat(waits.get(run)).as("%s, ended on its event", run).isCompleted();
          }
        }
        int noticedOnEvents = observed.noticed.get();
        long readsAfterEvents = launcher.tracker().requestsSent("memory");

        // The safety poll ends the rest within the interval.
        time.advanceUntil(() -> waits.values().stream().allMatch(CompletableFuture::isDone), SAFETY);
        for (int i = 0; i < RUNS; i++) {
          RunHandle run = runs.get(i);
          assertThat(waits.get(run)).as("%s", run).isCompleted();
          assertThat(waits.get(run).join().state()).as("%s", run).isEqualTo(STATES[i % 3]);
          if (dropped.contains(run)) {
            assertThat(doneAt.get(run)).as("%s ended by the safety poll", run).isAfter(eventsRead)
                .isBeforeOrEqualTo(ended.plus(SAFETY));
          }
        }

        double readsPerRun = launcher.tracker().requestsSent("memory") / (double) RUNS;
        System.out.printf("Run events under faults: %d runs, %d events dropped, %d put twice, shuffled, %d malformed;"
            + " %d waits ended on their events (%d matched, %d stale), %d by the safety poll within %d s of virtual"
            + " time, %d malformed counted; reads per run %.3f (%d first reads, %d for events, %d by the safety"
            + " polls)%n", RUNS, dropped.size(), repeated, malformed.size(), noticedOnEvents,
            source.count(EventOutcome.MATCHED), source.count(EventOutcome.STALE), RUNS - noticedOnEvents,
            Duration.between(ended, time.now()).toSeconds(), observed.malformed.get(), readsPerRun, firstReads,
            readsAfterEvents - readsBeforeEvents,
            launcher.tracker().requestsSent("memory") - readsAfterEvents + readsBeforeEvents - firstReads);

        assertThat(dropped).hasSizeBetween(RUNS / 20, RUNS / 5);
        assertThat(repeated).isBetween(RUNS / 20, RUNS / 5);
        assertThat(noticedOnEvents).as("waits ended on their events").isEqualTo(RUNS - dropped.size());
        assertThat(source.count(EventOutcome.MATCHED) + source.count(EventOutcome.STALE)).isEqualTo(delivered);
        assertThat(source.count(EventOutcome.MALFORMED)).isEqualTo(malformed.size());
        assertThat(observed.malformed.get()).as("malformed events told to the observer").isEqualTo(malformed.size());
        assertThat(readsAfterEvents - readsBeforeEvents).as("one read per event telling of an end, repeats cost none")
            .isEqualTo(RUNS - dropped.size());
      }
    } finally {
      time.shutdownNow();
    }
  }

  private static String event(String source, String detailType, ObjectNode detail) {
    ObjectNode event = JSON.createObjectNode();
    event.put("version", "0");
    event.put("id", java.util.UUID.randomUUID().toString());
    event.put("detail-type", detailType);
    event.put("source", source);
    event.put("account", "123456789012");
    event.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    event.put("region", "us-east-1");
    event.putArray("resources");
    event.set("detail", detail);
    return event.toString();
  }

  /** What the launcher tells its observer of events. */
  private static final class Observed implements LaunchObserver {
    final AtomicInteger malformed = new AtomicInteger();
    final AtomicInteger noticed = new AtomicInteger();
    final AtomicInteger safetyPolled = new AtomicInteger();

    @Override
    public void runEvent(String type, EventOutcome outcome) {
      if (outcome == EventOutcome.MALFORMED) {
        malformed.incrementAndGet();
      }
    }

    @Override
    public void eventNoticed(RunStatus status, Duration latency) {
      noticed.incrementAndGet();
    }

    @Override
    public void safetyPolled(String backendId, int runs) {
      safetyPolled.addAndGet(runs);
    }
  }
}
