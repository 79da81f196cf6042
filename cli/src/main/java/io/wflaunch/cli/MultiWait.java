package io.wflaunch.cli;

import io.wflaunch.CancelledException;
import io.wflaunch.ErrorContext;
import io.wflaunch.GiveUpStop;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.WaitListener;
import io.wflaunch.WaitOptions;
import io.wflaunch.spi.support.Futures;
import io.wflaunch.spi.support.UserText;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Waits for many runs through the launcher's tracker, with one progress line on stderr that counts the
 * runs by state (on a terminal, rewritten in place; otherwise one line per run that ends), then prints
 * each run's final status, or its error, in the order given, and answers the worst exit code.
 */
final class MultiWait {

  /**
   * How long, once the waits end, the answers to the stops of runs given up on are waited for, all
   * together: within the {@link PendingOutput#GRACE} an ending process gives, leaving time to print them.
   */
  static final Duration ANSWERS = PendingOutput.GRACE.minusSeconds(1);

  private final WflaunchCli cli;
  private final Session session;
  private final Clock clock;
  private final PrintWriter err;
  private final boolean live;
  private final Instant start;
  private final Map<RunState, Integer> counts = new EnumMap<>(RunState.class);
  private final Map<RunHandle, RunState> lastState = new java.util.HashMap<>();
  private int total;
  private int errors;
  private final Times.Stamps stamps = new Times.Stamps();
  private boolean lineOpen;
  private boolean stopOnGiveUp;

  MultiWait(WflaunchCli cli, Session session, boolean live) {
    this.cli = cli;
    this.session = session;
    this.clock = cli.clock();
    this.err = cli.err();
    this.live = live;
    this.start = clock.instant();
  }

  /**
   * Stops each run whose wait gives up on it (a timeout, or the process told to end), and says with its
   * error what became of the stop ({@link StopOutcome}).
   *
   * @param stopOnGiveUp whether to
   * @return this
   */
  MultiWait stopOnGiveUp(boolean stopOnGiveUp) {
    this.stopOnGiveUp = stopOnGiveUp;
    return this;
  }

  /** Where the final statuses and errors go, by the position of their run in the list waited for. */
  interface Output {
    void status(int index, RunStatus status);

    void error(int index, RunHandle handle, Throwable failure, StopOutcome stop);
  }

  int await(List<RunHandle> handles, Duration timeout) {
    return await(handles, timeout, null);
  }

