package io.wflaunch;

/**
 * The call stopped before it finished because its thread was interrupted. For a start,
 * {@link #outcomeUnknown()} says whether a start request may already have reached the service, so
 * that a run may exist; for a stop, whether the stop may have been accepted. Not retryable as such: an
 * interrupt means someone wants the work to stop. The thread's interrupt flag is set again when this
 * is thrown. (A cancelled async start's future throws the JDK's {@code CancellationException}; the
 * launcher logs a warning when a run was, or may have been, started all the same.)
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
    super("cancelled", context, detail, false, cause);
  }

  @Override
  protected WorkflowLaunchException copy(ErrorContext context) {
    return new CancelledException(context, detail(), getCause());
  }
}
