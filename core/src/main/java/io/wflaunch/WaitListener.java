package io.wflaunch;

import java.time.Duration;
import java.util.Optional;

/**
 * Watches one wait for completion, for progress display or logging. All methods have empty defaults.
 *
 * <p>Calls for one wait never overlap and come in order. An exception thrown by a listener is logged
 * and otherwise ignored: it never ends the wait.
 */
public interface WaitListener {

  /** A listener that does nothing. */
  WaitListener NONE = new WaitListener() {};

  /**
   * The run's state changed. Called once for the first status seen (with no previous status) and
   * once for each later change of {@link RunStatus#state()}, in order; never twice for one state in a
   * row.
   *
   * @param previous the status before the change, empty for the first status seen; the tracker keeps
   *     only the handle, state and raw status of a run between polls, so this status holds no more
   * @param current the new status
   */
  default void onStateChange(Optional<RunStatus> previous, RunStatus current) {}

  /**
   * A poll returned a status that is not terminal; the next poll is due after {@code nextPollIn}.
   *
   * @param status the status just seen
   * @param nextPollIn the time until the next poll
   */
  default void onPoll(RunStatus status, Duration nextPollIn) {}

  /**
   * A poll failed in a way the wait rides out (throttling, backend unavailable); the next poll is due
   * after {@code nextPollIn}, a longer interval than the one before.
   *
   * @param failure the failure
   * @param nextPollIn the time until the next poll
   */
  default void onPollFailure(WorkflowLaunchException failure, Duration nextPollIn) {}

  /**
   * The wait gave up on the run while it was still under way: it timed out, or its future was
   * cancelled, or the launcher was closed during it. Called last, once, after any stop the wait's
   * options asked for ({@link WaitOptions#stopOnGiveUp()}) has been answered: this is where a caller
   * who cancelled the wait's future (and so sees only the JDK's {@code CancellationException}) learns
   * what became of the run.
   *
   * @param handle the run given up on
   * @param stop whether a stop was sent and how the service answered
   * @param stopFailure the stop's failure, when it was sent and failed or the backend refused it
   */
  default void onGiveUp(RunHandle handle, GiveUpStop stop, Optional<WorkflowLaunchException> stopFailure) {}
}
