package io.wflaunch.cli;

import io.wflaunch.RunStatus;
import io.wflaunch.WaitListener;
import io.wflaunch.WorkflowLaunchException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Shows a wait's progress on stderr: on a terminal one live line (state, elapsed time, next poll)
 * rewritten in place; otherwise one plain line per state change.
 */
final class Progress implements WaitListener {

  private final PrintWriter err;
  private final boolean live;
  private final Clock clock;
  private final Instant start;
  private boolean lineOpen;

  Progress(PrintWriter err, boolean live, Clock clock) {
    this.err = err;
    this.live = live;
    this.clock = clock;
    this.start = clock.instant();
  }

  @Override
  public synchronized void onStateChange(Optional<RunStatus> previous, RunStatus current) {
    if (!live) {
      err.println(clock.instant() + " " + current.handle() + " " + current.state() + " (" + current.rawStatus() + ")");
      err.flush();
    } else if (current.state().isTerminal()) {
      show(current.handle() + " " + current.state() + " (" + current.rawStatus() + ") after " + elapsed());
      err.println();
      lineOpen = false;
      err.flush();
    }
  }

  @Override
  public synchronized void onPoll(RunStatus status, Duration nextPollIn) {
    if (live) {
      show(status.handle() + " " + status.state() + " (" + status.rawStatus() + ") " + elapsed()
          + " elapsed, next poll in " + StatusOutput.human(nextPollIn));
    }
  }

  @Override
  public synchronized void onPollFailure(WorkflowLaunchException failure, Duration nextPollIn) {
    if (live) {
      show("waiting out: " + failure.getClass().getSimpleName() + ", next poll in " + StatusOutput.human(nextPollIn));
    } else {
      err.println(clock.instant() + " poll failed, retrying in " + StatusOutput.human(nextPollIn) + ": "
          + failure.getMessage());
      err.flush();
    }
  }

  /** Ends an open live line, before other output. */
  synchronized void finish() {
    if (lineOpen) {
      err.println();
      err.flush();
      lineOpen = false;
    }
  }

  private void show(String text) {
    err.print("\r\u001b[2K" + text);
    err.flush();
    lineOpen = true;
  }

  private String elapsed() {
    return StatusOutput.human(Duration.between(start, clock.instant()));
  }
}
