package io.wflaunch;

/**
 * The backend could not be reached or failed on its side: an HTTP 5xx answer, a timeout, a broken
 * connection. Retryable.
 *
 * <p>When a start fails this way after its request may have reached the service,
 * {@link #outcomeUnknown()} is true: the run may exist. Starts that carry an idempotency key are
 * resolved by the adapters (they look for the run before trying again) and so report this only when
 * that look-up failed too; starts without a key cannot be resolved and report it as it is.
 *
 * @serial exclude
 */
public class BackendUnavailableException extends WorkflowLaunchException {

  private static final long serialVersionUID = 1L;

  private final boolean outcomeUnknown;

  /**
   * Creates the error for a call that certainly had no effect, or that changes nothing.
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
   * @param outcomeUnknown true when the request may have taken effect (a run may have started)
   * @param cause the original exception, or null
   * @throws NullPointerException if {@code context} or {@code detail} is null
   */
  public BackendUnavailableException(
      ErrorContext context, String detail, boolean outcomeUnknown, Throwable cause) {
    super("backend unavailable", context,
        outcomeUnknown ? detail + (detail.isEmpty() ? "" : "; ") + "the request may have taken effect" : detail,
        true, cause);
    this.outcomeUnknown = outcomeUnknown;
  }

  /**
   * Whether the failed request may have taken effect anyway, for example a start whose response
   * was lost: the run may exist.
   *
   * @return true when the outcome of the request is unknown
   */
  public boolean outcomeUnknown() {
    return outcomeUnknown;
  }
}
