package io.wflaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.RunHandle;
import io.wflaunch.testkit.glue.GlueRunScript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a script sees: one JSON document per waiting start whatever becomes of the wait, local mode from
 * the environment, an empty listing that says so, and handles a shell takes as they are.
 */
class CliEdgesTest {

  private final CliHarness cli = new CliHarness();
  private final ObjectMapper json = new ObjectMapper();

  @TempDir
  Path dir;

  @AfterEach
  void close() {
    cli.close();
  }

  @Test
  void aWaitingStartThatTimesOutPrintsOneDocumentHoldingTheHandleAndTheError() throws Exception {
    cli.glue().addWorkflow("slow", GlueRunScript.completesAfter(Duration.ofHours(2)));

    CliHarness.Result result = cli.run("start", "glue:slow", "--wait", "--json", "--timeout", "5m", "--quiet");

    assertThat(result.exit()).isEqualTo(ExitCodes.WAIT_TIMEOUT);
    List<String> documents = result.out().strip().lines().toList();
    assertThat(documents).hasSize(1);
    JsonNode document = json.readTree(documents.get(0));
    assertThat(document.get("handle").asText()).startsWith("glue:slow/wr_");
    assertThat(document.get("backend").asText()).isEqualTo("glue");
    assertThat(document.get("error").asText()).isEqualTo("WaitTimeoutException");
    assertThat(document.get("message").asText()).contains("no terminal state within PT5M");
    assertThat(document.get("outcomeUnknown").asBoolean()).isFalse();
    assertThat(RunHandle.parse(document.get("handle").asText())).isNotNull();
    assertThat(result.err()).contains("wflaunch: wait timed out");
  }

  @Test
  void aSingleWaitThatTimesOutPrintsOneJsonDocumentToo() throws Exception {
    cli.glue().addWorkflow("slow", GlueRunScript.completesAfter(Duration.ofHours(2)));
    String handle = cli.run("start", "glue:slow").line();

    CliHarness.Result result = cli.run("wait", handle, "--json", "--timeout", "1m", "--quiet");

    assertThat(result.exit()).isEqualTo(ExitCodes.WAIT_TIMEOUT);
    JsonNode document = json.readTree(result.out());
    assertThat(document.get("handle").asText()).isEqualTo(handle);
    assertThat(document.get("error").asText()).isEqualTo("WaitTimeoutException");
    assertThat(result.out().strip().lines()).hasSize(1);
  }

