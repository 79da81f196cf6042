package io.wflaunch;

import java.time.Duration;
import java.util.Objects;

/**
 * How a launcher with an {@link io.wflaunch.spi.IdempotencyStore} treats idempotency keys
 * ({@link WorkflowLauncher.Builder#idempotencyPolicy(IdempotencyPolicy)}; {@link #DEFAULT} unless set).
 *
 * <p>A keyed start first claims its key in the store for {@code lease}; a claim whose holder neither
 * recorded a run nor gave it up before its lease ended (the process died) is taken over by the next
 * start with the key, which looks the run up by its key before starting one. A start that finds the
 * key claimed by a live holder waits up to {@code inFlightWait} for the run it records. Records are
 * kept for {@code retention} after they were written; after that the key is new again.
 *
 * @param keyReuse what a key means once its run has ended
 * @param inFlight what a start does while the key's run is being started or running
 * @param lease how long a claim keeps other starts of its key out; longer than a start can take
 *     (with {@link StartPolicy#DEFAULT}, well under a minute), since a start that outlives its lease
 *     may be joined by a second one
 * @param inFlightWait how long a start waits for another call's claim to be recorded before failing
 *     with a retryable {@link ConflictException}; zero to fail at once
 * @param retention how long a key's record is kept, at least {@code lease}
 */
public record IdempotencyPolicy(KeyReusePolicy keyReuse, InFlightPolicy inFlight, Duration lease,
    Duration inFlightWait, Duration retention) {

  /**
   * {@link KeyReusePolicy#RETURN_EXISTING}, {@link InFlightPolicy#USE_EXISTING}, a two-minute lease, a
   * 30-second wait for a claim in flight, and seven days' retention.
   */
  public static final IdempotencyPolicy DEFAULT = new IdempotencyPolicy(KeyReusePolicy.RETURN_EXISTING,
      InFlightPolicy.USE_EXISTING, Duration.ofMinutes(2), Duration.ofSeconds(30), Duration.ofDays(7));

  /**
   * Checks the values.
   *
   * @throws NullPointerException if a value is null
   * @param keyReuse what a key means once its run has ended
   * @param inFlight what a start does while the key's run is in flight
   * @param lease how long a claim keeps other starts out
   * @param inFlightWait how long to wait for a claim in flight
   * @param retention how long records are kept
   * @throws IllegalArgumentException if {@code lease} or {@code retention} is not positive,
   *     {@code inFlightWait} is negative, or {@code retention} is shorter than {@code lease}
   */
  public IdempotencyPolicy {
    Objects.requireNonNull(keyReuse, "keyReuse");
    Objects.requireNonNull(inFlight, "inFlight");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(inFlightWait, "inFlightWait");
    Objects.requireNonNull(retention, "retention");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive, found " + lease);
    }
    if (inFlightWait.isNegative()) {
      throw new IllegalArgumentException("inFlightWait must not be negative, found " + inFlightWait);
    }
    if (retention.compareTo(lease) < 0) {
      throw new IllegalArgumentException("retention must be at least the lease (" + lease + "), found " + retention);
    }
  }

  /**
   * This policy with another key reuse policy.
   *
   * @param keyReuse the policy
   * @return a copy
   */
  public IdempotencyPolicy withKeyReuse(KeyReusePolicy keyReuse) {
    return new IdempotencyPolicy(keyReuse, inFlight, lease, inFlightWait, retention);
  }

  /**
   * This policy with another in-flight policy.
   *
   * @param inFlight the policy
   * @return a copy
   */
  public IdempotencyPolicy withInFlight(InFlightPolicy inFlight) {
    return new IdempotencyPolicy(keyReuse, inFlight, lease, inFlightWait, retention);
  }

  /**
   * This policy with another lease.
   *
   * @param lease the lease
   * @return a copy
   */
  public IdempotencyPolicy withLease(Duration lease) {
    return new IdempotencyPolicy(keyReuse, inFlight, lease, inFlightWait, retention);
  }

  /**
   * This policy with another wait for a claim in flight.
   *
   * @param inFlightWait the wait
   * @return a copy
   */
  public IdempotencyPolicy withInFlightWait(Duration inFlightWait) {
    return new IdempotencyPolicy(keyReuse, inFlight, lease, inFlightWait, retention);
  }

  /**
   * This policy with another retention.
   *
   * @param retention the retention
   * @return a copy
   */
  public IdempotencyPolicy withRetention(Duration retention) {
    return new IdempotencyPolicy(keyReuse, inFlight, lease, inFlightWait, retention);
  }
}
