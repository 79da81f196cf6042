package io.wflaunch.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.spi.support.UserText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code wflaunch wait}: waits for runs to end. */
@Command(name = "wait", description = "Wait for one or more runs to end, showing progress on stderr, then print each "
    + "final status in the order given. Many runs are polled together (one listing per workflow). "
    + "Exits 0 when every run SUCCEEDED, 1 when one ended otherwise, 6 on a timeout, or the code of the worst error.")
final class WaitCommand implements Callable<Integer> {

  @ParentCommand
  private WflaunchCli cli;

  @Spec
  private CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "<handle>", description = "Run handles, as 'start' printed them.")
  private List<String> handles = new ArrayList<>();

  @Option(names = "--from", paramLabel = "FILE", description = "Read handles from FILE, one per line: a handle, or a "
      + "JSON object with a \"handle\" member as 'start --json' prints it ('-' reads stdin).")
  private String from;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long to wait (30s, 5m, 1h or ISO-8601); default 1h.")
  private Duration timeout;

  @Option(names = "--stop-on-timeout", description = "Stop each run the wait gives up on, on a timeout or when the "
      + "process is told to end (Ctrl-C), and say whether the stop was sent and accepted; the exit code is still "
      + "that of the timeout.")
  private boolean stopOnTimeout;

  @picocli.CommandLine.Mixin
  private EventsQueueOptions events = new EventsQueueOptions();

  @Override
  public Integer call() {
    if (handles.isEmpty() && from == null) {
      throw new ParameterException(spec.commandLine(), "give at least one <handle>, or --from FILE");
    }
    events.apply(spec.commandLine(), cli.globals());
    try (Session session = cli.openSession()) {
      List<RunHandle> parsed = new ArrayList<>();
      for (String text : handles) {
        parsed.add(session.launcher().parseHandle(text));
      }
      if (from != null) {
        parsed.addAll(readHandles(session));
      }
      if (parsed.size() == 1 && from == null) {
        return cli.await(session, parsed.get(0), timeout, stopOnTimeout);
      }
      if (parsed.isEmpty()) {
        throw new InvalidRequestException(ErrorContext.empty(), "--from", "holds no handles: " + UserText.quote(from));
      }
      return new MultiWait(cli, session, cli.interactive()).stopOnGiveUp(stopOnTimeout).await(parsed, timeout);
    }
  }

  /**
   * The handles of {@code --from}. An error names the file, the line and the column and says what was
   * expected, but repeats no text of the file (see {@link JsonLines}).
   */
  private List<RunHandle> readHandles(Session session) {
    byte[] bytes = from.equals("-") ? JsonLines.readAll(System.in, "--from") : JsonLines.readAll(readable(), "--from");
    String name = from.equals("-") ? "stdin" : JsonLines.name(Path.of(from));
    Set<String> ours = new HashSet<>(session.launcher().backendIds());
    ours.add("handle");
    List<RunHandle> parsed = new ArrayList<>();
    int skipped = 0;
    try {
      for (JsonLines.Line line : JsonLines.lines(bytes)) {
        if (line.skipped()) {
          continue;
        }
        String text = line.text();
        List<String> strings = List.of(text);
        String pointer = "";
        JsonLines.Json json = null;
        if (text.startsWith("{")) {
          json = line.json();
          ObjectNode node = json.root();
          if (!node.hasNonNull("handle")) {
            if (node.has("error")) {
              skipped++;
              continue;
            }
            throw line.bad(0, null, "has no \"handle\" member");
          }
          if (!node.get("handle").isTextual()) {
            throw json.bad("/handle", "handle", "must be a string");
          }
          text = node.get("handle").asText();
          strings = json.strings();
          pointer = "/handle";
        }
        try {
          parsed.add(session.launcher().parseHandle(text));
        } catch (InvalidRequestException e) {
          String rule = JsonLines.scrub(e.rule(), strings, ours);
          rule = rule == null ? "is not a run handle; the reason would repeat text of the file, so it is not shown"
              : rule;
          throw json == null ? line.bad(0, "handle", rule) : json.bad(pointer, "handle", rule);
        }
      }
    } catch (JsonLines.Bad e) {
      throw e.toException(name);
    }
    if (skipped > 0) {
      cli.note("wflaunch: skipped " + skipped + " line" + (skipped == 1 ? "" : "s") + " of " + name
          + " that hold a start error instead of a handle");
    }
    return parsed;
  }

  private Path readable() {
    try {
      return Path.of(from);
    } catch (RuntimeException e) {
      throw new InvalidRequestException(ErrorContext.empty(), "--from", "names a file that cannot be read: "
          + UserText.quote(from) + " (" + e.getClass().getSimpleName() + ")");
    }
  }
}
