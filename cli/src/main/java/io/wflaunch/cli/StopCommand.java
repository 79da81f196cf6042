package io.wflaunch.cli;

import io.wflaunch.RunHandle;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code wflaunch stop}: asks the backend to stop a run. */
@Command(name = "stop", description = "Ask the backend to stop a run; a backend that cannot stop runs exits 7.")
final class StopCommand implements Callable<Integer> {

  @ParentCommand
  private WflaunchCli cli;

  @Parameters(index = "0", paramLabel = "<handle>", description = "A run handle, as 'start' printed it.")
  private String handle;

  @Override
  public Integer call() {
    try (Session session = cli.openSession()) {
      RunHandle parsed = session.launcher().parseHandle(handle);
      session.launcher().stop(parsed);
      cli.note("stop requested for " + parsed);
      if (cli.globals().json) {
        cli.out().println(StatusOutput.object("handle", parsed.toString(), "stop", "requested"));
        cli.out().flush();
      }
      return ExitCodes.OK;
    }
  }
}
