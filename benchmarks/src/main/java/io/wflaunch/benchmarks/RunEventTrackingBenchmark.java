package io.wflaunch.benchmarks;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.TrackerOptions;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.events.EventOutcome;
import io.wflaunch.testkit.InMemoryWorkflowBackend;
import io.wflaunch.testkit.RunScript;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.events.InMemoryRunEvents;
import io.wflaunch.testkit.events.ManualRunEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The reads it takes to see 10,000 tracked runs end at a steady rate, with run events and without, on
 * the in-memory engine in virtual time. The runs are started 180 ms apart and each runs 30 minutes and
 * 1 second, so once the last has started, all 10,000 are tracked and they end at a steady 5.6 runs per
 * second over the next 30 minutes. With {@code events=on} the launcher takes events from a
 * {@link ManualRunEvents} source (safety interval 5 minutes) and each run's end event is published at the
 * instant it ends; with {@code events=off} there is no source and runs are found ending by polling on
 * {@link WaitOptions#DEFAULT}'s schedule. The request budget does not limit either ({@code 10^6}
 * requests per second), so each figure is what the strategy asks for.
 *
 * <p>{@code reads=listed}: the engine lists a workflow's runs in one request, as the backends with
 * batched reads do; {@code reads=single}: every run is read on its own, as on engines without listings.
 *
 * <p>Reported as the auxiliary counters of each invocation: {@code readsPerRun} (the tracker's
 * {@code requestsSent} divided by the runs), {@code requests}, {@code noticeMeanSeconds} and
 * {@code noticeMaxSeconds} (virtual time from a run's end to its wait's completion),
 * {@code virtualMinutes} (from the first wait until the last ended) and {@code eventsMatched}. The time
 * score is the CPU cost of simulating it and means little. Every wait must end {@code SUCCEEDED}, or the
 * invocation fails. Virtual time and seeded randomness make each invocation the same; with {@code -i} above
 * 1, read the iterations' lines: JMH's summary line gives the sum of the iterations' counters.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class RunEventTrackingBenchmark {

  private static final int RUNS = 10_000;
  private static final Duration START_SPACING = Duration.ofMillis(180);
  private static final Duration RUN_TIME = Duration.ofMinutes(30).plusSeconds(1);
  private static final Duration SAFETY_INTERVAL = Duration.ofMinutes(5);
  private static final WaitOptions OPTIONS = WaitOptions.DEFAULT.withTimeout(Duration.ofHours(2));
  private static final TrackerOptions UNLIMITED =
      TrackerOptions.DEFAULT.withRequestsPerSecond(1_000_000).withBurst(1_000_000);

  /** Whether the launcher takes run events: {@code on} or {@code off}. */
  @Param({"on", "off"})
  public String events;

  /** How the engine answers the tracker: {@code listed} (a listing per workflow) or {@code single}. */
  @Param({"listed", "single"})
  public String reads;

  /** What one invocation cost. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Cost {
    /** Read requests per run. */
    public double readsPerRun;
    /** Read requests sent while waiting. */
    public long requests;
    /** Mean virtual seconds from a run's end to its wait's end. */
    public double noticeMeanSeconds;
    /** Longest virtual time from a run's end to its wait's end, in seconds. */
    public double noticeMaxSeconds;
    /** Virtual minutes from the first wait until the last wait ended. */
    public long virtualMinutes;
    /** Events that matched a tracked run. */
    public long eventsMatched;

    /** Clears the counters. */
    @Setup(Level.Invocation)
    public void clear() {
      readsPerRun = 0;
      requests = 0;
      noticeMeanSeconds = 0;
      noticeMaxSeconds = 0;
      virtualMinutes = 0;
      eventsMatched = 0;
    }
  }

  /**
   * Starts 10,000 runs, waits for them all and counts the reads.
   *
   * @param cost the counters
   * @return the statuses
   */
  @Benchmark
  public List<RunStatus> awaitTenThousandRuns(Cost cost) {
    VirtualScheduler time = new VirtualScheduler();
    InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder().clock(time.clock())
        .workflow("etl", RunScript.succeedsAfter(RUN_TIME)).build()
        .listsRuns(reads.equals("listed"));
    ManualRunEvents source = events.equals("on") ? new ManualRunEvents(SAFETY_INTERVAL) : null;
    WorkflowLauncher.Builder builder = WorkflowLauncher.builder().backend(memory).clock(time.clock())
        .scheduler(time).executor(time).random(new Random(5)).trackerOptions(UNLIMITED);
    if (source != null) {
      builder.runEvents(source);
    }
    try (WorkflowLauncher launcher = builder.build()) {
      StartRunRequest request = StartRunRequest.builder(WorkflowTarget.of("memory", "etl")).build();
      RunHandle[] runs = new RunHandle[RUNS];
      Instant[] ends = new Instant[RUNS];
      for (int i = 0; i < RUNS; i++) {
        if (i > 0) {
          time.advanceBy(START_SPACING);
        }
        runs[i] = memory.start(request);
        ends[i] = time.now().plus(RUN_TIME);
      }
      Instant first = time.now();
      long[] noticeNanos = new long[RUNS];
      List<CompletableFuture<RunStatus>> waits = new ArrayList<>(RUNS);
      for (int i = 0; i < RUNS; i++) {
        int run = i;
        CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(runs[i], OPTIONS);
        wait.thenRun(() -> noticeNanos[run] = Duration.between(ends[run], time.now()).toNanos());
        waits.add(wait);
        if (source != null) {
          time.schedule(() -> source.publish(InMemoryRunEvents.eventOf(runs[run], RunState.SUCCEEDED, ends[run])),
              Duration.between(time.now(), ends[i]).toNanos(), TimeUnit.NANOSECONDS);
        }
      }
      CompletableFuture<Void> all = CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
      if (!time.advanceUntil(all::isDone, Duration.ofHours(2))) {
        throw new IllegalStateException("the runs did not end in 2 virtual hours");
      }
      List<RunStatus> statuses = new ArrayList<>(RUNS);
      for (CompletableFuture<RunStatus> wait : waits) {
        RunStatus status = wait.join();
        if (status.state() != RunState.SUCCEEDED) {
          throw new IllegalStateException("a wait ended " + status.state() + ", not SUCCEEDED");
        }
        statuses.add(status);
      }
      cost.requests = launcher.tracker().requestsSent(memory.id());
      cost.readsPerRun = (double) cost.requests / RUNS;
      cost.noticeMeanSeconds = Arrays.stream(noticeNanos).average().orElse(0) / 1e9;
      cost.noticeMaxSeconds = Arrays.stream(noticeNanos).max().orElse(0) / 1e9;
      cost.virtualMinutes = Duration.between(first, time.now()).toMinutes();
      cost.eventsMatched = source == null ? 0 : source.count(EventOutcome.MATCHED);
      return statuses;
    } finally {
      time.shutdownNow();
    }
  }
}
