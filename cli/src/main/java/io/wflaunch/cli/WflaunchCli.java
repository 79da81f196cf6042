package io.wflaunch.cli;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.WaitListener;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.spi.support.UserText;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import io.wflaunch.dynamodb.DynamoDbIdempotencyStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code wflaunch} command line: start, inspect, wait for, stop, re-run and list workflow runs on every
 * installed backend, or run the offline demo. Exit codes are in {@link ExitCodes}.
 */
@Command(name = "wflaunch",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = WflaunchCli.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = "Start and track workflow runs on AWS, one command for every installed backend "
        + "('wflaunch backends' lists them).",
    subcommands = {StartCommand.class, StatusCommand.class, WaitCommand.class, StopCommand.class, RetryCommand.class,
        ListCommand.class,
        BackendsCommand.class,
        InitTableCommand.class, EventsCommand.class, LocalCommand.class, DemoCommand.class, HelpCommand.class,
        picocli.AutoComplete.GenerateCompletion.class},
    footerHeading = "%nExit codes:%n",
    footer = {
        "  0  success (wait, start --wait: the run SUCCEEDED)",
        "  1  the run ended in another terminal state",
        "  2  invalid input or usage; nothing was sent",
        "  3  workflow or run not found",
        "  4  access denied",
        "  5  throttled, unavailable or over a limit, after retries",
        "  6  wait timed out",
        "  7  operation not supported by that backend",
        "  8  conflict",
        "  9  any other error"})
public final class WflaunchCli implements Callable<Integer> {

  private final GlobalOptions globals = new GlobalOptions();
  private final Session.Factory sessions;
  private final Supplier<FakeSession> demoSessions;
  private final Clock clock;
  private final boolean interactive;
  private final java.util.function.UnaryOperator<String> environment;
  /** The run-event formats {@code events} sets up for: the installed providers', unless a test gives others. */
  private Supplier<List<io.wflaunch.spi.events.RunEventFormat>> eventFormats = WflaunchCli::installedEventFormats;
  @Spec
  private CommandSpec spec;

