package io.wflaunch;

/**
 * The caller's credentials or token may not perform the operation. Not retryable until the permissions
 * change.
 */
public class AccessDeniedException extends WorkflowLaunchException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the error.
   *
   * @param context what the failure is about
   * @param detail what went wrong, in words; may be empty
   * @param cause the original exception, or null
   * @throws NullPointerException if {@code context} or {@code detail} is null
   */
  public AccessDeniedException(ErrorContext context, String detail, Throwable cause) {
    super("access denied", context, detail, false, cause);
  }

  @Override
  protected WorkflowLaunchException copy(ErrorContext context) {
    return new AccessDeniedException(context, detail(), getCause());
  }
}
