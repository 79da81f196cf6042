package io.wflaunch;

/**
 * A service quota or concurrency limit refused the call. {@link #retryable()} says which: a
 * concurrency limit (too many runs at once) clears when runs end, an account quota does not.
 */
public class LimitExceededException extends WorkflowLaunchException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the error.
   *
   * @param context what the failure is about
   * @param detail what limit was hit, in words; may be empty
   * @param retryable true for a concurrency limit that clears by itself, false for a quota
   * @param cause the original exception, or null
   * @throws NullPointerException if {@code context} or {@code detail} is null
   */
  public LimitExceededException(ErrorContext context, String detail, boolean retryable, Throwable cause) {
    super("limit exceeded", context, detail, retryable, cause);
  }

  @Override
  protected WorkflowLaunchException copy(ErrorContext context) {
    return new LimitExceededException(context, detail(), retryable(), getCause());
  }
}
