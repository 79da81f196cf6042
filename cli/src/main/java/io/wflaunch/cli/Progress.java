package io.wflaunch.cli;

import io.wflaunch.RunStatus;
import io.wflaunch.WaitListener;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.spi.support.UserText;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Shows a wait's progress on stderr: on a terminal one live line (state, elapsed time, next poll, then
 * the handle) rewritten in place and cut to the terminal's width ({@code COLUMNS}, else 80); otherwise
 * one plain line per state change, which begins with its time as {@link Times} writes it (to the
 * second, or to the millisecond when the line before was in the same second).
 */
final class Progress implements WaitListener {

  private final PrintWriter err;
  private final boolean live;
  private final Clock clock;
  private final Instant start;
  private final int columns;
  private final Times.Stamps stamps = new Times.Stamps();
  private boolean lineOpen;

  Progress(PrintWriter err, boolean live, Clock clock) {
    this(err, live, clock, terminalColumns(System.getenv("COLUMNS")));
  }

  Progress(PrintWriter err, boolean live, Clock clock, int columns) {
    this.err = err;
    this.live = live;
    this.clock = clock;
    this.start = clock.instant();
    this.columns = columns;
  }

  /** The terminal's width from {@code COLUMNS}, else 80. */
  static int terminalColumns(String columns) {
    try {
      int parsed = columns == null ? 80 : Integer.parseInt(columns.strip());
      return parsed >= 20 ? parsed : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  @Override
  public synchronized void onStateChange(Optional<RunStatus> previous, RunStatus current) {
    if (!live) {
      err.println(stamps.next(clock.instant()) + " " + current.handle() + " " + current.state() + " ("
          + UserText.escape(current.rawStatus()) + ")");
      err.flush();
    } else if (current.state().isTerminal()) {
      show(current.state() + " (" + UserText.escape(current.rawStatus()) + ") after " + elapsed() + "  "
          + current.handle());
      err.println();
      lineOpen = false;
      err.flush();
    }
  }

  @Override
  public synchronized void onPoll(RunStatus status, Duration nextPollIn) {
    if (live) {
      show(status.state() + " (" + UserText.escape(status.rawStatus()) + ") " + elapsed() + ", next poll in "
          + StatusOutput.human(nextPollIn) + "  " + status.handle());
    }
  }

  @Override
  public synchronized void onPollFailure(WorkflowLaunchException failure, Duration nextPollIn) {
    if (live) {
      show("waiting out: " + failure.getClass().getSimpleName() + ", next poll in " + StatusOutput.human(nextPollIn));
    } else {
      err.println(stamps.next(clock.instant()) + " poll failed, retrying in " + StatusOutput.human(nextPollIn) + ": "
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
    // One character short of the width, so that the terminal never wraps the line it rewrites.
    String fitted = text.length() < columns ? text : text.substring(0, columns - 2) + "\u2026";
    err.print("\r\u001b[2K" + fitted);
    err.flush();
    lineOpen = true;
  }

  private String elapsed() {
    return StatusOutput.human(Duration.between(start, clock.instant()));
  }
}
