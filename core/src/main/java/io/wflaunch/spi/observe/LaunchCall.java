package io.wflaunch.spi.observe;

import io.wflaunch.spi.Operation;

import io.wflaunch.RunHandle;
import io.wflaunch.WorkflowTarget;
import java.util.Objects;
import java.util.Optional;

/**
 * One launcher call, as a {@link LaunchObserver} sees it when it begins.
 *
 * @param operation what the call does: {@link Operation#START}, {@link Operation#GET_RUN},
 *     {@link Operation#GET_RUNS} (one call per backend the handles name), {@link Operation#STOP} (also
 *     the stop a wait sends when it gives up on a run), {@link Operation#LIST_RUNS} or
 *     {@link Operation#RETRY}
 * @param backend the backend's id; {@link #UNREGISTERED} when the call names a backend the launcher
 *     does not have (the call then fails as invalid)
 * @param target the workflow the call is about, when it names one (start, list runs)
 * @param run the run the call is about, when it names one (get run, stop, retry)
 * @param runs how many runs the call reads: 1 for a get, the handles of this backend for get runs, 0
 *     otherwise
 * @param keyed whether a start carries an idempotency key (false for other calls)
 */
public record LaunchCall(Operation operation, String backend, Optional<WorkflowTarget> target,
    Optional<RunHandle> run, int runs, boolean keyed) {

  /** The backend of a call that names no registered backend. */
  public static final String UNREGISTERED = "unregistered";

  /**
   * Checks the fields.
   *
   * @param operation what the call does
   * @param backend the backend's id
   * @param target the workflow, when the call names one
   * @param run the run, when the call names one
   * @param runs how many runs the call reads
   * @param keyed whether a start carries a key
   */
  public LaunchCall {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(run, "run");
    if (runs < 0) {
      throw new IllegalArgumentException("runs must not be negative, found " + runs);
    }
  }
}
