package io.wflaunch.cli;

import io.wflaunch.ErrorContext;
import io.wflaunch.InFlightPolicy;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.KeyReusePolicy;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.support.UserText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code wflaunch start}: starts a run and prints its handle. */
@Command(name = "start", sortOptions = false,
    description = {"Start a run and print its handle on stdout. With --wait, then wait like 'wait'.",
        "With --from FILE, start one run per line of FILE (JSON: target, parameters, input, idempotencyKey, options, "
            + "keyReusePolicy, inFlightPolicy), checking every line first, --concurrency at once and --rate per second, "
            + "and print one handle (or, with --json, one result) per line in the file's order."})
final class StartCommand implements Callable<Integer> {

  @ParentCommand
  private WflaunchCli cli;

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "<target>",
      description = "The workflow, as <type>:<parts>; 'wflaunch backends' lists each installed type's form.")
  private String target;

  // Split here rather than by picocli, whose refusal of a text without '=' repeats the text: it may be a value.
  @Option(names = {"-p", "--parameter"}, paramLabel = "KEY=VALUE",
      description = "A parameter (a run property or a member of the JSON input, as the backend takes them), in "
          + "order; repeatable.")
  private List<String> parameters = new ArrayList<>();

  @Option(names = "--input", paramLabel = "TEXT|@FILE", description = "Raw input, for backends that take it, or "
      + "@FILE to read it from a file.")
  private String input;

  @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Start at most once for this key.")
  private String idempotencyKey;

  @Option(names = "--key-reuse", paramLabel = "POLICY",
      description = "With --idempotency-table: what the key means once its run ended: ${COMPLETION-CANDIDATES} "
          + "(default RETURN_EXISTING).")
  private KeyReusePolicy keyReuse;

  @Option(names = "--in-flight", paramLabel = "POLICY",
      description = "With --idempotency-table: what to do while the key's run is being started or running: "
          + "${COMPLETION-CANDIDATES} (default USE_EXISTING).")
  private InFlightPolicy inFlight;

  // Split here rather than by picocli, which refuses a value without '='.
  @Option(names = {"-o", "--option"}, paramLabel = "NAME=VALUE",
      description = "A backend option of the start, such as workflowId=order-4711; repeatable "
          + "(several values of one name where it takes several). 'wflaunch backends' lists each type's options.")
  private List<String> options = new ArrayList<>();

  @Option(names = "--from", paramLabel = "FILE", description = "Start the requests of FILE, one JSON object per line.")
  private Path from;

  @Option(names = "--concurrency", paramLabel = "N", description = "With --from: the most starts at once; default 10.")
  private Integer concurrency;

  @Option(names = "--rate", paramLabel = "R", description = "With --from: the most starts begun per second; default 10.")
  private Double rate;

  @Option(names = "--wait", description = "Wait for the run (with --from: every run) to end.")
  private boolean await;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "With --wait: how long to wait (30s, 5m, 1h or ISO-8601); default 1h.")
  private Duration timeout;

  @Override
  public Integer call() {
    if (from != null) {
      return startFrom();
    }
    if (target == null) {
      throw new ParameterException(spec.commandLine(), "give a <target>, or --from FILE");
    }
    if (concurrency != null || rate != null) {
      throw new ParameterException(spec.commandLine(), (concurrency != null ? "--concurrency" : "--rate")
          + " applies only with --from");
    }
    if (timeout != null && !await) {
      throw new ParameterException(spec.commandLine(), "--timeout applies only with --wait");
    }
    if ((keyReuse != null || inFlight != null) && cli.globals().idempotencyTable() == null) {
      throw new ParameterException(spec.commandLine(), (keyReuse != null ? "--key-reuse" : "--in-flight")
          + " needs --idempotency-table: the policies are kept with the key in that table");
    }
    Map<String, String> checked = parameters();
    try (Session session = cli.openSession()) {
      WorkflowTarget parsed = session.launcher().parseTarget(target);
      session.prepare(parsed);
      StartRunRequest.Builder request = StartRunRequest.builder(parsed)
          .parameters(checked)
          .input(readInput(parsed))
          .idempotencyKey(idempotencyKey)
          .keyReusePolicy(keyReuse)
          .inFlightPolicy(inFlight);
      StartOptions.parse(parsed, optionValues(), "--option").ifPresent(request::options);
      RunHandle handle;
      try {
        handle = session.launcher().start(request.build());
      } catch (InvalidRequestException e) {
        throw asTyped(e);
      }
      // The handle first, so that it is never lost, even when the wait fails or is interrupted; with
      // --wait the final status follows (with --json: two JSON documents, one per line).
      cli.out().println(cli.globals().json ? StatusOutput.handleJson(handle) : handle.toString());
      cli.out().flush();
      return await ? cli.await(session, handle, timeout) : ExitCodes.OK;
    }
  }

  /** The parameters in order, a later one of a name replacing the value of an earlier one. */
  private Map<String, String> parameters() {
    Map<String, String> map = new LinkedHashMap<>();
    for (String parameter : parameters) {
      int equals = parameter.indexOf('=');
      if (equals < 0) {
        throw new ParameterException(spec.commandLine(), "--parameter takes KEY=VALUE; one has no '=' "
            + "(it is not repeated here: it may hold a value)");
      }
      map.put(parameter.substring(0, equals), parameter.substring(equals + 1));
    }
    return map;
  }

  private int startFrom() {
    if (target != null) {
      throw new ParameterException(spec.commandLine(), "give either a <target> or --from FILE, not both");
    }
    List<String> perRun = new ArrayList<>();
    if (!parameters.isEmpty()) {
      perRun.add("--parameter");
    }
    if (input != null) {
      perRun.add("--input");
    }
    if (idempotencyKey != null) {
      perRun.add("--idempotency-key");
    }
    if (keyReuse != null) {
      perRun.add("--key-reuse");
    }
    if (inFlight != null) {
      perRun.add("--in-flight");
    }
    if (!options.isEmpty()) {
      perRun.add("--option");
    }
    if (!perRun.isEmpty()) {
      throw new ParameterException(spec.commandLine(), String.join(", ", perRun)
          + " cannot be given with --from: set them per request in the file");
    }
    if (timeout != null && !await) {
      throw new ParameterException(spec.commandLine(), "--timeout applies only with --wait");
    }
    io.wflaunch.BulkOptions options = io.wflaunch.BulkOptions.DEFAULT;
    try {
      options = options.withConcurrency(concurrency == null ? options.concurrency() : concurrency)
          .withStartsPerSecond(rate == null ? options.startsPerSecond() : rate);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), (e.getMessage().startsWith("concurrency") ? "--concurrency"
          : "--rate") + ": " + e.getMessage());
    }
    try (Session session = cli.openSession()) {
      List<RequestFile.Line> lines = RequestFile.read(from, session.launcher(), session::prepare,
          cli.globals().idempotencyTable() != null);
      OrderedPrinter printer = new OrderedPrinter(lines);
      List<io.wflaunch.StartResult> results = session.launcher().startAll(
          lines.stream().map(RequestFile.Line::request).toList(), options.withListener(printer));
      int worst = ExitCodes.OK;
      List<RunHandle> started = new ArrayList<>();
      for (io.wflaunch.StartResult result : results) {
        if (result.handle().isPresent()) {
          started.add(result.handle().get());
        } else {
          worst = MultiWait.worse(worst, ExitCodes.of(result.error().orElseThrow()));
        }
      }
      if (await && !started.isEmpty()) {
        worst = MultiWait.worse(worst, new MultiWait(cli, session, cli.interactive()).await(started, timeout));
      }
      return worst;
    }
  }

  /** Prints each result as soon as every earlier one is printed, so that stdout follows the file's order. */
  private final class OrderedPrinter implements io.wflaunch.BulkListener {
    private final List<RequestFile.Line> lines;
    private final java.util.Map<Integer, io.wflaunch.StartResult> pending = new java.util.HashMap<>();
    private int next;

    OrderedPrinter(List<RequestFile.Line> lines) {
      this.lines = lines;
    }

    @Override
    public synchronized void onResult(io.wflaunch.StartResult result, int started, int failed) {
      pending.put(result.index(), result);
      while (pending.containsKey(next)) {
        print(pending.remove(next));
        next++;
      }
    }

    private void print(io.wflaunch.StartResult result) {
      int line = lines.get(result.index()).number();
      if (result.handle().isPresent()) {
        RunHandle handle = result.handle().get();
        cli.out().println(cli.globals().json
            ? StatusOutput.object("line", line, "handle", handle.toString(), "backend", handle.backend())
            : handle.toString());
      } else {
        io.wflaunch.WorkflowLaunchException error = result.error().orElseThrow();
        if (cli.globals().json) {
          cli.out().println(StatusOutput.object("line", line, "error", error.getClass().getSimpleName(),
              "message", WflaunchCli.describe(error), "outcomeUnknown", error.outcomeUnknown()));
        } else {
          cli.err().println("wflaunch: " + JsonLines.name(from) + ":" + line + ": " + WflaunchCli.describe(error));
          cli.err().flush();
        }
      }
      cli.out().flush();
    }
  }

  /** The request fields the user set with these options, as the errors name them. */
  private static final Map<String, String> OPTION_OF_FIELD = Map.ofEntries(
      Map.entry("idempotencyKey", "--idempotency-key"),
      Map.entry("input", "--input"), Map.entry("parameters", "--parameter"),
      Map.entry("keyReusePolicy", "--key-reuse"), Map.entry("inFlightPolicy", "--in-flight"));

  /** The error with the option the user typed in place of the request field it set. */
  static InvalidRequestException asTyped(InvalidRequestException e) {
    String field = e.field();
    String option = OPTION_OF_FIELD.get(field);
    if (option == null && field.startsWith("parameters.")) {
      option = "--parameter " + field.substring("parameters.".length());
    }
    if (option == null && field.startsWith("options.")) {
      option = "--option " + field.substring("options.".length());
    }
    return option == null ? e : new InvalidRequestException(e.context(), option, e.rule(), e);
  }

  /** The --option values by name, in the order given; several values of one name are kept in order. */
  private Map<String, List<String>> optionValues() {
    Map<String, List<String>> values = new java.util.LinkedHashMap<>();
    for (String option : options) {
      int equals = option.indexOf('=');
      if (equals <= 0) {
        throw new ParameterException(spec.commandLine(), "--option must be NAME=VALUE, such as workflowId=order-4711");
      }
      values.computeIfAbsent(option.substring(0, equals), name -> new ArrayList<>()).add(option.substring(equals + 1));
    }
    return values;
  }

  private String readInput(WorkflowTarget parsed) {
    if (input == null || !input.startsWith("@")) {
      return input;
    }
    String file = input.substring(1);
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new InvalidRequestException(ErrorContext.of(parsed), "--input", "names a file that cannot be read: "
          + UserText.quote(file) + " (" + e.getClass().getSimpleName() + ")");
    }
  }
}