  @Test
  void aWaitingStartInTextPrintsTheHandleThenTheStatus() {
    CliHarness.Result result = cli.run("start", "glue:etl", "--wait", "--quiet");

    List<String> lines = result.out().strip().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).startsWith(lines.get(0) + " SUCCEEDED");
  }

  @Test
  void startFromAFileWithWaitAndJsonPrintsOneDocumentPerLineOfTheFileInItsOrder() throws Exception {
    cli.glue().addWorkflow("busy", GlueRunScript.runsUntilStopped(), 1, Map.of());
    cli.glue().addWorkflow("quick", GlueRunScript.completesAfter(Duration.ofMinutes(1)));
    cli.glue().addWorkflow("broken", GlueRunScript.errorsAfter(Duration.ofMinutes(2), "job failed"));
    Path file = write("requests.jsonl",
        "{\"target\": \"glue:busy\"}",
        "{\"target\": \"glue:quick\"}",
        "# a comment",
        "{\"target\": \"glue:busy\"}",
        "{\"target\": \"glue:broken\"}");

    CliHarness.Result result = cli.run("--json", "start", "--from", file.toString(), "--concurrency", "1", "--wait",
        "--timeout", "10m", "--quiet");

    List<JsonNode> documents = new ArrayList<>();
    for (String line : result.out().strip().lines().toList()) {
      documents.add(json.readTree(line));
    }
    assertThat(documents).extracting(d -> d.get("line").asInt()).containsExactly(1, 2, 4, 5);
    assertThat(documents.get(0).get("error").asText()).as("still running").isEqualTo("WaitTimeoutException");
    assertThat(documents.get(0).get("handle").asText()).startsWith("glue:busy/wr_");
    assertThat(documents.get(1).get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(documents.get(1).get("handle").asText()).startsWith("glue:quick/wr_");
    assertThat(documents.get(2).get("error").asText()).as("the second start of busy").isEqualTo("LimitExceededException");
    assertThat(documents.get(2).has("handle")).isFalse();
    assertThat(documents.get(2).get("outcomeUnknown").asBoolean()).isFalse();
    assertThat(documents.get(3).get("state").asText()).isEqualTo("FAILED");
    assertThat(result.exit()).as("the worst: a start refused over a limit").isEqualTo(ExitCodes.UNAVAILABLE);
  }

  @Test
  void theLocalDirectoryVariableSwitchesLocalModeOnWithItsDirectory() {
    GlobalOptions[] seen = new GlobalOptions[1];
    cli.sessions(options -> {
      seen[0] = options;
      return CliHarness.shared(cli.fakes);
    });
    cli.environment.put("WFLAUNCH_LOCAL_DIR", dir.toString());

    CliHarness.Result result = cli.run("list", "glue:etl");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(seen[0].fake()).isTrue();
    assertThat(seen[0].localDir()).isEqualTo(dir);
  }

  @Test
  void aBlankLocalDirectoryVariableLeavesLocalModeOffAndTheOptionWins() {
    GlobalOptions[] seen = new GlobalOptions[1];
    cli.sessions(options -> {
      seen[0] = options;
      return CliHarness.shared(cli.fakes);
    });
    cli.environment.put("WFLAUNCH_LOCAL_DIR", " ");
    cli.run("list", "glue:etl");
    assertThat(seen[0].fake()).isFalse();

    cli.environment.put("WFLAUNCH_LOCAL_DIR", dir.resolve("env").toString());
    cli.run("--local-dir", dir.resolve("option").toString(), "list", "glue:etl");
    assertThat(seen[0].localDir()).isEqualTo(dir.resolve("option"));
  }

  @Test
  void theLocalDirectoryVariableWithAnIdempotencyTableSaysWhichSwitchedLocalModeOn() {
    cli.environment.put("WFLAUNCH_LOCAL_DIR", dir.toString());

    CliHarness.Result result = cli.run("--idempotency-table", "keys", "status", "glue:etl/wr_1");

    assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("--idempotency-table needs DynamoDB, and local mode is on (the environment "
        + "variable WFLAUNCH_LOCAL_DIR is set; unset it to use AWS)");
  }

  @Test
  void aKeptLocalRunThatNoLongerParsesIsSkippedWithOneNoteAndLookUpsGoOn() throws Exception {
    cli.sessions(WflaunchCli.defaultSessions(java.time.Clock.systemUTC()));
    String local = dir.resolve("local").toString();
    String handle = cli.run("--local-dir", local, "start", "glue:etl", "-p", "duration=1h").line();
    Path runs = dir.resolve("local").resolve("runs.json");
    com.fasterxml.jackson.databind.node.ArrayNode kept = (com.fasterxml.jackson.databind.node.ArrayNode)
        new ObjectMapper().readTree(runs.toFile());
    com.fasterxml.jackson.databind.node.ObjectNode broken = kept.get(0).deepCopy();
    broken.put("handle", "no handle at all");
    broken.put("target", "no target either");
    com.fasterxml.jackson.databind.node.ObjectNode brokenHandle = kept.get(0).deepCopy();
    brokenHandle.put("handle", "glue:");
    brokenHandle.put("idempotencyKey", "k");
    kept.insert(0, broken);
    kept.insert(0, brokenHandle);
    Files.writeString(runs, kept.toString());

    CliHarness.Result status = cli.run("--local-dir", local, "status", handle);
    CliHarness.Result list = cli.run("--local-dir", local, "list", "glue:etl");
    CliHarness.Result keyed = cli.run("--local-dir", local, "start", "glue:etl", "--idempotency-key", "k");
    CliHarness.Result missing = cli.run("--local-dir", local, "status", "glue:etl/wr_" + "0".repeat(64));
    CliHarness.Result quiet = cli.run("--local-dir", local, "status", handle, "--quiet");

    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out()).contains(handle).contains("RUNNING");
    assertThat(status.err().lines().toList()).singleElement().asString()
        .startsWith("wflaunch: local mode skipped a run kept in ").contains("that it cannot read (handle 'glue:')");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out().lines().toList()).singleElement().asString().startsWith(handle);
    assertThat(list.err().lines().filter(line -> line.contains("skipped"))).hasSize(1);
    assertThat(keyed.exit()).as(keyed.err()).isZero();
    assertThat(keyed.line()).startsWith("glue:etl/").isNotEqualTo(handle);
    assertThat(missing.exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(quiet.exit()).isZero();
    assertThat(quiet.err()).isEmpty();
  }

  @Test
  void anAwsOptionInLocalModeIsAUsageErrorNamingWhatSwitchedLocalModeOnAndStartsNothing() {
    List<GlobalOptions> opened = new ArrayList<>();
    cli.sessions(options -> {
      opened.add(options);
      return CliHarness.shared(cli.fakes);
    });
    cli.environment.put("WFLAUNCH_LOCAL_DIR", dir.toString());

    CliHarness.Result region = cli.run("--region", "us-east-1", "start", "glue:prod-etl");
    cli.environment.clear();
    CliHarness.Result profile = cli.run("start", "glue:prod-etl", "--fake", "--profile", "prod");
    CliHarness.Result endpoint = cli.run("--local-dir=" + dir, "status", "glue:etl/wr_1", "--endpoint-url",
        "http://127.0.0.1:4566");
    CliHarness.Result local = cli.run("--local", "--region", "eu-west-1", "list", "glue:etl");

    assertThat(List.of(region, profile, endpoint, local)).allSatisfy(result -> {
      assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(result.out()).isEmpty();
    });
    assertThat(region.err()).contains("--region applies only to AWS, and local mode is on (the environment "
        + "variable WFLAUNCH_LOCAL_DIR is set; unset it to use AWS)");
    assertThat(profile.err()).contains("--profile applies only to AWS, and local mode is on (--fake was given; "
        + "leave it out to use AWS)");
    assertThat(endpoint.err()).contains("--endpoint-url applies only to AWS, and local mode is on (--local-dir was given");
    assertThat(local.err()).contains("--region applies only to AWS, and local mode is on (--local was given");
    assertThat(opened).isEmpty();
    assertThat(cli.glue().hasWorkflow("prod-etl")).isFalse();
  }

  @Test
  void aListingWithNoRunsSaysSoOnStderrAndPrintsNothingElseButJsonAnEmptyArray() {
    CliHarness.Result text = cli.run("list", "glue:never-started");
    CliHarness.Result table = cli.run("list", "glue:never-started", "--output", "table");
    CliHarness.Result quiet = cli.run("list", "glue:never-started", "--quiet");
    CliHarness.Result asJson = cli.run("list", "glue:never-started", "--json");

    assertThat(text.exit()).isZero();
    assertThat(text.out()).isEmpty();
    assertThat(text.err()).isEqualTo("wflaunch: no runs of glue:never-started" + System.lineSeparator());
    assertThat(table.out()).isEmpty();
    assertThat(table.err()).contains("no runs of glue:never-started");
    assertThat(quiet.err()).isEmpty();
    assertThat(asJson.out().strip()).isEqualTo("[]");
    assertThat(asJson.err()).isEmpty();
  }

  @Test
  void handlesKeepTheirColonsAndBase64AndTheEscapedFormsOfEarlierVersionsStillWork() {
    String swf = cli.run("start", "swf:payments/Settle/1.0").line();
    String sfn = cli.run("start", "sfn:arn:aws:states:us-east-1:123456789012:stateMachine:orders").line();
    String sfnByName = cli.run("start", "sfn:orders", "--idempotency-key", "order-4711").line();
    RunHandle parsed = RunHandle.parse(swf);

    assertThat(sfn).startsWith("sfn:arn:aws:states:us-east-1:123456789012:execution:orders:");
    assertThat(sfnByName).isEqualTo("sfn:orders/order-4711");
    // A base64 run id keeps its + and =; only a / in it (the parts' separator) is escaped.
    assertThat(swf.replace("%2F", "")).doesNotContain("%");
    assertThat(parsed.runId()).endsWith("=");
    String escapedSfn = io.wflaunch.internal.Identifiers.strictFormat("sfn", RunHandle.parse(sfn).parts());
    String escapedSwf = io.wflaunch.internal.Identifiers.strictFormat("swf", parsed.parts());
    assertThat(escapedSfn).contains("%3A");
    assertThat(cli.run("status", escapedSfn).out()).startsWith(sfn + " ");
    assertThat(cli.run("status", escapedSwf).out()).startsWith(swf + " ");
    assertThat(cli.run("status", sfnByName).out()).startsWith("sfn:orders/order-4711 ");
  }

  @Test
  void quietLeavesOnlyErrorsToTheLoggerAndDebugWins() {
    assertThat(WflaunchCli.loggingProperties(List.of("--quiet", "list", "glue:etl")))
        .containsExactly(Map.entry("org.slf4j.simpleLogger.defaultLogLevel", "error"));
    assertThat(WflaunchCli.loggingProperties(List.of("--quiet", "--debug", "list", "glue:etl")))
        .containsEntry("org.slf4j.simpleLogger.log.io.wflaunch", "debug")
        .doesNotContainKey("org.slf4j.simpleLogger.defaultLogLevel");
    assertThat(WflaunchCli.loggingProperties(List.of("list", "glue:etl"))).isEmpty();
  }

  @Test
  void aWarningReadsLikeTheCommandLinesOtherMessages() {
    java.io.PrintStream before = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      org.slf4j.LoggerFactory.getLogger("io.wflaunch.internal.RunEventHub")
          .warn("Dropped a run event that cannot be read");
    } finally {
      System.setErr(before);
    }

    assertThat(captured.toString(StandardCharsets.UTF_8))
        .isEqualTo("wflaunch: WARN Dropped a run event that cannot be read" + System.lineSeparator());
  }

  @Test
  void onlyOptionsInOptionPositionChangeTheLogging() {
    assertThat(WflaunchCli.loggingProperties(List.of("start", "glue:etl", "-p", "note=--quiet"))).isEmpty();
    assertThat(WflaunchCli.loggingProperties(List.of("start", "glue:etl", "--idempotency-key", "--debug"))).isEmpty();
    assertThat(WflaunchCli.loggingProperties(List.of("start", "glue:etl", "--input", "--quiet", "--", "--debug")))
        .isEmpty();
    assertThat(WflaunchCli.loggingProperties(List.of("--region", "eu-west-1", "status", "glue:etl/wr_1", "--",
        "--quiet"))).isEmpty();
    assertThat(WflaunchCli.loggingProperties(List.of("start", "glue:etl", "-p", "note=--debug", "--quiet")))
        .containsExactly(Map.entry("org.slf4j.simpleLogger.defaultLogLevel", "error"));
    assertThat(WflaunchCli.loggingProperties(List.of("--profile", "dev", "wait", "glue:etl/wr_1", "--debug")))
        .containsEntry("org.slf4j.simpleLogger.log.io.wflaunch", "debug");
  }

  private Path write(String name, String... lines) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }
}
