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
 * @param retriedAs the handle of its latest re-run ({@code wflaunch retry}): its own for a re-run in place,
 *     or null if it was never re-run
 */
public record LocalRun(String handle, String target, String idempotencyKey, long startedAt, long durationMillis,
    boolean fails, Long stopRequestedAt, String requestHash, String retriedAs) {

  /**
   * This run with a stop asked for at {@code at}.
   *
   * @param at epoch milliseconds
   * @return a copy
   */
  public LocalRun stopped(long at) {
    return new LocalRun(handle, target, idempotencyKey, startedAt, durationMillis, fails, at, requestHash, retriedAs);
  }

  /**
   * This run re-run in place from {@code at}: running again for its duration, then succeeding (whatever
   * made it fail is taken to be fixed), its stop forgotten.
   *
   * @param at epoch milliseconds
   * @return a copy
   */
  public LocalRun rerunInPlace(long at) {
    return new LocalRun(handle, target, idempotencyKey, at, durationMillis, false, null, requestHash, handle);
  }

  /**
   * This run, re-run as another run.
   *
   * @param rerun the re-run's handle
   * @return a copy
   */
  public LocalRun retriedAs(String rerun) {
    return new LocalRun(handle, target, idempotencyKey, startedAt, durationMillis, fails, stopRequestedAt, requestHash,
        rerun);
  }
}
