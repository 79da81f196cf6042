package io.wflaunch.cli;

import io.wflaunch.CancelledException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code wflaunch retry}: re-runs a failed, stopped or timed-out run from where it failed, where its
 * service can, and prints the re-run's handle: the same handle when the service re-runs in place, a new
 * one otherwise. With {@code --wait} it then waits like {@code start --wait}, with the same output (one
 * JSON document with {@code --json}) and exit codes.
 */
@Command(name = "retry", sortOptions = false,
    description = {"Re-run a failed, stopped or timed-out run from where it failed, where its service can "
        + "('wflaunch backends' and each backend's page say how), and print the re-run's handle on stdout: the same "
        + "handle for a re-run in place, a new one otherwise. Asking again for the same run returns the same re-run, "
        + "as far as the backend's safeguard reaches (a client token, or a look-up: two processes retrying one run "
        + "at the same instant can then both re-run it), see docs/exactly-once.md.",
        "Exits 7 where the backend cannot re-run runs, 8 when the run cannot be re-run (it succeeded, is still "
            + "running, or is past the service's window), 3 when it does not exist. With --wait, then wait like "
            + "'start --wait', with the same output and exit codes."})
final class RetryCommand implements Callable<Integer> {

  @ParentCommand
  private WflaunchCli cli;

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<handle>", description = "The run to re-run, as 'start' printed it.")
  private String handle;

  @Option(names = "--wait", description = "Wait for the re-run to end.")
  private boolean await;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "With --wait: how long to wait (30s, 5m, 1h or ISO-8601); default 1h.")
  private Duration timeout;

  @Option(names = "--stop-on-timeout", description = "With --wait: stop the re-run when the wait gives up on it, on "
      + "a timeout or when the process is told to end (Ctrl-C), and say whether the stop was sent and accepted.")
  private boolean stopOnTimeout;

  @picocli.CommandLine.Mixin
  private EventsQueueOptions events = new EventsQueueOptions();

  @Override
  public Integer call() {
    if ((timeout != null || stopOnTimeout) && !await) {
      throw new ParameterException(spec.commandLine(), (timeout != null ? "--timeout" : "--stop-on-timeout")
          + " applies only with --wait");
    }
    if (events.given() && !await) {
      throw new ParameterException(spec.commandLine(), events.name() + " applies only with --wait");
    }
    events.apply(spec.commandLine(), cli.globals());
    try (Session session = cli.openSession()) {
      RunHandle parsed = session.launcher().parseHandle(handle);
      // As for start --wait --json: one document, which holds the re-run's handle whatever becomes of the
      // wait, its pending output made before the re-run is asked for.
      try (PendingOutput pending = await && cli.globals().json ? new PendingOutput(cli.out(), 1) : null) {
        RunHandle rerun = retry(session, parsed, pending);
        cli.note("wflaunch: " + (rerun.equals(parsed) ? "re-running " + parsed + " in place"
            : "re-running " + parsed + " as " + rerun));
        if (pending == null) {
          cli.out().println(cli.globals().json ? StatusOutput.handleJson(rerun) : rerun.toString());
          cli.out().flush();
        }
        return await ? cli.await(session, rerun, timeout, stopOnTimeout, pending) : ExitCodes.OK;
      }
    }
  }

  /** Asks for the re-run; with pending output, marks the request as under way while it is. */
  private static RunHandle retry(Session session, RunHandle parsed, PendingOutput pending) {
    if (pending == null) {
      return session.launcher().retry(parsed);
    }
    if (pending.stopping()) {
      throw new CancelledException(ErrorContext.of(parsed), "the process is ending; no re-run was asked for", null);
    }
    pending.fallback(0, StatusOutput.errorJson(null, parsed, new CancelledException(
        ErrorContext.of(parsed).withOutcomeUnknown(true),
        "the process was ended while the re-run was being asked for; it may have begun", null)));
    pending.starting(0, true);
    try {
      RunHandle rerun = session.launcher().retry(parsed);
      // Before the request is marked as returned: an ending process prints this handle.
      pending.fallback(0, StatusOutput.waitEndedJson(null, rerun));
      return rerun;
    } catch (Throwable e) {
      pending.fallback(0, null);
      throw e;
    } finally {
      pending.starting(0, false);
    }
  }
}
