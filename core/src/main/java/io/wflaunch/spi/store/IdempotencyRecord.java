package io.wflaunch.spi.store;

import io.wflaunch.RunHandle;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link IdempotencyStore} keeps for one idempotency key: a claim while a start with the key is
 * in progress, and the run's handle once the start recorded it.
 *
 * @param key the scoped key: the target (which begins with the backend id), a space, and the caller's
 *     idempotency key
 * @param requestHash the hex SHA-256 of the request the key was first used with (target, parameters,
 *     input, options); never the values themselves
 * @param owner the start call that holds (or last held) the claim, an opaque id
 * @param fence the fencing counter: one for the first claim, one more for each claim taken over or
 *     replaced; a write conditional on it fails once another call has moved it on
 * @param generation which run of the key this is: 1, then one more each time
 *     {@link io.wflaunch.KeyReusePolicy#ALLOW_IF_NOT_SUCCEEDED} lets the key start a new run
 * @param leaseUntil until when the claim keeps other starts of the key out (meaningful only while no
 *     handle is recorded)
 * @param handle the run the key started, once recorded
 * @param expiresAt when the record stops counting and may be deleted (the DynamoDB TTL attribute)
 */
public record IdempotencyRecord(String key, String requestHash, String owner, long fence, int generation,
    Instant leaseUntil, Optional<RunHandle> handle, Instant expiresAt) {

  /**
   * Checks the values.
   *
   * @throws NullPointerException if a value is null
   * @param key the scoped key
   * @param requestHash the request's hash
   * @param owner the claiming call
   * @param fence the fencing counter
   * @param generation the run's generation
   * @param leaseUntil the end of the claim's lease
   * @param handle the recorded run, if any
   * @param expiresAt when the record expires
   * @throws IllegalArgumentException if {@code fence} or {@code generation} is below 1
   */
  public IdempotencyRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(requestHash, "requestHash");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(leaseUntil, "leaseUntil");
    Objects.requireNonNull(handle, "handle");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (fence < 1 || generation < 1) {
      throw new IllegalArgumentException("fence and generation start at 1, found " + fence + " and " + generation);
    }
  }

  /**
   * Whether the record counts no more at {@code now}: the store treats it as absent.
   *
   * @param now the caller's time
   * @return true once {@code expiresAt} has passed
   */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /**
   * Whether the record is a claim (no run recorded yet) whose lease still runs at {@code now}.
   *
   * @param now the caller's time
   * @return true for a live claim
   */
  public boolean liveClaimAt(Instant now) {
    return handle.isEmpty() && now.isBefore(leaseUntil);
  }

  /**
   * Whether {@code other} is the same version of the record: the same key, owner and fence.
   *
   * @param other another record
   * @return true when a write conditional on this version would accept {@code other}'s place
   */
  public boolean sameVersion(IdempotencyRecord other) {
    return key.equals(other.key) && owner.equals(other.owner) && fence == other.fence;
  }

  /**
   * This claim with its run recorded.
   *
   * @param run the run's handle
   * @param expiresAt when the record expires
   * @return a copy with the handle, the same owner and fence
   */
  public IdempotencyRecord recording(RunHandle run, Instant expiresAt) {
    return new IdempotencyRecord(key, requestHash, owner, fence, generation, leaseUntil, Optional.of(run), expiresAt);
  }
}
