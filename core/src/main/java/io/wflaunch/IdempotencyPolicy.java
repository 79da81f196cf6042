package io.wflaunch;

import java.time.Duration;
import java.util.Objects;

/**
 * How a launcher with an {@link io.wflaunch.spi.store.IdempotencyStore} treats idempotency keys
 * ({@link WorkflowLauncher.Builder#idempotencyPolicy(IdempotencyPolicy)}; {@link #DEFAULT} unless set).
 *
 * <p>A keyed start first claims its key in the store for {@code lease}; a claim whose holder neither
 * recorded a run nor gave it up before its lease ended (the process died) is taken over by the next
 * start with the key, which looks the run up by its key before starting one. A start that finds the
 * key claimed by a live holder waits up to {@code inFlightWait} for the run it records. Records are
 * kept for {@code retention} after they were written; after that the key is new again.
 *
 * <p><b>The lease is enforced.</b> Before each start request it sends, a start checks that its claim
 * has at least {@code leaseMargin} left, and renews the lease with a write conditional on its fencing
 * counter when it has not; if the key was taken over meanwhile it sends nothing and fails with a
 * {@link ConflictException}. A start request is answered (or times out) within
 * {@link StartPolicy#requestTimeout()}, so its run exists at least {@code leaseMargin - requestTimeout}
 * before the lease can end: that much listing lag (and clock difference between machines) is covered
 * for the start that takes over a claim whose holder died. The launcher's builder refuses a lease
 * shorter than {@link StartPolicy#maxDuration()} plus {@code leaseMargin}, and a margin shorter than
 * {@link StartPolicy#requestTimeout()} plus {@link StartPolicy#consistencyWindow()}.
 *
 * @param keyReuse what a key means once its run has ended
 * @param inFlight what a start does while the key's run is being started or running
 * @param lease how long a claim keeps other starts of its key out; at least
 *     {@link StartPolicy#maxDuration()} plus {@code leaseMargin}
 * @param inFlightWait how long a start waits for another call's claim to be recorded before failing
 *     with a retryable {@link ConflictException}; zero to fail at once
 * @param retention how long a key's record is kept, at least {@code lease}
 * @param leaseMargin how much of its lease a claim must have left when a start request is sent (else
 *     the lease is renewed first); positive and shorter than {@code lease}
 */