  /**
   * Waits for the runs and gives each final status or error to {@code output}, or prints them (in the
   * order given) when it is null; answers the worst exit code.
   *
   * <p>Interrupted (with {@link #stopOnGiveUp}, the process told to end), it cancels the waits still under
   * way, which stops their runs if it should, waits up to {@link #ANSWERS} for the stops' answers, gives
   * each run its status or a {@link CancelledException} that says what became of its stop, then throws a
   * {@link CancelledException} of its own, with the thread's interrupt flag set.
   */
  int await(List<RunHandle> handles, Duration timeout, Output output) {
    total = handles.size();
    WaitOptions base = session.waitOptions().toBuilder()
        .timeout(timeout == null ? WaitOptions.DEFAULT.timeout() : timeout).stopOnGiveUp(stopOnGiveUp).build();
    List<CompletableFuture<RunStatus>> waits = new ArrayList<>(handles.size());
    List<CompletableFuture<RunStatus>> counted = new ArrayList<>(handles.size());
    List<StopOutcome.Listener> listeners = new ArrayList<>(handles.size());
    for (RunHandle handle : handles) {
      WaitListener shown = cli.globals().quiet ? base.listener() : new WaitListener() {
        @Override
        public void onStateChange(Optional<RunStatus> previous, RunStatus current) {
          changed(previous.map(RunStatus::state).orElse(null), current);
        }
      };
      StopOutcome.Listener listener = new StopOutcome.Listener(shown);
      listeners.add(listener);
      CompletableFuture<RunStatus> wait = session.launcher().tracker().track(handle, base.withListener(listener));
      // Waited on below, so that the progress line has counted every run before it is closed.
      counted.add(wait.whenComplete((status, failure) -> {
        if (failure != null) {
          failed(handle, Futures.unwrap(failure));
        }
      }));
      waits.add(wait);
    }
    boolean interrupted = false;
    try (WflaunchCli.StopOnSignal signal = stopOnGiveUp ? cli.stopOnSignal(null) : null) {
      CompletableFuture.allOf(counted.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get();
    } catch (InterruptedException e) {
      // Cancelled, a wait that stops its run on giving up stops it; each run's answer is waited for below.
      interrupted = true;
      waits.forEach(wait -> wait.cancel(false));
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
    finish();
    long answersBy = System.nanoTime() + ANSWERS.toNanos();
    int worst = ExitCodes.OK;
    List<RunStatus> table = new ArrayList<>();
    List<Runnable> errorLines = new ArrayList<>();
    for (int i = 0; i < waits.size(); i++) {
      CompletableFuture<RunStatus> wait = waits.get(i);
      RunHandle handle = handles.get(i);
      RunStatus status;
      Throwable cause;
      try {
        status = wait.join();
        cause = null;
      } catch (CancellationException e) {
        status = null;
        // Told to the listener only: the stop is sent, and its answer, if it comes in time, is what
        // the run's error says.
        cause = new CancelledException(ErrorContext.of(handle), "interrupted while waiting for the run to end",
            null, stopOnGiveUp ? GiveUpStop.SENT : GiveUpStop.NOT_ASKED);
      } catch (RuntimeException e) {
        status = null;
        cause = Futures.unwrap(e);
      }
      if (status != null) {
        if (output != null) {
          output.status(i, status);
        } else if (cli.globals().table) {
          table.add(status);
        } else {
          cli.print(status);
        }
        worst = worse(worst, status.state().isSuccessful() ? ExitCodes.OK : ExitCodes.RUN_NOT_SUCCESSFUL);
        continue;
      }
      StopOutcome stop = stopOnGiveUp ? listeners.get(i)
          .outcome(cause, Duration.ofNanos(Math.max(0, answersBy - System.nanoTime()))).orElse(null) : null;
      if (stop != null && cause instanceof CancelledException && ((CancelledException) cause).giveUpStop() != stop.stop()) {
        cause = new CancelledException(ErrorContext.of(handle), "interrupted while waiting for the run to end",
            null, stop.stop());
      }
      Throwable failure = cause;
      if (output != null) {
        output.error(i, handle, failure, stop);
      } else if (cli.globals().table) {
        errorLines.add(() -> printError(handle, failure, stop));
      } else {
        printError(handle, failure, stop);
      }
      worst = worse(worst, ExitCodes.of(failure));
    }
    if (!table.isEmpty()) {
      cli.out().println(StatusOutput.table(table));
      cli.out().flush();
    }
    errorLines.forEach(Runnable::run);
    if (interrupted) {
      Thread.currentThread().interrupt();
      throw new CancelledException(ErrorContext.empty(), "interrupted while waiting for the runs to end; "
          + "each run's " + (cli.globals().json ? "document" : "line") + " says what became of it", null);
    }
    return worst;
  }

  /** The worse of two exit codes: success, then a run that did not succeed, then a timeout, then errors. */
  static int worse(int a, int b) {
    return rank(b) > rank(a) ? b : a;
  }

  private static int rank(int code) {
    return switch (code) {
      case ExitCodes.OK -> 0;
      case ExitCodes.RUN_NOT_SUCCESSFUL -> 1;
      case ExitCodes.WAIT_TIMEOUT -> 2;
      default -> 3;
    };
  }

  private void printError(RunHandle handle, Throwable failure, StopOutcome stop) {
    // The message says what became of a stop; JSON says it in members of its own too. An answer that
    // came after the error was made follows its message.
    String message = WflaunchCli.describe(failure)
        + (stop != null && StopOutcome.of(failure).filter(stop.stop()::equals).isEmpty() ? "; " + stop.words() : "");
    cli.out().println(cli.globals().json ? StatusOutput.errorJson(null, handle, failure, stop)
        : handle + " ERROR " + message);
    cli.out().flush();
  }

  private synchronized void changed(RunState previous, RunStatus current) {
    if (previous != null) {
      counts.merge(previous, -1, Integer::sum);
    }
    counts.merge(current.state(), 1, Integer::sum);
    lastState.put(current.handle(), current.state());
    if (live) {
      show();
    } else if (current.state().isTerminal()) {
      err.println(stamps.next(clock.instant()) + " " + current.handle() + " " + current.state() + " ("
          + UserText.escape(current.rawStatus()) + "); "
          + summary());
      err.flush();
    }
  }

  private synchronized void failed(RunHandle handle, Throwable failure) {
    errors++;
    RunState last = lastState.remove(handle);
    if (last != null) {
      counts.merge(last, -1, Integer::sum);
    }
    if (cli.globals().quiet) {
      return;
    }
    if (live) {
      show();
    } else {
      err.println(stamps.next(clock.instant()) + " " + handle + " " + failure.getClass().getSimpleName() + "; " + summary());
      err.flush();
    }
  }

  private String summary() {
    StringBuilder text = new StringBuilder().append(total).append(" runs:");
    int seen = errors;
    for (Map.Entry<RunState, Integer> entry : counts.entrySet()) {
      if (entry.getValue() > 0) {
        text.append(' ').append(entry.getValue()).append(' ').append(entry.getKey());
        seen += entry.getValue();
      }
    }
    if (errors > 0) {
      text.append(", ").append(errors).append(" not waited out (timeout or error)");
    }
    if (seen < total) {
      text.append(' ').append(total - seen).append(" not read yet");
    }
    return text.append(", ").append(StatusOutput.human(Duration.between(start, clock.instant()))).toString();
  }

  private void show() {
    String text = summary();
    int columns = Progress.terminalColumns(System.getenv("COLUMNS"));
    String fitted = text.length() < columns ? text : text.substring(0, columns - 2) + "\u2026";
    err.print("\r\u001b[2K" + fitted);
    err.flush();
    lineOpen = true;
  }

  private synchronized void finish() {
    if (lineOpen) {
      err.println();
      err.flush();
      lineOpen = false;
    }
  }
}
