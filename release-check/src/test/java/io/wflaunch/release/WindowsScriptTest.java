package io.wflaunch.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/wflaunch.cmd of the zip, read as cmd.exe reads it (no Windows here to run it): a %VAR% is expanded before
 * the line is parsed, and a parenthesised block is parsed whole before it runs, so a path holding ")" or "&"
 * (C:\Program Files (x86)\...) breaks any block it is expanded in and any line where it stands outside quotes.
 */
class WindowsScriptTest {

  /** The variables that hold a path, and %~dp0 (the script's directory). */
  private static final Set<String> PATHS = Set.of("APP_HOME", "JAR", "JAVA_HOME", "JAVA_EXE", "~dp0");

  private static final Pattern EXPANSION = Pattern.compile("%(~[a-z]*[0-9]|[A-Za-z_][A-Za-z0-9_]*(:[^%]*)?%|\\*)");

  @TempDir
  Path temp;

  private List<String> lines;

  @BeforeEach
  void unzipTheScript() throws IOException {
    Archives.unzip(DistributionTest.archive("zip"), temp);
    String script = Files.readString(temp.resolve("wflaunch-" + Archives.version() + "/bin/wflaunch.cmd"));
    lines = List.of(script.split("\r\n", -1));
  }

  @Test
  void noLineOpensAParenthesisedBlock() {
    List<String> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = expanded(lines.get(i));
      if (!isComment(line) && !isLabel(line) && opensBlock(unquoted(line))) {
        blocks.add((i + 1) + ": " + lines.get(i));
      }
    }
    assertThat(blocks).as("lines with a ( ... ) block: goto labels instead").isEmpty();
  }

  @Test
  void everyLineClosesItsQuotesAndQuotesEveryPath() {
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = expanded(lines.get(i));
      if (isComment(line)) {
        continue;
      }
      if (line.chars().filter(c -> c == '"').count() % 2 != 0) {
        wrong.add((i + 1) + " leaves a quote open: " + lines.get(i));
        continue;
      }
      for (String path : PATHS) {
        if (unquoted(line).contains("<" + path + ">")) {
          wrong.add((i + 1) + " expands " + path + " outside quotes: " + lines.get(i));
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void everyGotoHasItsLabel() {
    Set<String> labels = new TreeSet<>();
    Set<String> targets = new TreeSet<>();
    Matcher gotoTarget = Pattern.compile("(?i)\\bgoto\\s+:?([A-Za-z0-9_]+)").matcher("");
    for (String line : lines) {
      if (isLabel(line)) {
        labels.add(line.strip().substring(1).toLowerCase(Locale.ROOT));
      } else if (!isComment(line)) {
        gotoTarget.reset(unquoted(line));
        while (gotoTarget.find()) {
          targets.add(gotoTarget.group(1).toLowerCase(Locale.ROOT));
        }
      }
    }
    assertThat(targets).as("goto targets").isNotEmpty();
    assertThat(labels).containsAll(targets);
  }

  @Test
  void theVersionCheckRefusesJava16AndEarlierAndAcceptsJava17AndLater() throws Exception {
    List<Pattern> older = versionPatterns();

    for (String refused : List.of("java version \"1.8.0_392\"", "openjdk version \"1.8.0_392\"",
        "java version \"9\"", "java version \"9.0.4\"", "openjdk version \"10.0.2\" 2018-07-17",
        "openjdk version \"11.0.21\" 2023-10-17", "openjdk version \"11\" 2018-09-25",
        "openjdk version \"16-ea\" 2021-03-16", "openjdk version \"16.0.2\" 2021-07-20")) {
      assertThat(older).as("%s is refused", refused).anySatisfy(pattern -> assertThat(pattern.matcher(refused).find())
          .isTrue());
    }
    List<String> accepted = new ArrayList<>(List.of("openjdk version \"17.0.9\" 2023-10-17",
        "openjdk version \"17-ea\"", "openjdk version \"17\" 2021-09-14", "openjdk version \"21\" 2023-09-19",
        "java version \"25.0.1\" 2025-10-21 LTS", "openjdk version \"100\"", "openjdk version \"190.1\"",
        "OpenJDK Runtime Environment (build 11.0.21+9-post-Debian-1deb11u1)",
        "OpenJDK 64-Bit Server VM (build 1.8.0_392-b08, mixed mode)"));
    accepted.addAll(javaVersionOfThisJdk());
    for (String line : accepted) {
      assertThat(older).as("%s is accepted", line).noneSatisfy(pattern -> assertThat(pattern.matcher(line).find())
          .isTrue());
    }
  }

  /**
   * The findstr /r /c:"..." patterns of the version check, as Java patterns: they use only what both read alike
   * (letters, digits, spaces, ".", "\." and [classes]).
   */
  private List<Pattern> versionPatterns() {
    List<String> findstr = lines.stream().filter(line -> !isComment(line) && line.contains("findstr")).toList();
    assertThat(findstr).as("one findstr line").hasSize(1);
    String line = findstr.get(0);
    assertThat(line).as("regular expressions").contains(" /r ").doesNotContain(" /l ");
    Matcher argument = Pattern.compile("/c:\"([^\"]*)\"").matcher(line);
    List<Pattern> patterns = new ArrayList<>();
    while (argument.find()) {
      String pattern = argument.group(1);
      assertThat(pattern).matches("([A-Za-z0-9 .]|\\\\\\.|\\[\\^?[0-9-]+\\])+");
      patterns.add(Pattern.compile(pattern));
    }
    assertThat(patterns).isNotEmpty();
    return patterns;
  }

  /** What java -version of the JDK running this test prints: Java 17 or later. */
  private static List<String> javaVersionOfThisJdk() throws Exception {
    Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-version").redirectErrorStream(true).start();
    String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).contains("version \"");
    return output.lines().filter(line -> !line.startsWith("Picked up")).toList();
  }

  /** The line after %-expansion, with each expansion as <NAME> (cmd expands before it reads quotes). */
  private static String expanded(String line) {
    return EXPANSION.matcher(line).replaceAll(match -> {
      String name = match.group(1);
      name = name.endsWith("%") ? name.substring(0, name.length() - 1) : name;
      int colon = name.indexOf(':');
      return Matcher.quoteReplacement("<" + (colon < 0 ? name : name.substring(0, colon)) + ">");
    });
  }

  /** The line with every quoted part taken out. */
  private static String unquoted(String line) {
    return line.replaceAll("\"[^\"]*\"", "\"\"");
  }

  private static boolean isComment(String line) {
    String command = line.strip().toLowerCase(Locale.ROOT);
    return command.isEmpty() || command.equals("rem") || command.startsWith("rem ") || command.startsWith("::")
        || command.startsWith("@rem ");
  }

  private static boolean isLabel(String line) {
    return line.strip().matches(":[A-Za-z0-9_]+");
  }

  /**
   * Whether a line (its quoted parts taken out) opens a block: a "(" where a command starts, that is at the start
   * of the line or of a command after &, && , || or |, after an if's condition, after else or after for's do.
   */
  private static boolean opensBlock(String line) {
    for (String command : line.split("&&|\\|\\||&|\\|")) {
      if (commandOpensBlock(List.of(command.strip().split("\\s+")))) {
        return true;
      }
    }
    return false;
  }

  private static boolean commandOpensBlock(List<String> tokens) {
    if (tokens.isEmpty() || tokens.get(0).isEmpty()) {
      return false;
    }
    String first = tokens.get(0).toLowerCase(Locale.ROOT);
    if (first.startsWith("(") || first.startsWith("@(") || first.startsWith(")")) {
      return true;
    }
    if (tokens.stream().anyMatch(token -> token.equalsIgnoreCase("else"))) {
      return true;
    }
    if (first.equals("for")) {
      int doAt = tokens.stream().map(token -> token.toLowerCase(Locale.ROOT)).toList().indexOf("do");
      return doAt >= 0 && commandOpensBlock(tokens.subList(doAt + 1, tokens.size()));
    }
    if (first.equals("if") || first.equals("@if")) {
      int i = 1;
      while (i < tokens.size() && (tokens.get(i).equalsIgnoreCase("/i") || tokens.get(i).equalsIgnoreCase("not"))) {
        i++;
      }
      if (i >= tokens.size()) {
        return false;
      }
      String condition = tokens.get(i).toLowerCase(Locale.ROOT);
      if (Set.of("exist", "defined", "errorlevel", "cmdextversion").contains(condition)) {
        i += 2;
      } else if (condition.contains("==")) {
        i += condition.endsWith("==") ? 2 : 1;
      } else if (i + 1 < tokens.size() && tokens.get(i + 1).startsWith("==")) {
        i += tokens.get(i + 1).equals("==") ? 3 : 2;
      } else {
        i += 3;
      }
      return i < tokens.size() && commandOpensBlock(tokens.subList(i, tokens.size()));
    }
    return false;
  }
}
