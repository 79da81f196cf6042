package io.wflaunch.benchmarks;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.InMemoryWorkflowBackend;
import io.wflaunch.testkit.RunScript;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.events.ManualRunEvents;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The heap 10,000 tracked waits hold with run events and without, measured as
 * {@link TrackerFootprintBenchmark} does: the heap in use after full collections
 * ({@link MemoryMXBean#getHeapMemoryUsage()}, four {@code System.gc()} calls) before the waits are
 * registered and after the tracker has read every run once, divided by the runs; the handles exist before
 * and are not counted. With {@code events=on} the launcher takes events from a {@link ManualRunEvents}
 * source, so the tracker also indexes its runs by handle. Reported as the auxiliary counter
 * {@code bytesPerRun} of each invocation (its time score means nothing). Each iteration builds a new
 * launcher, so with {@code -i 5} the iterations' lines show the method's noise; JMH's summary line then
 * gives the sum of the iterations' counters, not their mean.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC"})
public class RunEventFootprintBenchmark {

  private static final int RUNS = 10_000;
  private static final WaitOptions OPTIONS = WaitOptions.DEFAULT.withTimeout(Duration.ofDays(1));

  /** Whether the launcher takes run events: {@code on} or {@code off}. */
  @Param({"on", "off"})
  public String events;

  private VirtualScheduler time;
  private WorkflowLauncher launcher;
  private List<RunHandle> runs;
  private List<CompletableFuture<RunStatus>> waits;

  /** The footprint counter. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Footprint {
    /** Heap per tracked run, in bytes. */
    public double bytesPerRun;
  }

  /** Starts 10,000 runs that run until stopped on an in-memory backend, on virtual time. */
  @Setup(Level.Invocation)
  public void setUp() {
    time = new VirtualScheduler();
    InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder().clock(time.clock())
        .workflow("etl", RunScript.runsUntilStopped()).build();
    WorkflowLauncher.Builder builder = WorkflowLauncher.builder().backend(memory).clock(time.clock())
        .scheduler(time).executor(time).random(new Random(3));
    if (events.equals("on")) {
      builder.runEvents(new ManualRunEvents(Duration.ofMinutes(5)));
    }
    launcher = builder.build();
    runs = new ArrayList<>(RUNS);
    StartRunRequest request = StartRunRequest.builder(WorkflowTarget.of("memory", "etl")).build();
    for (int i = 0; i < RUNS; i++) {
      runs.add(launcher.start(request));
    }
  }

  /** Fails the waits and drops everything. */
  @TearDown(Level.Invocation)
  public void tearDown() {
    launcher.close();
    time.shutdownNow();
    waits = null;
    runs = null;
  }

  /**
   * Registers 10,000 waits, lets the tracker read them once, and measures what they hold.
   *
   * @param footprint the counter
   * @return the waits
   */
  @Benchmark
  public List<CompletableFuture<RunStatus>> footprint(Footprint footprint) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    List<CompletableFuture<RunStatus>> list = new ArrayList<>(RUNS);
    long before = usedAfterGc(memory);
    for (RunHandle run : runs) {
      list.add(launcher.awaitCompletionAsync(run, OPTIONS));
    }
    time.advanceBy(Duration.ofSeconds(2));
    if (launcher.tracker().trackedRuns() != RUNS || list.get(0).isDone()) {
      throw new IllegalStateException("the waits should all be pending");
    }
    long after = usedAfterGc(memory);
    footprint.bytesPerRun = (double) (after - before) / RUNS;
    waits = list;
    return list;
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
