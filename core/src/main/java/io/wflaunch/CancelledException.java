package io.wflaunch;

/**
 * The call stopped before it finished because its thread was interrupted. For a start,
 * {@link #outcomeUnknown()} says whether a start request may already have reached the service, so
 * that a run may exist; for a stop, whether the stop may have been accepted. Not retryable as such: an
 * interrupt means someone wants the work to stop. The thread's interrupt flag is set again when this
 * is thrown. (A cancelled async start's future throws the JDK's {@code CancellationException}; the
 * launcher logs a warning when a run was, or may have been, started all the same.)
 *
 * <p>A wait that ends cancelled (interrupted, or the launcher closed during it) whose options asked to
 * {@linkplain WaitOptions#stopOnGiveUp() stop the run} says with {@link #giveUpStop()} whether a stop
 * was sent. (A wait whose future is cancelled throws the JDK's {@code CancellationException}; its
 * listener's {@link WaitListener#onGiveUp} is told what became of the run.)
 *
 * @serial exclude
 */
public class CancelledException extends WorkflowLaunchException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the error.
   *
   * @param context what the failure is about, with the outcome flag set when a request may have taken
   *     effect
   * @param detail what was going on, in words; may be empty
   * @param cause the original exception (such as an {@link InterruptedException}), or null
   * @throws NullPointerException if {@code context} or {@code detail} is null
   */
  public CancelledException(ErrorContext context, String detail, Throwable cause) {
    this(context, detail, cause, GiveUpStop.NOT_ASKED);
  }

  /**
   * Creates the error of a wait that gave up on a run, saying what became of the run.
   *
   * @param context what the failure is about
   * @param detail what was going on, in words; may be empty
   * @param cause the original exception, or null
   * @param giveUpStop whether a stop was sent; {@link GiveUpStop#NOT_ASKED} when none was asked for
   * @throws NullPointerException if {@code context}, {@code detail} or {@code giveUpStop} is null
   */
  public CancelledException(ErrorContext context, String detail, Throwable cause, GiveUpStop giveUpStop) {
    super("cancelled", context, detail + WaitTimeoutException.said(giveUpStop), false, cause);
    this.giveUpStop = giveUpStop;
    this.plainDetail = detail;
  }

  private final GiveUpStop giveUpStop;
  private final String plainDetail;

  /**
   * For a wait that gave up on a run, whether a stop of the run was sent.
   *
   * @return {@link GiveUpStop#NOT_ASKED} unless this ends a wait whose options asked to stop the run
   */
  public GiveUpStop giveUpStop() {
    return giveUpStop;
  }

  @Override
  protected WorkflowLaunchException copy(ErrorContext context) {
    return new CancelledException(context, plainDetail, getCause(), giveUpStop);
  }
}
