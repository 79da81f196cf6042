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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What tracking 100,000 runs holds: {@code registerWaits} times registering 100,000 waits with
 * {@code awaitCompletionAsync} (the score); {@code footprint} registers them, lets the tracker read
 * every run once, and reports the heap each tracked run holds ({@code bytesPerRun}, after full GCs,
 * handles excluded: they exist before the waits) and the threads started ({@code threadsAdded}) as
 * auxiliary counters of its one measured invocation (its time score means nothing).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-XX:+UseParallelGC"})
public class TrackerFootprintBenchmark {

  private static final int RUNS = 100_000;
  private static final WaitOptions OPTIONS = WaitOptions.DEFAULT.withTimeout(Duration.ofDays(1));

  private VirtualScheduler time;
  private WorkflowLauncher launcher;
  private List<RunHandle> runs;
  private List<CompletableFuture<RunStatus>> waits;

  /** The footprint counters. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Footprint {
    /** Heap per tracked run, in bytes. */
    public long bytesPerRun;
    /** Threads started by registering the waits and the first read. */
    public long threadsAdded;
  }

  /** Starts 100,000 runs on an in-memory backend, on virtual time. */
  @Setup(Level.Invocation)
  public void setUp() {
    time = new VirtualScheduler();
    InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder().clock(time.clock())
        .workflow("etl", RunScript.runsUntilStopped()).build();
    launcher = WorkflowLauncher.builder().backend(memory).clock(time.clock()).scheduler(time).executor(time)
        .random(new Random(3)).build();
    runs = new ArrayList<>(RUNS);
    StartRunRequest request = StartRunRequest.builder(WorkflowTarget.of("memory", "etl")).build();
    for (int i = 0; i < RUNS; i++) {
      runs.add(launcher.start(request));
    }
    waits = new ArrayList<>(RUNS);
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
   * Registers 100,000 waits.
   *
   * @return the waits
   */
  @Benchmark
  public List<CompletableFuture<RunStatus>> registerWaits() {
    for (RunHandle run : runs) {
      waits.add(launcher.awaitCompletionAsync(run, OPTIONS));
    }
    return waits;
  }

  /**
   * Registers 100,000 waits, lets the tracker read them once, and measures what they hold.
   *
   * @param footprint the counters
   * @return the waits
   */
  @Benchmark
  @Warmup(iterations = 1)
  @Measurement(iterations = 1)
  public List<CompletableFuture<RunStatus>> footprint(Footprint footprint) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    int threadsBefore = Thread.activeCount();
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
    footprint.bytesPerRun = (after - before) / RUNS;
    footprint.threadsAdded = Thread.activeCount() - threadsBefore;
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
