package io.wflaunch.cli;

import io.wflaunch.cli.local.LocalSession;
import io.wflaunch.cli.local.LocalStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code wflaunch local}: manages local mode's state. */
@Command(name = "local", description = "Manage local mode's runs (see --local).",
    subcommands = LocalCommand.Reset.class)
final class LocalCommand implements Callable<Integer> {

  @ParentCommand
  private WflaunchCli cli;

  @Override
  public Integer call() {
    cli.err().println("wflaunch: say what to do with local mode: 'wflaunch local reset' (see 'wflaunch local --help')");
    cli.err().flush();
    return ExitCodes.USAGE;
  }

  /** {@code wflaunch local reset}: forgets every local run. */
  @Command(name = "reset", description = "Forget every run of local mode.")
  static final class Reset implements Callable<Integer> {

    @ParentCommand
    private LocalCommand local;

    @Override
    public Integer call() {
      LocalStore store = new LocalStore(LocalSession.directory(local.cli.globals().localDir()));
      store.reset();
      local.cli.note("local mode reset: " + store.directory());
      if (local.cli.globals().json) {
        local.cli.out().println(StatusOutput.object("reset", store.directory().toString()));
        local.cli.out().flush();
      }
      return ExitCodes.OK;
    }
  }
}
