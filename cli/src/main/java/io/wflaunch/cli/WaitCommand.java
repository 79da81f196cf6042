package io.wflaunch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  private static final ObjectMapper JSON = new ObjectMapper();

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

  @Override
  public Integer call() {
    if (handles.isEmpty() && from == null) {
      throw new ParameterException(spec.commandLine(), "give at least one <handle>, or --from FILE");
    }
    try (Session session = cli.openSession()) {
      List<RunHandle> parsed = new ArrayList<>();
      for (String text : handles) {
        parsed.add(session.launcher().parseHandle(text));
      }
      if (from != null) {
        parsed.addAll(readHandles(session));
      }
      if (parsed.size() == 1 && from == null) {
        return cli.await(session, parsed.get(0), timeout);
      }
      if (parsed.isEmpty()) {
        throw new InvalidRequestException(ErrorContext.empty(), "--from", "holds no handles: " + from);
      }
      return new MultiWait(cli, session, cli.interactive()).await(parsed, timeout);
    }
  }

  private List<RunHandle> readHandles(Session session) {
    List<String> lines;
    try {
      lines = from.equals("-")
          ? new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().toList()
          : Files.readAllLines(Path.of(from), StandardCharsets.UTF_8);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new InvalidRequestException(ErrorContext.empty(), "--from",
          "names a file that cannot be read: " + from + " (" + e.getClass().getSimpleName() + ")");
    }
    List<RunHandle> parsed = new ArrayList<>();
    int skipped = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String handle = line;
      if (line.startsWith("{")) {
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (IOException e) {
          throw new InvalidRequestException(ErrorContext.empty(), from + ":" + (i + 1), "is not a JSON object");
        }
        if (!node.hasNonNull("handle")) {
          if (node.has("error")) {
            skipped++;
            continue;
          }
          throw new InvalidRequestException(ErrorContext.empty(), from + ":" + (i + 1), "has no \"handle\" member");
        }
        handle = node.get("handle").asText();
      }
      try {
        parsed.add(session.launcher().parseHandle(handle));
      } catch (InvalidRequestException e) {
        throw new InvalidRequestException(e.context(), from + ":" + (i + 1) + " handle", e.rule(), e);
      }
    }
    if (skipped > 0) {
      cli.note("wflaunch: skipped " + skipped + " line" + (skipped == 1 ? "" : "s") + " of " + from
          + " that hold a start error instead of a handle");
    }
    return parsed;
  }
}
