package io.wflaunch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunHandle;
import io.wflaunch.spi.store.IdempotencyRecord;
import io.wflaunch.spi.store.IdempotencyStore;
import io.wflaunch.spi.store.IdempotencyStore.Write;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link IdempotencyStore} shares: conditional create, replace and release, the
 * record as written read back, expiry, and atomicity under threads racing for the same keys. Extend it
 * with {@link #store()} returning the store under test; each test uses keys of its own.
 */
public abstract class IdempotencyStoreContract {

  /**
   * A fixed time the tests measure leases and expiry from (records expire a day after it). It lies far
   * ahead of the wall clock: a store whose service deletes expired items by the wall clock (DynamoDB's
   * time to live, DynamoDB Local's included) must not delete a test's records while the test runs.
   */
  protected static final Instant NOW = Instant.parse("2126-11-24T08:00:00Z");

  /**
   * The store under test, the same one for every call within a test.
   *
   * @return the store
   */
  protected abstract IdempotencyStore store();

  /**
   * A key no other test uses.
   *
   * @return a scoped key
   */
  protected static String newKey() {
    return "memory:nightly-etl order-" + UUID.randomUUID();
  }

  /**
   * A claim of {@code key} by {@code owner}.
   *
   * @param key the key
   * @param owner the owner
   * @param fence the fencing counter
   * @return the claim, leased for two minutes, expiring a day after {@link #NOW}
   */
  protected static IdempotencyRecord claim(String key, String owner, long fence) {
    return new IdempotencyRecord(key, "a".repeat(64), owner, fence, 1, NOW.plus(Duration.ofMinutes(2)),
        Optional.empty(), NOW.plus(Duration.ofDays(1)));
  }

  @Test
  void aClaimOnANewKeyIsAppliedAndReadBackAsWritten() {
    String key = newKey();
    IdempotencyRecord claim = claim(key, "owner-1", 1);

    assertThat(store().create(claim, NOW)).isEqualTo(Write.APPLIED);
    assertThat(store().read(key, NOW)).contains(claim);
  }

  @Test
  void aRecordedRunWithEveryFieldSetReadsBackAsWritten() {
    String key = "memory:etl%20%C3%A9t%C3%A9 order/4711 \u00e9t\u00e9 \uD83D\uDE00";
    IdempotencyRecord claim = new IdempotencyRecord(key, "f".repeat(64), "owner-1", 7, 3,
        NOW.plus(Duration.ofMillis(120_123)), Optional.empty(), NOW.plus(Duration.ofDays(7)));
    store().create(claim, NOW);
    IdempotencyRecord recorded = claim.recording(RunHandle.of("memory", "etl \u00e9t\u00e9", "wr_0123"),
        NOW.plus(Duration.ofDays(8)));

    assertThat(store().replace(claim, recorded)).isEqualTo(Write.APPLIED);
    assertThat(store().read(key, NOW)).contains(recorded);
  }

  @Test
  void aClaimOnAKeyWithALiveRecordIsRefusedWithThatRecord() {
    String key = newKey();
    IdempotencyRecord first = claim(key, "owner-1", 1);
    store().create(first, NOW);

    Write second = store().create(claim(key, "owner-2", 1), NOW.plus(Duration.ofHours(1)));

    assertThat(second.applied()).isFalse();
    assertThat(second.current()).contains(first);
  }

  @Test
  void aClaimOnAKeyWhoseRecordExpiredIsApplied() {
    String key = newKey();
    store().create(claim(key, "owner-1", 1), NOW);
    IdempotencyRecord later = claim(key, "owner-2", 1);

    assertThat(store().read(key, NOW.plus(Duration.ofDays(1)))).isEmpty();
    assertThat(store().create(later, NOW.plus(Duration.ofDays(1))).applied()).isTrue();
    assertThat(store().read(key, NOW)).contains(later);
  }

  @Test
  void aReplaceHoldingTheFenceIsAppliedAndAStaleOneRefusedWithTheCurrentRecord() {
    String key = newKey();
    IdempotencyRecord first = claim(key, "owner-1", 1);
    store().create(first, NOW);
    IdempotencyRecord takenOver = claim(key, "owner-2", 2);

    assertThat(store().replace(first, takenOver).applied()).isTrue();
    Write stale = store().replace(first, first.recording(RunHandle.of("memory", "etl", "wr_1"),
        NOW.plus(Duration.ofDays(1))));

    assertThat(stale.applied()).isFalse();
    assertThat(stale.current()).contains(takenOver);
    assertThat(store().read(key, NOW)).contains(takenOver);
  }

  @Test
  void aReplaceOfAKeyWithoutARecordIsRefusedWithNone() {
    String key = newKey();

    Write write = store().replace(claim(key, "owner-1", 1), claim(key, "owner-1", 2));

    assertThat(write.applied()).isFalse();
    assertThat(write.current()).isEmpty();
    assertThat(store().read(key, NOW)).isEmpty();
  }

  @Test
  void aWriteConditionalOnAVersionNeedsItsOwnerAsWellAsItsFence() {
    String key = newKey();
    store().create(claim(key, "owner-1", 1), NOW);

    assertThat(store().replace(claim(key, "owner-2", 1), claim(key, "owner-2", 2)).applied()).isFalse();
    assertThat(store().release(claim(key, "owner-2", 1))).isFalse();
    assertThat(store().read(key, NOW).orElseThrow().owner()).isEqualTo("owner-1");
  }

  @Test
  void aReleaseDeletesOnlyTheVersionGiven() {
    String key = newKey();
    IdempotencyRecord first = claim(key, "owner-1", 1);
    store().create(first, NOW);

    assertThat(store().release(claim(key, "owner-1", 2))).isFalse();
    assertThat(store().read(key, NOW)).isPresent();
    assertThat(store().release(first)).isTrue();
    assertThat(store().read(key, NOW)).isEmpty();
    assertThat(store().release(first)).isFalse();
  }

  @Test
  void threadsRacingToClaimTheSameKeysGetOneClaimPerKey() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      keys.add(newKey());
    }
    int threads = 8;
    List<Integer> applied = race(threads, thread -> {
      int won = 0;
      for (String key : keys) {
        won += store().create(claim(key, "owner-" + thread, 1), NOW).applied() ? 1 : 0;
      }
      return won;
    });

    assertThat(applied.stream().mapToInt(Integer::intValue).sum()).isEqualTo(keys.size());
  }

  @Test
  void threadsRacingToReplaceTheSameFenceGetOneReplacement() throws Exception {
    String key = newKey();
    IdempotencyRecord first = claim(key, "owner-0", 1);
    store().create(first, NOW);

    List<Integer> applied = race(8, thread -> store().replace(first, claim(key, "owner-" + thread, 2)).applied() ? 1 : 0);

    assertThat(applied.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
    assertThat(store().read(key, NOW).orElseThrow().fence()).isEqualTo(2);
  }

  /** A piece of work for each thread of a race, given its number. */
  @FunctionalInterface
  protected interface RaceWork<T> {
    /**
     * Runs the thread's part.
     *
     * @param thread the thread's number, from 1
     * @return its result
     * @throws Exception if it fails
     */
    T run(int thread) throws Exception;
  }

  /**
   * Runs {@code work} on {@code threads} threads released at the same moment.
   *
   * @param threads how many threads
   * @param work each thread's work
   * @param <T> its result
   * @return the results, in thread order
   * @throws Exception if a thread failed
   */
  protected static <T> List<T> race(int threads, RaceWork<T> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 1; i <= threads; i++) {
        int thread = i;
        Callable<T> task = () -> {
          go.await();
          return work.run(thread);
        };
        futures.add(pool.submit(task));
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
