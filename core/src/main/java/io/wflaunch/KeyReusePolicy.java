package io.wflaunch;

/**
 * What an idempotency key means once the run it started has ended, on a launcher with an
 * {@link io.wflaunch.spi.store.IdempotencyStore} (after Temporal's workflow-id reuse policy). Set the
 * launcher's default with {@link IdempotencyPolicy#withKeyReuse(KeyReusePolicy)}, or one request's with
 * {@link StartRunRequest.Builder#keyReusePolicy(KeyReusePolicy)}.
 */
public enum KeyReusePolicy {
  /** The key always means its run: a start with it returns that run's handle, however the run ended. */
  RETURN_EXISTING,
  /**
   * A run that failed, was cancelled, timed out or was skipped lets the key start a new run, which then
   * becomes what the key means; a run that succeeded is returned, as with {@link #RETURN_EXISTING}. The
   * new run carries {@code <key>#2~<16 hex digits>} (then {@code #3~...}) to the backend as its key, so
   * that it is told apart from the run it replaces. A run the backend no longer shows is not replaced:
   * whether it succeeded is unknown, so the start fails with a {@link ConflictException}.
   */
  ALLOW_IF_NOT_SUCCEEDED,
  /** A start with the key of a run that has ended fails with a {@link ConflictException}. */
  REJECT_DUPLICATE
}
