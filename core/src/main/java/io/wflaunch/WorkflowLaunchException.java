package io.wflaunch;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The root of every error wflaunch reports. Unchecked.
 *
 * <p>Each one carries its {@link ErrorContext} (the backend, the workflow target or run handle, and
 * the service's request id and HTTP status where known), whether retrying the same call can help,
 * and the original exception (for the AWS adapters, the SDK exception) as its cause. Every message
 * is built by {@link #formatMessage} and so reads the same way everywhere, for example:
 *
 * <pre>run not found (backend glue, run glue:nightly-etl/wr_42, HTTP 400, request id 7f3c): ...</pre>
 *
 * <p>Subtypes say what went wrong; code that only needs to know whether to retry can use
 * {@link #retryable()}. A failure no subtype describes is reported as this class itself.
 *
 * @serial exclude
 */
public class WorkflowLaunchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorContext context;
  private final boolean retryable;

  /**
   * Creates an error no subtype describes.
   *
   * @param context what the failure is about
   * @param detail what went wrong, in words; may be empty
   * @param retryable whether retrying the same call can help
   * @param cause the original exception, or null
   * @throws NullPointerException if {@code context} or {@code detail} is null
   */
  public WorkflowLaunchException(ErrorContext context, String detail, boolean retryable, Throwable cause) {
    this("request failed", context, detail, retryable, cause);
  }

  /**
   * Creates an error of a subtype.
   *
   * @param summary a few words naming the kind of failure, such as {@code "run not found"}
   * @param context what the failure is about
   * @param detail what went wrong, in words; may be empty
   * @param retryable whether retrying the same call can help
   * @param cause the original exception, or null
   * @throws NullPointerException if {@code summary}, {@code context} or {@code detail} is null
   */
  protected WorkflowLaunchException(
      String summary, ErrorContext context, String detail, boolean retryable, Throwable cause) {
    super(formatMessage(summary, context, detail), cause);
    this.context = context;
    this.retryable = retryable;
  }

  /**
   * Builds the message of every wflaunch error: the summary, then in parentheses the backend, the run
   * or workflow, the HTTP status and the request id where known, then the detail.
   *
   * @param summary a few words naming the kind of failure
   * @param context what the failure is about
   * @param detail what went wrong; omitted when empty
   * @return the message
   * @throws NullPointerException if any argument is null
   */
  protected static String formatMessage(String summary, ErrorContext context, String detail) {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(detail, "detail");
    String where = Objects.requireNonNull(context, "context").toString();
    StringBuilder message = new StringBuilder(summary);
    if (!where.isEmpty()) {
      message.append(" (").append(where).append(')');
    }
    if (!detail.isEmpty()) {
      message.append(": ").append(detail);
    }
    return message.toString();
  }

  /**
   * What the failure is about.
   *
   * @return the context
   */
  public ErrorContext context() {
    return context;
  }

  /**
   * The id of the backend that failed; empty only when no backend could be named.
   *
   * @return the backend id, if known
   */
  public Optional<String> backendId() {
    return context.backendId();
  }

  /**
   * The workflow target the failed call was about, if it was about one.
   *
   * @return the target, if any
   */
  public Optional<WorkflowTarget> target() {
    return context.target();
  }

  /**
   * The run the failed call was about, if it was about one.
   *
   * @return the handle, if any
   */
  public Optional<RunHandle> handle() {
    return context.handle();
  }

  /**
   * The service request id of the failed request, where known.
   *
   * @return the request id, if any
   */
  public Optional<String> requestId() {
    return context.requestId();
  }

  /**
   * The HTTP status code of the failed response, where a response was received.
   *
   * @return the status code, if any
   */
  public OptionalInt httpStatus() {
    return context.httpStatus();
  }

  /**
   * Whether the same call, made again later, can succeed.
   *
   * @return true when retrying can help
   */
  public boolean retryable() {
    return retryable;
  }
}
