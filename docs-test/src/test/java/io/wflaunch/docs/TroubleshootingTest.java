package io.wflaunch.docs;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/troubleshooting.md names every public exception of core's {@code io.wflaunch} package (read from
 * {@code core/src/main/java/io/wflaunch/*Exception.java}) and every exit code of the command line (read from
 * {@code ExitCodes}): a code is named by a table row that starts with it ({@code | 3 |}) or a heading that
 * says {@code exit code 3} or {@code exit 3}.
 */
class TroubleshootingTest {

  private static final String PAGE = "docs/troubleshooting.md";
  private static final Pattern PUBLIC_CLASS = Pattern.compile(
      "(?m)^public\\s+(?:(?:abstract|final|sealed|non-sealed)\\s+)*class\\s+(\\w+Exception)\\b");
  private static final Pattern EXIT_CODE = Pattern.compile("public static final int \\w+ = (\\d+);");

  @Test
  void namesEveryExceptionOfCoreAndEveryExitCode() throws IOException {
    Page page = Docs.page(PAGE);
    if (page == null && !Docs.EVERY_PAGE_REQUIRED || !Docs.selected(PAGE)) {
      return;
    }
    if (page == null) {
      fail(PAGE + " does not exist");
    }
    String text = String.join("\n", page.lines());
    List<String> problems = new ArrayList<>();
    for (String exception : exceptions()) {
      if (!Pattern.compile("\\b" + exception + "\\b").matcher(text).find()) {
        problems.add(PAGE + " does not name " + exception + " (core/src/main/java/io/wflaunch/" + exception
            + ".java)");
      }
    }
    for (int code : exitCodes()) {
      Pattern row = Pattern.compile("(?m)^\\|\\s*`?" + code + "`?\\s*\\|");
      Pattern heading = Pattern.compile("(?mi)^#{1,6}\\s.*\\bexit(?:\\s+code)?\\s+`?" + code + "`?\\b");
      if (!row.matcher(text).find() && !heading.matcher(text).find()) {
        problems.add(PAGE + " does not name the exit code " + code + " (a table row '| " + code
            + " | ...' or a heading '... exit code " + code + " ...')");
      }
    }
    if (!problems.isEmpty()) {
      fail(String.join("\n", problems));
    }
  }

  /** The public exception classes of core's io.wflaunch package. */
  static TreeSet<String> exceptions() throws IOException {
    TreeSet<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.list(Docs.root().resolve("core/src/main/java/io/wflaunch"))) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith("Exception.java")).toList()) {
        Matcher type = PUBLIC_CLASS.matcher(Files.readString(file, StandardCharsets.UTF_8));
        if (type.find()) {
          names.add(type.group(1));
        }
      }
    }
    if (names.isEmpty()) {
      throw new IllegalStateException("no exception classes found in core/src/main/java/io/wflaunch");
    }
    return names;
  }

  /** The command line's exit codes. */
  static TreeSet<Integer> exitCodes() throws IOException {
    TreeSet<Integer> codes = new TreeSet<>();
    Matcher code = EXIT_CODE.matcher(Files.readString(
        Docs.root().resolve("cli/src/main/java/io/wflaunch/cli/ExitCodes.java"), StandardCharsets.UTF_8));
    while (code.find()) {
      codes.add(Integer.parseInt(code.group(1)));
    }
    if (codes.isEmpty()) {
      throw new IllegalStateException("no exit codes found in ExitCodes.java");
    }
    return codes;
  }
}
