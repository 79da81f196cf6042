package io.wflaunch.cli;

import java.io.PrintWriter;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code wflaunch help [COMMAND [SUBCOMMAND...]]}: the help of the command the words name, however deep
 * ({@code wflaunch help events init}), or of {@code wflaunch} itself.
 */
@Command(name = "help", helpCommand = true,
    description = "Print the help of a command, such as 'wflaunch help events init', or of wflaunch itself.")
final class HelpCommand implements IHelpCommandInitializable2, Runnable {

  @Parameters(paramLabel = "COMMAND", arity = "0..*",
      description = "The command, followed by its subcommands, whose help to print.")
  private String[] commands = {};

  private CommandLine self;
  private Help.ColorScheme colors;
  private PrintWriter out;

  @Override
  public void init(CommandLine helpCommandLine, Help.ColorScheme colorScheme, PrintWriter outWriter,
      PrintWriter errWriter) {
    this.self = Objects.requireNonNull(helpCommandLine, "helpCommandLine");
    this.colors = Objects.requireNonNull(colorScheme, "colorScheme");
    this.out = Objects.requireNonNull(outWriter, "outWriter");
  }

  @Override
  public void run() {
    CommandLine target = self.getParent();
    StringBuilder path = new StringBuilder(target.getCommandName());
    for (String name : commands) {
      CommandLine next = target.getSubcommands().get(name);
      if (next == null) {
        // Told against the command whose subcommands were looked in, so that the hint points at its help.
        throw new ParameterException(target, "Unknown command '" + path + " " + name + "'");
      }
      path.append(' ').append(name);
      target = next;
    }
    target.usage(out, colors);
  }
}