public record IdempotencyPolicy(KeyReusePolicy keyReuse, InFlightPolicy inFlight, Duration lease,
    Duration inFlightWait, Duration retention, Duration leaseMargin) {

  /** The default lease margin: 30 seconds. */
  public static final Duration DEFAULT_LEASE_MARGIN = Duration.ofSeconds(30);

  /**
   * {@link KeyReusePolicy#RETURN_EXISTING}, {@link InFlightPolicy#USE_EXISTING}, a two-minute lease
   * renewed when less than 30 seconds of it are left, a 30-second wait for a claim in flight, and seven
   * days' retention.
   */
  public static final IdempotencyPolicy DEFAULT = new IdempotencyPolicy(KeyReusePolicy.RETURN_EXISTING,
      InFlightPolicy.USE_EXISTING, Duration.ofMinutes(2), Duration.ofSeconds(30), Duration.ofDays(7),
      DEFAULT_LEASE_MARGIN);

  /**
   * A policy with the default lease margin ({@link #DEFAULT_LEASE_MARGIN}).
   *
   * @param keyReuse what a key means once its run has ended
   * @param inFlight what a start does while the key's run is in flight
   * @param lease how long a claim keeps other starts out
   * @param inFlightWait how long to wait for a claim in flight
   * @param retention how long records are kept
   * @throws NullPointerException if a value is null
   * @throws IllegalArgumentException as the canonical constructor
   */
  public IdempotencyPolicy(KeyReusePolicy keyReuse, InFlightPolicy inFlight, Duration lease, Duration inFlightWait,
      Duration retention) {
    this(keyReuse, inFlight, lease, inFlightWait, retention, DEFAULT_LEASE_MARGIN);
  }

  /**
   * Checks the values.
   *
   * @throws NullPointerException if a value is null
   * @param keyReuse what a key means once its run has ended
   * @param inFlight what a start does while the key's run is in flight
   * @param lease how long a claim keeps other starts out
   * @param inFlightWait how long to wait for a claim in flight
   * @param retention how long records are kept
   * @param leaseMargin the lease a start request needs left
   * @throws IllegalArgumentException if {@code lease} or {@code retention} is not positive,
   *     {@code inFlightWait} is negative, {@code retention} is shorter than {@code lease}, or
   *     {@code leaseMargin} is not positive or not shorter than {@code lease}
   */
  public IdempotencyPolicy {
    Objects.requireNonNull(keyReuse, "keyReuse");
    Objects.requireNonNull(inFlight, "inFlight");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(inFlightWait, "inFlightWait");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(leaseMargin, "leaseMargin");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive, found " + lease);
    }
    if (inFlightWait.isNegative()) {
      throw new IllegalArgumentException("inFlightWait must not be negative, found " + inFlightWait);
    }
    if (retention.compareTo(lease) < 0) {
      throw new IllegalArgumentException("retention must be at least the lease (" + lease + "), found " + retention);
    }
    if (leaseMargin.isNegative() || leaseMargin.isZero() || leaseMargin.compareTo(lease) >= 0) {
      throw new IllegalArgumentException("leaseMargin must be positive and shorter than the lease (" + lease
          + "), found " + leaseMargin);
    }
  }

  /**
   * Checks this policy against the launcher's start policy: the lease must outlast the longest start
   * with the margin to spare, and the margin must cover one start request and the consistency window.
   *
   * @param start the launcher's start policy
   * @throws IllegalArgumentException naming the settings, when they do not fit
   */
  public void checkAgainst(StartPolicy start) {
    Objects.requireNonNull(start, "start");
    Duration needed = start.maxDuration().plus(leaseMargin);
    if (lease.compareTo(needed) < 0) {
      throw new IllegalArgumentException("IdempotencyPolicy.lease (" + lease + ") must be at least "
          + "StartPolicy.startTimeout (" + start.startTimeout() + ") plus IdempotencyPolicy.leaseMargin ("
          + leaseMargin + "), " + needed + ": a start that outlives its claim's lease could be joined by a second one");
    }
    Duration cover = start.requestTimeout().plus(start.consistencyWindow());
    if (leaseMargin.compareTo(cover) < 0) {
      throw new IllegalArgumentException("IdempotencyPolicy.leaseMargin (" + leaseMargin + ") must be at least "
          + "StartPolicy.requestTimeout (" + start.requestTimeout() + ") plus StartPolicy.consistencyWindow() ("
          + start.consistencyWindow() + "), " + cover + ": a run started just before its claim's lease ended must "
          + "be visible to the start that takes the claim over");
    }
  }

  /**
   * This policy with another key reuse policy.
   *
   * @param keyReuse the policy
   * @return a copy
   */
  public IdempotencyPolicy withKeyReuse(KeyReusePolicy keyReuse) {
    return new IdempotencyPolicy(keyReuse, inFlight, lease, inFlightWait, retention, leaseMargin);
  }

  /**
   * This policy with another in-flight policy.
   *
   * @param inFlight the policy
   * @return a copy
   */
  public IdempotencyPolicy withInFlight(InFlightPolicy inFlight) {
    return new IdempotencyPolicy(keyReuse, inFlight, lease, inFlightWait, retention, leaseMargin);
  }

  /**
   * This policy with another lease.
   *
   * @param lease the lease
   * @return a copy
   */
  public IdempotencyPolicy withLease(Duration lease) {
    return new IdempotencyPolicy(keyReuse, inFlight, lease, inFlightWait, retention, leaseMargin);
  }

  /**
   * This policy with another wait for a claim in flight.
   *
   * @param inFlightWait the wait
   * @return a copy
   */
  public IdempotencyPolicy withInFlightWait(Duration inFlightWait) {
    return new IdempotencyPolicy(keyReuse, inFlight, lease, inFlightWait, retention, leaseMargin);
  }

  /**
   * This policy with another retention.
   *
   * @param retention the retention
   * @return a copy
   */
  public IdempotencyPolicy withRetention(Duration retention) {
    return new IdempotencyPolicy(keyReuse, inFlight, lease, inFlightWait, retention, leaseMargin);
  }

  /**
   * This policy with another lease margin.
   *
   * @param leaseMargin the margin
   * @return a copy
   */
  public IdempotencyPolicy withLeaseMargin(Duration leaseMargin) {
    return new IdempotencyPolicy(keyReuse, inFlight, lease, inFlightWait, retention, leaseMargin);
  }
}
