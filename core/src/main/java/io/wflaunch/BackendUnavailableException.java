package io.wflaunch;

/**
 * The backend could not be reached or failed on its side: an HTTP 5xx answer, a timeout, a broken
 * connection. Retryable.
 *
 * <p>A start that fails this way may still have started a run: {@link #outcomeUnknown()} says so.
 * The launcher's start protocol looks for the run before it gives up, so a start reports an unknown
 * outcome only when no look-up could settle it.
 *
 * @serial exclude
 */
public class BackendUnavailableException extends WorkflowLaunchException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the error; its outcome is unknown when {@code context} says so.
   *
   * @param context what the failure is about
   * @param detail what went wrong, in words; may be empty
   * @param cause the original exception, or null
   * @throws NullPointerException if {@code context} or {@code detail} is null
   */
  public BackendUnavailableException(ErrorContext context, String detail, Throwable cause) {
    this(context, detail, false, cause);
  }

  /**
   * Creates the error.
   *
   * @param context what the failure is about
   * @param detail what went wrong, in words; may be empty
   * @param outcomeUnknown true when the request may have taken effect (a run may have started), in
   *     addition to when {@code context} says so
   * @param cause the original exception, or null
   * @throws NullPointerException if {@code context} or {@code detail} is null
   */
  public BackendUnavailableException(
      ErrorContext context, String detail, boolean outcomeUnknown, Throwable cause) {
    super("backend unavailable", context.withOutcomeUnknown(outcomeUnknown || context.outcomeUnknown()), detail,
        true, cause);
  }

  @Override
  protected WorkflowLaunchException copy(ErrorContext context) {
    return new BackendUnavailableException(context, detail(), getCause());
  }
}
