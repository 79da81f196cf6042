package io.wflaunch;

import io.wflaunch.spi.store.IdempotencyRecord;
import io.wflaunch.spi.store.IdempotencyStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link IdempotencyStore} in this process's memory: one run per key across the threads of one
 * process (and every launcher in it that shares the store), for tests and single-process applications.
 * Records expire after the launcher's {@link IdempotencyPolicy#retention()} like the DynamoDB store's;
 * expired records are dropped as writes come by. Lost when the process ends.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

  private static final int SWEEP_EVERY = 1024;

  private final ConcurrentMap<String, IdempotencyRecord> records = new ConcurrentHashMap<>();
  private final AtomicInteger creates = new AtomicInteger();

  /** An empty store. */
  public InMemoryIdempotencyStore() {}

  @Override
  public Write create(IdempotencyRecord claim, Instant now) {
    Objects.requireNonNull(claim, "claim");
    Objects.requireNonNull(now, "now");
    if (creates.incrementAndGet() % SWEEP_EVERY == 0) {
      records.values().removeIf(record -> record.expiredAt(now));
    }
    IdempotencyRecord[] refusedBy = new IdempotencyRecord[1];
    records.compute(claim.key(), (key, current) -> {
      if (current == null || current.expiredAt(now)) {
        return claim;
      }
      refusedBy[0] = current;
      return current;
    });
    return refusedBy[0] == null ? Write.APPLIED : Write.refused(Optional.of(refusedBy[0]));
  }

  @Override
  public Write replace(IdempotencyRecord expected, IdempotencyRecord next) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(next, "next");
    if (!expected.key().equals(next.key())) {
      throw new IllegalArgumentException("expected and next are records of different keys");
    }
    boolean[] applied = new boolean[1];
    IdempotencyRecord after = records.computeIfPresent(next.key(), (key, current) -> {
      if (!current.sameVersion(expected)) {
        return current;
      }
      applied[0] = true;
      return next;
    });
    return applied[0] ? Write.APPLIED : Write.refused(Optional.ofNullable(after));
  }

  @Override
  public boolean release(IdempotencyRecord claim) {
    Objects.requireNonNull(claim, "claim");
    boolean[] removed = new boolean[1];
    records.computeIfPresent(claim.key(), (k, current) -> {
      if (!current.sameVersion(claim)) {
        return current;
      }
      removed[0] = true;
      return null;
    });
    return removed[0];
  }

  @Override
  public Optional<IdempotencyRecord> read(String key, Instant now) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(now, "now");
    return Optional.ofNullable(records.get(key)).filter(record -> !record.expiredAt(now));
  }

  /**
   * How many records the store holds, expired ones not yet dropped included.
   *
   * @return the number of records
   */
  public int size() {
    return records.size();
  }

  @Override
  public String toString() {
    return "InMemoryIdempotencyStore[" + records.size() + " records]";
  }
}
