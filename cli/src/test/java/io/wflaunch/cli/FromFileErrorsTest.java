package io.wflaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.wflaunch.InvalidRequestException;
import io.wflaunch.spi.support.UserText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Errors about the lines of a {@code --from} file name the file, the line and the column, and never
 * repeat text of the file: each case puts a secret-looking token where the error is, and the token
 * shows nowhere, not on stdout, not on stderr (with {@code --verbose}, not in a stack trace either), not
 * in the exception, its causes or the bad lines attached to it.
 */
class FromFileErrorsTest {

  static final String SECRET = "sk_live_7Hq2SECRETxZ9";
  /** A long secret: the library cuts what it quotes at 200 characters, which must go as well. */
  static final String LONG_SECRET = SECRET + "Q".repeat(300);
  static final String NUMBER = "4111111111111111";

  private final CliHarness cli = new CliHarness();

  @TempDir
  Path dir;

  @AfterEach
  void close() {
    cli.close();
  }

  /** A case: the file's bytes, the 1-based column the error must name, and words the error must say. */
  record Case(String name, byte[] line, int column, String says) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case text(String name, String line, int column, String says) {
    return new Case(name, line.getBytes(StandardCharsets.UTF_8), column, says);
  }

  /** The column, counted in characters, at which {@code part} begins in {@code line}. */
  static int at(String line, String part) {
    int index = line.indexOf(part);
    assertThat(index).as("%s in %s", part, line).isNotNegative();
    return line.codePointCount(0, index) + 1;
  }

