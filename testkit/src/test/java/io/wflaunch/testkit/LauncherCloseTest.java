package io.wflaunch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.BulkListener;
import io.wflaunch.BulkOptions;
import io.wflaunch.CancelledException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartResult;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Closing a launcher ends every future it handed out, whatever they were waiting for: a bulk start
 * waiting to try a throttled request again and pacing the rest, a start pausing between attempts, a
 * wait. On the launcher's own scheduler and threads (which close shuts down), in real time.
 */
class LauncherCloseTest {

  private static final WorkflowTarget ETL = WorkflowTarget.of("memory", "etl");
  /** How long after close() a handed-out future may take to complete. */
  private static final long BOUND_SECONDS = 5;

  @Test
  void everyFutureCompletesWhenTheLauncherCloses() throws Exception {
    for (int round = 0; round < 200; round++) {
      closeDuringWork(round);
    }
  }

  private void closeDuringWork(int round) throws Exception {
    InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder()
        .workflow("etl", RunScript.succeedsAfter(Duration.ofHours(1))).build();
    WorkflowLauncher launcher = WorkflowLauncher.builder().backend(memory)
        .startPolicy(StartPolicy.builder().maxAttempts(1).lookUps(2, Duration.ofMinutes(1)).build())
        .build();
    RunHandle running = launcher.start(StartRunRequest.builder(ETL).build());
    CompletableFuture<io.wflaunch.RunStatus> wait = launcher.awaitCompletionAsync(running, WaitOptions.DEFAULT);

    // A start whose answer is lost while the listing hides its run: it pauses a minute before looking
    // again.
    memory.lagListings(1);
    memory.loseNextStartResponses(1);
    CompletableFuture<RunHandle> single = launcher.startAsync(StartRunRequest.builder(ETL).parameter("single", "1")
        .build());
    // Every request from here on is throttled: the bulk's first request waits to be tried again, the rest
    // are paced at a slow rate.
    memory.throttleNext(Integer.MAX_VALUE);
    CountDownLatch waiting = new CountDownLatch(1);
    List<StartResult> told = new CopyOnWriteArrayList<>();
    CompletableFuture<List<StartResult>> all = launcher.startAllAsync(
        IntStream.range(0, 5).mapToObj(n -> StartRunRequest.builder(ETL).parameter("n", "" + n).build()).toList(),
        BulkOptions.DEFAULT.withStartsPerSecond(0.01).withListener(new BulkListener() {
          @Override
          public void onResult(StartResult result, int started, int failed) {
            told.add(result);
          }

          @Override
          public void onWait(int index, WorkflowLaunchException reason, Duration retryIn) {
            waiting.countDown();
          }
        }));
    assertThat(waiting.await(BOUND_SECONDS, TimeUnit.SECONDS)).as("round %d: the bulk's first request waits", round)
        .isTrue();

    launcher.close();

    assertThat(completion(all)).as("round %d: startAll", round).isInstanceOf(CancelledException.class);
    assertThat(completion(single)).as("round %d: the pausing start", round)
        .isInstanceOfSatisfying(CancelledException.class, e -> assertThat(e.outcomeUnknown())
            .as("its start request's answer was lost: a run may exist").isTrue());
    assertThat(completion(wait)).as("round %d: the wait", round).isInstanceOf(CancelledException.class);
    assertThat(told).as("round %d: the waiting request's result", round).singleElement()
        .satisfies(result -> assertThat(result.error()).get().isInstanceOfSatisfying(CancelledException.class,
            e -> assertThat(e.outcomeUnknown()).isFalse()));
    assertThat(memory.runCount(ETL)).as("round %d: the first run and the lost answer's", round).isEqualTo(2);
  }

  /** The failure the future completed with, within the bound. */
  private static Throwable completion(CompletableFuture<?> future) throws Exception {
    try {
      future.get(BOUND_SECONDS, TimeUnit.SECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
  }
}
