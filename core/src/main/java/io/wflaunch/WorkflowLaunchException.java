package io.wflaunch;

import io.wflaunch.spi.support.UserText;
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
 * <pre>run not found (backend memory, run memory:nightly-etl/run-000042, HTTP 400, request id 7f3c): ...</pre>
 *
 * <p>Subtypes say what went wrong; code that only needs to know whether to retry can use
 * {@link #retryable()}. A failure no subtype describes is reported as this class itself.
 *
 * <p>Whatever its kind, a failed start whose request may have reached the service says so with
 * {@link #outcomeUnknown()}: a run may exist, and starting again without the same idempotency key
 * may start a second one. A start that fails with {@code outcomeUnknown() == false} started nothing.
 *
 * @serial exclude
 */
public class WorkflowLaunchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String summary;
  private final ErrorContext context;
  private final String detail;
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
    this.summary = summary;
    this.context = context;
    this.detail = detail;
    this.retryable = retryable;
  }

  /**
   * The most characters of a detail a message holds: every message is one line of a readable length,
   * whatever user or service text went into it (each value quoted in it is cut shorter, at
   * {@link UserText#MAX_ECHO}).
   */
  static final int MAX_DETAIL = 1_000;

  /** What every message of an error whose outcome is unknown ends with. */
  static final String OUTCOME_UNKNOWN_NOTE = "the request may have taken effect (outcome unknown)";

  /**
   * Builds the message of every wflaunch error: the summary, then in parentheses the backend, the run
   * or workflow, the HTTP status and the request id where known, then the detail, and last, when the
   * context says the outcome is unknown, a note saying so. Control characters in the detail are
   * escaped ({@link UserText#escape}), so that a message is always one line, and the detail is cut
   * after 1,000 characters, the run or workflow after {@link UserText#MAX_ECHO}.
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
    String text = UserText.cut(detail.strip(), MAX_DETAIL);
    if (context.outcomeUnknown() && !text.contains(OUTCOME_UNKNOWN_NOTE)) {
      text = text.isEmpty() ? OUTCOME_UNKNOWN_NOTE : text + "; " + OUTCOME_UNKNOWN_NOTE;
    }
    if (!text.isEmpty()) {
      message.append(": ").append(text);
    }
    return message.toString();
  }

  /**
   * This exception with the outcome flag set as given: the same instance when it already is, otherwise
   * a copy of the same type with the same detail, cause, suppressed exceptions and stack trace. The
   * start protocol uses it to say truthfully, on whatever failure ends a start, whether a run may
   * exist.
   *
   * @param outcomeUnknown whether the failed request may have taken effect
   * @return the exception with that flag
   */
  public final WorkflowLaunchException withOutcomeUnknown(boolean outcomeUnknown) {
    if (outcomeUnknown() == outcomeUnknown) {
      return this;
    }
    WorkflowLaunchException copy = copy(context.withOutcomeUnknown(outcomeUnknown));
    copy.setStackTrace(getStackTrace());
    for (Throwable suppressed : getSuppressed()) {
      copy.addSuppressed(suppressed);
    }
    return copy;
  }

  /**
   * A new exception like this one, of the same type, about {@code context}. Every subtype in wflaunch
   * overrides it; a subtype that does not is copied as a plain {@code WorkflowLaunchException} with
   * this one as its cause.
   *
   * @param context the copy's context
   * @return the copy
   */
  protected WorkflowLaunchException copy(ErrorContext context) {
    return getClass() == WorkflowLaunchException.class
        ? new WorkflowLaunchException(summary, context, detail, retryable, getCause())
        : new WorkflowLaunchException(summary, context, detail, retryable, this);
  }

  /**
   * The detail this exception was created with, before the message wrapped it.
   *
   * @return the detail, possibly empty
   */
  protected final String detail() {
    return detail;
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
   * Whether the failed request may have taken effect all the same. For a start: whether a run may
   * exist although the call failed, because a start request may have reached the service and no
   * look-up could tell whether it created a run. A retry with the same idempotency key is then safe
   * (it finds that run or starts one); a retry without one may start a second run. False when the
   * call surely started nothing.
   *
   * @return true when the outcome is unknown
   */
  public boolean outcomeUnknown() {
    return context.outcomeUnknown();
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
