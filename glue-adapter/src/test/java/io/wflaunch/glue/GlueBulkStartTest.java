package io.wflaunch.glue;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.BulkListener;
import io.wflaunch.BulkOptions;
import io.wflaunch.LimitExceededException;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartResult;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.glue.FakeGlueClient;
import io.wflaunch.testkit.glue.GlueRunScript;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.WorkflowRun;

/** startAll over the Glue fake, on virtual time: MaxConcurrentRuns, the rate, backpressure, order. */
class GlueBulkStartTest {

  private static final WorkflowTarget ETL = WorkflowTarget.of("glue", "etl");

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeGlueClient glue = FakeGlueClient.create(time.clock())
      .addWorkflow("etl", GlueRunScript.completesAfter(Duration.ofMinutes(2)), 10, Map.of());
  private final WorkflowLauncher launcher = WorkflowLauncher.builder()
      .backend(GlueBackend.builder(glue).clock(time.clock()).build())
      .clock(time.clock()).scheduler(time).executor(time).random(new Random(4))
      .startPolicy(StartPolicy.DEFAULT.withoutPauses())
      .build();

  @AfterEach
  void close() {
    launcher.close();
    time.shutdownNow();
  }

  @Test
  void aThousandStartsWithMaxConcurrentRunsTenAllStartAndNeverMoreThanTenRun() {
    List<StartRunRequest> requests = IntStream.range(0, 1000)
        .mapToObj(i -> StartRunRequest.builder(ETL).parameter("part", Integer.toString(i)).build()).toList();
    AtomicInteger waits = new AtomicInteger();
    BulkOptions options = BulkOptions.DEFAULT.withConcurrency(20).withStartsPerSecond(50).withListener(new BulkListener() {
      @Override
      public void onWait(int index, WorkflowLaunchException reason, Duration retryIn) {
        assertThat(reason).isInstanceOf(LimitExceededException.class);
        waits.incrementAndGet();
      }
    });

    CompletableFuture<List<StartResult>> all = launcher.startAllAsync(requests, options);
    assertThat(time.advanceUntil(all::isDone, Duration.ofHours(10))).isTrue();

    List<StartResult> results = all.join();
    assertThat(results).hasSize(1000).allSatisfy(result -> assertThat(result.started()).as("%s", result).isTrue());
    assertThat(results).extracting(StartResult::index).containsExactlyElementsOf(IntStream.range(0, 1000).boxed().toList());
    assertThat(results).extracting(StartResult::request).containsExactlyElementsOf(requests);
    List<WorkflowRun> runs = glue.runsOf("etl");
    assertThat(runs).hasSize(1000);
    assertThat(mostAtOnce(runs)).as("runs RUNNING at the same time").isEqualTo(10);
    assertThat(waits.get()).as("starts that waited for a slot").isPositive();
    assertThat(results).extracting(result -> glue.runsOf("etl").stream()
        .filter(run -> run.workflowRunId().equals(result.handle().orElseThrow().part(1)))
        .findFirst().orElseThrow().workflowRunProperties().get("part"))
        .as("each result holds the run of its own request")
        .containsExactlyElementsOf(IntStream.range(0, 1000).mapToObj(Integer::toString).toList());
  }

  @Test
  void requestsAreReadOnlyAsStartsCanBeginAndNeverFasterThanTheRate() {
    FakeGlueClient open = glue.addWorkflow("open", GlueRunScript.completesAfter(Duration.ofMinutes(1)));
    assertThat(open).isSameAs(glue);
    List<Instant> reads = new ArrayList<>();
    Iterable<StartRunRequest> lazy = () -> new Iterator<>() {
      int next;

      @Override
      public boolean hasNext() {
        return next < 100;
      }

      @Override
      public StartRunRequest next() {
        reads.add(time.now());
        return StartRunRequest.builder(WorkflowTarget.of("glue", "open")).parameter("n", Integer.toString(next++)).build();
      }
    };

    CompletableFuture<List<StartResult>> all = launcher.startAllAsync(lazy, BulkOptions.DEFAULT.withStartsPerSecond(5));
    time.runDueTasks();
    assertThat(reads).as("read only as the rate allows, not all at once").hasSizeLessThanOrEqualTo(5);
    assertThat(time.advanceUntil(all::isDone, Duration.ofHours(1))).isTrue();

    assertThat(all.join()).hasSize(100).allSatisfy(result -> assertThat(result.started()).isTrue());
    Instant first = reads.get(0);
    for (int i = 0; i < reads.size(); i++) {
      Instant windowEnd = reads.get(i).plusSeconds(2);
      long inWindow = reads.subList(i, reads.size()).stream().takeWhile(at -> at.isBefore(windowEnd)).count();
      assertThat(inWindow).as("requests read in the 2 s after read %d", i).isLessThanOrEqualTo(5 + 5 * 2);
    }
    assertThat(Duration.between(first, reads.get(99))).as("100 starts at 5 per second").isGreaterThan(Duration.ofSeconds(18));
  }

  @Test
  void aFailedRequestIsItsOwnResultAndTheOthersGoOn() {
    List<StartRunRequest> requests = List.of(
        StartRunRequest.builder(ETL).build(),
        StartRunRequest.builder(WorkflowTarget.of("glue", "missing")).build(),
        StartRunRequest.builder(ETL).build());

    CompletableFuture<List<StartResult>> all = launcher.startAllAsync(requests, BulkOptions.DEFAULT);
    time.advanceUntil(all::isDone, Duration.ofHours(1));

    List<StartResult> results = all.join();
    assertThat(results).extracting(StartResult::started).containsExactly(true, false, true);
    assertThat(results.get(1).error()).hasValueSatisfying(error -> {
      assertThat(error).isInstanceOf(io.wflaunch.WorkflowNotFoundException.class);
      assertThat(error.outcomeUnknown()).isFalse();
    });
  }

  @Test
  void aStartThatCannotGetASlotWithinMaxWaitFailsWithTheLimit() {
    glue.addWorkflow("busy", GlueRunScript.runsUntilStopped(), 1, Map.of());
    WorkflowTarget busy = WorkflowTarget.of("glue", "busy");
    List<StartRunRequest> requests = List.of(StartRunRequest.builder(busy).build(), StartRunRequest.builder(busy).build());

    CompletableFuture<List<StartResult>> all = launcher.startAllAsync(requests,
        BulkOptions.DEFAULT.withConcurrency(1).withMaxWait(Duration.ofMinutes(5)));
    time.advanceUntil(all::isDone, Duration.ofHours(1));

    List<StartResult> results = all.join();
    assertThat(results.get(0).started()).isTrue();
    assertThat(results.get(1).error()).hasValueSatisfying(error -> assertThat(error).isInstanceOf(LimitExceededException.class));
    assertThat(time.now()).isBetween(VirtualScheduler.DEFAULT_ORIGIN.plus(Duration.ofMinutes(5)),
        VirtualScheduler.DEFAULT_ORIGIN.plus(Duration.ofMinutes(6)));
    assertThat(glue.runsOf("busy")).hasSize(1);
  }

  private static int mostAtOnce(List<WorkflowRun> runs) {
    List<long[]> edges = new ArrayList<>();
    for (WorkflowRun run : runs) {
      edges.add(new long[] {run.startedOn().toEpochMilli(), 1});
      edges.add(new long[] {run.completedOn() == null ? Long.MAX_VALUE : run.completedOn().toEpochMilli(), -1});
    }
    edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int running = 0;
    int most = 0;
    for (long[] edge : edges) {
      running += (int) edge[1];
      most = Math.max(most, running);
    }
    return most;
  }
}
