package io.wflaunch.docs;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * The {@code wflaunch} commands of the pages' ```console blocks. A line {@code $ wflaunch ...} is a command
 * (so is {@code $ java -jar cli/target/wflaunch.jar ...}); the lines after it, up to the next {@code $} line
 * or the block's end, are what it prints on stdout. A command with {@code --local}, {@code --fake} or
 * {@code --local-dir}, or with {@code WFLAUNCH_LOCAL_DIR} set (before it on its line, or by an earlier
 * {@code $ export WFLAUNCH_LOCAL_DIR=...} of the page; exports of other variables are not applied), and every
 * {@code demo}, {@code backends}, {@code help}, {@code local}, {@code generate-completion}, {@code --version}
 * and {@code --help} is run: the built command
 * line's jar, in its own JVM, HOME (and user.home) a fresh directory per page (so local mode's runs are shared
 * by the commands of one page, in page order), the working directory beside it, no {@code WFLAUNCH_*} or
 * {@code AWS_*} variable from outside. Other commands (they need AWS) are split into words and their command
 * name checked, but not run.
 *
 * <p>A command exits 0 unless its line ends with a comment {@code # exit N}. Shown output that is JSON (its
 * first line starts with {@code {} or {@code [}) is compared with what the command printed by
 * {@link JsonShape}, other shown output line by line and word by word by {@link Values#compareText}: values
 * that differ from run to run (instants, run ids, UUIDs, durations) only by form, everything else exactly.
 * Output a page does not show is not compared. A string a command's shown output holds (a handle such as
 * {@code glue:nightly-etl/wr_3f0c...}) is replaced in later commands of the page by what the command printed
 * at the same place (JSON: the same key; text: the same word of the same line). {@code > FILE} sends stdout to
 * a file of the working directory. A fenced block whose info string has {@code file=NAME} (```jsonl
 * file=runs.jsonl) is written to the working directory, at its place in the page, for commands such as
 * {@code start --from runs.jsonl}. A local command in a block of another language would escape the tests, so
 * it is refused.
 */
class CommandsTest {

  private static final Path CLI_JAR = Path.of(System.getProperty("wflaunch.cli.jar",
      Docs.root().resolve("cli/target/wflaunch.jar").toString()));
  private static final Set<String> ALWAYS_RUN = Set.of("demo", "backends", "help", "local", "generate-completion");
  private static final Set<String> VALUE_OPTIONS = Set.of("--profile", "--endpoint", "--endpoint-url", "--output",
      "--region", "--local-dir", "--idempotency-table");
  private static final long COMMAND_TIMEOUT_SECONDS = 120;
  private static final Pattern LOCAL_COMMAND = Pattern.compile(
      "^(?:\\S*/)?(?:wflaunch|java -jar \\S*wflaunch\\.jar)\\s.*(?:--local|--fake|--local-dir)\\b");
  private static final ExecutorService PAGES = Executors.newFixedThreadPool(
      Integer.getInteger("docs.parallelism", Math.max(2, Runtime.getRuntime().availableProcessors())));

  /** One step of a page's script, in page order. */
  sealed interface Step permits Command, FileBlock, Export {}

  /** A {@code $} line of a console block and the output the page shows for it. */
  record Command(Page.Block block, int line, String text, List<String> shown) implements Step {
    String where() {
      return block.page() + ":" + line;
    }
  }

  /** A block written to the working directory. */
  record FileBlock(Page.Block block, String name) implements Step {}

  /** {@code $ export NAME=value} or {@code $ unset NAME}: the variable for the page's later commands. */
  record Export(String name, String value) implements Step {}

  /** What happened to one command. */
  record Outcome(Command command, String summary, List<String> problems) {}

  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  /** A quicker start for short commands; the JVM's own log is off so that nothing it says reaches stdout. */
  private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
      "-Xlog:disable");
  private static List<String> classDataSharing;
  private static Path classDataDirectory;

  @AfterAll
  static void stopThreads() {
    PAGES.shutdownNow();
    if (classDataDirectory != null) {
      delete(classDataDirectory);
    }
  }

  /**
   * The options that start the command line from a class data archive of its jar, made once by a first
   * local command (a JVM then starts in half the time); none when the archive cannot be made.
   */
  private static synchronized List<String> classDataSharing() {
    if (classDataSharing != null) {
      return classDataSharing;
    }
    classDataSharing = List.of();
    try {
      classDataDirectory = Files.createTempDirectory("wflaunch-docs-cds-");
      Path archive = classDataDirectory.resolve("wflaunch.jsa");
      List<String> command = new ArrayList<>(List.of(JAVA, "-Duser.home=" + classDataDirectory));
      command.addAll(JVM_OPTIONS);
      command.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-jar", CLI_JAR.toString(),
          "--local", "list", "glue:class-data", "--json"));
      ProcessBuilder builder = new ProcessBuilder(command).directory(classDataDirectory.toFile())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
      builder.environment().keySet().removeIf(name -> name.startsWith("WFLAUNCH_") || name.startsWith("AWS_"));
      builder.environment().put("HOME", classDataDirectory.toString());
      Process process = builder.start();
      if (process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS) && process.exitValue() == 0
          && Files.isRegularFile(archive)) {
        classDataSharing = List.of("-XX:SharedArchiveFile=" + archive);
      } else {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      // without the archive the commands start more slowly, and run the same
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return classDataSharing;
  }

  @TestFactory
  Stream<DynamicNode> everyCommandRunsAsThePageShows() {
    List<DynamicNode> pages = new ArrayList<>();
    Map<Page, CompletableFuture<List<Outcome>>> runs = new LinkedHashMap<>();
    List<Page> withCommands = Docs.pages().stream().filter(page -> commandCount(page) > 0).toList();
    // the pages with the most commands first, so that the longest page does not start last
    withCommands.stream().sorted(Comparator.comparingLong(CommandsTest::commandCount).reversed())
        .forEach(page -> runs.put(page, null));
    runs.replaceAll((page, none) -> CompletableFuture.supplyAsync(() -> run(page, steps(page)), PAGES));
    runs.forEach((page, outcomes) -> pages.add(DynamicContainer.dynamicContainer(page.name(),
        Stream.iterate(0, i -> i + 1).limit(commandCount(page)).map(i -> DynamicTest.dynamicTest(
            label(page, i), () -> {
              Outcome outcome = outcomes.join().get(i);
              if (!outcome.problems().isEmpty()) {
                fail(outcome.command().where() + " (console block at line " + outcome.command().block().line()
                    + "): $ " + outcome.command().text() + "\n  " + String.join("\n  ", outcome.problems())
                    + "\n" + outcome.summary());
              }
            })))));
    return pages.stream();
  }

  @TestFactory
  Stream<DynamicTest> localCommandsStandInConsoleBlocks() {
    return Docs.pages().stream().map(page -> DynamicTest.dynamicTest(page.name(), () -> {
      List<String> problems = new ArrayList<>();
      for (Page.Block block : page.blocks()) {
        if (block.language().equals("console")) {
          continue;
        }
        String[] lines = block.text().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
          String line = lines[i].strip();
          line = line.startsWith("$ ") ? line.substring(2).strip() : line;
          if (LOCAL_COMMAND.matcher(line).find()) {
            problems.add(page.name() + ":" + (block.firstContentLine() + i) + " (" + block.language()
                + " block at line " + block.line() + "): a local command outside a console block is not run by the tests; put it in a"
                + " ```console block as '$ " + line + "'");
          }
        }
      }
      if (!problems.isEmpty()) {
        fail(String.join("\n", problems));
      }
    }));
  }

  private static long commandCount(Page page) {
    return steps(page).stream().filter(step -> step instanceof Command).count();
  }

  private static String label(Page page, int index) {
    Command command = (Command) steps(page).stream().filter(step -> step instanceof Command).skip(index)
        .findFirst().orElseThrow();
    return command.where() + " $ " + command.text();
  }

  /** The page's console commands, exports and file blocks, in page order. */
  static List<Step> steps(Page page) {
    List<Step> steps = new ArrayList<>();
    for (Page.Block block : page.blocks()) {
      String file = block.attribute("file");
      if (file != null) {
        steps.add(new FileBlock(block, file));
        continue;
      }
      if (!block.language().equals("console")) {
        continue;
      }
      String[] lines = block.text().split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (!lines[i].startsWith("$ ")) {
          continue;
        }
        int first = i;
        StringBuilder text = new StringBuilder(lines[i].substring(2).strip());
        while (text.toString().endsWith("\\") && i + 1 < lines.length) {
          text.setLength(text.length() - 1);
          text.append(' ').append(lines[++i].strip());
        }
        List<String> shown = new ArrayList<>();
        while (i + 1 < lines.length && !lines[i + 1].startsWith("$ ") && !lines[i + 1].equals("$")) {
          shown.add(lines[++i]);
        }
        while (!shown.isEmpty() && shown.get(shown.size() - 1).isBlank()) {
          shown.remove(shown.size() - 1);
        }
        String line = text.toString().strip();
        if (line.startsWith("export ") || line.startsWith("unset ")) {
          ShellLine parsed = ShellLine.parse(line, "~");
          for (String word : parsed.words().subList(1, parsed.words().size())) {
            if (!word.startsWith("WFLAUNCH_")) {
              continue; // PATH and the like: the tests run the jar with the JDK's java
            }
            int equals = word.indexOf('=');
            steps.add(line.startsWith("export ") && equals > 0
                ? new Export(word.substring(0, equals), word.substring(equals + 1)) : new Export(word, null));
          }
          continue;
        }
        steps.add(new Command(block, block.firstContentLine() + first, line, shown));
      }
    }
    return steps;
  }

  /** Runs a page's script in a fresh HOME and working directory. */
  private static List<Outcome> run(Page page, List<Step> steps) {
    Path base;
    try {
      base = Files.createTempDirectory("wflaunch-docs-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Path home = Files.createDirectories(base.resolve("home"));
      Path work = Files.createDirectories(base.resolve("work"));
      Map<String, String> pageEnvironment = new LinkedHashMap<>();
      Map<String, String> printed = new HashMap<>();
      List<Outcome> outcomes = new ArrayList<>();
      for (Step step : steps) {
        if (step instanceof Export export) {
          if (export.value() == null) {
            pageEnvironment.remove(export.name());
          } else {
            pageEnvironment.put(export.name(), ShellLine.parse(export.value(), home.toString()).words().stream()
                .findFirst().orElse(""));
          }
        } else if (step instanceof FileBlock file) {
          Files.writeString(work.resolve(file.name()), substitute(file.block().text(), printed),
              StandardCharsets.UTF_8);
        } else if (step instanceof Command command) {
          outcomes.add(run(command, home, work, pageEnvironment, printed));
        }
      }
      return outcomes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(base);
    }
  }

  private static Outcome run(Command command, Path home, Path work, Map<String, String> pageEnvironment,
      Map<String, String> printed) {
    List<String> problems = new ArrayList<>();
    ShellLine line;
    try {
      line = ShellLine.parse(command.text(), home.toString());
    } catch (IllegalArgumentException e) {
      return new Outcome(command, "", List.of("the command line cannot be split into words: " + e.getMessage()));
    }
    List<String> args = wflaunchArguments(line.words());
    if (args == null) {
      return new Outcome(command, "not a wflaunch command: not run", List.of());
    }
    Map<String, String> environment = new LinkedHashMap<>(pageEnvironment);
    environment.putAll(line.environment());
    String commandName = commandName(args);
    boolean run = args.stream().anyMatch(arg -> arg.equals("--local") || arg.equals("--fake")
        || arg.equals("--local-dir") || arg.startsWith("--local-dir=") || arg.equals("--version")
        || arg.equals("-V") || arg.equals("--help") || arg.equals("-h"))
        || environment.containsKey("WFLAUNCH_LOCAL_DIR") || ALWAYS_RUN.contains(commandName);
    if (commandName != null && !knownCommands().contains(commandName)) {
      problems.add("'" + commandName + "' is not a wflaunch command; the commands are " + knownCommands());
    }
    if (!run) {
      return new Outcome(command, "needs AWS: split into words, not run", problems);
    }
    if (!line.operators().isEmpty()) {
      problems.add("the tests run this command without a shell: it may not use " + line.operators()
          + " (only '> FILE' is understood)");
      return new Outcome(command, "", problems);
    }
    args.replaceAll(arg -> substitute(arg, printed));
    if (!Files.isRegularFile(CLI_JAR)) {
      problems.add("the command line's jar " + CLI_JAR + " does not exist: build it first"
          + " (./mvnw -B -o -q -pl cli install -DskipTests)");
      return new Outcome(command, "", problems);
    }

    List<String> processCommand = new ArrayList<>(List.of(JAVA, "-Duser.home=" + home));
    processCommand.addAll(JVM_OPTIONS);
    processCommand.addAll(classDataSharing());
    processCommand.addAll(List.of("-jar", CLI_JAR.toString()));
    processCommand.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(processCommand).directory(work.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("WFLAUNCH_") || name.startsWith("AWS_"));
    builder.environment().put("HOME", home.toString());
    environment.forEach((name, value) -> builder.environment().put(name, substitute(value, printed)));
    String stdout;
    String stderr;
    int exit;
    try {
      Path out = Files.createTempFile(work.getParent(), "stdout", ".txt");
      Path err = Files.createTempFile(work.getParent(), "stderr", ".txt");
      builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
          new File("/dev/null")));
      Process process = builder.start();
      if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        problems.add("did not end within " + COMMAND_TIMEOUT_SECONDS + " s (keep local runs short:"
            + " -p duration=2s)");
      }
      exit = process.exitValue();
      stdout = Files.readString(out, StandardCharsets.UTF_8);
      stderr = Files.readString(err, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    String summary = "  ran: wflaunch " + String.join(" ", args) + "\n  exit code: " + exit + "\n  stdout:\n"
        + indent(stdout) + "  stderr:\n" + indent(stderr);
    if (exit != line.expectedExit()) {
      problems.add("exited with " + exit + ", the page says " + line.expectedExit()
          + (line.expectedExit() == 0 ? " (a line that exits otherwise ends with '# exit N')" : ""));
    }
    if (line.stdoutFile() != null) {
      try {
        Files.writeString(work.resolve(line.stdoutFile()), stdout, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!command.shown().isEmpty()) {
        problems.add("the page shows output for a command whose stdout goes to a file");
      }
      return new Outcome(command, summary, problems);
    }
    String shown = String.join("\n", command.shown()).strip();
    if (shown.startsWith("{") || shown.startsWith("[")) {
      List<JsonNode> shownDocuments;
      List<JsonNode> printedDocuments = null;
      try {
        shownDocuments = JsonShape.documents(shown);
      } catch (IOException e) {
        problems.add("the output the page shows is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        return new Outcome(command, summary, problems);
      }
      try {
        printedDocuments = JsonShape.documents(stdout);
      } catch (IOException e) {
        problems.add("the page shows JSON, the command printed something else: " + e.getMessage().lines().findFirst().orElse(""));
      }
      if (printedDocuments != null) {
        problems.addAll(JsonShape.compare(shownDocuments, printedDocuments));
        for (int i = 0; i < Math.min(shownDocuments.size(), printedDocuments.size()); i++) {
          JsonShape.collectStrings(shownDocuments.get(i), printedDocuments.get(i), printed);
        }
      }
    } else if (!shown.isEmpty()) {
      problems.addAll(Values.compareText(command.shown(), stdout.lines().toList()));
      collectWords(command.shown(), stdout.lines().toList(), printed);
    }
    return new Outcome(command, summary, problems);
  }

  /** The arguments after {@code wflaunch} (or {@code java -jar .../wflaunch.jar}); null for another program. */
  private static List<String> wflaunchArguments(List<String> words) {
    if (words.isEmpty()) {
      return null;
    }
    String program = words.get(0);
    if (program.equals("wflaunch") || program.endsWith("/bin/wflaunch")) {
      return new ArrayList<>(words.subList(1, words.size()));
    }
    if (program.equals("java") && words.size() >= 3 && words.get(1).equals("-jar")
        && words.get(2).endsWith("wflaunch.jar")) {
      return new ArrayList<>(words.subList(3, words.size()));
    }
    return null;
  }

  /** The command's name: its first word that is neither an option nor an option's value; null if none. */
  static String commandName(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("-")) {
        if (VALUE_OPTIONS.contains(arg)) {
          i++;
        }
        continue;
      }
      return arg;
    }
    return null;
  }

  private static Set<String> knownCommands;

  /** The names of the command line's commands, read from its picocli annotations. */
  static synchronized Set<String> knownCommands() {
    if (knownCommands == null) {
      try {
        Class<?> cli = Class.forName("io.wflaunch.cli.WflaunchCli");
        Set<String> names = new TreeSet<>();
        for (Class<?> subcommand : cli.getAnnotation(CommandLine.Command.class).subcommands()) {
          CommandLine.Command annotation = subcommand.getAnnotation(CommandLine.Command.class);
          names.add(annotation.name());
          names.addAll(List.of(annotation.aliases()));
        }
        knownCommands = names;
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    return knownCommands;
  }

  /** Pairs the words of shown and printed lines where a line has as many words in both. */
  private static void collectWords(List<String> shown, List<String> printedLines, Map<String, String> pairs) {
    for (int i = 0; i < Math.min(shown.size(), printedLines.size()); i++) {
      String[] shownWords = shown.get(i).strip().split("\\s+");
      String[] printedWords = printedLines.get(i).strip().split("\\s+");
      if (shownWords.length != printedWords.length) {
        continue;
      }
      for (int w = 0; w < shownWords.length; w++) {
        if (!shownWords[w].equals(printedWords[w])) {
          pairs.putIfAbsent(shownWords[w], printedWords[w]);
        }
      }
    }
  }

  /** The text with every shown value that was printed otherwise replaced by what was printed, longest first. */
  private static String substitute(String text, Map<String, String> printed) {
    String exact = printed.get(text);
    if (exact != null) {
      return exact;
    }
    String result = text;
    List<String> shown = new ArrayList<>(printed.keySet());
    shown.sort(Comparator.comparingInt(String::length).reversed());
    for (String value : shown) {
      if (value.length() >= 8 && (value.contains(":") || value.contains("/")) && result.contains(value)) {
        result = result.replace(value, printed.get(value));
      }
    }
    return result;
  }

  private static String indent(String text) {
    return text.isEmpty() ? "    (nothing)\n" : text.lines().limit(40).map(line -> "    " + line + "\n")
        .reduce("", String::concat);
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind does no harm
    }
  }
}
