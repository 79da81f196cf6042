package io.wflaunch.cli;

import io.wflaunch.AccessDeniedException;
import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ConfigurationException;
import io.wflaunch.ConflictException;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.LimitExceededException;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.ThrottledException;
import io.wflaunch.WaitTimeoutException;
import io.wflaunch.WorkflowNotFoundException;

/** The command line's exit codes. */
public final class ExitCodes {

  /** Success; for {@code wait} and {@code start --wait}: the run SUCCEEDED. */
  public static final int OK = 0;
  /** The run ended in a terminal state other than SUCCEEDED. */
  public static final int RUN_NOT_SUCCESSFUL = 1;
  /** Invalid input or usage, or the client is not configured (credentials, region, profile, token); nothing was sent. */
  public static final int USAGE = 2;
  /** The workflow or run does not exist. */
  public static final int NOT_FOUND = 3;
  /** Access denied. */
  public static final int ACCESS_DENIED = 4;
  /** Throttled, unavailable or over a limit, after retries. */
  public static final int UNAVAILABLE = 5;
  /** The wait timed out. */
  public static final int WAIT_TIMEOUT = 6;
  /** The backend does not offer the operation. */
  public static final int NOT_SUPPORTED = 7;
  /** Conflict, such as an idempotency key reused with another request. */
  public static final int CONFLICT = 8;
  /** Any other error. */
  public static final int OTHER = 9;

  private ExitCodes() {}

  /**
   * The exit code for a failure.
   *
   * @param failure what a command threw
   * @return its exit code
   */
  public static int of(Throwable failure) {
    if (failure instanceof InvalidRequestException || failure instanceof ConfigurationException) {
      return USAGE;
    }
    if (failure instanceof WorkflowNotFoundException || failure instanceof RunNotFoundException) {
      return NOT_FOUND;
    }
    if (failure instanceof AccessDeniedException) {
      return ACCESS_DENIED;
    }
    if (failure instanceof ThrottledException || failure instanceof BackendUnavailableException
        || failure instanceof LimitExceededException) {
      return UNAVAILABLE;
    }
    if (failure instanceof WaitTimeoutException) {
      return WAIT_TIMEOUT;
    }
    if (failure instanceof OperationNotSupportedException) {
      return NOT_SUPPORTED;
    }
    if (failure instanceof ConflictException) {
      return CONFLICT;
    }
    return OTHER;
  }
}
