package io.wflaunch.benchmarks;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.TrackerOptions;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.eventbridge.EventMessages;
import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.EventOutcome;
import io.wflaunch.spi.events.RunEventSink;
import io.wflaunch.testkit.InMemoryWorkflowBackend;
import io.wflaunch.testkit.RunScript;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.events.InMemoryRunEvents;
import io.wflaunch.testkit.events.ManualRunEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What handing one run event to a launcher that tracks 10,000 runs costs, per event: {@code parse} reads
 * a queue message's body ({@link EventMessages#read}); {@code handle} reads it, hands it to the
 * launcher's sink and lets the tracker make the read the event triggers (one {@code getRun} of the
 * in-memory engine, on virtual time); {@code stale} reads and hands over an event about a run the
 * launcher does not track, as most events are for each process of a fleet sharing one topic. Run with
 * {@code -prof gc} for the allocation per event ({@code gc.alloc.rate.norm}).
 *
 * <p>The bodies are shaped like a real engine's status-change event (the envelope, the run's ARN in
 * {@code resources}, a detail with dates, the input and the empty output, about 900 bytes) but carry the
 * in-memory engine's source, detail type and run: {@code delivery=raw} is the event as a rule's queue
 * target (or a topic with raw message delivery) delivers it, {@code delivery=sns} the same event inside
 * an SNS notification.
 *
 * <p>In {@code handle} the event tells that the run succeeded and the read finds it still running, so the
 * wait keeps tracking it and the launcher tracks 10,000 runs throughout: the figure is the event, the
 * hint and the read, without completing the wait (which a wait ended by polling pays too). The waits'
 * own polls and the safety polls are a day apart, so no other read happens; each event moves virtual
 * time 10 µs, which refills the request budget (10^6 per second).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms2g", "-Xmx2g", "-Xmn1500m"})
public class RunEventHandlingBenchmark {

  private static final int RUNS = 10_000;
  private static final Duration STEP = Duration.ofNanos(10_000);
  private static final Duration DAY = Duration.ofDays(1);
  private static final WaitOptions OPTIONS = WaitOptions.builder().minInterval(DAY).maxInterval(DAY).multiplier(1)
      .timeout(Duration.ofDays(365)).build();

  /** How the message carries the event: {@code raw}, or {@code sns} (inside an SNS notification). */
  @Param({"raw", "sns"})
  public String delivery;

  private VirtualScheduler time;
  private WorkflowLauncher launcher;
  private RunEventSink sink;
  private List<CompletableFuture<RunStatus>> waits;
  private String[] bodies;
  private String[] staleBodies;
  private int next;
  private long readsBefore;
  private long events;

  /** Starts 10,000 runs, waits for each and lets the tracker read them once. */
  @Setup(Level.Trial)
  public void setUp() {
    time = new VirtualScheduler();
    InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder().clock(time.clock())
        .workflow("etl", RunScript.runsUntilStopped()).build();
    ManualRunEvents source = new ManualRunEvents(DAY);
    launcher = WorkflowLauncher.builder().backend(memory).clock(time.clock()).scheduler(time).executor(time)
        .random(new Random(7)).runEvents(source)
        .trackerOptions(TrackerOptions.DEFAULT.withRequestsPerSecond(1_000_000).withBurst(100)).build();
    sink = source.sink();
    StartRunRequest request = StartRunRequest.builder(WorkflowTarget.of("memory", "etl")).build();
    waits = new ArrayList<>(RUNS);
    bodies = new String[RUNS];
    staleBodies = new String[RUNS];
    Instant ended = time.now();
    for (int i = 0; i < RUNS; i++) {
      RunHandle run = launcher.start(request);
      waits.add(launcher.awaitCompletionAsync(run, OPTIONS));
      bodies[i] = body(run.part(0), run.part(1), ended, delivery.equals("sns"));
      staleBodies[i] = body(run.part(0), "untracked-" + run.part(1), ended, delivery.equals("sns"));
    }
    time.advanceBy(Duration.ofSeconds(2));
    if (launcher.tracker().trackedRuns() != RUNS || waits.get(0).isDone()) {
      throw new IllegalStateException("the waits should all be pending");
    }
    readsBefore = launcher.tracker().requestsSent(memory.id());
  }

