package io.wflaunch.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.ThrottledException;
import io.wflaunch.WaitListener;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.sfn.FakeSfnClient;
import io.wflaunch.testkit.sfn.SfnRunScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/**
 * How often short handles ({@code sfn:<stateMachine>/<executionName>}) make the backend list state
 * machines, counted on the testkit's fake: concurrent reads share one listing, a listing that showed the
 * account is enough for every later handle (with no cache at all too), a state machine that is not
 * there is found missing with one listing, and a throttled listing in a batched read is reported for
 * its runs, so that the tracker backs off.
 */
class StepFunctionsShortHandleListingTest {

  private static final int READERS = 8;

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeSfnClient sfn = FakeSfnClient.create(time.clock());
  private final String orders = sfn.addStateMachine("orders", SfnRunScript.succeedsAfter(Duration.ofMinutes(1)));

  private RunHandle started(String name) {
    sfn.startExecution(request -> request.stateMachineArn(orders).name(name));
    return RunHandle.of("sfn", "orders", name);
  }

  private StepFunctionsBackend backend(Duration nameCacheTtl) {
    return StepFunctionsBackend.builder(sfn).clock(time.clock()).nameCacheTtl(nameCacheTtl).build();
  }

  @Test
  void concurrentReadsWithoutACacheShareTheListingInFlight() throws Exception {
    StepFunctionsBackend backend = backend(Duration.ZERO);
    List<RunHandle> handles = new ArrayList<>();
    for (int i = 0; i < READERS; i++) {
      handles.add(started("order-" + i));
    }
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger entered = new AtomicInteger();
    sfn.beforeListStateMachines(() -> {
      if (entered.incrementAndGet() == 1) {
        await(release);
      }
    });
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch ready = new CountDownLatch(READERS);
    List<CompletableFuture<RunStatus>> reads = new ArrayList<>();
    List<Thread> readers = new ArrayList<>();
    for (RunHandle handle : handles) {
      CompletableFuture<RunStatus> read = new CompletableFuture<>();
      reads.add(read);
      Thread reader = new Thread(() -> {
        ready.countDown();
        await(go);
        try {
          read.complete(backend.getRun(handle));
        } catch (RuntimeException e) {
          read.completeExceptionally(e);
        }
      });
      reader.start();
      readers.add(reader);
    }
    ready.await(10, TimeUnit.SECONDS);
    go.countDown();

    // Each reader either waits inside the state machine resolution (the first holding the listing, the
    // others joining it) or is done: only then is the listing let go.
    assertThat(waitUntil(() -> readers.stream().allMatch(StepFunctionsShortHandleListingTest::waitingForAListing)))
        .as("every reader waits for the one listing: %s", new Object() {
          @Override
          public String toString() {
            return readers.stream().map(t -> t.getState() + " " + Arrays.toString(t.getStackTrace())).toList().toString();
          }
        }).isTrue();
    int listingsWhileHeld = sfn.listStateMachinesRequests();
    release.countDown();

    assertThat(CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS)).isNull();
    assertThat(listingsWhileHeld).isEqualTo(1);
    assertThat(sfn.listStateMachinesRequests()).as("one ListStateMachines for %d readers", READERS).isEqualTo(1);
    for (int i = 0; i < READERS; i++) {
      assertThat(reads.get(i).join().handle()).isEqualTo(handles.get(i));
      assertThat(reads.get(i).join().state()).isEqualTo(RunState.RUNNING);
    }
  }

  @Test
  void aListingEndedByAnErrorIsNotLeftInFlightForTheNextRead() throws Exception {
    StepFunctionsBackend backend = backend(Duration.ZERO);
    RunHandle first = started("first");
    AtomicInteger entered = new AtomicInteger();
    sfn.beforeListStateMachines(() -> {
      if (entered.incrementAndGet() == 1) {
        throw new LinkageError("a class could not be loaded");
      }
    });

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> backend.getRun(first));
    while (thrown != null && thrown.getCause() != null) {
      thrown = thrown.getCause();
    }
    assertThat(thrown).isInstanceOf(LinkageError.class);
    CompletableFuture<RunStatus> next = CompletableFuture.supplyAsync(() -> backend.getRun(first));

    assertThat(next.get(10, TimeUnit.SECONDS).state()).isEqualTo(RunState.RUNNING);
    assertThat(sfn.listStateMachinesRequests()).isEqualTo(2);
  }

  @Test
  void aStartWhileAReadsListingIsInFlightJoinsIt() throws Exception {
    StepFunctionsBackend backend = backend(Duration.ZERO);
    WorkflowLauncher launcher = WorkflowLauncher.builder().backend(backend).clock(time.clock())
        .startPolicy(StartPolicy.DEFAULT.withoutPauses()).build();
    try (launcher) {
      RunHandle a = started("a");
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger entered = new AtomicInteger();
      sfn.beforeListStateMachines(() -> {
        if (entered.incrementAndGet() == 1) {
          await(release);
        }
      });
      CompletableFuture<RunStatus> read = new CompletableFuture<>();
      Thread reader = new Thread(() -> complete(read, () -> backend.getRun(a)));
      reader.start();
      assertThat(waitUntil(() -> waitingForAListing(reader))).as("the read holds the listing").isTrue();
      CompletableFuture<RunHandle> start = new CompletableFuture<>();
      Thread starter = new Thread(() -> complete(start, () -> launcher.start(
          io.wflaunch.StartRunRequest.builder(io.wflaunch.WorkflowTarget.of("sfn", "orders")).idempotencyKey("k-1").build())));
      starter.start();

      assertThat(waitUntil(() -> waitingForAListing(starter))).as("the start joins the read's listing").isTrue();
      int listingsWhileHeld = sfn.listStateMachinesRequests();
      release.countDown();

      assertThat(start.get(10, TimeUnit.SECONDS)).isEqualTo(RunHandle.of("sfn", "orders", "k-1"));
      assertThat(read.get(10, TimeUnit.SECONDS).state()).isEqualTo(RunState.RUNNING);
      assertThat(listingsWhileHeld).isEqualTo(1);
      assertThat(sfn.listStateMachinesRequests()).isEqualTo(1);
      assertThat(sfn.executionsOf("orders")).extracting(DescribeExecutionResponse::name).containsExactly("a", "k-1");
    }
  }

  @Test
  void aStartWhoseStateMachineTheJoinedListingLacksListsOnItsOwn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger listings = new AtomicInteger();
    software.amazon.awssdk.services.sfn.SfnClient client = org.mockito.Mockito.mock(
        software.amazon.awssdk.services.sfn.SfnClient.class, org.mockito.AdditionalAnswers.delegatesTo(sfn));
    org.mockito.Mockito.doAnswer(call -> {
      // The page is read before it is held: it shows the state machines of that moment.
      var page = sfn.listStateMachines(call.<software.amazon.awssdk.services.sfn.model.ListStateMachinesRequest>getArgument(0));
      if (listings.incrementAndGet() == 1) {
        await(release);
      }
      return page;
    }).when(client).listStateMachines(org.mockito.ArgumentMatchers.any(
        software.amazon.awssdk.services.sfn.model.ListStateMachinesRequest.class));
    StepFunctionsBackend backend = StepFunctionsBackend.builder(client).clock(time.clock()).nameCacheTtl(Duration.ZERO)
        .build();
    WorkflowLauncher launcher = WorkflowLauncher.builder().backend(backend).clock(time.clock())
        .startPolicy(StartPolicy.DEFAULT.withoutPauses()).build();
    try (launcher) {
      RunHandle a = started("a");
      CompletableFuture<RunStatus> read = new CompletableFuture<>();
      Thread reader = new Thread(() -> complete(read, () -> backend.getRun(a)));
      reader.start();
      assertThat(waitUntil(() -> waitingForAListing(reader))).as("the read holds the listing").isTrue();
      sfn.addStateMachine("returns", SfnRunScript.runsUntilStopped());
      CompletableFuture<RunHandle> start = new CompletableFuture<>();
      Thread starter = new Thread(() -> complete(start, () -> launcher.start(
          io.wflaunch.StartRunRequest.builder(io.wflaunch.WorkflowTarget.of("sfn", "returns")).idempotencyKey("r-1")
              .build())));
      starter.start();
      assertThat(waitUntil(() -> waitingForAListing(starter))).as("the start joins the read's listing").isTrue();
      release.countDown();

      assertThat(start.get(10, TimeUnit.SECONDS)).isEqualTo(RunHandle.of("sfn", "returns", "r-1"));
      assertThat(read.get(10, TimeUnit.SECONDS).state()).isEqualTo(RunState.RUNNING);
      assertThat(listings).as("the held listing, then the start's own").hasValue(2);
    }
  }

  private static <T> void complete(CompletableFuture<T> result, java.util.function.Supplier<T> call) {
    try {
      result.complete(call.get());
    } catch (RuntimeException | AssertionError e) {
      result.completeExceptionally(e);
    }
  }

  @Test
  void onceAListingShowedTheAccountReadsAndStopsOfShortHandlesListNothingEvenWithoutACache() {
    StepFunctionsBackend backend = backend(Duration.ZERO);
    RunHandle a = started("a");
    RunHandle b = started("b");
    RunHandle c = started("c");

    backend.getRun(a);
    int afterFirst = sfn.listStateMachinesRequests();
    backend.stop(c);
    time.advanceBy(Duration.ofMinutes(10));
    RunStatus bRead = backend.getRun(b);
    BatchRead batch = backend.readRunsAsync(List.of(a, b, c), Optional.empty(), Runnable::run).join();

    assertThat(afterFirst).isEqualTo(1);
    assertThat(sfn.listStateMachinesRequests()).isEqualTo(1);
    assertThat(bRead.handle()).isEqualTo(b);
    assertThat(batch.failures()).isEmpty();
    assertThat(batch.requests()).as("one ListExecutions page of running executions").isEqualTo(1);
    assertThat(backend.getRun(c).state()).isEqualTo(RunState.CANCELLED);
    assertThat(backend.executionArn(b)).isEqualTo(sfn.executionsOf("orders").get(1).executionArn());
  }

  @Test
  void aShortHandleOfAStateMachineThatIsNotThereIsNotFoundWithOneListingThenNoneForTheCachesLife() {
    StepFunctionsBackend backend = backend(Duration.ofMinutes(5));
    backend.getRun(started("a"));
    time.advanceBy(Duration.ofMinutes(6));
    RunHandle gone = RunHandle.of("sfn", "returns", "r-1");

    assertThatThrownBy(() -> backend.getRun(gone)).isInstanceOf(RunNotFoundException.class)
        .hasMessageContaining("no state machine named 'returns' in this account and region");
    int afterMissing = sfn.listStateMachinesRequests();
    assertThatThrownBy(() -> backend.getRun(gone)).isInstanceOf(RunNotFoundException.class)
        .hasMessageContaining("no state machine named 'returns'");
    assertThatThrownBy(() -> backend.stop(gone)).isInstanceOf(RunNotFoundException.class)
        .hasMessageContaining("no state machine named 'returns'");

    assertThat(afterMissing).as("the first listing, and one that finds 'returns' missing").isEqualTo(2);
    assertThat(sfn.listStateMachinesRequests()).as("missing for the cache's time to live").isEqualTo(2);
    time.advanceBy(Duration.ofMinutes(6));
    String returns = sfn.addStateMachine("returns", SfnRunScript.runsUntilStopped());
    sfn.startExecution(request -> request.stateMachineArn(returns).name("r-1"));
    assertThat(backend.getRun(gone).state()).isEqualTo(RunState.RUNNING);
    assertThat(sfn.listStateMachinesRequests()).as("the run is found without a listing").isEqualTo(2);
  }

  @Test
  void anExecutionNotFoundOfAStateMachineThatIsThereIsNotFoundWithoutAnotherListing() {
    StepFunctionsBackend backend = backend(Duration.ofMinutes(5));
    backend.getRun(started("a"));

    assertThatThrownBy(() -> backend.getRun(RunHandle.of("sfn", "orders", "never-started")))
        .isInstanceOf(RunNotFoundException.class)
        .hasMessageNotContaining("no state machine named");
    assertThat(sfn.listStateMachinesRequests()).as("the cached listing shows 'orders'").isEqualTo(1);
  }

  @Test
  void aThrottledListingInABatchedReadIsEachShortHandlesFailureAndIsSentOnce() {
    StepFunctionsBackend backend = backend(Duration.ofMinutes(5));
    String returns = sfn.addStateMachine("returns", SfnRunScript.runsUntilStopped());
    RunHandle a = started("a");
    RunHandle b = started("b");
    RunHandle r = RunHandle.of("sfn", "returns", "r-1");
    sfn.startExecution(request -> request.stateMachineArn(returns).name("r-1"));
    RunHandle byArn1 = RunHandle.of("sfn", sfn.startExecution(request -> request.stateMachineArn(orders).name("x"))
        .executionArn());
    RunHandle byArn2 = RunHandle.of("sfn", sfn.startExecution(request -> request.stateMachineArn(orders).name("y"))
        .executionArn());
    sfn.throttleNext(1);
    int before = sfn.requestCount();

    BatchRead read = backend.readRunsAsync(List.of(a, byArn1, b, r, byArn2), Optional.empty(), Runnable::run).join();

    assertThat(read.failures()).containsOnlyKeys(a, b, r);
    assertThat(read.failures().values()).allSatisfy(failure -> assertThat(failure).isInstanceOf(ThrottledException.class));
    assertThat(read.statuses()).containsOnlyKeys(byArn1, byArn2);
    assertThat(sfn.listStateMachinesRequests()).as("no listing after the throttled one").isEqualTo(1);
    assertThat(read.requests()).as("the throttled listing and one ListExecutions page").isEqualTo(2)
        .isEqualTo(sfn.requestCount() - before);
    sfn.throttleNext(1);
    assertThatThrownBy(() -> backend.getRuns(List.of(a, b))).as("getRuns fails on a throttled listing")
        .isInstanceOf(ThrottledException.class);
  }

  @Test
  void anUnavailableListingInABatchedReadIsEachShortHandlesFailure() {
    StepFunctionsBackend backend = backend(Duration.ofMinutes(5));
    RunHandle a = started("a");
    RunHandle b = started("b");
    sfn.faults().failNext(1);

    BatchRead read = backend.readRunsAsync(List.of(a, b), Optional.empty(), Runnable::run).join();

    assertThat(read.failures()).containsOnlyKeys(a, b);
    assertThat(read.failures().values())
        .allSatisfy(failure -> assertThat(failure).isInstanceOf(io.wflaunch.BackendUnavailableException.class));
    assertThat(read.statuses()).isEmpty();
    assertThat(sfn.listStateMachinesRequests()).isEqualTo(1);
  }

  @Test
  void aDeniedListingInABatchedReadLeavesItsRunsToSingleReads() {
    StepFunctionsBackend backend = backend(Duration.ofMinutes(5));
    RunHandle a = started("a");
    RunHandle b = started("b");
    sfn.faults().denyNext(1);

    BatchRead read = backend.readRunsAsync(List.of(a, b), Optional.empty(), Runnable::run).join();

    assertThat(read.failures()).isEmpty();
    assertThat(read.statuses()).isEmpty();
    assertThat(read.requests()).isEqualTo(1);
  }

  @Test
  void theTrackerBacksOffForAThrottledListingOfStateMachinesAndThenSeesTheRunsEnd() {
    WorkflowLauncher launcher = WorkflowLauncher.builder()
        .backend(StepFunctionsBackend.builder(sfn).clock(time.clock()).build())
        .clock(time.clock()).scheduler(time).executor(time)
        .startPolicy(StartPolicy.DEFAULT.withoutPauses()).build();
    try (launcher) {
      List<RunHandle> runs = List.of(started("a"), started("b"), started("c"));
      double rate = launcher.tracker().currentRate("sfn");
      sfn.throttleNext(1);
      List<WorkflowLaunchException> told = new CopyOnWriteArrayList<>();
      List<Double> rates = new CopyOnWriteArrayList<>();
      WaitOptions options = WaitOptions.builder().minInterval(Duration.ofSeconds(1)).maxInterval(Duration.ofSeconds(5))
          .timeout(Duration.ofHours(1)).listener(new WaitListener() {
            @Override
            public void onPollFailure(WorkflowLaunchException failure, Duration nextPollIn) {
              told.add(failure);
              rates.add(launcher.tracker().currentRate("sfn"));
            }
          }).build();

      List<CompletableFuture<RunStatus>> waits = runs.stream().map(run -> launcher.tracker().track(run, options)).toList();
      time.advanceUntil(() -> waits.stream().allMatch(CompletableFuture::isDone), Duration.ofHours(1));

      assertThat(told).as("each run's wait is told of the throttled listing").hasSize(3)
          .allSatisfy(failure -> assertThat(failure).isInstanceOf(ThrottledException.class));
      assertThat(rates).allSatisfy(lowered -> assertThat(lowered).isLessThan(rate));
      assertThat(waits).allSatisfy(wait -> assertThat(wait.join().state()).isEqualTo(RunState.SUCCEEDED));
      assertThat(sfn.listStateMachinesRequests()).as("the throttled listing, then one that showed the account")
          .isEqualTo(2);
    }
  }

  /** Whether a reader waits in the adapter's state machine resolution (for the listing), or is done. */
  private static boolean waitingForAListing(Thread reader) {
    if (reader.getState() == Thread.State.TERMINATED) {
      return true;
    }
    Thread.State state = reader.getState();
    return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) && Arrays.stream(reader.getStackTrace())
        .anyMatch(frame -> frame.getClassName().equals("io.wflaunch.stepfunctions.internal.StateMachines"));
  }

  /** Spins (yielding, never sleeping) until {@code condition} holds or 10 seconds pass. */
  private static boolean waitUntil(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.yield();
    }
    return true;
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("not released within 10 seconds");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
