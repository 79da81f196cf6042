package io.wflaunch.spi.observe;

import io.wflaunch.AccessDeniedException;
import io.wflaunch.BackendUnavailableException;
import io.wflaunch.CancelledException;
import io.wflaunch.ConfigurationException;
import io.wflaunch.ConflictException;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.LimitExceededException;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunStatus;
import io.wflaunch.ThrottledException;
import io.wflaunch.WaitTimeoutException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowNotFoundException;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Sees what a launcher does, for metrics, traces or logs: each launcher call from its beginning to its
 * end, and each run a wait saw end. Register one with
 * {@link io.wflaunch.WorkflowLauncher.Builder#observer(LaunchObserver)}; the Micrometer and
 * OpenTelemetry modules implement it, and core depends on neither.
 *
 * <p>The launcher calls an observer on the thread that makes or ends the call, so an observer must be
 * quick and thread-safe. What an observer throws is logged and otherwise ignored: observing never
 * changes a call's outcome.
 */
public interface LaunchObserver {

  /**
   * A launcher was built with this observer: the moment to register what reads the launcher itself,
   * such as gauges over its {@link io.wflaunch.WorkflowLauncher#tracker() tracker}.
   *
   * @param launcher the launcher, ready for use
   */
  default void launcherBuilt(io.wflaunch.WorkflowLauncher launcher) { }

  /**
   * A launcher built with this observer was closed: the moment to let go of what
   * {@link #launcherBuilt(io.wflaunch.WorkflowLauncher)} registered.
   *
   * @param launcher the closed launcher
   */
  default void launcherClosed(io.wflaunch.WorkflowLauncher launcher) { }

  /**
   * A launcher call begins.
   *
   * @param call what it is about
   * @return the observation of this call, which the launcher ends exactly once
   */
  default Observation callStarted(LaunchCall call) {
    return Observation.NONE;
  }

  /**
   * A run that a wait ({@code awaitCompletion}, {@code awaitAll}, {@code track} or the tracker) was
   * following reached a terminal state. Called once per wait that saw it end, not for statuses read by
   * {@code getRun}.
   *
   * @param status the terminal status
   */
  default void runEnded(RunStatus status) { }

  /**
   * A run event reached the launcher (see {@link io.wflaunch.spi.events}): every event received is told
   * once, with what the launcher made of it.
   *
   * @param type the backend type whose engine published it, or {@code unknown} for a message that is no
   *     event and for an event of an engine not installed here
   * @param outcome matched (about a run tracked here), stale (about no run tracked here) or malformed
   */
  default void runEvent(String type, io.wflaunch.spi.events.EventOutcome outcome) { }

  /**
   * A wait ended on a read an event asked for: how long after the event's time (as the event gives it,
   * to the second) the wait's future completed.
   *
   * @param status the terminal status the read answered
   * @param latency from the event's time to the wait's end, zero or more
   */
  default void eventNoticed(RunStatus status, java.time.Duration latency) { }

  /**
   * Runs on an engine with events were read by the safety poll, not because an event asked: each such
   * read is one run an event may have been lost for (or whose run simply goes on).
   *
   * @param backendId the backend
   * @param runs how many runs that poll read
   */
  default void safetyPolled(String backendId, int runs) { }

  /**
   * The kind of a call's failure, one of a small fixed set fit for a metric tag: {@code throttled},
   * {@code unavailable}, {@code not_found}, {@code access_denied}, {@code invalid}, {@code conflict},
   * {@code limit}, {@code configuration}, {@code cancelled}, {@code unsupported}, {@code timeout} or
   * {@code error} (anything else).
   *
   * @param failure what the call failed with
   * @return its kind
   */
  static String kindOf(Throwable failure) {
    if (failure instanceof ThrottledException) {
      return "throttled";
    }
    if (failure instanceof BackendUnavailableException) {
      return "unavailable";
    }
    if (failure instanceof RunNotFoundException || failure instanceof WorkflowNotFoundException) {
      return "not_found";
    }
    if (failure instanceof AccessDeniedException) {
      return "access_denied";
    }
    if (failure instanceof InvalidRequestException) {
      return "invalid";
    }
    if (failure instanceof ConflictException) {
      return "conflict";
    }
    if (failure instanceof LimitExceededException) {
      return "limit";
    }
    if (failure instanceof ConfigurationException) {
      return "configuration";
    }
    if (failure instanceof CancelledException) {
      return "cancelled";
    }
    if (failure instanceof OperationNotSupportedException) {
      return "unsupported";
    }
    if (failure instanceof WaitTimeoutException) {
      return "timeout";
    }
    return "error";
  }

  /**
   * Whether a failure leaves a run that may exist: a {@link WorkflowLaunchException} whose
   * {@link WorkflowLaunchException#outcomeUnknown()} is true.
   *
   * @param failure what a start failed with
   * @return true when the start may have taken effect
   */
  static boolean outcomeUnknown(Throwable failure) {
    return failure instanceof WorkflowLaunchException launch && launch.outcomeUnknown();
  }

  /** The observation of one launcher call. */
  interface Observation {

    /** Observes nothing. */
    Observation NONE = new Observation() {
      @Override
      public void succeeded(Optional<RunHandle> run, boolean existing) { }

      @Override
      public void failed(Throwable failure) { }
    };

    /**
     * Makes this call the current one on the calling thread (a tracing context, say), so that what the
     * call does there (the SDK's own instrumented requests) is seen as part of it. The launcher closes
     * the scope on the same thread before the call returns.
     *
     * @return the scope to close
     */
    default Scope open() {
      return Scope.NONE;
    }

    /**
     * The executor the call's asynchronous steps run on, wrapped so that this call is current there
     * too.
     *
     * @param executor the launcher's executor
     * @return {@code executor} or a wrapper of it
     */
    default Executor wrap(Executor executor) {
      return executor;
    }

    /**
     * The call succeeded.
     *
     * @param run the run it is about: the started (or found) run of a start, the handle of a get or
     *     stop; empty for list and batch calls
     * @param existing for a start: whether the run was there before this call (found by its key, or
     *     recorded for it in the idempotency store) rather than started by it
     */
    void succeeded(Optional<RunHandle> run, boolean existing);

    /**
     * The call failed.
     *
     * @param failure what it failed with, as the caller gets it
     */
    void failed(Throwable failure);
  }

  /** What {@link Observation#open()} returns: closed on the thread that opened it. */
  interface Scope extends AutoCloseable {

    /** A scope with nothing to close. */
    Scope NONE = () -> { };

    @Override
    void close();
  }
}
