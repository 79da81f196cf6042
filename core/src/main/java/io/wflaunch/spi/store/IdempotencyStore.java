package io.wflaunch.spi.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a launcher keeps idempotency keys, so that any number of launchers (threads, processes,
 * machines) sharing the store start one run per key
 * ({@link io.wflaunch.WorkflowLauncher.Builder#idempotencyStore(IdempotencyStore)}). Core runs the
 * protocol; a store only offers atomic conditional writes of {@link IdempotencyRecord}s:
 *
 * <ol>
 *   <li>{@link #create}: write a claim if the key has no record, or only an expired one;
 *   <li>{@link #replace}: overwrite the key's record if it is still the version read, the same owner
 *       and fencing counter (to record the run, to take over a claim whose lease ended, to let a key
 *       start a new run, to put back the record a start that started nothing had replaced);
 *   <li>{@link #release}: delete the key's record if it is still the version given (after a start
 *       that surely started nothing);
 *   <li>{@link #read}: a strongly consistent read of the key's record.
 * </ol>
 *
 * <p>A refused conditional write returns the record that refused it, so that a repeated key costs one
 * request. Reads and writes never scan. Implementations are safe for use by several threads at once and
 * report failures as {@link io.wflaunch.WorkflowLaunchException}s (throttled, unavailable, access
 * denied, not configured). {@code io.wflaunch.InMemoryIdempotencyStore} keeps records in one process;
 * {@code io.wflaunch.dynamodb.DynamoDbIdempotencyStore} in a DynamoDB table.
 */
public interface IdempotencyStore extends AutoCloseable {

  /**
   * Writes {@code claim} if the key has no record, or one that has expired at {@code now}.
   *
   * @param claim the new claim (fence and generation 1 for a new key)
   * @param now the caller's time
   * @return applied, or refused with the key's current record
   */
  Write create(IdempotencyRecord claim, Instant now);

  /**
   * Overwrites the key's record with {@code next} if the stored record has {@code expected}'s owner and
   * fencing counter (owners are unique per start call, so the pair names one version of the record,
   * also across a record that expired and was created anew).
   *
   * @param expected the version read: its key, owner and fence are compared
   * @param next the record to write, for the same key
   * @return applied, or refused with the key's current record (empty when it has none)
   */
  Write replace(IdempotencyRecord expected, IdempotencyRecord next);

  /**
   * Deletes the key's record if it has {@code claim}'s owner and fencing counter.
   *
   * @param claim the version to delete: its key, owner and fence are compared
   * @return whether a record was deleted
   */
  boolean release(IdempotencyRecord claim);

  /**
   * Reads the key's record, strongly consistent.
   *
   * @param key the scoped key
   * @param now the caller's time: an expired record reads as absent
   * @return the record, if the key has one that has not expired
   */
  Optional<IdempotencyRecord> read(String key, Instant now);

  /** Releases what the store holds; a store does not close a client it was given. Does nothing by default. */
  @Override
  default void close() {}

  /**
   * The outcome of a conditional write.
   *
   * @param applied whether the write took place
   * @param current when refused, the record that refused it, if the key has one
   */
  record Write(boolean applied, Optional<IdempotencyRecord> current) {

    /** The outcome of a write that took place. */
    public static final Write APPLIED = new Write(true, Optional.empty());

    /**
     * Checks the values.
     *
     * @param applied whether the write took place
     * @param current the refusing record, if any
     * @throws NullPointerException if {@code current} is null
     * @throws IllegalArgumentException if an applied write carries a current record
     */
    public Write {
      Objects.requireNonNull(current, "current");
      if (applied && current.isPresent()) {
        throw new IllegalArgumentException("an applied write carries no current record");
      }
    }

    /**
     * A refused write.
     *
     * @param current the record that refused it, if any
     * @return the outcome
     */
    public static Write refused(Optional<IdempotencyRecord> current) {
      return new Write(false, current);
    }
  }
}
