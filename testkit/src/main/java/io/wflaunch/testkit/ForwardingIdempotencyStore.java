package io.wflaunch.testkit;

import io.wflaunch.spi.store.IdempotencyRecord;
import io.wflaunch.spi.store.IdempotencyStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An idempotency store that passes every call to another: tests and benchmarks extend it and override
 * the calls they watch or change (fail a record write, hold a claim, forget a key once recorded).
 */
public class ForwardingIdempotencyStore implements IdempotencyStore {

  /** The store every call goes to. */
  protected final IdempotencyStore delegate;

  /**
   * Wraps a store.
   *
   * @param delegate the store every call goes to
   */
  public ForwardingIdempotencyStore(IdempotencyStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public Write create(IdempotencyRecord claim, Instant now) {
    return delegate.create(claim, now);
  }

  @Override
  public Write replace(IdempotencyRecord expected, IdempotencyRecord next) {
    return delegate.replace(expected, next);
  }

  @Override
  public boolean release(IdempotencyRecord claim) {
    return delegate.release(claim);
  }

  @Override
  public Optional<IdempotencyRecord> read(String key, Instant now) {
    return delegate.read(key, now);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
