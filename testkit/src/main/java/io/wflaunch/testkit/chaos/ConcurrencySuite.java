package io.wflaunch.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.IdempotencyPolicy;
import io.wflaunch.InMemoryIdempotencyStore;
import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.spi.store.IdempotencyRecord;
import io.wflaunch.spi.store.IdempotencyStore;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.testkit.ForwardingIdempotencyStore;
import io.wflaunch.testkit.VirtualScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * One run per key at any concurrency, on the wire: the real SDK clients of a backend, below them the
 * chaos layer, and behind it a real peer of the service (moto, or a local server of the backend's testkit module). An
 * adapter's test extends it with a few lines that open a fresh {@link Peer}:
 *
 * <pre>{@code
 * class OrdersConcurrencyMotoTest extends ConcurrencySuite {
 *   @RegisterExtension
 *   static final MotoServerExtension MOTO = new MotoServerExtension();
 *
 *   @Override
 *   protected ServiceProfile profile() {
 *     return OrdersChaos.PROFILE; // the profile of your service
 *   }
 *
 *   @Override
 *   protected String heldOperation() {
 *     return "ListRuns";
 *   }
 *
 *   @Override
 *   protected Peer openPeer(List<String> keys) {
 *     MOTO.reset();
 *     ... // create the workflows the keys' requests name
 *     return new Peer() { ... };
 *   }
 * }
 * }</pre>
 *
 * <p><b>Many callers of one key.</b> {@value #CALLERS} threads share one launcher, as the handlers of a
 * service that retries requests, or the consumers of one queue, do. Released together, each starts all
 * {@value #KEYS} keys asynchronously, in the same order, so that the {@value #CALLERS} starts of a key are
 * on the wire at the same time. Four cases: without an idempotency store and through an
 * {@link InMemoryIdempotencyStore}, each with no listing lag and with a {@linkplain
 * ChaosPlan.Builder#listingLag(ServiceProfile, Duration) listing lag} of {@link #LISTING_LAG}, longer than
 * the start policy's consistency window. No faults are injected. Each case checks, on the peer, that
 * every key has exactly one run, that the {@value #CALLERS} callers of a key all got that run's handle,
 * and that no caller failed.
 *
 * <p><b>A claimant slower than its lease.</b> Two launchers, A and B, share one idempotency store (two
 * processes, so no in-process sharing of a start between them) and one clock that the test moves. A
 * starts a key; the chaos layer holds the answer to A's first {@link #heldOperation()} request (its
 * look-up by key, or its start where the backend does not look up) while the test moves the clock past
 * A's lease and B starts the same key, which takes A's claim over and records a run. Then A's answer is
 * released. The peer must hold exactly B's run, and A must get B's run or an error that tells the truth
 * about whether A may have started a run; never a second run, never a success naming another run. In the
 * first case the clock jumps a second past the lease, so that A's start has also outlived its own bound
 * ({@link StartPolicy#startTimeout()}, counted from its first request); in the second A's claim write
 * takes 11.5 s of the 12 s lease, so that A's bound still lets it send a start 0.25 s after the lease
 * ended and only the lease can stop it. The held answer comes back within real time far shorter than
 * the SDK's timeouts; the lease is measured on the moved clock, so a case takes no longer than its
 * requests.
 *
 * <p>Each case gets a fresh peer. Adapters whose backend cannot do a case override it with a comment
 * saying why.
 */
public abstract class ConcurrencySuite {

  /** How many keys each concurrency case starts. */
  public static final int KEYS = 200;

  /** How many callers start each key at the same time. */
  public static final int CALLERS = 8;

  /** The listing lag of the lagging cases: longer than {@link #START_POLICY}'s consistency window. */
  public static final Duration LISTING_LAG = Duration.ofSeconds(2);

  /**
   * The start policy of the concurrency cases: three look-up reads 100 and 200 ms apart (a 300 ms
   * consistency window), short pauses between attempts, the default request timeout and a 30 s bound
   * per start, which {@link IdempotencyPolicy#DEFAULT}'s lease and margin cover.
   */
  protected static final StartPolicy START_POLICY = StartPolicy.builder()
      .retryPause(Duration.ofMillis(10), Duration.ofMillis(100))
      .lookUps(3, Duration.ofMillis(100))
      .startTimeout(Duration.ofSeconds(30))
      .build();

  /**
   * The start policy of the lease cases: a 5 s request timeout and a 6 s bound per start, two look-up
   * reads 50 ms apart.
   */
  protected static final StartPolicy LEASE_START_POLICY = StartPolicy.builder()
      .retryPause(Duration.ofMillis(10), Duration.ofMillis(50))
      .lookUps(2, Duration.ofMillis(50))
      .requestTimeout(Duration.ofSeconds(5))
      .startTimeout(Duration.ofSeconds(6))
      .build();

  /**
   * The idempotency policy of the lease cases: a 12 s lease with a 6 s margin, as short as
   * {@link #LEASE_START_POLICY} allows (the lease at least its start timeout plus the margin, 12 s; the
   * margin at least its request timeout plus its consistency window, 5.05 s).
   */
  protected static final IdempotencyPolicy LEASE_POLICY = IdempotencyPolicy.DEFAULT
      .withLeaseMargin(Duration.ofSeconds(6))
      .withLease(Duration.ofSeconds(12));

  /** How long a case may take before the suite gives up on its outstanding calls. */
  private static final Duration CASE_TIMEOUT = Duration.ofSeconds(120);

  /** How many offending keys a failure message shows. */
  private static final int SHOWN = 10;

  /**
   * A fresh peer of the service for one case, and what the suite needs from it. Closing it closes the
   * SDK clients it made.
   */
  protected interface Peer extends AutoCloseable {
    /**
     * A backend over new SDK clients of the peer (a blocking one and, where the adapter has one, an async
     * one), each on an HTTP client wrapped in the chaos layer with {@code plan}
     * ({@link ChaosHttpClient}, {@link ChaosAsyncHttpClient}). Called once per launcher.
     *
     * @param plan the chaos plan of this backend's clients
     * @return the backend, under its default id
     */
    WorkflowBackend backend(ChaosPlan plan);

    /**
     * The request that starts a key's run.
     *
     * @param key one of the keys the peer was opened with
     * @return a request with {@code key} as its idempotency key
     */
    StartRunRequest request(String key);

    /**
     * The runs the peer holds for each key, read without the chaos layer.
     *
     * @return the handles of each key's runs, by key; a key without runs may be absent
     */
    Map<String, Set<RunHandle>> runsByKey();

    @Override
    void close();
  }

  /**
   * Opens a fresh peer (a reset moto, a new local server) ready to start the keys' runs: the workflows,
   * domains or state machines their requests name exist.
   *
   * @param keys the keys the case will start
   * @return the peer
   */
  protected abstract Peer openPeer(List<String> keys);

  /**
   * The service's chaos profile, for the listing lag.
   *
   * @return the profile, usually the one the backend's testkit module gives
   */
  protected abstract ServiceProfile profile();

  /**
   * The operation whose first request, after the claim, the lease cases hold: the backend's look-up by
   * key (the listing or describe call it finds a key's run with), or its start on a backend that does
   * not look up.
   *
   * @return the operation's name, as the profile names it
   */
  protected abstract String heldOperation();

  /**
   * The keys of a concurrency case.
   *
   * @return {@code key-000} to {@code key-199}
   */
  protected static List<String> keys() {
    List<String> keys = new ArrayList<>(KEYS);
    for (int i = 0; i < KEYS; i++) {
      keys.add(String.format("key-%03d", i));
    }
    return keys;
  }

  @Test
  void eightCallersOfEachKeyWithoutAStoreGetItsOneRun() throws Exception {
    startTogether(false, false);
  }

  @Test
  void eightCallersOfEachKeyWithoutAStoreGetItsOneRunWhileTheListingLags() throws Exception {
    startTogether(false, true);
  }

  @Test
  void eightCallersOfEachKeyThroughAStoreGetItsOneRun() throws Exception {
    startTogether(true, false);
  }

  @Test
  void eightCallersOfEachKeyThroughAStoreGetItsOneRunWhileTheListingLags() throws Exception {
    startTogether(true, true);
  }

  @Test
  void aClaimantSlowerThanItsLeaseStartsNoSecondRun() throws Exception {
    claimantOutlivesItsLease(Duration.ZERO, Duration.ofSeconds(1));
  }

  @Test
  void aClaimantWhoseClaimWriteWasSlowStartsNoSecondRunAfterItsLease() throws Exception {
    // The claim's write returns 11.5 s into the 12 s lease, so that the start's own 6 s bound, counted
    // from its first request, still lets it send 0.25 s after the lease ended: only the lease stops it.
    claimantOutlivesItsLease(Duration.ofMillis(11_500), Duration.ofMillis(250));
  }

  /**
   * Launcher A claims the key (its claim write taking {@code claimWrite} on the shared clock), its first
   * {@link #heldOperation()} answer is held, the clock moves to {@code pastLeaseEnd} after A's lease ended,
   * launcher B starts the key, and A's answer is released.
   */
  private void claimantOutlivesItsLease(Duration claimWrite, Duration pastLeaseEnd) throws Exception {
    String key = "lease-key";
    VirtualScheduler time = new VirtualScheduler(Instant.now());
    IdempotencyStore store = new InMemoryIdempotencyStore();
    IdempotencyStore slowClaims = new ForwardingIdempotencyStore(store) {
      @Override
      public Write create(IdempotencyRecord claim, Instant now) {
        Write write = super.create(claim, now);
        time.advanceBy(claimWrite);
        return write;
      }
    };
    ChaosPlan slow = ChaosPlan.none().script(heldOperation(), Fault.HOLD);
    ExecutorService callerOfA = Executors.newSingleThreadExecutor();
    try (Peer peer = openPeer(List.of(key));
         WorkflowLauncher a = launcher(peer.backend(slow), slowClaims, LEASE_START_POLICY, LEASE_POLICY, time.clock());
         WorkflowLauncher b = launcher(peer.backend(ChaosPlan.none()), store, LEASE_START_POLICY, LEASE_POLICY,
             time.clock())) {
      Instant claimed = time.now();
      Future<Object> startedByA = callerOfA.submit(() -> outcome(() -> a.start(peer.request(key))));
      RunHandle startedByB;
      boolean held;
      try {
        held = awaitHeldOrDone(slow, startedByA);
        time.advanceBy(Duration.between(time.now(), claimed.plus(LEASE_POLICY.lease()).plus(pastLeaseEnd)));
        startedByB = b.start(peer.request(key));
      } finally {
        slow.release();
      }
      Object gotByA = startedByA.get(CASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);

      boolean aSentAStart = slow.log().entries().stream()
          .anyMatch(entry -> profile().isStart(entry.operation()) && entry.fault().forwards());
      System.out.printf("%s lease on the wire, claim write %s ms: B started %s after A's lease; A, %s, sent %s and "
          + "got %s%n", profile().name(), claimWrite.toMillis(), startedByB,
          held ? "its " + heldOperation() + " held until then" : "ended before its " + heldOperation(),
          aSentAStart ? "a start" : "no start", gotByA);
      SoftAssertions softly = new SoftAssertions();
      softly.assertThat(peer.runsByKey().getOrDefault(key, Set.of())).as("the runs the peer holds for the key, "
          + "after B took A's claim over and started %s (A sent %s)", startedByB,
          aSentAStart ? "a start" : "no start").containsExactly(startedByB);
      if (gotByA instanceof RunHandle handle) {
        softly.assertThat(handle).as("the handle A got").isEqualTo(startedByB);
      } else if (gotByA instanceof WorkflowLaunchException failure) {
        softly.assertThat(!failure.outcomeUnknown() || aSentAStart)
            .as("A's failure says a run may exist only if A sent a start: %s", failure).isTrue();
      } else {
        softly.fail("A got neither a handle nor a WorkflowLaunchException: %s", gotByA);
      }
      softly.assertAll();
    } finally {
      callerOfA.shutdownNow();
    }
  }

  /**
   * Waits until the plan holds an answer, or the call ended without one (its start gave up before the
   * request); fails after the case's timeout.
   *
   * @return whether an answer is held
   */
  private static boolean awaitHeldOrDone(ChaosPlan plan, Future<?> call) throws InterruptedException {
    long deadline = System.nanoTime() + CASE_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (plan.awaitHeld(1, Duration.ofMillis(50))) {
        return true;
      }
      if (call.isDone()) {
        return false;
      }
    }
    throw new AssertionError("no answer was held and the call did not end within " + CASE_TIMEOUT);
  }

  // ---- the concurrency cases ----

  private void startTogether(boolean withStore, boolean lagging) throws Exception {
    List<String> keys = keys();
    ChaosPlan plan = lagging ? ChaosPlan.builder().listingLag(profile(), LISTING_LAG).build() : ChaosPlan.none();
    try (Peer peer = openPeer(keys);
         WorkflowLauncher launcher = launcher(peer.backend(plan), withStore ? new InMemoryIdempotencyStore() : null,
             START_POLICY, IdempotencyPolicy.DEFAULT, Clock.systemUTC())) {
      List<StartRunRequest> requests = keys.stream().map(peer::request).toList();
      long began = System.nanoTime();
      List<List<CompletableFuture<RunHandle>>> calls = callTogether(launcher, requests);
      List<CompletableFuture<RunHandle>> all = calls.stream().flatMap(List::stream).toList();
      try {
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
            .exceptionally(failure -> null)
            .get(CASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError(all.stream().filter(call -> !call.isDone()).count() + " of " + all.size()
            + " starts did not end within " + CASE_TIMEOUT, e);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - began);
      Findings findings = new Findings(keys, calls, peer.runsByKey());
      System.out.printf("%s concurrency on the wire, %s, %s: %s; %,d requests in %.1f s%n", profile().name(),
          withStore ? "through an in-memory store" : "no store",
          lagging ? "listing lag " + LISTING_LAG.toMillis() + " ms" : "no listing lag", findings,
          plan.log().size(), took.toMillis() / 1000.0);
      findings.assertClean();
    }
  }

  /**
   * {@value #CALLERS} threads, released together, each calling {@code startAsync} for every request in
   * order; returns each caller's futures, by caller then request.
   */
  private static List<List<CompletableFuture<RunHandle>>> callTogether(WorkflowLauncher launcher,
      List<StartRunRequest> requests) throws Exception {
    CountDownLatch ready = new CountDownLatch(CALLERS);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    try {
      List<Future<List<CompletableFuture<RunHandle>>>> submitted = new ArrayList<>();
      for (int caller = 0; caller < CALLERS; caller++) {
        submitted.add(callers.submit(() -> {
          ready.countDown();
          go.await();
          List<CompletableFuture<RunHandle>> mine = new ArrayList<>(requests.size());
          for (StartRunRequest request : requests) {
            try {
              mine.add(launcher.startAsync(request));
            } catch (RuntimeException e) {
              mine.add(CompletableFuture.failedFuture(e));
            }
          }
          return mine;
        }));
      }
      if (!ready.await(CASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("the caller threads did not start");
      }
      go.countDown();
      List<List<CompletableFuture<RunHandle>>> calls = new ArrayList<>();
      for (Future<List<CompletableFuture<RunHandle>>> caller : submitted) {
        calls.add(caller.get(CASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      }
      return calls;
    } finally {
      callers.shutdownNow();
    }
  }

  /** What the callers got and the peer holds, key by key. */
  private static final class Findings {
    private final int keys;
    private int calls;
    private int handles;
    private int runs;
    private final List<String> duplicates = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> untruthful = new ArrayList<>();
    private final List<String> split = new ArrayList<>();
    private final List<String> lost = new ArrayList<>();
    private final Map<String, Integer> failureKinds = new TreeMap<>();

    Findings(List<String> keys, List<List<CompletableFuture<RunHandle>>> calls,
        Map<String, Set<RunHandle>> runsByKey) {
      this.keys = keys.size();
      for (int k = 0; k < keys.size(); k++) {
        String key = keys.get(k);
        Set<RunHandle> held = runsByKey.getOrDefault(key, Set.of());
        runs += held.size();
        if (held.size() > 1) {
          duplicates.add(key + " has " + held.size() + " runs " + held);
        } else if (held.isEmpty()) {
          missing.add(key);
        }
        Map<RunHandle, Integer> got = new LinkedHashMap<>();
        boolean mayHaveStarted = false;
        for (int caller = 0; caller < calls.size(); caller++) {
          CompletableFuture<RunHandle> call = calls.get(caller).get(k);
          this.calls++;
          Object outcome = outcome(call::join);
          if (outcome instanceof RunHandle handle) {
            handles++;
            got.merge(handle, 1, Integer::sum);
            if (!held.contains(handle)) {
              lost.add(key + " caller " + caller + " got " + handle + ", which the peer does not hold for the key "
                  + "(it holds " + held + ")");
            }
            continue;
          }
          RuntimeException failure = (RuntimeException) outcome;
          boolean unknown = failure instanceof WorkflowLaunchException launch && launch.outcomeUnknown();
          mayHaveStarted |= unknown;
          failureKinds.merge(failure.getClass().getSimpleName() + (unknown ? " (outcome unknown)" : ""), 1,
              Integer::sum);
          failures.add(key + " caller " + caller + ": " + failure);
          if (!(failure instanceof WorkflowLaunchException)) {
            untruthful.add(key + " caller " + caller + " threw " + failure + ", not a WorkflowLaunchException");
          }
        }
        // A caller may settle its own lost answer by finding another caller's run, leaving its own run to
        // no one (a duplicate, reported above); but when every caller failed, one of them must say so.
        if (got.isEmpty() && !held.isEmpty() && !mayHaveStarted) {
          untruthful.add(key + " has runs " + held + ", every caller failed, and none said a run may exist");
        }
        if (got.size() > 1) {
          split.add(key + ": its callers got " + got.entrySet().stream()
              .map(entry -> entry.getKey() + " x" + entry.getValue()).collect(Collectors.joining(", ")));
        }
      }
    }

    void assertClean() {
      SoftAssertions softly = new SoftAssertions();
      softly.assertThat(duplicates).as("keys with more than one run on the peer (%d of %d): %s", duplicates.size(),
          keys, shown(duplicates)).isEmpty();
      softly.assertThat(split).as("keys whose callers got different handles (%d): %s", split.size(), shown(split))
          .isEmpty();
      softly.assertThat(lost).as("handles the peer does not hold for their key (%d): %s", lost.size(), shown(lost))
          .isEmpty();
      softly.assertThat(untruthful).as("failures whose outcome flag was wrong (%d): %s", untruthful.size(),
          shown(untruthful)).isEmpty();
      softly.assertThat(failures).as("failed calls, with no faults injected (%d: %s): %s", failures.size(),
          failureKinds, shown(failures)).isEmpty();
      softly.assertThat(missing).as("keys without a run on the peer (%d): %s", missing.size(), shown(missing))
          .isEmpty();
      softly.assertAll();
    }

    private static List<String> shown(List<String> lines) {
      return lines.size() <= SHOWN ? lines : lines.subList(0, SHOWN);
    }

    @Override
    public String toString() {
      return String.format("%,d calls -> %,d handles, %,d failed %s; %,d runs for %,d keys; duplicates %d, "
              + "split answers %d, lost %d, untruthful %d, keys without a run %d", calls, handles, failures.size(),
          failureKinds, runs, keys, duplicates.size(), split.size(), lost.size(), untruthful.size(), missing.size());
    }
  }

  // ---- small steps ----

  private static WorkflowLauncher launcher(WorkflowBackend backend, IdempotencyStore store, StartPolicy startPolicy,
      IdempotencyPolicy idempotencyPolicy, Clock clock) {
    WorkflowLauncher.Builder builder = WorkflowLauncher.builder().backend(Objects.requireNonNull(backend, "backend"))
        .clock(clock).startPolicy(startPolicy);
    if (store != null) {
      builder.idempotencyStore(store).idempotencyPolicy(idempotencyPolicy);
    }
    return builder.build();
  }

  /** What a call ended with: its handle, or its failure unwrapped. */
  private static Object outcome(Supplier<RunHandle> call) {
    try {
      return call.get();
    } catch (CompletionException e) {
      return e.getCause() instanceof RuntimeException cause ? cause : e;
    } catch (RuntimeException e) {
      return e;
    }
  }
}
