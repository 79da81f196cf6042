package io.wflaunch.cli.local;

/**
 * One run of local mode, as {@code runs.json} keeps it.
 *
 * @param handle the run's handle, as text
 * @param target the target it was started for, as text
 * @param idempotencyKey its idempotency key, or null
 * @param startedAt when it started, epoch milliseconds
 * @param durationMillis how long it runs
 * @param fails whether it ends failed
 * @param stopRequestedAt when a stop was asked for, epoch milliseconds, or null
 * @param requestHash the hash of the request that started it (target, parameters, input, options)
 */
public record LocalRun(String handle, String target, String idempotencyKey, long startedAt, long durationMillis,
    boolean fails, Long stopRequestedAt, String requestHash) {

  /**
   * This run with a stop asked for at {@code at}.
   *
   * @param at epoch milliseconds
   * @return a copy
   */
  public LocalRun stopped(long at) {
    return new LocalRun(handle, target, idempotencyKey, startedAt, durationMillis, fails, at, requestHash);
  }
}
