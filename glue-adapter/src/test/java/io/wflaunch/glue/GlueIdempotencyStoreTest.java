package io.wflaunch.glue;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.InMemoryIdempotencyStore;
import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.glue.FakeGlueClient;
import io.wflaunch.testkit.glue.GlueRunScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Threads of one process racing on the same keys on the Glue fake, whose listing hides new runs for a
 * few reads: one launcher starts one run per key with or without a store (its starts of a key share one);
 * two launchers without a store start duplicates; with the in-memory store, blocking and async starts
 * alike get one run per key.
 */
class GlueIdempotencyStoreTest {

  static final int THREADS = 16;
  static final int KEYS = 40;

  /** Starts every key from every thread, half of them async; the handles each key got. */
  static Map<String, Set<RunHandle>> race(WorkflowLauncher launcher) throws Exception {
    Map<String, Set<RunHandle>> handles = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> threads = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        boolean async = t % 2 == 1;
        threads.add(pool.submit(() -> {
          go.await();
          for (int key = 0; key < KEYS; key++) {
            StartRunRequest request = StartRunRequest.builder(WorkflowTarget.of("glue", "etl"))
                .parameter("order", Integer.toString(key)).idempotencyKey("order-" + key).build();
            RunHandle run = async ? launcher.startAsync(request).join() : launcher.start(request);
            handles.computeIfAbsent("order-" + key, k -> ConcurrentHashMap.newKeySet()).add(run);
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> thread : threads) {
        thread.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return handles;
  }

  static FakeGlueClient lagging() {
    return FakeGlueClient.create().listingLag(2).addWorkflow("etl", GlueRunScript.runsUntilStopped());
  }

  @Test
  void withTheStoreEveryThreadGetsTheOneRunOfItsKey() throws Exception {
    FakeGlueClient glue = lagging();
    try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(GlueBackend.create(glue, glue.asyncClient()))
        .startPolicy(StartPolicy.DEFAULT.withoutPauses()).idempotencyStore(new InMemoryIdempotencyStore()).build()) {
      Map<String, Set<RunHandle>> handles = race(launcher);

      assertThat(handles).hasSize(KEYS).allSatisfy((key, runs) -> assertThat(runs).as(key).hasSize(1));
      assertThat(glue.runsOf("etl")).hasSize(KEYS);
    }
  }

  @Test
  void withoutTheStoreOneLauncherStillGivesEveryThreadTheOneRunOfItsKey() throws Exception {
    FakeGlueClient glue = lagging();
    try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(GlueBackend.create(glue, glue.asyncClient()))
        .startPolicy(StartPolicy.DEFAULT.withoutPauses()).build()) {
      Map<String, Set<RunHandle>> handles = race(launcher);

      assertThat(handles).hasSize(KEYS).allSatisfy((key, runs) -> assertThat(runs).as(key).hasSize(1));
      assertThat(glue.runsOf("etl")).as("concurrent starts of a key share one start").hasSize(KEYS);
    }
  }

  @Test
  void withoutTheStoreTwoLaunchersStartingOneKeyWithinTheListingsLagStartTwoRuns() {
    // A run the listing hides is absent to every launcher that looks meanwhile: the window the store closes
    // across launchers (and processes), entered here in order rather than by chance (hidden for ten reads,
    // more than both starts send).
    FakeGlueClient glue = FakeGlueClient.create().listingLag(10).addWorkflow("etl", GlueRunScript.runsUntilStopped());
    StartRunRequest request = StartRunRequest.builder(WorkflowTarget.of("glue", "etl")).idempotencyKey("order-1").build();
    try (WorkflowLauncher one = WorkflowLauncher.builder().backend(GlueBackend.create(glue, glue.asyncClient()))
        .startPolicy(StartPolicy.DEFAULT.withoutPauses()).build();
        WorkflowLauncher two = WorkflowLauncher.builder().backend(GlueBackend.create(glue, glue.asyncClient()))
            .startPolicy(StartPolicy.DEFAULT.withoutPauses()).build()) {
      RunHandle first = one.start(request);
      RunHandle second = two.start(request);

      assertThat(second).isNotEqualTo(first);
      assertThat(glue.runsOf("etl")).as("runs started for one key by two launchers without the store").hasSize(2);
    }
  }


  @Test
  void throughTheStoreAKeyedStartDoesNotReadTheListingAgainAfterItsStart() {
    StartRunRequest request = StartRunRequest.builder(WorkflowTarget.of("glue", "etl")).idempotencyKey("k").build();
    FakeGlueClient alone = FakeGlueClient.create().addWorkflow("etl", GlueRunScript.runsUntilStopped());
    try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(GlueBackend.create(alone)).build()) {
      launcher.start(request);

      assertThat(alone.requestCount()).as("look, start, read until the run shows").isEqualTo(3);
    }
    for (boolean async : new boolean[] {false, true}) {
      FakeGlueClient glue = FakeGlueClient.create().addWorkflow("etl", GlueRunScript.runsUntilStopped());
      try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(GlueBackend.create(glue, glue.asyncClient()))
          .idempotencyStore(new InMemoryIdempotencyStore()).build()) {
        RunHandle run = async ? launcher.startAsync(request).join() : launcher.start(request);

        assertThat(glue.requestCount()).as("look, start (async: %s)", async).isEqualTo(2);
        assertThat(async ? launcher.startAsync(request).join() : launcher.start(request)).isEqualTo(run);
        assertThat(glue.requestCount()).as("the record answers the key's next start").isEqualTo(2);
      }
    }
  }

