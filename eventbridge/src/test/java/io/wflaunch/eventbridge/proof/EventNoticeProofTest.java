package io.wflaunch.eventbridge.proof;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.TrackerOptions;
import io.wflaunch.WaitListener;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.eventbridge.RunEventsSetup;
import io.wflaunch.eventbridge.SetupRequest;
import io.wflaunch.eventbridge.SqsRunEvents;
import io.wflaunch.spi.events.EventOutcome;
import io.wflaunch.spi.events.RunEventFormat;
import io.wflaunch.stepfunctions.StepFunctionsBackend;
import io.wflaunch.stepfunctions.StepFunctionsProvider;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.moto.MotoServerExtension;
import io.wflaunch.testkit.sfn.FakeSfnClient;
import io.wflaunch.testkit.sfn.SfnRunScript;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Reads per run and notice latency on the wire: 1,000 Step Functions executions, started and tracked
 * through the real adapter over HTTP (a local Step Functions serving the testkit's fake), end at a steady
 * rate, and a test-side emitter sends each one's documented status change event to the SQS queue (on moto)
 * that {@link SqsRunEvents} long-polls. The same runs are then tracked without events, on the same budget
 * and wait options, for comparison.
 *
 * <p>The queue and its rule come from {@link RunEventsSetup#init}, and one event put with PutEvents is seen
 * to reach the launcher through the rule. The 1,000 events go to the queue with SendMessageBatch, as the
 * whole event the rule's SQS target would deliver: moto 5.2.1 spends 100 ms or more per event in PutEvents
 * (it builds a JSONPath parser anew for each of eight paths, per event and target), a few events a second,
 * where this proof needs 100 a second. {@code EventFaultsProofTest} puts all of its events with PutEvents.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EventNoticeProofTest {

  static final int RUNS = 1000;
  /** Ends per batch, and one batch per period: 100 ends per second. */
  static final int BATCH = 10;
  static final Duration PERIOD = Duration.ofMillis(100);
  /** A budget the end rate fits: each end costs one read. */
  static final TrackerOptions BUDGET = TrackerOptions.DEFAULT.withRequestsPerSecond(150).withBurst(50);
  static final WaitOptions WAIT = WaitOptions.builder().minInterval(Duration.ofSeconds(1))
      .maxInterval(Duration.ofSeconds(5)).multiplier(2).timeout(Duration.ofMinutes(5)).build();
  /** How long each execution runs on the engine's clock, which the emitter moves to end runs. */
  static final Duration RUN_FOR = Duration.ofHours(1);
  static final String[] MACHINES = {"notice-succeeds", "notice-fails", "notice-aborted"};
  static final String[] RAW = {"SUCCEEDED", "FAILED", "ABORTED"};
  static final RunState[] STATES = {RunState.SUCCEEDED, RunState.FAILED, RunState.CANCELLED};

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  @Test
  void aThousandRunsEndOnTheirEventsAtAboutOneReadEachWithinASecond() throws Exception {
    Figures events = track("proof-notice", true);
    Figures polling = track(null, false);

    System.out.printf("Run events proof: %d Step Functions runs over HTTP, ended at %d/s, budget %.0f req/s burst %d,"
        + " waits polled %s..%s:%n", RUNS, BATCH * 1000 / PERIOD.toMillis(), BUDGET.requestsPerSecond(),
        BUDGET.burst(), WAIT.minInterval().toSeconds() + "s", WAIT.maxInterval().toSeconds() + "s");
    System.out.println("  " + events.line("with events (SQS on moto)"));
    System.out.println("  " + polling.line("polling only"));
    System.out.printf("  reads per run: events %.3f vs polling %.3f; latency p50 %d ms vs %d ms, p99 %d ms vs %d ms%n",
        events.readsPerRun, polling.readsPerRun, events.p50, polling.p50, events.p99, polling.p99);

    assertThat(events.readsPerRun).as("reads per run with events").isLessThanOrEqualTo(1.2);
    assertThat(events.p99).as("notice latency p99 (ms), from the event's send to the wait's end")
        .isLessThanOrEqualTo(1000);
    assertThat(events.matched).as("events that found their run tracked").isEqualTo(RUNS);
  }

  /** What one pass measured. */
  record Figures(long requests, double readsPerRun, int describes, int listings, long p50, long p99, long max,
      int matched, Duration took) {
    String line(String what) {
      return String.format("%-42s reads per run %.3f (%d requests: %d DescribeExecution, %d ListExecutions on the "
          + "server), latency p50 %d ms, p99 %d ms, max %d ms, %d s", what + ":", readsPerRun, requests, describes,
          listings, p50, p99, max, took.toSeconds());
    }
  }

  /**
   * Starts and tracks the runs, ends them at a steady rate (sending their events when {@code withEvents}),
   * checks every wait's end and measures. Latency is from the event's send returning, with events; from
   * the run's end, without.
   */
  private Figures track(String queueName, boolean withEvents) throws Exception {
    Instant origin = Instant.now().minus(RUN_FOR).truncatedTo(ChronoUnit.SECONDS);
    VirtualScheduler engineTime = new VirtualScheduler(origin);
    FakeSfnClient fake = FakeSfnClient.create(engineTime.clock());
    fake.addStateMachine(MACHINES[0], SfnRunScript.succeedsAfter(RUN_FOR));
    fake.addStateMachine(MACHINES[1], SfnRunScript.failsAfter(RUN_FOR, "States.TaskFailed", "the proof failed it"));
    fake.addStateMachine(MACHINES[2], SfnRunScript.abortedAfter(RUN_FOR));
    ScheduledExecutorService emitter = Executors.newSingleThreadScheduledExecutor();
    try (ProofSfnServer server = ProofSfnServer.start(fake);
        SfnClient sfn = ProofAws.sfn(server.endpoint());
        SqsClient sqs = ProofAws.sqs(MOTO.endpoint());
        EventBridgeClient bus = ProofAws.events(MOTO.endpoint())) {
      WorkflowLauncher.Builder builder = WorkflowLauncher.builder().backend(StepFunctionsBackend.create(sfn))
          .trackerOptions(BUDGET);
      RunEventFormat format = new StepFunctionsProvider().runEvents().orElseThrow();
      String queueUrl = withEvents
          ? new RunEventsSetup(sqs, bus, null).init(SetupRequest.of(queueName, List.of(format))).queueUrl() : null;
      CountingEvents source = null;
      if (withEvents) {
        // A short long poll: the launcher counts on events once a receive has answered, which on an empty
        // queue takes the whole wait time.
        source = new CountingEvents(SqsRunEvents.builder().sqsClient(sqs).queueUrl(queueUrl)
            .waitTime(Duration.ofSeconds(1)).build());
        builder.runEvents(source);
      }
      try (WorkflowLauncher launcher = builder.build()) {
        if (source != null) {
          source.awaitReceiving(Duration.ofSeconds(30));
          // The rule routes the engine's events to the queue: one about a run nobody tracks comes back stale.
          Instant now = Instant.now();
          DescribeExecutionResponse untracked = DescribeExecutionResponse.builder()
              .executionArn(arnOf(RunHandle.of("sfn", MACHINES[0], "not-tracked")))
              .stateMachineArn("arn:aws:states:" + FakeSfnClient.REGION + ":" + FakeSfnClient.ACCOUNT + ":stateMachine:"
                  + MACHINES[0]).name("not-tracked").status("SUCCEEDED").startDate(now.minusSeconds(60)).stopDate(now)
              .input("{}").output("{}").build();
          assertThat(bus.putEvents(r -> r.entries(SfnStatusEvents.entry(untracked, now))).failedEntryCount()).isZero();
          source.awaitTotal(1, Duration.ofSeconds(30));
          assertThat(source.count(EventOutcome.STALE)).as("the put event, through the rule").isEqualTo(1);
        }
        // Run i starts i + 1 ms after the engine clock's origin and ends RUN_FOR later: runs end in start order.
        List<RunHandle> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
          engineTime.advanceBy(Duration.ofMillis(1));
          runs.add(launcher.start(StartRunRequest.builder(WorkflowTarget.of("sfn", MACHINES[i % 3])).build()));
        }
        int describesBefore = server.count("DescribeExecution");
        int listingsBefore = server.count("ListExecutions");

        CountDownLatch firstReads = new CountDownLatch(RUNS);
        long[] endedAt = new long[RUNS];
        long[] sentAt = new long[RUNS];
        long[] doneAt = new long[RUNS];
        List<CompletableFuture<RunStatus>> waits = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
          int run = i;
          AtomicBoolean polled = new AtomicBoolean();
          WaitListener firstRead = new WaitListener() {
            @Override
            public void onPoll(RunStatus status, Duration nextPollIn) {
              if (polled.compareAndSet(false, true)) {
                firstReads.countDown();
              }
            }
          };
          CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(runs.get(i), WAIT.withListener(firstRead));
          waits.add(wait.whenComplete((status, failure) -> doneAt[run] = System.nanoTime()));
        }
        assertThat(firstReads.await(60, TimeUnit.SECONDS)).as("every run read once while running").isTrue();

        // The emitter: every PERIOD, end the next BATCH runs (move the engine's clock past their end) and,
        // with events, send their status change events in one SendMessageBatch call.
        AtomicInteger next = new AtomicInteger();
        CompletableFuture<Void> emitted = new CompletableFuture<>();
        long began = System.nanoTime();
        // After a stall of the machine the executor runs the missed ticks back to back: those are skipped, so
        // that the ends keep their steady rate instead of arriving as one burst.
        AtomicLong lastTick = new AtomicLong(began - PERIOD.toNanos());
        emitter.scheduleAtFixedRate(() -> {
          long tick = System.nanoTime();
          if (tick - lastTick.get() < PERIOD.toNanos() / 2) {
            return;
          }
          lastTick.set(tick);
          int from = next.getAndAdd(BATCH);
          if (from >= RUNS) {
            emitted.complete(null);
            return;
          }
          try {
            int to = Math.min(RUNS, from + BATCH);
            // Run i started i + 1 ms after the origin.
            Instant lastEnd = origin.plusMillis(to).plus(RUN_FOR);
            Duration ahead = Duration.between(engineTime.now(), lastEnd);
            if (!ahead.isNegative()) {
              engineTime.advanceBy(ahead);
            }
            long ended = System.nanoTime();
            for (int i = from; i < to; i++) {
              endedAt[i] = ended;
            }
            if (withEvents) {
              List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
              for (int i = from; i < to; i++) {
                String arn = arnOf(runs.get(i));
                DescribeExecutionResponse execution = fake.describeExecution(r -> r.executionArn(arn));
                String event = SfnStatusEvents.event(execution, Instant.now(), FakeSfnClient.ACCOUNT,
                    FakeSfnClient.REGION);
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(event).build());
              }
              SendMessageBatchResponse sent = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
              long returned = System.nanoTime();
              assertThat(sent.failed()).isEmpty();
              for (int i = from; i < to; i++) {
                sentAt[i] = returned;
              }
            }
          } catch (Throwable e) {
            emitted.completeExceptionally(e);
          }
        }, 0, PERIOD.toNanos(), TimeUnit.NANOSECONDS);
        emitted.get(60, TimeUnit.SECONDS);
        CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        for (int i = 0; i < RUNS; i++) {
          RunStatus status = waits.get(i).join();
          assertThat(status.handle()).isEqualTo(runs.get(i));
          assertThat(status.rawStatus()).as("run %d", i).isEqualTo(RAW[i % 3]);
          assertThat(status.state()).as("run %d", i).isEqualTo(STATES[i % 3]);
        }
        long[] latencies = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
          long from = withEvents ? sentAt[i] : endedAt[i];
          latencies[i] = Math.max(0, TimeUnit.NANOSECONDS.toMillis(doneAt[i] - from));
        }
        Arrays.sort(latencies);
        if (source != null) {
          // The count follows the hand-over, which a wait may outrun.
          source.awaitTotal(RUNS + 1, Duration.ofSeconds(30));
        }
        long requests = launcher.tracker().requestsSent("sfn");
        return new Figures(requests, requests / (double) RUNS, server.count("DescribeExecution") - describesBefore,
            server.count("ListExecutions") - listingsBefore, latencies[RUNS / 2], latencies[RUNS * 99 / 100 - 1],
            latencies[RUNS - 1], source == null ? 0 : source.count(EventOutcome.MATCHED), took);
      }
    } finally {
      emitter.shutdownNow();
    }
  }

  private static String arnOf(RunHandle handle) {
    return "arn:aws:states:" + FakeSfnClient.REGION + ":" + FakeSfnClient.ACCOUNT + ":execution:" + handle.part(0)
        + ":" + handle.part(1);
  }
}
