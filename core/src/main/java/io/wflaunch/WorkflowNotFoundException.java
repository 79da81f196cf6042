package io.wflaunch;

/**
 * The workflow a start or list named does not exist on its backend: the workflow itself or any part of
 * the target that holds it (a domain, a project, a workflow type, ...). Not retryable.
 */
public class WorkflowNotFoundException extends WorkflowLaunchException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the error.
   *
   * @param context what the failure is about
   * @param detail what went wrong, in words; may be empty
   * @param cause the original exception, or null
   * @throws NullPointerException if {@code context} or {@code detail} is null
   */
  public WorkflowNotFoundException(ErrorContext context, String detail, Throwable cause) {
    super("workflow not found", context, detail, false, cause);
  }

  @Override
  protected WorkflowLaunchException copy(ErrorContext context) {
    return new WorkflowNotFoundException(context, detail(), getCause());
  }
}