  WflaunchCli(Session.Factory sessions, Supplier<FakeSession> demoSessions, Clock clock, boolean interactive,
      java.util.function.UnaryOperator<String> environment) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.demoSessions = Objects.requireNonNull(demoSessions, "demoSessions");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.interactive = interactive;
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    // Before the first logger exists.
    loggingProperties(List.of(args)).forEach(System::setProperty);
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    Clock clock = Clock.systemUTC();
    System.exit(execute(args, out, err, defaultSessions(clock), () -> new FakeSession(clock, null), clock,
        System.console() != null));
  }

  /**
   * The logger settings the arguments ask for, set before the first logger exists. {@code --debug}: the
   * SDK's request and wire loggers and wflaunch's own at debug, on stderr, with times; they show
   * operations, hosts, header names, status codes and request ids, never header values or credentials;
   * each line names its time, thread and logger. Without it a warning is one line, {@code wflaunch: WARN ...}.
   * {@code --quiet} (without {@code --debug}): errors only, so that no WARN line reaches stderr.
   *
   * @param args the arguments
   * @return system properties for the simple logger, in order
   */
  static java.util.Map<String, String> loggingProperties(List<String> args) {
    java.util.Map<String, String> properties = new java.util.LinkedHashMap<>();
    List<String> flags = optionsGiven(args);
    if (flags.contains("--debug")) {
      properties.put("org.slf4j.simpleLogger.log.software.amazon.awssdk.request", "debug");
      properties.put("org.slf4j.simpleLogger.log.io.wflaunch", "debug");
      // Debug lines carry their time, thread and logger; without --debug a warning reads "wflaunch: WARN ...".
      properties.put("org.slf4j.simpleLogger.showDateTime", "true");
      properties.put("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
      properties.put("org.slf4j.simpleLogger.showThreadName", "true");
      properties.put("org.slf4j.simpleLogger.showLogName", "true");
    } else if (flags.contains("--quiet")) {
      properties.put("org.slf4j.simpleLogger.defaultLogLevel", "error");
    }
    return properties;
  }

  /**
   * The options the arguments give in option position, as the command line's model reads them (without
   * parsing, which would run the options' checks): not the value of an option ({@code -p note=--quiet}),
   * nothing after {@code --}, nothing after an argument this model does not know.
   */
  private static List<String> optionsGiven(List<String> args) {
    CommandSpec command = new CommandLine(new WflaunchCli(options -> {
      throw new IllegalStateException("not for running");
    }, () -> null, Clock.systemUTC(), false, name -> null)).getCommandSpec();
    List<String> given = new java.util.ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        break;
      }
      CommandLine sub = command.subcommands().get(arg);
      if (sub != null) {
        command = sub.getCommandSpec();
        continue;
      }
      CommandLine.Model.OptionSpec option = arg.startsWith("-") && !arg.contains("=") ? command.findOption(arg) : null;
      if (option == null) {
        // A positional parameter, an option with its value attached, or an unknown option.
        continue;
      }
      given.add(arg);
      CommandLine.Range arity = option.arity();
      int values = arity.min() > 0 ? arity.min()
          : arity.max() > 0 && i + 1 < args.size() && !args.get(i + 1).startsWith("-") ? 1 : 0;
      i += values;
    }
    return given;
  }

  /** Local mode with {@code --local} (or {@code --fake}), otherwise AWS. */
  static Session.Factory defaultSessions(Clock clock) {
    return options -> options.fake()
        ? new io.wflaunch.cli.local.LocalSession(io.wflaunch.cli.local.LocalSession.directory(options.localDir()), clock,
            text -> options.notes().accept("wflaunch: " + text))
        : new AwsSession(options);
  }

  /**
   * Runs the command line.
   *
   * @param args the arguments
   * @param out standard output
   * @param err standard error
   * @param sessions opens the session commands run against
   * @param demoSessions makes the demo's in-memory session
   * @param clock the clock progress is measured with
   * @param interactive whether stderr is a terminal (live progress line)
   * @return the exit code
   */
  public static int execute(String[] args, PrintWriter out, PrintWriter err, Session.Factory sessions,
      Supplier<FakeSession> demoSessions, Clock clock, boolean interactive) {
    return execute(args, out, err, sessions, demoSessions, clock, interactive, System::getenv);
  }

  /**
   * Runs the command line with the environment variables {@code environment} gives (null for unset).
   *
   * @param args the arguments
   * @param out standard output
   * @param err standard error
   * @param sessions opens the session commands run against
   * @param demoSessions makes the demo's in-memory session
   * @param clock the clock progress is measured with
   * @param interactive whether stderr is a terminal (live progress line)
   * @param environment reads an environment variable
   * @return the exit code
   */
  static int execute(String[] args, PrintWriter out, PrintWriter err, Session.Factory sessions,
      Supplier<FakeSession> demoSessions, Clock clock, boolean interactive,
      java.util.function.UnaryOperator<String> environment) {
    return execute(args, out, err, sessions, demoSessions, clock, interactive, environment,
        WflaunchCli::installedEventFormats);
  }

  /**
   * Runs the command line with the run-event formats {@code eventFormats} gives to {@code events init} and
   * {@code events status} in place of the installed providers'.
   */
  static int execute(String[] args, PrintWriter out, PrintWriter err, Session.Factory sessions,
      Supplier<FakeSession> demoSessions, Clock clock, boolean interactive,
      java.util.function.UnaryOperator<String> environment,
      Supplier<List<io.wflaunch.spi.events.RunEventFormat>> eventFormats) {
    WflaunchCli root = new WflaunchCli(sessions, demoSessions, clock, interactive, environment);
    root.eventFormats = Objects.requireNonNull(eventFormats, "eventFormats");
    CommandLine commandLine = new CommandLine(root);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExpandAtFiles(false);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setParameterExceptionHandler((e, typed) -> {
      List<String> suggestions = e instanceof CommandLine.UnmatchedArgumentException unmatched
          ? suggestions(unmatched) : List.of();
      err.println("wflaunch: " + usageMessage(e.getMessage(), typed)
          + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?")
          + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
      err.flush();
      return ExitCodes.USAGE;
    });
    commandLine.setExecutionExceptionHandler((e, command, parseResult) -> {
      WflaunchCli cli = command.getCommandSpec().root().commandLine().getCommand();
      Object endpointUrl = cli.globals.endpoint != null ? cli.globals.endpoint : System.getenv("AWS_ENDPOINT_URL");
      String endpoint = endpointUrl != null && (causedBy(e, java.net.ConnectException.class)
          || causedBy(e, java.net.UnknownHostException.class))
          ? " (endpoint " + UserText.quote(endpointUrl.toString()) + ")" : "";
      if (e instanceof RequestFile.BadLines bad) {
        bad.lines().forEach(line -> err.println("wflaunch: " + line));
      } else {
        err.println("wflaunch: " + describe(e) + endpoint);
      }
      cli.afterError.forEach(err::println);
      if (cli.globals.verbose) {
        e.printStackTrace(err);
      }
      err.flush();
      cli.reported();
      return ExitCodes.of(e);
    });
    if (jsonVersionAsked(args)) {
      try {
        String version = new Version().getVersion()[0];
        out.println(StatusOutput.object("version", version.substring(version.indexOf(' ') + 1)));
        out.flush();
        return ExitCodes.OK;
      } catch (IOException e) {
        err.println("wflaunch: the version cannot be read: " + e);
        err.flush();
        return ExitCodes.OTHER;
      }
    }
    return commandLine.execute(args);
  }

  /** {@code --version} (or {@code -V}) with JSON output asked for: the version as one JSON document. */
  private static boolean jsonVersionAsked(String[] args) {
    List<String> given = List.of(args);
    boolean version = given.contains("--version") || given.contains("-V");
    boolean json = given.contains("--json") || given.contains("--output=json")
        || given.indexOf("--output") >= 0 && given.indexOf("--output") + 1 < given.size()
            && given.get(given.indexOf("--output") + 1).equalsIgnoreCase("json");
    return version && json;
  }

  /**
   * Picocli's message with what the user typed, which picocli repeats as it was, made safe to print:
   * each argument (and each value after an {@code =}) that is long or holds control characters becomes
   * its {@link UserText#quote} form, escaped and cut; then any control character left is escaped.
   */
  static String usageMessage(String message, String[] typed) {
    List<String> texts = new java.util.ArrayList<>();
    for (String arg : typed) {
      texts.add(arg);
      if (arg.indexOf('=') >= 0) {
        texts.add(arg.substring(arg.indexOf('=') + 1));
      }
    }
    texts.sort(java.util.Comparator.comparingInt(String::length).reversed());
    String out = String.valueOf(message).replace("option option", "option");
    for (String text : texts) {
      String quoted = UserText.quote(text);
      if (!text.isEmpty() && !quoted.equals("'" + text + "'")) {
        out = out.replace("'" + text + "'", quoted).replace(text, quoted);
      }
    }
    return UserText.escape(out);
  }

  /**
   * A failure in one line: a {@link WorkflowLaunchException}'s own message (which escapes and cuts what
   * it repeats), or else the type and the message, escaped and, when long, cut by {@link UserText}.
   */
  static String describe(Throwable failure) {
    if (failure instanceof WorkflowLaunchException) {
      return failure.getMessage();
    }
    String message = failure.getMessage();
    if (message == null) {
      return failure.getClass().getName();
    }
    return failure.getClass().getName() + ": " + (message.codePointCount(0, message.length()) <= UserText.MAX_ECHO
        ? UserText.escape(message) : UserText.quote(message));
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * What to suggest for an unknown command or option: picocli's own suggestions, or else, for
   * something that looks like an option, the command's options within two edits of it.
   */
  private static List<String> suggestions(CommandLine.UnmatchedArgumentException unmatched) {
    String typed = unmatched.getUnmatched().isEmpty() ? "" : unmatched.getUnmatched().get(0);
    if (!typed.startsWith("-")) {
      // Picocli's suggestions leave out some near commands once there are many (start for strat): every
      // command is a candidate.
      List<String> candidates = new java.util.ArrayList<>(unmatched.getSuggestions());
      unmatched.getCommandLine().getSubcommands().keySet().stream().filter(name -> !candidates.contains(name))
          .forEach(candidates::add);
      return unmatched.getSuggestions().isEmpty() && (candidates.isEmpty()
          || distance(typed, closest(typed, candidates).get(0)) > 2) ? List.of() : closest(typed, candidates);
    }
    if (!unmatched.getSuggestions().isEmpty()) {
      return closest(typed, unmatched.getSuggestions());
    }
    String name = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
    List<String> options = new java.util.ArrayList<>();
    unmatched.getCommandLine().getCommandSpec().options().forEach(option -> options.addAll(List.of(option.names())));
    List<String> nearest = closest(name, options);
    return !nearest.isEmpty() && distance(name, nearest.get(0)) <= 2 ? nearest : List.of();
  }

  /** The candidates nearest to what was typed (by edit distance). */
  static List<String> closest(String typed, List<String> candidates) {
    int best = candidates.stream().mapToInt(candidate -> distance(typed, candidate)).min().orElse(0);
    return candidates.stream().filter(candidate -> distance(typed, candidate) == best).toList();
  }

  /** The edit distance between two texts. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  @Option(names = "--region", paramLabel = "REGION", scope = ScopeType.INHERIT, description = "AWS region.")
  void region(String region) {
    // AWS region names are lower-case letters, digits and '-'; anything else would only come back, raw,
    // in the SDK's endpoint errors.
    if (region.isEmpty() || region.length() > 64 || !region.chars().allMatch(c -> c >= 'a' && c <= 'z'
        || c >= '0' && c <= '9' || c == '-')) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--region must be an AWS region such as "
          + "eu-west-1 (up to 64 of a-z, 0-9 and '-'), found " + UserText.quote(region));
    }
    globals.region = region;
  }

  @Option(names = "--profile", paramLabel = "NAME", scope = ScopeType.INHERIT,
      description = "Named profile for credentials, region and tokens.")
  void profile(String profile) {
    globals.profile = profile;
  }

  @Option(names = {"--endpoint-url", "--endpoint"}, paramLabel = "URL", scope = ScopeType.INHERIT,
      description = "Endpoint override for all clients (such as a local moto server).")
  void endpoint(URI endpoint) {
    if (!"http".equalsIgnoreCase(endpoint.getScheme()) && !"https".equalsIgnoreCase(endpoint.getScheme())
        || endpoint.getHost() == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--endpoint-url must be an http or https URL "
          + "with a host, such as http://127.0.0.1:5000, found " + UserText.quote(endpoint.toString()));
    }
    globals.endpoint = endpoint;
  }

  @Option(names = {"--local", "--fake"}, scope = ScopeType.INHERIT,
      description = "Local mode, no AWS: runs are kept on this machine (~/.wflaunch/local, --local-dir or "
          + "WFLAUNCH_LOCAL_DIR, which also switches local mode on when set) from one command to the next; every well-formed target exists; a run succeeds "
          + "after 20 s (parameters duration=5s, fail=true change that); --region, --profile, --endpoint-url and "
          + "--idempotency-table are refused there.")
  void fake(boolean fake) {
    globals.fake = fake;
  }

  @Option(names = "--local-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "Where local mode keeps its runs (default WFLAUNCH_LOCAL_DIR, else ~/.wflaunch/local); implies --local.")
  void localDir(java.nio.file.Path localDir) {
    globals.localDir = localDir;
    globals.fake = true;
  }

  @Option(names = "--idempotency-table", paramLabel = "NAME", scope = ScopeType.INHERIT,
      description = "DynamoDB table (same region, profile and endpoint) in which keyed starts claim their keys, so that "
          + "starts with one --idempotency-key in any number of processes start one run; create it with 'init-table'.")
  void idempotencyTable(String idempotencyTable) {
    globals.idempotencyTable = checkTableName(spec.commandLine(), "--idempotency-table", idempotencyTable);
  }

  /**
   * A DynamoDB table name, checked; the refusal quotes the name through {@link UserText} (the store's
   * own message repeats it whole).
   */
  static String checkTableName(CommandLine commandLine, String what, String name) {
    try {
      return DynamoDbIdempotencyStore.checkTableName(name);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(commandLine, what + " must be 3 to 255 characters of letters, "
          + "digits, '_', '-' and '.', found " + UserText.quote(name));
    }
  }

  @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print JSON: the same as --output json.")
  void json(boolean json) {
    globals.json = json;
  }

  /** The output formats of {@code --output}. */
  enum Output { json, text, table }

  @Option(names = "--output", paramLabel = "FORMAT", scope = ScopeType.INHERIT,
      description = "Output format: ${COMPLETION-CANDIDATES} (default text; table: aligned columns with a header).")
  void output(Output output) {
    globals.json = output == Output.json;
    globals.table = output == Output.table;
  }

  @Option(names = "--show-values", scope = ScopeType.INHERIT,
      description = "Show parameter and run-property values in JSON statuses (masked by default: they may be secrets).")
  void showValues(boolean showValues) {
    globals.showValues = showValues;
  }

  @Option(names = "--quiet", scope = ScopeType.INHERIT, description = "No progress, notes or warnings on stderr "
      + "(errors still).")
  void quiet(boolean quiet) {
    globals.quiet = quiet;
  }

  @Option(names = "--debug", scope = ScopeType.INHERIT,
      description = "Log each SDK request and wflaunch's steps on stderr (no header values, no credentials).")
  void debug(boolean debug) {
    // Read by main before any logger is made; here only so that picocli accepts it.
  }

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces with errors.")
  void verbose(boolean verbose) {
    globals.verbose = verbose;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /**
   * Opens the session a command runs against. Local mode is on with {@code --local}, {@code --fake} or
   * {@code --local-dir}, or when the environment variable {@value io.wflaunch.cli.local.LocalSession#DIRECTORY_VARIABLE}
   * is set and not blank (its directory is then the one local mode uses). In local mode the AWS options
   * ({@code --region}, {@code --profile}, {@code --endpoint-url}, {@code --idempotency-table}) are a usage
   * error naming what switched local mode on, rather than silently ignored.
   */
  Session openSession() {
    String localDir = environment.apply(io.wflaunch.cli.local.LocalSession.DIRECTORY_VARIABLE);
    boolean fromEnvironment = !globals.fake && localDir != null && !localDir.isBlank();
    if (fromEnvironment) {
      globals.fake = true;
      globals.localDir = java.nio.file.Path.of(localDir);
    }
    String localBy = fromEnvironment ? io.wflaunch.cli.local.LocalSession.DIRECTORY_VARIABLE : localOptionTyped();
    String aws = globals.idempotencyTable != null ? "--idempotency-table" : globals.region != null ? "--region"
        : globals.profile != null ? "--profile" : globals.endpoint != null ? "--endpoint-url"
        : globals.eventsQueue != null ? "--events-queue" : null;
    if (globals.fake && aws != null) {
      // Local mode sends nothing to AWS: an AWS option given with it would be silently ignored.
      throw new CommandLine.ParameterException(spec.commandLine(), aws + (aws.equals("--idempotency-table")
          ? " needs DynamoDB" : " applies only to AWS") + ", and local mode is on ("
          + (fromEnvironment ? "the environment variable " + localBy + " is set; unset it to use AWS"
              : localBy + " was given; leave it out to use AWS") + ")");
    }
    if (globals.showValues && !globals.json) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--show-values applies only with --json (or --output json): the text and table forms show no values");
    }
    globals.notes = this::note;
    return sessions.open(globals);
  }

  /** The option that switched local mode on, as typed: {@code --local}, {@code --fake} or {@code --local-dir}. */
  private String localOptionTyped() {
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    List<String> typed = parsed == null ? List.of() : parsed.originalArgs();
    int end = typed.indexOf("--");
    for (String arg : end < 0 ? typed : typed.subList(0, end)) {
      if (arg.equals("--local") || arg.equals("--fake")) {
        return arg;
      }
      if (arg.equals("--local-dir") || arg.startsWith("--local-dir=")) {
        return "--local-dir";
      }
    }
    return "--local";
  }

  /** The installed providers' run-event formats, in the providers' order, each once. */
  static List<io.wflaunch.spi.events.RunEventFormat> installedEventFormats() {
    return io.wflaunch.spi.BackendProviders.installed().stream()
        .flatMap(provider -> provider.runEvents().stream())
        .distinct()
        .toList();
  }

  /** The run-event formats of the engines {@code events} sets up for. */
  List<io.wflaunch.spi.events.RunEventFormat> eventFormats() {
    return eventFormats.get();
  }

  FakeSession openDemoSession() {
    return demoSessions.get();
  }

  CommandSpec spec() {
    return spec;
  }

  GlobalOptions globals() {
    return globals;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  Clock clock() {
    return clock;
  }

  boolean interactive() {
    return interactive;
  }

  /** Prints a note on stderr unless {@code --quiet}. */
  void note(String text) {
    if (!globals.quiet) {
      err().println(text);
      err().flush();
    }
  }

  /** Prints a status as a line or JSON on stdout. */
  void print(RunStatus status) {
    out().println(globals.json ? StatusOutput.json(status, globals.showValues)
        : globals.table ? StatusOutput.table(java.util.List.of(status)) : StatusOutput.line(status));
    out().flush();
  }

  /**
   * Waits for a run with progress on stderr, prints its final status, and returns the exit code. With
   * JSON output, exactly one document is printed on stdout: the final status, or, when the wait fails
   * (times out, is interrupted, cannot read the run) or the process is ended during it, a document that
   * holds the handle and the error ({@link StatusOutput#errorJson}); the error then also goes to stderr
   * and sets the exit code as any error does.
   */
  int await(Session session, RunHandle handle, Duration timeout) {
    return await(session, handle, timeout, false);
  }

  /**
   * {@link #await(Session, RunHandle, Duration)}, stopping the run when the wait gives up on it (it times
   * out, or the process is told to end) if {@code stopOnGiveUp}.
   */
  int await(Session session, RunHandle handle, Duration timeout, boolean stopOnGiveUp) {
    try (PendingOutput pending = globals.json ? new PendingOutput(out(), 1) : null) {
      return await(session, handle, timeout, stopOnGiveUp, pending);
    }
  }

  /**
   * {@link #await(Session, RunHandle, Duration, boolean)} with the pending output made before the start,
   * so that a process ended at any moment after the start returned prints the handle.
   *
   * <p>With {@code stopOnGiveUp} the wait's options ask the launcher to stop the run when the wait gives
   * up on it, and the process, told to end (Ctrl-C, SIGTERM), first interrupts the wait so that the stop is
   * sent, then ends once the outcome is printed (or {@link PendingOutput#GRACE} has passed). What became of
   * the stop ({@link StopOutcome}) is printed with the error: in its message, and in the JSON document's
   * {@code giveUpStop}, {@code stopSent} and {@code stopAccepted}; an answer that comes after the error
   * (the wait was interrupted) is a line on stderr after the error's.
   *
   * @param pending with JSON output, the one document's pending output; null for text
   */
  int await(Session session, RunHandle handle, Duration timeout, boolean stopOnGiveUp, PendingOutput pending) {
    Progress progress = new Progress(err(), interactive, clock);
    StopOutcome.Listener listener = new StopOutcome.Listener(globals.quiet ? WaitListener.NONE : progress);
    WaitOptions options = session.waitOptions().toBuilder()
        .timeout(timeout == null ? WaitOptions.DEFAULT.timeout() : timeout)
        .listener(listener)
        .stopOnGiveUp(stopOnGiveUp)
        .build();
    if (pending != null) {
      pending.fallback(0, StatusOutput.waitEndedJson(null, handle));
    }
    try (StopOnSignal signal = stopOnGiveUp ? stopOnSignal(pending) : null) {
      try {
        RunStatus done = session.launcher().awaitCompletion(handle, options);
        progress.finish();
        if (pending == null) {
          print(done);
        } else {
          pending.settle(List.of(StatusOutput.json(done, globals.showValues)));
        }
        reported();
        return done.state().isSuccessful() ? ExitCodes.OK : ExitCodes.RUN_NOT_SUCCESSFUL;
      } catch (Throwable e) {
        // Any failure, an Error too: the one document still holds the handle.
        progress.finish();
        StopOutcome stop = stopOnGiveUp ? listener.outcome(e, PendingOutput.GRACE).orElse(null) : null;
        if (stop != null && StopOutcome.of(e).filter(stop.stop()::equals).isEmpty()) {
          // The error's message says what it knew; the answer came later.
          afterError.add("wflaunch: " + handle + ": " + stop.words());
        }
        if (pending != null) {
          pending.settle(java.util.Collections.singletonList(errorJsonOrNull(handle, e, stop)));
        }
        throw e;
      }
    } finally {
      progress.finish();
    }
  }

  /** Lines the error handler prints after the error's own line. */
  private final List<String> afterError = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile StopOnSignal stopOnSignal;

  /** Ends the wait of this thread when the process is told to end, until closed (see {@link StopOnSignal}). */
  StopOnSignal stopOnSignal(PendingOutput pending) {
    stopOnSignal = new StopOnSignal(Thread.currentThread(), pending);
    return stopOnSignal;
  }

  /** Everything a give-up stop has to say is printed: a process that is ending may end now. */
  void reported() {
    StopOnSignal signal = stopOnSignal;
    if (signal != null) {
      signal.reported();
    }
  }

  /**
   * While a wait that stops its run on giving up is under way: a process told to end interrupts the wait
   * (so that the launcher stops the run and says how that went) and ends once that is printed, or after
   * {@link PendingOutput#GRACE}. The JSON document's pending output is held for as long.
   */
  static final class StopOnSignal implements AutoCloseable {
    private final Thread waiter;
    private final PendingOutput pending;
    private final java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
    private final Thread hook;

    StopOnSignal(Thread waiter, PendingOutput pending) {
      this.waiter = waiter;
      this.pending = pending;
      if (pending != null) {
        // The pending output's own hook then waits for the document this wait settles.
        pending.starting(0, true);
      }
      hook = new Thread(this::ending, "wflaunch-stop-on-give-up");
      Runtime.getRuntime().addShutdownHook(hook);
    }

    private void ending() {
      waiter.interrupt();
      try {
        reported.await(PendingOutput.GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void reported() {
      reported.countDown();
    }

    @Override
    public void close() {
      if (pending != null) {
        pending.starting(0, false);
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs: it ends once the error handler has printed.
      }
    }
  }

  /** The error document, or null (then the fallback is printed) if even that cannot be made. */
  private static String errorJsonOrNull(RunHandle handle, Throwable e, StopOutcome stop) {
    try {
      return StatusOutput.errorJson(null, handle, e, stop);
    } catch (RuntimeException | Error cannot) {
      return null;
    }
  }

  /** Reads the version from the build. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = WflaunchCli.class.getResourceAsStream("/wflaunch.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      return new String[] {"wflaunch " + properties.getProperty("version", "unknown")};
    }
  }
}
