package io.wflaunch.cli;

import io.wflaunch.RunHandle;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code wflaunch status}: prints a run's current status. */
@Command(name = "status", description = "Print a run's status: one line, or one JSON object with --json.")
final class StatusCommand implements Callable<Integer> {

  @ParentCommand
  private WflaunchCli cli;

  @Parameters(index = "0", paramLabel = "<handle>", description = "A run handle, as 'start' printed it.")
  private String handle;

  @Override
  public Integer call() {
    try (Session session = cli.openSession()) {
      RunHandle parsed = session.launcher().parseHandle(handle);
      cli.print(session.launcher().getRun(parsed));
      return ExitCodes.OK;
    }
  }
}
