package io.wflaunch;

import java.util.Objects;

/**
 * The backend does not offer the operation at all, for example stopping a run on a backend whose
 * service's API has no stop. Not retryable.
 *
 * @serial exclude
 */
public class OperationNotSupportedException extends WorkflowLaunchException {

  private static final long serialVersionUID = 1L;

  private final String operation;
  private final String why;

  /**
   * Creates the error.
   *
   * @param context what the failure is about
   * @param operation the operation, such as {@code stop}
   * @param detail why the backend does not offer it; may be empty
   * @throws NullPointerException if any argument is null
   */
  public OperationNotSupportedException(ErrorContext context, String operation, String detail) {
    super("operation not supported", context,
        "'" + Objects.requireNonNull(operation, "operation") + "'"
            + (detail.isEmpty() ? "" : " (" + detail + ")"), false, null);
    this.operation = operation;
    this.why = detail;
  }

  /**
   * The operation the backend does not offer.
   *
   * @return the operation name
   */
  public String operation() {
    return operation;
  }

  @Override
  protected WorkflowLaunchException copy(ErrorContext context) {
    return new OperationNotSupportedException(context, operation, why);
  }
}
