package io.wflaunch;

/**
 * The state of a run, the same for every backend. Each adapter maps its service's statuses onto
 * these; the service's own word is kept in {@link RunStatus#rawStatus()}.
 *
 * <table>
 *   <caption>Which states are terminal and successful</caption>
 *   <tr><th>state</th><th>{@link #isTerminal()}</th><th>{@link #isSuccessful()}</th></tr>
 *   <tr><td>PENDING</td><td>no</td><td>no</td></tr>
 *   <tr><td>RUNNING</td><td>no</td><td>no</td></tr>
 *   <tr><td>STOPPING</td><td>no</td><td>no</td></tr>
 *   <tr><td>SUCCEEDED</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>FAILED</td><td>yes</td><td>no</td></tr>
 *   <tr><td>CANCELLED</td><td>yes</td><td>no</td></tr>
 *   <tr><td>TIMED_OUT</td><td>yes</td><td>no</td></tr>
 *   <tr><td>SKIPPED</td><td>yes</td><td>no</td></tr>
 *   <tr><td>UNKNOWN</td><td>no</td><td>no</td></tr>
 * </table>
 */
public enum RunState {
  /** Accepted but not yet running: queued, validating, provisioning. */
  PENDING(false, false),
  /** Running. */
  RUNNING(false, false),
  /** A stop or cancellation was requested and the run is winding down. */
  STOPPING(false, false),
  /** Ended successfully. */
  SUCCEEDED(true, true),
  /** Ended in failure (including runs whose actions failed, and abandoned runs). */
  FAILED(true, false),
  /** Ended because it was stopped, cancelled or terminated. */
  CANCELLED(true, false),
  /** Ended because it ran longer than its allowed time. */
  TIMED_OUT(true, false),
  /** Ended without running: superseded by a newer run, or not run at all. */
  SKIPPED(true, false),
  /**
   * The backend reported a status this version of wflaunch does not know. Not terminal, so a wait
   * keeps polling (until its deadline) rather than guessing an outcome.
   */
  UNKNOWN(false, false);

  private final boolean terminal;
  private final boolean successful;

  RunState(boolean terminal, boolean successful) {
    this.terminal = terminal;
    this.successful = successful;
  }

  /**
   * Whether the run has ended and will not change state again.
   *
   * @return true for SUCCEEDED, FAILED, CANCELLED, TIMED_OUT and SKIPPED
   */
  public boolean isTerminal() {
    return terminal;
  }

  /**
   * Whether the run ended successfully.
   *
   * @return true only for SUCCEEDED
   */
  public boolean isSuccessful() {
    return successful;
  }
}
