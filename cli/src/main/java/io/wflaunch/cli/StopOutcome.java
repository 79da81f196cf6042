package io.wflaunch.cli;

import io.wflaunch.CancelledException;
import io.wflaunch.GiveUpStop;
import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.WaitListener;
import io.wflaunch.WaitTimeoutException;
import io.wflaunch.WorkflowLaunchException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What became of the stop that {@code --stop-on-timeout} asks for when a wait gives up on a run (it timed
 * out, or the process was told to end), as the launcher says it ({@link GiveUpStop}): in JSON, the
 * members {@code giveUpStop} (the value's name), {@code stopSent} and {@code stopAccepted} (true, false,
 * or null where not known).
 *
 * @param stop the launcher's answer
 */
record StopOutcome(GiveUpStop stop) {

  /**
   * Whether the stop was sent.
   *
   * @return the answer
   */
  boolean sent() {
    return stop.sent();
  }

  /**
   * Whether the service accepted the stop: null while that is not known (a stop sent whose answer has
   * not come, or failed without one).
   *
   * @return the answer, or null
   */
  Boolean accepted() {
    return switch (stop) {
      case ACKNOWLEDGED -> true;
      case SENT, NOT_ACKNOWLEDGED -> null;
      case NOT_ASKED, NOT_SENT, NOT_SUPPORTED, REFUSED -> false;
    };
  }

  /** The outcome in words, as the launcher's messages say it. */
  String words() {
    return stop.describe();
  }

  /**
   * The outcome a wait's failure carries; empty for a failure that is no giving up (a run that could not
   * be read, say).
   *
   * @param failure what ended the wait
   * @return the outcome
   */
  static Optional<GiveUpStop> of(Throwable failure) {
    if (failure instanceof WaitTimeoutException timeout) {
      return Optional.of(timeout.giveUpStop());
    }
    if (failure instanceof CancelledException cancelled) {
      return Optional.of(cancelled.giveUpStop());
    }
    return Optional.empty();
  }

  /**
   * A wait's listener that also keeps the answer to the stop of a run given up on: an interrupted wait
   * (the process told to end) throws before the stop is answered, and the launcher tells the answer to
   * the listener.
   */
  static final class Listener implements WaitListener {
    private final WaitListener delegate;
    private final CountDownLatch answered = new CountDownLatch(1);
    private volatile GiveUpStop answer;

    Listener(WaitListener delegate) {
      this.delegate = delegate;
    }

    @Override
    public void onStateChange(Optional<RunStatus> previous, RunStatus current) {
      delegate.onStateChange(previous, current);
    }

    @Override
    public void onPoll(RunStatus status, Duration nextPollIn) {
      delegate.onPoll(status, nextPollIn);
    }

    @Override
    public void onPollFailure(WorkflowLaunchException failure, Duration nextPollIn) {
      delegate.onPollFailure(failure, nextPollIn);
    }

    @Override
    public void onGiveUp(RunHandle handle, GiveUpStop stop, Optional<WorkflowLaunchException> stopFailure) {
      answer = stop;
      answered.countDown();
      delegate.onGiveUp(handle, stop, stopFailure);
    }

    /**
     * What became of the stop after {@code failure} ended the wait: the failure's own value, or, where
     * that says only that the stop was sent, the answer the listener is told, if it comes within
     * {@code grace}.
     *
     * @param failure what ended the wait
     * @param grace how long to wait for the answer
     * @return the outcome, or empty for a failure that is no giving up
     */
    Optional<StopOutcome> outcome(Throwable failure, Duration grace) {
      Optional<GiveUpStop> carried = of(failure);
      if (carried.isEmpty()) {
        return Optional.empty();
      }
      if (carried.get() != GiveUpStop.SENT) {
        return Optional.of(new StopOutcome(carried.get()));
      }
      // An interrupted wait leaves the thread's flag set, which would end this wait at once.
      boolean interrupted = Thread.interrupted();
      try {
        answered.await(grace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      GiveUpStop told = answer;
      return Optional.of(new StopOutcome(told == null ? GiveUpStop.SENT : told));
    }
  }
}
