package io.wflaunch;

/**
 * The call stopped before it finished because its thread was interrupted (or, for an async call, its
 * future was cancelled). For a start, {@link #outcomeUnknown()} says whether a start request may
 * already have reached the service, so that a run may exist. Not retryable as such: an interrupt
 * means someone wants the work to stop. The thread's interrupt flag is set again when this is thrown.
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
