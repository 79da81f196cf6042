package io.wflaunch.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code wflaunch wait}: waits for a run to end. */
@Command(name = "wait", description = "Wait for a run to end, showing progress on stderr, then print its status. "
    + "Exits 0 when it SUCCEEDED, 1 for any other end, 6 on timeout.")
final class WaitCommand implements Callable<Integer> {

  @ParentCommand
  private WflaunchCli cli;

  @Parameters(index = "0", paramLabel = "<handle>", description = "A run handle, as 'start' printed it.")
  private String handle;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long to wait (30s, 5m, 1h or ISO-8601); default 1h.")
  private Duration timeout;

  @Override
  public Integer call() {
    try (Session session = cli.openSession()) {
      return cli.await(session, session.launcher().parseHandle(handle), timeout);
    }
  }
}
