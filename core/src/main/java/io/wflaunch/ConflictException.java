package io.wflaunch;

/**
 * The operation conflicts with the current state of the workflow or run: a run already started under
 * the same id for another request, a stop of a run that has already ended, and the like. Not
 * retryable as it is.
 */
public class ConflictException extends WorkflowLaunchException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the error.
   *
   * @param context what the failure is about
   * @param detail what went wrong, in words; may be empty
   * @param cause the original exception, or null
   * @throws NullPointerException if {@code context} or {@code detail} is null
   */
  public ConflictException(ErrorContext context, String detail, Throwable cause) {
    super("conflict", context, detail, false, cause);
  }

  @Override
  protected WorkflowLaunchException copy(ErrorContext context) {
    return new ConflictException(context, detail(), getCause());
  }
}
