package io.wflaunch.cli;

import io.wflaunch.RunStatus;
import io.wflaunch.WorkflowTarget;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code wflaunch list}: lists a workflow's runs. With none, text and table print nothing on stdout
 * and {@code wflaunch: no runs of <target>} on stderr (unless {@code --quiet}); JSON prints {@code []}.
 */
@Command(name = "list", description = "List a workflow's runs, newest first: one line each, or a JSON array with --json. "
    + "With no runs: nothing on stdout and a note on stderr (JSON: []).")
final class ListCommand implements Callable<Integer> {

  @ParentCommand
  private WflaunchCli cli;

  @Parameters(index = "0", paramLabel = "<target>", description = "The workflow, as for 'start'.")
  private String target;

  @Option(names = "--limit", paramLabel = "N", description = "The most runs to list (default ${DEFAULT-VALUE}).")
  private int limit = 20;

  @Override
  public Integer call() {
    try (Session session = cli.openSession()) {
      WorkflowTarget parsed = session.launcher().parseTarget(target);
      session.prepare(parsed);
      List<RunStatus> runs = session.launcher().listRuns(parsed, limit);
      if (cli.globals().json) {
        cli.out().println(StatusOutput.json(runs, cli.globals().showValues));
      } else if (runs.isEmpty()) {
        // Nothing on stdout, so that a script counting lines counts none; the note says why.
        cli.note("wflaunch: no runs of " + parsed);
      } else if (cli.globals().table) {
        cli.out().println(StatusOutput.table(runs));
      } else {
        runs.forEach(status -> cli.out().println(StatusOutput.line(status)));
      }
      cli.out().flush();
      return ExitCodes.OK;
    }
  }
}
