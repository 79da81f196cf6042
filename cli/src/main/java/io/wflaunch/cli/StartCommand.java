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

/**
 * {@code wflaunch start}: starts a run and prints its handle. With {@code --wait --json} it prints one
 * JSON document instead of two: the final status (which holds the handle and backend that
 * {@code start --json} prints), or, when the wait fails or the process is ended during it, a document
 * with the handle, backend, error, message and outcomeUnknown. With {@code --from FILE --wait --json}:
 * one such document per line of the file, in the file's order, each with a first member {@code line}
 * (see {@link #awaitAsDocuments}). Exit codes are as without {@code --json}.
 */
@Command(name = "start", sortOptions = false,
    description = {"Start a run and print its handle on stdout. With --wait, then wait like 'wait': text prints the "
        + "handle, then the final status; --json prints one document, the final status (which holds the handle), or, "
        + "if the wait fails or is ended, the handle with the error, message and outcomeUnknown.",
        "With --from FILE, start one run per line of FILE (JSON: target, parameters, input, idempotencyKey, options, "
            + "keyReusePolicy, inFlightPolicy), checking every line first, --concurrency at once and --rate per second, "
            + "and print one handle (or, with --json, one result) per line in the file's order. With --wait --json: "
            + "one document per line of FILE, in its order, after every wait: the final status with its \"line\", or "
            + "the line, handle and error of a failed wait, or the line and error of a failed start. If the process is "
            + "ended first (Ctrl-C, SIGTERM), each line's document says what is known: its handle, its failed start, or "
            + "that it was not started; no further line starts."})
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

  @Option(names = "--from", paramLabel = "FILE", description = "Start the requests of FILE, one JSON object per line. "
      + "Bad lines are told as FILE:LINE:COLUMN: field: rule, all of them, before anything starts; a start that "
      + "fails, as FILE:LINE: and its error (FILE:LINE: field: rule for a request the backend refuses).")
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

  @Option(names = "--stop-on-timeout", description = "With --wait: stop the run (with --from: each run) when the "
      + "wait gives up on it, on a timeout or when the process is told to end (Ctrl-C), and say whether the stop was "
      + "sent and accepted.")
  private boolean stopOnTimeout;

  @picocli.CommandLine.Mixin
  private EventsQueueOptions events = new EventsQueueOptions();

  @Override
  public Integer call() {
    if (stopOnTimeout && !await) {
      throw new ParameterException(spec.commandLine(), "--stop-on-timeout applies only with --wait");
    }
    if (events.given() && !await) {
      throw new ParameterException(spec.commandLine(), events.name() + " applies only with --wait");
    }
    events.apply(spec.commandLine(), cli.globals());
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
      // JSON with --wait: one document, which holds the handle whatever becomes of the wait (see
      // WflaunchCli.await); its pending output exists before the start, so that a process ended while the
      // start is under way still prints the handle the start returns.
      try (PendingOutput pending = await && cli.globals().json ? new PendingOutput(cli.out(), 1) : null) {
        RunHandle handle = start(session, parsed, request, pending);
        // Text: the handle first, so that it is never lost, even when the wait fails or is interrupted; with
        // --wait the final status follows.
        if (pending == null) {
          cli.out().println(cli.globals().json ? StatusOutput.handleJson(handle) : handle.toString());
          cli.out().flush();
        }
        return await ? cli.await(session, handle, timeout, stopOnTimeout, pending) : ExitCodes.OK;
      }
    }
  }

  /** Starts the run; with pending output, marks the start as under way while it is. */
  private RunHandle start(Session session, WorkflowTarget parsed, StartRunRequest.Builder request,
      PendingOutput pending) {
    if (pending == null) {
      try {
        return session.launcher().start(request.build());
      } catch (InvalidRequestException e) {
        throw asTyped(e);
      }
    }
    if (pending.stopping()) {
      throw new io.wflaunch.CancelledException(ErrorContext.of(parsed), "the process is ending; nothing was started",
          null);
    }
    pending.fallback(0, StatusOutput.errorJson(null, null, new io.wflaunch.CancelledException(
        ErrorContext.of(parsed).withOutcomeUnknown(true),
        "the process was ended while the run was being started; it may have started", null)));
    pending.starting(0, true);
    try {
      RunHandle handle = session.launcher().start(request.build());
      // Before the start is marked as returned: an ending process prints this handle.
      pending.fallback(0, StatusOutput.waitEndedJson(null, handle));
      return handle;
    } catch (InvalidRequestException e) {
      pending.fallback(0, null);
      throw asTyped(e);
    } catch (Throwable e) {
      pending.fallback(0, null);
      throw e;
    } finally {
      pending.starting(0, false);
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
      boolean documentPerLine = await && cli.globals().json;
      // With --wait --json the documents wait for the runs; their pending output exists before the first
      // start, so that a process ended while the runs are being started prints one document per line.
      try (PendingOutput pending = documentPerLine ? new PendingOutput(cli.out(), lines.size()) : null) {
        OrderedPrinter printer = new OrderedPrinter(lines, pending);
        List<io.wflaunch.StartResult> results = session.launcher().startAll(
            pending == null ? lines.stream().map(RequestFile.Line::request).toList() : requests(lines, pending),
            options.withListener(printer));
        if (pending != null) {
          return awaitAsDocuments(session, lines, results, pending);
        }
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
          worst = MultiWait.worse(worst, new MultiWait(cli, session, cli.interactive()).stopOnGiveUp(stopOnTimeout).await(started, timeout));
        }
        return worst;
      }
    }
  }

  /**
   * The requests, read as starts begin: each line's fallback document says it was not started until it is
   * read, then that its start is under way (and it is waited for if the process ends) until its result
   * comes; once the process is ending no further line is read, so none starts.
   */
  private static Iterable<StartRunRequest> requests(List<RequestFile.Line> lines, PendingOutput pending) {
    for (int i = 0; i < lines.size(); i++) {
      RequestFile.Line line = lines.get(i);
      pending.fallback(i, StatusOutput.errorJson(line.number(), null, new io.wflaunch.CancelledException(
          ErrorContext.of(line.request().target()), "the process was ended before this line's run was started; "
              + "it was not started", null)));
    }
    return () -> new java.util.Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < lines.size() && !pending.stopping();
      }

      @Override
      public StartRunRequest next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        RequestFile.Line line = lines.get(next);
        pending.fallback(next, StatusOutput.errorJson(line.number(), null, new io.wflaunch.CancelledException(
            ErrorContext.of(line.request().target()).withOutcomeUnknown(true),
            "the process was ended while this line's run was being started; it may have started", null)));
        pending.starting(next, true);
        return lines.get(next++).request();
      }
    };
  }

  /**
   * {@code --from FILE --wait --json}: waits for every run started and prints one JSON document per line
   * of the file, in the file's order, once every wait has ended: the run's final status with a first
   * member {@code line}; or, for a run whose wait failed, {@code line}, {@code handle}, {@code backend},
   * {@code error}, {@code message} and {@code outcomeUnknown}; or, for a line whose start failed, the same
   * without the handle. If the process is ended while the runs are being started or waited for, each
   * line's document says what is known: a started line's holds its handle and a {@code CancelledException};
   * a line whose start failed, that error; a line whose start was under way or had not begun, a
   * {@code CancelledException} (with {@code outcomeUnknown} true for the former). Exit code: the worst of the
   * starts and the runs.
   */
  private int awaitAsDocuments(Session session, List<RequestFile.Line> lines, List<io.wflaunch.StartResult> results,
      PendingOutput pending) {
    String[] documents = new String[lines.size()];
    List<RunHandle> started = new ArrayList<>();
    List<Integer> startedAt = new ArrayList<>();
    int worst = ExitCodes.OK;
    for (io.wflaunch.StartResult result : results) {
      int index = result.index();
      if (result.handle().isPresent()) {
        started.add(result.handle().get());
        startedAt.add(index);
      } else {
        io.wflaunch.WorkflowLaunchException error = result.error().orElseThrow();
        documents[index] = StatusOutput.errorJson(lines.get(index).number(), null, error);
        worst = MultiWait.worse(worst, ExitCodes.of(error));
      }
    }
    if (stopOnTimeout) {
      // A process told to end prints these lines' documents, which say what became of each stop, rather
      // than their fallbacks: the pending output waits for them as for starts under way.
      startedAt.forEach(index -> pending.starting(index, true));
    }
    try {
      if (!started.isEmpty()) {
        worst = MultiWait.worse(worst, new MultiWait(cli, session, cli.interactive()).stopOnGiveUp(stopOnTimeout).await(started, timeout,
            new MultiWait.Output() {
              @Override
              public void status(int i, io.wflaunch.RunStatus status) {
                int index = startedAt.get(i);
                documents[index] = StatusOutput.json(status, cli.globals().showValues, lines.get(index).number());
              }

              @Override
              public void error(int i, RunHandle handle, Throwable failure, StopOutcome stop) {
                int index = startedAt.get(i);
                documents[index] = StatusOutput.errorJson(lines.get(index).number(), handle, failure, stop);
              }
            }));
      }
      // A line with no document of its own (a wait cut short) prints its fallback: its handle.
      pending.settle(java.util.Arrays.asList(documents));
      return worst;
    } catch (Throwable e) {
      // Any failure, an Error too: each line's document is still printed.
      pending.settle(java.util.Arrays.asList(documents));
      throw e;
    }
  }

  /**
   * Prints each result as soon as every earlier one is printed, so that stdout follows the file's order;
   * with pending output ({@code --wait --json}) prints nothing, as each line's one document comes after
   * its wait, but makes the result the line's fallback document, printed if the process is ended first.
   */
  private final class OrderedPrinter implements io.wflaunch.BulkListener {
    private final List<RequestFile.Line> lines;
    private final PendingOutput holdBack;
    private final java.util.Map<Integer, io.wflaunch.StartResult> pending = new java.util.HashMap<>();
    private int next;

    OrderedPrinter(List<RequestFile.Line> lines, PendingOutput holdBack) {
      this.lines = lines;
      this.holdBack = holdBack;
    }

    @Override
    public synchronized void onResult(io.wflaunch.StartResult result, int started, int failed) {
      if (holdBack != null) {
        int line = lines.get(result.index()).number();
        holdBack.fallback(result.index(), result.handle().isPresent()
            ? StatusOutput.waitEndedJson(line, result.handle().get())
            : StatusOutput.errorJson(line, null, result.error().orElseThrow()));
        holdBack.starting(result.index(), false);
        return;
      }
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
          cli.err().println("wflaunch: " + JsonLines.name(from) + ":" + line + ": " + (error instanceof InvalidRequestException
              invalid ? invalid.field() + ": " + invalid.rule() : WflaunchCli.describe(error)));
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
