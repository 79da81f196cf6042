package io.wflaunch;

/**
 * The service refused the call because the caller sent too many requests. Retryable after a pause;
 * waits stretch their polling interval instead of failing on it.
 */
public class ThrottledException extends WorkflowLaunchException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the error.
   *
   * @param context what the failure is about
   * @param detail what went wrong, in words; may be empty
   * @param cause the original exception, or null
   * @throws NullPointerException if {@code context} or {@code detail} is null
   */
  public ThrottledException(ErrorContext context, String detail, Throwable cause) {
    super("throttled", context, detail, true, cause);
  }

  @Override
  protected WorkflowLaunchException copy(ErrorContext context) {
    return new ThrottledException(context, detail(), getCause());
  }
}
