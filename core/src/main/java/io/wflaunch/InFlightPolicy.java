package io.wflaunch;

/**
 * What a start does while its idempotency key's run is being started by another call or is still
 * running, on a launcher with an {@link io.wflaunch.spi.store.IdempotencyStore} (after Temporal's workflow-id
 * conflict policy). Set the launcher's default with {@link IdempotencyPolicy#withInFlight(InFlightPolicy)},
 * or one request's with {@link StartRunRequest.Builder#inFlightPolicy(InFlightPolicy)}.
 */
public enum InFlightPolicy {
  /**
   * Returns the run: its handle when the run is running; while another call is starting it, waits
   * (up to {@link IdempotencyPolicy#inFlightWait()}) for that call to record it.
   */
  USE_EXISTING,
  /** Fails with a retryable {@link ConflictException} that says the key is in flight. */
  FAIL
}
