package io.wflaunch;

/**
 * The run a handle names does not exist (or no longer exists) on its backend. Not retryable.
 */
public class RunNotFoundException extends WorkflowLaunchException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the error.
   *
   * @param context what the failure is about
   * @param detail what went wrong, in words; may be empty
   * @param cause the original exception, or null
   * @throws NullPointerException if {@code context} or {@code detail} is null
   */
  public RunNotFoundException(ErrorContext context, String detail, Throwable cause) {
    super("run not found", context, detail, false, cause);
  }

  @Override
  protected WorkflowLaunchException copy(ErrorContext context) {
    return new RunNotFoundException(context, detail(), getCause());
  }
}