  static Stream<Arguments> cases() {
    List<Case> cases = new ArrayList<>();
    String unquoted = "{\"target\": \"glue:etl\", \"parameters\": {\"password\": " + SECRET + "}}";
    cases.add(text("an unquoted value", unquoted, at(unquoted, SECRET), "expected a JSON value"));
    String unquotedTarget = "{\"target\": " + SECRET + "}";
    cases.add(text("an unquoted target", unquotedTarget, at(unquotedTarget, SECRET), "expected a JSON value"));
    String indented = "  \t {\"target\": \"glue:\uD83D\uDE00\", \"parameters\": {\"p\": " + SECRET + "}}";
    cases.add(text("an unquoted value after indentation and a character outside the BMP", indented,
        at(indented, SECRET), "expected a JSON value"));
    String truncatedString = "{\"target\": \"glue:etl\", \"parameters\": {\"password\": \"" + SECRET;
    cases.add(text("JSON cut inside a string", truncatedString, truncatedString.length() + 1,
        "found the end of the text"));
    String truncatedObject = "{\"target\": \"glue:etl\", \"parameters\": {\"password\": \"" + SECRET + "\"}";
    cases.add(text("JSON cut after a value", truncatedObject, truncatedObject.length() + 1,
        "expected ',' or '}', found the end of the text"));
    String quoteInside = "{\"target\": \"glue:etl\", \"parameters\": {\"p\": \"" + SECRET + "\"" + SECRET + "\"}}";
    cases.add(text("a quote inside a value", quoteInside, quoteInside.lastIndexOf(SECRET) + 1, "expected ',' or '}'"));
    String number = "{\"target\": \"glue:etl\", \"parameters\": {\"pin\": " + NUMBER + "}}";
    cases.add(text("a number where a string belongs", number, at(number, NUMBER), "parameters: must be an object of strings"));
    String objectTarget = "{\"target\": {\"name\": \"" + SECRET + "\"}}";
    cases.add(text("an object as the target", objectTarget, at(objectTarget, "{\"name"), "target: must be a string"));
    String arrayKey = "{\"target\": \"glue:etl\", \"idempotencyKey\": [\"" + SECRET + "\"]}";
    cases.add(text("an array as the key", arrayKey, at(arrayKey, "[\""), "idempotencyKey: must be a string"));
    String tag = "{\"target\": \"swf:d/T/1\", \"options\": {\"tags\": [\"a\", " + NUMBER + "]}}";
    cases.add(text("a number among the tags", tag, at(tag, NUMBER), "options.tags: must be an array of strings"));
    String unknownField = "{\"target\": \"glue:etl\", \"" + SECRET + "\": \"x\"}";
    cases.add(text("an unknown field", unknownField, at(unknownField, "\"" + SECRET), "is not a request field"));
    String unknownOption = "{\"target\": \"swf:d/T/1\", \"options\": {\"" + SECRET + "\": \"x\"}}";
    cases.add(text("an unknown option", unknownOption, at(unknownOption, "\"" + SECRET),
        "not an option of swf targets"));
    String noBackend = "{\"target\": \"" + SECRET + "\"}";
    cases.add(text("a target without a backend", noBackend, at(noBackend, "\"" + SECRET),
        "target: must have the form <backend>:<part>/<part>/..., found '\u2026'"));
    String badBackend = "{\"target\": \"" + SECRET + ":etl\"}";
    cases.add(text("a target with a malformed backend", badBackend, at(badBackend, "\"" + SECRET), "found '\u2026'"));
    String unknownBackend = "{\"target\": \"" + SECRET.toLowerCase() + ":etl\"}";
    cases.add(text("a target of an unknown backend", unknownBackend, at(unknownBackend, "\"sk_"),
        "names backend '\u2026', which is not registered"));
    String longName = "{\"target\": \"codecatalyst:" + LONG_SECRET + "/project/workflow\"}";
    cases.add(text("a target part cut in the library's message", longName, at(longName, "\"codecatalyst"), "target:"));
    String encoded = "{\"target\": \"glue:" + SECRET + "%0A" + SECRET + "\"}";
    cases.add(text("a target with an encoded line feed", encoded, at(encoded, "\"glue"), "target:"));
    String arn = "{\"target\": \"sfn:arn:aws:states:us-east-1:12345:stateMachine:" + SECRET + "\"}";
    cases.add(text("a malformed state machine ARN", arn, at(arn, "\"sfn"), "target:"));
    String parameterName = "{\"target\": \"glue:etl\", \"parameters\": {\"" + SECRET + "\\u0001\": \"x\"}}";
    cases.add(text("a parameter name Glue refuses", parameterName, at(parameterName, "{\"" + SECRET), "parameters:"));
    String workflowId = "{\"target\": \"swf:d/T/1\", \"options\": {\"workflowId\": \"" + SECRET + ":\\u0000\"}}";
    cases.add(text("an SWF workflowId SWF refuses", workflowId, at(workflowId, "\"" + SECRET), "options.workflowId:"));
    String input = "{\"target\": \"sfn:orders\", \"input\": \"{\\\"password\\\": " + SECRET + "}\"}";
    cases.add(text("Step Functions input that is not JSON", input, at(input, "\"{"), "input: must be one JSON value"));
    String twice = "{\"target\": \"glue:etl\", \"target\": \"" + SECRET + "\"}";
    cases.add(text("a member given twice", twice, at(twice, "\"target\": \"" + SECRET), "one member name twice"));
    String notAnObject = "[\"" + SECRET + "\"]";
    cases.add(text("an array instead of an object", notAnObject, 1, "expected '{'"));
    String string = "\"" + SECRET + "\"";
    cases.add(text("a string instead of an object", string, 1, "expected '{'"));
    String trailing = "{\"target\": \"glue:etl\"} " + SECRET;
    cases.add(text("text after the object", trailing, at(trailing, SECRET), "expected the end of the text"));
    String deep = "{\"target\": " + "[".repeat(1001) + "\"" + SECRET + "\"" + "]".repeat(1001) + "}";
    cases.add(text("nesting deeper than the reader takes", deep, at(deep, "[") + 1000, "nested deeper"));
    String prefix = "{\"target\": \"glue:etl\", \"parameters\": {\"p\": \"" + SECRET;
    String tooLong = prefix + "x".repeat(JsonLines.MAX_LINE_BYTES) + "\"}}";
    cases.add(text("a line over the limit", tooLong, JsonLines.MAX_LINE_BYTES + 1, "is longer than a line may be"));
    byte[] invalid = concat(prefix.getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 0x28},
        (SECRET + "\"}}").getBytes(StandardCharsets.UTF_8));
    cases.add(new Case("bytes that are not UTF-8", invalid, prefix.length() + 1, "is not UTF-8 text"));
    byte[] junk = concat(new byte[] {0x1F, (byte) 0x8B, 0x08, 0x00}, SECRET.getBytes(StandardCharsets.UTF_8),
        new byte[] {0x00, (byte) 0xFF, 0x1B, '['});
    cases.add(new Case("binary junk (gzip)", junk, 2, "is not UTF-8 text"));
    String controls = "\u0001\u0002\u001f" + SECRET + "\u001b[2J";
    cases.add(text("control characters", controls, 1, "is not one JSON object: expected a JSON value"));
    String controlInString = prefix + "\u0000" + SECRET + "\"}}";
    cases.add(text("a raw control character in a string", controlInString, prefix.length() + 1,
        "expected an escape, not a control character"));
    return cases.stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aBadLineIsNamedByLineAndColumnAndItsTextIsNotRepeated(Case bad) throws Exception {
    Path file = dir.resolve("requests.jsonl");
    Files.write(file, concat("{\"target\": \"glue:etl\"}\n\n# a comment\n".getBytes(StandardCharsets.UTF_8),
        bad.line(), "\n".getBytes(StandardCharsets.UTF_8)));
    String where = "requests.jsonl:4:" + bad.column();

    for (List<String> extra : List.of(List.<String>of(), List.of("--json"), List.of("--verbose"))) {
      List<String> args = new ArrayList<>(List.of("start", "--from", file.toString(), "--idempotency-table", "keys"));
      args.addAll(extra);
      CliHarness.Result result = cli.run(args.toArray(String[]::new));

      assertThat(result.exit()).as("%s: %s", extra, result.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(result.err()).as("%s", extra).contains(where).contains(bad.says()).contains("nothing was started");
      assertNoSecret(result.out() + result.err());
    }
    InvalidRequestException thrown = catchThrowableOfType(InvalidRequestException.class,
        () -> RequestFile.read(file, cli.fakes.launcher(), cli.fakes::prepare, true));
    assertThat(thrown.getMessage()).contains(where);
    ByteArrayOutputStream trace = new ByteArrayOutputStream();
    thrown.printStackTrace(new java.io.PrintStream(trace, true, StandardCharsets.UTF_8));
    assertNoSecret(trace.toString(StandardCharsets.UTF_8));
    assertThat(cli.glue().hasWorkflow("etl") ? cli.glue().runsOf("etl") : List.of()).isEmpty();
  }

  @Test
  void everyBadLineIsNamedAndNoneRepeatsItsText() throws Exception {
    Path file = dir.resolve("many.jsonl");
    Files.writeString(file, "{\"target\": " + SECRET + "}\r\n"
        + "{\"target\": \"glue:etl\"}\r\n"
        + "{\"target\": \"glue:etl\", \"" + SECRET + "\": 1}\r\n", StandardCharsets.UTF_8);

    CliHarness.Result result = cli.run("start", "--from", file.toString());

    assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("many.jsonl:1:12").contains("many.jsonl:3:24")
        .contains("2 bad lines in many.jsonl; nothing was started");
    assertNoSecret(result.err());
  }

  @Test
  void aByteOrderMarkAndCrLfLineEndsAreRead() throws Exception {
    Path file = dir.resolve("bom.jsonl");
    Files.write(file, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
        "{\"target\": \"glue:etl\"}\r\n{\"target\": \"glue:etl\"}".getBytes(StandardCharsets.UTF_8)));

    CliHarness.Result result = cli.run("start", "--from", file.toString());

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out().lines()).hasSize(2);
  }

  @Test
  void aFileNameOfThousandsOfCharactersIsCutInTheError() {
    String name = "r".repeat(3000) + "\u001b[2J";

    CliHarness.Result result = cli.run("start", "--from", dir.resolve("missing").resolve(name).toString());

    assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("names a file that cannot be read").hasSizeLessThan(1000)
        .doesNotContain("\u001b");
  }

  @Test
  void waitFromAFileNamesTheLineAndColumnOfABadHandleAndRepeatsNoText() throws Exception {
    String handle = cli.run("start", "glue:etl").line();
    for (String bad : List.of("{\"handle\": " + SECRET + "}", SECRET, "glue:" + SECRET + "/wr_1/extra",
        "{\"handle\": \"" + SECRET + "\"}", "{\"line\": 3, \"" + SECRET + "\": 1}", "{\"handle\": " + NUMBER + "}")) {
      Path file = dir.resolve("handles.txt");
      Files.writeString(file, handle + "\n" + bad + "\n", StandardCharsets.UTF_8);

      CliHarness.Result result = cli.run("wait", "--from", file.toString(), "--verbose");

      assertThat(result.exit()).as(bad).isEqualTo(ExitCodes.USAGE);
      assertThat(result.err()).as(bad).containsPattern("handles\\.txt:2:\\d+");
      assertNoSecret(result.out() + result.err());
      assertThat(result.err()).doesNotContain(NUMBER);
    }
  }

  private static void assertNoSecret(String text) {
    assertThat(text).doesNotContain(SECRET).doesNotContain(SECRET.toLowerCase()).doesNotContain(NUMBER)
        .doesNotContain(SECRET.substring(0, 8)).doesNotContain(UserText.escape(SECRET));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
