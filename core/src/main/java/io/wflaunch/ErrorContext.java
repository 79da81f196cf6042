package io.wflaunch;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a {@link WorkflowLaunchException} is about: the backend, the workflow target or run handle,
 * what the service said about the failed request (request id, HTTP status), and whether the request
 * may have taken effect all the same ({@link #outcomeUnknown()}).
 *
 * <p>Immutable; the {@code with*} methods return a copy.
 *
 * @serial exclude
 */
public final class ErrorContext implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  private static final ErrorContext EMPTY = new ErrorContext(null, null, null, null, null, false);

  private final String backendId;
  private final WorkflowTarget target;
  private final RunHandle handle;
  private final String requestId;
  private final Integer httpStatus;
  private final boolean outcomeUnknown;

  private ErrorContext(String backendId, WorkflowTarget target, RunHandle handle, String requestId,
      Integer httpStatus, boolean outcomeUnknown) {
    this.backendId = backendId;
    this.target = target;
    this.handle = handle;
    this.requestId = requestId;
    this.httpStatus = httpStatus;
    this.outcomeUnknown = outcomeUnknown;
  }

  /**
   * A context that names nothing yet, for failures found before any backend is known (a malformed
   * handle string, say).
   *
   * @return the empty context
   */
  public static ErrorContext empty() {
    return EMPTY;
  }

  /**
   * A context naming only a backend.
   *
   * @param backendId the backend's id
   * @return a context naming that backend
   * @throws NullPointerException if {@code backendId} is null
   */
  public static ErrorContext of(String backendId) {
    return new ErrorContext(Objects.requireNonNull(backendId, "backendId"), null, null, null, null, false);
  }

  /**
   * A context naming a workflow target and its backend.
   *
   * @param target the workflow target
   * @return a context naming the target and its backend
   * @throws NullPointerException if {@code target} is null
   */
  public static ErrorContext of(WorkflowTarget target) {
    Objects.requireNonNull(target, "target");
    return new ErrorContext(target.backend(), target, null, null, null, false);
  }

  /**
   * A context naming a run handle and its backend.
   *
   * @param handle the run handle
   * @return a context naming the run and its backend
   * @throws NullPointerException if {@code handle} is null
   */
  public static ErrorContext of(RunHandle handle) {
    Objects.requireNonNull(handle, "handle");
    return new ErrorContext(handle.backend(), null, handle, null, null, false);
  }

  /**
   * A copy naming the given run handle as well.
   *
   * @param handle the run the failure concerns
   * @return a copy with the handle set
   * @throws NullPointerException if {@code handle} is null
   */
  public ErrorContext withHandle(RunHandle handle) {
    return new ErrorContext(backendId, target, Objects.requireNonNull(handle, "handle"), requestId, httpStatus,
        outcomeUnknown);
  }

  /**
   * A copy that also carries the service's request id, when there is one.
   *
   * @param requestId the request id the service returned, or null when there was none
   * @return a copy with the request id set or left unset
   */
  public ErrorContext withRequestId(String requestId) {
    String id = requestId == null || requestId.isBlank() ? null : requestId;
    return new ErrorContext(backendId, target, handle, id, httpStatus, outcomeUnknown);
  }

  /**
   * A copy that also carries the HTTP status code of the failed response.
   *
   * @param httpStatus the HTTP status code, or 0 (or less) when no response was received
   * @return a copy with the status set or left unset
   */
  public ErrorContext withHttpStatus(int httpStatus) {
    return new ErrorContext(backendId, target, handle, requestId, httpStatus > 0 ? httpStatus : null, outcomeUnknown);
  }

  /**
   * A copy that says whether the failed request may have taken effect all the same: a start whose
   * request may have reached the service, so that a run may exist.
   *
   * @param outcomeUnknown true when the request may have taken effect
   * @return a copy with the flag set
   */
  public ErrorContext withOutcomeUnknown(boolean outcomeUnknown) {
    return new ErrorContext(backendId, target, handle, requestId, httpStatus, outcomeUnknown);
  }

  /**
   * The backend's id; empty only for failures found before a backend could be named.
   *
   * @return the backend id, if known
   */
  public Optional<String> backendId() {
    return Optional.ofNullable(backendId);
  }

  /**
   * The workflow target, when the failure concerns one.
   *
   * @return the target, if any
   */
  public Optional<WorkflowTarget> target() {
    return Optional.ofNullable(target);
  }

  /**
   * The run handle, when the failure concerns a run.
   *
   * @return the handle, if any
   */
  public Optional<RunHandle> handle() {
    return Optional.ofNullable(handle);
  }

  /**
   * The service request id of the failed request, where the service returned one.
   *
   * @return the request id, if known
   */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /**
   * The HTTP status code of the failed response, where a response was received.
   *
   * @return the status code, if known
   */
  public OptionalInt httpStatus() {
    return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
  }

  /**
   * Whether the failed request may have taken effect all the same. For a start this means a run may
   * exist although the call failed: the request may have reached the service before the failure.
   * False when the request surely had no effect (it was never sent, the service refused it, or a
   * look-up proved that no run was started).
   *
   * @return true when the outcome of the request is unknown
   */
  public boolean outcomeUnknown() {
    return outcomeUnknown;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ErrorContext other
        && Objects.equals(backendId, other.backendId)
        && Objects.equals(target, other.target)
        && Objects.equals(handle, other.handle)
        && Objects.equals(requestId, other.requestId)
        && Objects.equals(httpStatus, other.httpStatus)
        && outcomeUnknown == other.outcomeUnknown;
  }

  @Override
  public int hashCode() {
    return Objects.hash(backendId, target, handle, requestId, httpStatus, outcomeUnknown);
  }

  /**
   * Reads like {@code backend memory, run memory:etl/run-000001, HTTP 400, request id 7f3c}; the
   * exception's message says the outcome is unknown, not this.
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    if (backendId != null) {
      out.append("backend ").append(backendId);
    }
    // Targets, handles and request ids can be user or service text of any length: cut and escaped.
    if (handle != null) {
      separate(out).append("run ").append(io.wflaunch.spi.support.UserText.cut(handle.toString(),
          io.wflaunch.spi.support.UserText.MAX_ECHO));
    } else if (target != null) {
      separate(out).append("workflow ").append(io.wflaunch.spi.support.UserText.cut(target.toString(),
          io.wflaunch.spi.support.UserText.MAX_ECHO));
    }
    if (httpStatus != null) {
      separate(out).append("HTTP ").append(httpStatus);
    }
    if (requestId != null) {
      separate(out).append("request id ").append(io.wflaunch.spi.support.UserText.cut(requestId, 100));
    }
    return out.toString();
  }

  private static StringBuilder separate(StringBuilder out) {
    return out.length() == 0 ? out : out.append(", ");
  }
}
