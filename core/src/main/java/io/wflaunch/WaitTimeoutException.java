package io.wflaunch;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A wait for a run's completion reached its deadline before the run reached a terminal state. Unless
 * the wait's options asked to {@linkplain WaitOptions#stopOnGiveUp() stop the run}, the run itself is
 * unaffected and can be waited for again; when they did, {@link #giveUpStop()} says whether the stop
 * was sent and accepted, the message says it in words, and a failed stop's exception is attached as a
 * suppressed exception. Carries the last status seen, if any poll succeeded. Not retryable as it is
 * (waiting again, longer, is the caller's choice).
 *
 * @serial exclude
 */
public class WaitTimeoutException extends WorkflowLaunchException {

  private static final long serialVersionUID = 1L;

  private final Duration timeout;
  private final transient RunStatus lastStatus;
  private final GiveUpStop giveUpStop;

  /**
   * Creates the error of a wait that asked for no stop.
   *
   * @param context what the failure is about (the run waited for)
   * @param timeout how long the wait was allowed to take
   * @param lastStatus the last status seen, or null when no poll succeeded
   * @throws NullPointerException if {@code context} or {@code timeout} is null
   */
  public WaitTimeoutException(ErrorContext context, Duration timeout, RunStatus lastStatus) {
    this(context, timeout, lastStatus, GiveUpStop.NOT_ASKED);
  }

  /**
   * Creates the error, saying what became of the run.
   *
   * @param context what the failure is about (the run waited for)
   * @param timeout how long the wait was allowed to take
   * @param lastStatus the last status seen, or null when no poll succeeded
   * @param giveUpStop whether a stop was sent and accepted; {@link GiveUpStop#NOT_ASKED} when the wait's
   *     options asked for none
   * @throws NullPointerException if {@code context}, {@code timeout} or {@code giveUpStop} is null
   */
  public WaitTimeoutException(ErrorContext context, Duration timeout, RunStatus lastStatus, GiveUpStop giveUpStop) {
    super("wait timed out", context, "no terminal state within " + Objects.requireNonNull(timeout, "timeout")
        + (lastStatus == null ? ", no status seen" : ", last state " + lastStatus.state()
            + " (" + lastStatus.rawStatus() + ")") + said(giveUpStop), false, null);
    this.timeout = timeout;
    this.lastStatus = lastStatus;
    this.giveUpStop = giveUpStop;
  }

  /** The words a message adds for a stop: none when no stop was asked for. */
  static String said(GiveUpStop giveUpStop) {
    return Objects.requireNonNull(giveUpStop, "giveUpStop") == GiveUpStop.NOT_ASKED ? ""
        : "; " + giveUpStop.describe();
  }

  /**
   * Whether a stop of the run was sent when the wait gave up, and how the service answered.
   *
   * @return {@link GiveUpStop#NOT_ASKED} unless the wait's options asked to stop the run
   */
  public GiveUpStop giveUpStop() {
    return giveUpStop;
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
    return new WaitTimeoutException(context, timeout, lastStatus, giveUpStop);
  }
}
