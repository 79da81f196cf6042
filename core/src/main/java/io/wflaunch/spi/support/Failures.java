package io.wflaunch.spi.support;

import io.wflaunch.spi.Operation;

import io.wflaunch.AccessDeniedException;
import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ErrorContext;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLaunchException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/**
 * The part of error mapping every adapter shares: what a failed call means when no service-specific
 * rule matched it. Adapters first map their service's own error types (one table each), then hand
 * the rest here with the HTTP status in the context.
 *
 * <table>
 *   <caption>Common mapping</caption>
 *   <tr><th>failure</th><th>exception</th></tr>
 *   <tr><td>throttling (as the SDK detects it), or HTTP 429</td><td>{@link ThrottledException}</td></tr>
 *   <tr><td>HTTP 401 or 403</td><td>{@link AccessDeniedException}</td></tr>
 *   <tr><td>HTTP 5xx, or no response at all (timeout, I/O)</td>
 *       <td>{@link BackendUnavailableException}; for a stop with an unknown outcome unless the request
 *       surely never reached the service (for a start the start protocol decides)</td></tr>
 *   <tr><td>anything else</td><td>{@link WorkflowLaunchException}, not retryable</td></tr>
 * </table>
 */
public final class Failures {

  private Failures() {}

  /**
   * Maps a failure that no service-specific rule matched.
   *
   * @param context what the call was about, with the HTTP status (absent when no response came) and
   *     request id set where known
   * @param operation the operation that failed
   * @param detail the service's or the client's message
   * @param throttling whether the client classified the failure as throttling
   * @param cause the original exception
   * @return the wflaunch exception to throw
   */
  public static WorkflowLaunchException unclassified(
      ErrorContext context, Operation operation, String detail, boolean throttling, Throwable cause) {
    int status = context.httpStatus().orElse(0);
    if (throttling || status == 429) {
      return new ThrottledException(context, detail, cause);
    }
    if (status == 401 || status == 403) {
      return new AccessDeniedException(context, detail, cause);
    }
    if (status >= 500 || status == 0) {
      return unavailable(context, operation, detail, cause);
    }
    return new WorkflowLaunchException(context, detail, false, cause);
  }

  /**
   * A {@link BackendUnavailableException}. Its outcome is unknown when the context says so (the
   * start protocol sets that for starts, which it alone can judge), or for a stop or a retry that may
   * have reached the service.
   *
   * @param context what the call was about
   * @param operation the operation that failed
   * @param detail the service's or the client's message
   * @param cause the original exception
   * @return the exception
   */
  public static BackendUnavailableException unavailable(
      ErrorContext context, Operation operation, String detail, Throwable cause) {
    boolean outcomeUnknown = (operation == Operation.STOP || operation == Operation.RETRY)
        && !neverReachedService(cause);
    return new BackendUnavailableException(context, detail, outcomeUnknown, cause);
  }

  /**
   * Whether a failure surely happened before the request reached the service: the host name did not
   * resolve or the connection was refused. Timeouts and broken connections are not such failures:
   * the request may have been received.
   *
   * @param failure the failure, with its causes
   * @return true when nothing was delivered
   */
  public static boolean neverReachedService(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
        return true;
      }
    }
    return false;
  }
}