  /** Checks that each handled event cost one read and no wait ended, then closes the launcher. */
  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      long reads = launcher.tracker().requestsSent(InMemoryWorkflowBackend.DEFAULT_ID) - readsBefore;
      if (reads != events || launcher.tracker().trackedRuns() != RUNS) {
        throw new IllegalStateException(events + " events handled made " + reads + " reads with "
            + launcher.tracker().trackedRuns() + " runs tracked; expected one read per event and " + RUNS + " runs");
      }
    } finally {
      launcher.close();
      time.shutdownNow();
    }
  }

  /**
   * Reads one message body.
   *
   * @return the event
   */
  @Benchmark
  public EventEnvelope parse() {
    return EventMessages.read(bodies[next()]);
  }

  /**
   * Reads one message body, hands the event to the launcher and lets the tracker read the run.
   *
   * @return what the launcher made of the event
   */
  @Benchmark
  public EventOutcome handle() {
    EventOutcome outcome = sink.accept(EventMessages.read(bodies[next()]));
    time.advanceBy(STEP);
    if (outcome != EventOutcome.MATCHED) {
      throw new IllegalStateException("the event should match a tracked run, found " + outcome);
    }
    events++;
    return outcome;
  }

  /**
   * Reads one message body about a run nobody tracks and hands the event to the launcher.
   *
   * @return what the launcher made of the event
   */
  @Benchmark
  public EventOutcome stale() {
    EventOutcome outcome = sink.accept(EventMessages.read(staleBodies[next()]));
    if (outcome != EventOutcome.STALE) {
      throw new IllegalStateException("the event should be stale, found " + outcome);
    }
    return outcome;
  }

  private int next() {
    int index = next;
    next = index + 1 == RUNS ? 0 : index + 1;
    return index;
  }

  /** A status-change event as an engine shapes it, with the in-memory engine's source and run. */
  static String body(String workflow, String runId, Instant ended, boolean sns) {
    String arn = "arn:aws:wflaunch:us-east-1:123456789012:run:" + workflow + ":" + runId;
    String event = "{\"version\":\"0\",\"id\":\"" + UUID.randomUUID() + "\",\"detail-type\":\""
        + InMemoryRunEvents.DETAIL_TYPE + "\",\"source\":\"" + InMemoryRunEvents.SOURCE
        + "\",\"account\":\"123456789012\",\"time\":\"" + ended + "\",\"region\":\"us-east-1\",\"resources\":[\""
        + arn + "\"],\"detail\":{\"executionArn\":\"" + arn + "\",\"workflow\":\"" + workflow + "\",\"runId\":\""
        + runId + "\",\"name\":\"" + runId + "\",\"status\":\"SUCCEEDED\",\"startDate\":"
        + ended.minus(Duration.ofMinutes(30)).toEpochMilli() + ",\"stopDate\":" + ended.toEpochMilli()
        + ",\"input\":\"{\\\"date\\\":\\\"2026-01-01\\\",\\\"table\\\":\\\"sales\\\",\\\"mode\\\":\\\"incremental\\\"}\","
        + "\"output\":null,\"inputDetails\":{\"included\":true},\"outputDetails\":{\"included\":true},"
        + "\"redriveCount\":0,\"redriveStatus\":\"NOT_REDRIVABLE\",\"error\":null,\"cause\":null}}";
    if (!sns) {
      return event;
    }
    String topic = "arn:aws:sns:us-east-1:123456789012:wflaunch-run-events";
    return "{\"Type\":\"Notification\",\"MessageId\":\"" + UUID.randomUUID() + "\",\"TopicArn\":\"" + topic
        + "\",\"Message\":\"" + event.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"Timestamp\":\""
        + ended + "\",\"SignatureVersion\":\"1\",\"Signature\":\"" + "A".repeat(344)
        + "\",\"SigningCertURL\":\"https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000.pem\","
        + "\"UnsubscribeURL\":\"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" + topic
        + ":" + UUID.randomUUID() + "\"}";
  }
}
