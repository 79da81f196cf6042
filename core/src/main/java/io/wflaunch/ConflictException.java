package io.wflaunch;

/**
 * The operation conflicts with the current state of the workflow or run: a run already started under
 * the same id for another request, an idempotency key reused with a different request, a stop of a run
 * that has already ended, and the like. Not retryable as it is, except for an idempotency key in flight
 * ({@link #retryable()} true): its run is being started by another call, or is still running under
 * {@link InFlightPolicy#FAIL}; trying again later can succeed.
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
    this(context, detail, false, cause);
  }

  /**
   * Creates the error, retryable when trying again later can succeed (an idempotency key in flight).
   *
   * @param context what the failure is about
   * @param detail what went wrong, in words; may be empty
   * @param retryable whether trying again later can succeed
   * @param cause the original exception, or null
   * @throws NullPointerException if {@code context} or {@code detail} is null
   */
  public ConflictException(ErrorContext context, String detail, boolean retryable, Throwable cause) {
    super("conflict", context, detail, retryable, cause);
  }

  @Override
  protected WorkflowLaunchException copy(ErrorContext context) {
    return new ConflictException(context, detail(), retryable(), getCause());
  }
}
