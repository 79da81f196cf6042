package io.wflaunch.benchmarks;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.TrackerOptions;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.codecatalyst.CodeCatalystBackend;
import io.wflaunch.glue.GlueBackend;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.swf.SwfBackend;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.codecatalyst.CodeCatalystRunScript;
import io.wflaunch.testkit.codecatalyst.FakeCodeCatalystClient;
import io.wflaunch.testkit.glue.FakeGlueClient;
import io.wflaunch.testkit.glue.GlueRunScript;
import io.wflaunch.testkit.swf.FakeSwfClient;
import io.wflaunch.testkit.swf.SwfRunScript;
import java.time.Duration;
import java.time.Instant;
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
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunStatus;

/**
 * The requests it takes to see 1,000 runs end, spread over 30 minutes, on each backend's fake in
 * virtual time: through the tracker (batched listings within the default request budget), by per-run
 * polling on the same schedule ({@link WaitOptions#DEFAULT}, each run read on its own), and by a naive
 * fixed 30-second poll per run. Reported as the auxiliary counters {@code requests} and
 * {@code virtualMinutes} (until the last run was seen to end) of each invocation; the time column is the
 * CPU-bound cost of simulating it and means little.
 * <p>The runs: Glue, 1,000 runs of one workflow stopped at random times; SWF, 1,000 executions of 30
 * types in one domain completing after 1 to 30 minutes; CodeCatalyst, 1,000 runs of 30 workflows ending
 * after 1 to 30 minutes (CodeCatalyst lists runs per workflow, 50 to a page).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 1)
@Fork(1)
public class TrackingBenchmark {

  private static final int RUNS = 1000;

  /** Where the runs are. */
  @Param({"glue", "swf", "codecatalyst"})
  public String backend;

  /** How they are waited for. */
  @Param({"tracker", "perRun", "fixed30s"})
  public String strategy;

  /** What one invocation cost. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Cost {
    /** Read requests sent while waiting. */
    public long requests;
    /** Virtual minutes until every run was seen to end. */
    public long virtualMinutes;

    /** Clears the counters. */
    @Setup(Level.Invocation)
    public void clear() {
      requests = 0;
      virtualMinutes = 0;
    }
  }

  /**
   * Waits for 1,000 runs and counts the requests.
   *
   * @param cost the counters
   * @return the statuses
   */
  @Benchmark
  public List<RunStatus> awaitThousandRuns(Cost cost) {
    VirtualScheduler time = new VirtualScheduler();
    Random random = new Random(11);
    Scenario scenario = scenario(time, random);
    boolean batched = strategy.equals("tracker");
    WorkflowBackend waitedOn = batched ? scenario.backend() : new PerRunBackend(scenario.backend());
    TrackerOptions budget = batched ? TrackerOptions.DEFAULT
        : TrackerOptions.DEFAULT.withRequestsPerSecond(1_000_000).withBurst(1_000_000);
    WaitOptions options = strategy.equals("fixed30s")
        ? WaitOptions.builder().minInterval(Duration.ofSeconds(30)).maxInterval(Duration.ofSeconds(30)).multiplier(1)
            .timeout(Duration.ofHours(2)).build()
        : WaitOptions.DEFAULT.withTimeout(Duration.ofHours(2));
    try (WorkflowLauncher starter = launcher(scenario.backend(), time, TrackerOptions.DEFAULT);
        WorkflowLauncher waiter = launcher(waitedOn, time, budget)) {
      List<RunHandle> runs = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        runs.add(starter.start(StartRunRequest.builder(scenario.targets().get(i % scenario.targets().size())).build()));
        scenario.afterStart(runs.get(i), i);
      }
      Instant started = time.now();
      CompletableFuture<List<RunStatus>> all = waiter.awaitAllAsync(runs, options);
      if (!time.advanceUntil(all::isDone, Duration.ofHours(3))) {
        throw new IllegalStateException("the runs did not end in 3 virtual hours");
      }
      cost.requests = waiter.tracker().requestsSent(scenario.backend().id());
      cost.virtualMinutes = Duration.between(started, time.now()).toMinutes();
      return all.join();
    } finally {
      time.shutdownNow();
    }
  }

  private static WorkflowLauncher launcher(WorkflowBackend backend, VirtualScheduler time, TrackerOptions budget) {
    return WorkflowLauncher.builder().backend(new Unclosed(backend)).clock(time.clock()).scheduler(time)
        .executor(time).random(new Random(5)).trackerOptions(budget).build();
  }

  private Scenario scenario(VirtualScheduler time, Random random) {
    switch (backend) {
      case "glue": {
        FakeGlueClient glue = FakeGlueClient.create(time.clock()).stopDelay(Duration.ZERO)
            .addWorkflow("etl", GlueRunScript.runsUntilStopped());
        GlueBackend backend = GlueBackend.builder(glue).clock(time.clock()).build();
        return new Scenario(backend, List.of(WorkflowTarget.of("glue", "etl")), (run, i) ->
            time.schedule(() -> glue.stopWorkflowRun(r -> r.name("etl").runId(run.part(1))),
                1 + random.nextInt(30 * 60), TimeUnit.SECONDS));
      }
      case "swf": {
        FakeSwfClient swf = FakeSwfClient.create(time.clock());
        List<WorkflowTarget> targets = new ArrayList<>();
        for (int minutes = 1; minutes <= 30; minutes++) {
          swf.addWorkflowType("batch", "Job" + minutes, "1", SwfRunScript.completesAfter(Duration.ofMinutes(minutes)));
          targets.add(WorkflowTarget.of("swf", "batch", "Job" + minutes, "1"));
        }
        return new Scenario(SwfBackend.builder(swf).clock(time.clock()).build(), targets, (run, i) -> { });
      }
      case "codecatalyst": {
        FakeCodeCatalystClient codecatalyst = FakeCodeCatalystClient.create(time.clock());
        List<WorkflowTarget> targets = new ArrayList<>();
        for (int minutes = 1; minutes <= 30; minutes++) {
          codecatalyst.addWorkflow("space", "project", "job-" + minutes,
              CodeCatalystRunScript.endsAfter(Duration.ofMinutes(minutes), WorkflowRunStatus.SUCCEEDED));
          targets.add(WorkflowTarget.of("codecatalyst", "space", "project", "job-" + minutes));
        }
        return new Scenario(CodeCatalystBackend.builder(codecatalyst).clock(time.clock()).build(), targets, (run, i) -> { });
      }
      default:
        throw new IllegalArgumentException(backend);
    }
  }

  /** The backend, the workflows the runs are spread over, and what happens after each start. */
  private record Scenario(WorkflowBackend backend, List<WorkflowTarget> targets,
      java.util.function.BiConsumer<RunHandle, Integer> afterStart) {
    void afterStart(RunHandle run, int index) {
      afterStart.accept(run, index);
    }
  }
}