  @Test
  void whenRecordingFailsTheStartReadsUntilItsRunShowsSoThatTheKeysNextStartFindsIt() {
    // The record write fails once; the listing hides a new run for three reads. Without the record,
    // the next start (once the claim's lease ended) can only find the run by looking: the first start
    // must not return before its run shows in the listing.
    io.wflaunch.testkit.VirtualScheduler time = new io.wflaunch.testkit.VirtualScheduler();
    FakeGlueClient glue = FakeGlueClient.create(time.clock()).listingLag(3)
        .addWorkflow("etl", GlueRunScript.runsUntilStopped());
    InMemoryIdempotencyStore records = new InMemoryIdempotencyStore();
    java.util.concurrent.atomic.AtomicInteger recordings = new java.util.concurrent.atomic.AtomicInteger();
    io.wflaunch.spi.store.IdempotencyStore store = new io.wflaunch.testkit.ForwardingIdempotencyStore(records) {
      @Override
      public Write replace(io.wflaunch.spi.store.IdempotencyRecord expected, io.wflaunch.spi.store.IdempotencyRecord next) {
        if (next.handle().isPresent() && recordings.getAndIncrement() == 0) {
          throw new IllegalStateException("the table is unavailable");
        }
        return super.replace(expected, next);
      }
    };
    StartRunRequest request = StartRunRequest.builder(WorkflowTarget.of("glue", "etl")).idempotencyKey("k").build();
    try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(GlueBackend.builder(glue).clock(time.clock()).build())
        .startPolicy(StartPolicy.DEFAULT.withoutPauses()).idempotencyStore(store)
        .clock(time.clock()).scheduler(time).executor(time).build()) {
      RunHandle first = launcher.start(request);
      time.advanceBy(java.time.Duration.ofMinutes(3));

      RunHandle second = launcher.start(request);

      assertThat(recordings).as("the first record failed; the second start recorded the run it found").hasValue(2);
      assertThat(second).isEqualTo(first);
      assertThat(glue.runsOf("etl")).hasSize(1);
    }
  }

  @Test
  void anAsyncStartCancelledWhileWaitingForAKeyInFlightSendsNothing() {
    FakeGlueClient glue = lagging();
    InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
    StartRunRequest request = StartRunRequest.builder(WorkflowTarget.of("glue", "etl")).idempotencyKey("k").build();
    // Another launcher's claim, live for the default two minutes, without a run.
    store.create(new io.wflaunch.spi.store.IdempotencyRecord("glue:etl k", io.wflaunch.spi.support.RequestHash.of(request),
        "elsewhere", 1, 1, java.time.Instant.now().plusSeconds(120), java.util.Optional.empty(),
        java.time.Instant.now().plusSeconds(3600)), java.time.Instant.now());
    try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(GlueBackend.create(glue, glue.asyncClient()))
        .idempotencyStore(store).build()) {
      CompletableFuture<RunHandle> start = launcher.startAsync(request);
      assertThat(start).isNotDone();

      start.cancel(false);

      assertThat(start).isCancelled();
      assertThat(glue.runsOf("etl")).isEmpty();
      assertThat(store.read("glue:etl k", java.time.Instant.now()).orElseThrow().owner()).isEqualTo("elsewhere");
    }
  }
}
