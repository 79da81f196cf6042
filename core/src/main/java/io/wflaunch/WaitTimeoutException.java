package io.wflaunch;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A wait for a run's completion reached its deadline before the run reached a terminal state. The
 * run itself is unaffected and can be waited for again. Carries the last status seen, if any poll
 * succeeded. Not retryable as it is (waiting again, longer, is the caller's choice).
 *
 * @serial exclude
 */
public class WaitTimeoutException extends WorkflowLaunchException {

  private static final long serialVersionUID = 1L;

  private final Duration timeout;
  private final transient RunStatus lastStatus;

  /**
   * Creates the error.
   *
   * @param context what the failure is about (the run waited for)
   * @param timeout how long the wait was allowed to take
   * @param lastStatus the last status seen, or null when no poll succeeded
   * @throws NullPointerException if {@code context} or {@code timeout} is null
   */
  public WaitTimeoutException(ErrorContext context, Duration timeout, RunStatus lastStatus) {
    super("wait timed out", context, "no terminal state within " + Objects.requireNonNull(timeout, "timeout")
        + (lastStatus == null ? ", no status seen" : ", last state " + lastStatus.state()
            + " (" + lastStatus.rawStatus() + ")"), false, null);
    this.timeout = timeout;
    this.lastStatus = lastStatus;
  }

  /**
   * How long the wait was allowed to take.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * The last status seen before the deadline, if any poll succeeded.
   *
   * @return the last status, if any
   */
  public Optional<RunStatus> lastStatus() {
    return Optional.ofNullable(lastStatus);
  }

  @Override
  protected WorkflowLaunchException copy(ErrorContext context) {
    return new WaitTimeoutException(context, timeout, lastStatus);
  }
}
