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

/** {@code start --from} and {@code wait} of many runs, on the fakes. */
class WflaunchCliBatchTest {

  private final CliHarness cli = new CliHarness();
  private final ObjectMapper json = new ObjectMapper();

  @TempDir
  Path dir;

  @AfterEach
  void close() {
    cli.close();
  }

  @Test
  void startFromAFilePrintsOneHandlePerLineInTheFilesOrder() throws Exception {
    Path file = write("requests.jsonl",
        "{\"target\": \"glue:etl\", \"parameters\": {\"part\": \"1\"}}",
        "",
        "# a comment",
        "{\"target\": \"swf:payments/Settle/1.0\", \"idempotencyKey\": \"order-1\", \"options\": {\"taskList\": \"fast\"}}",
        "{\"target\": \"sfn:orders\", \"input\": \"{\\\"id\\\": 7}\"}",
        "{\"target\": \"glue:etl\", \"parameters\": {\"part\": \"2\"}}");

    CliHarness.Result result = cli.run("start", "--from", file.toString(), "--concurrency", "2", "--rate", "5");

    assertThat(result.exit()).as(result.err()).isZero();
    List<String> handles = result.out().lines().toList();
    assertThat(handles).hasSize(4);
    assertThat(handles).extracting(h -> RunHandle.parse(h).backend()).containsExactly("glue", "swf", "sfn", "glue");
    assertThat(cli.glue().runsOf("etl")).extracting(run -> run.workflowRunProperties().get("part"))
        .containsExactlyInAnyOrder("1", "2");
    assertThat(RunHandle.parse(handles.get(1)).part(1)).isNotBlank();
  }

  @Test
  void aBadLineIsAUsageErrorNamingTheLineAndFieldAndNothingStarts() throws Exception {
    Path file = write("requests.jsonl",
        "{\"target\": \"glue:etl\"}",
        "{\"target\": \"glue:etl\", \"paramters\": {}}",
        "{\"target\": \"nowhere:etl\"}");

    CliHarness.Result result = cli.run("start", "--from", file.toString());

    assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err().lines()).containsExactly(
        "wflaunch: requests.jsonl:2:24: names a member that is not a request field (did you mean parameters?); the "
            + "fields are [idempotencyKey, inFlightPolicy, input, keyReusePolicy, options, parameters, target]",
        "wflaunch: requests.jsonl:3:12: target: names backend '…', which is not registered; registered backends: "
            + "[codecatalyst, emrserverless, glue, gluejob, sagemaker, sfn, swf]",
        "wflaunch: 2 bad lines in requests.jsonl; nothing was started");
    assertThat(result.err()).as("text of the file is not repeated").doesNotContain("paramters").doesNotContain("nowhere");
    assertThat(result.out()).isEmpty();
    assertThat(cli.glue().hasWorkflow("etl") ? cli.glue().runsOf("etl") : List.of()).isEmpty();
  }

  @Test
  void aStartTheBackendRefusesIsToldAsFileLineFieldAndRule() throws Exception {
    cli.stepFunctions().addStateMachine("events", software.amazon.awssdk.services.sfn.model.StateMachineType.EXPRESS,
        io.wflaunch.testkit.sfn.SfnRunScript.succeedsAfter(Duration.ofSeconds(1)));
    Path file = write("requests.jsonl",
        "{\"target\": \"glue:etl\"}",
        "{\"target\": \"sfn:events\", \"idempotencyKey\": \"order-4711\"}");

    CliHarness.Result result = cli.run("start", "--from", file.toString());

    assertThat(result.exit()).as(result.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.out().lines()).singleElement().satisfies(line -> assertThat(line).startsWith("glue:etl/wr_"));
    assertThat(result.err()).startsWith("wflaunch: requests.jsonl:2: idempotencyKey: cannot be honoured on state machine ");
  }

  @Test
  void perRunOptionsWithFromAreRefused() throws Exception {
    Path file = write("requests.jsonl", "{\"target\": \"glue:etl\"}");

    CliHarness.Result result = cli.run("start", "--from", file.toString(), "-p", "a=b");

    assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("--parameter cannot be given with --from");
  }

  @Test
  void jsonResultsNameTheLineAndAFailedStartSaysWhetherARunMayExist() throws Exception {
    cli.glue().addWorkflow("busy", GlueRunScript.runsUntilStopped(), 1, Map.of());
    Path file = write("requests.jsonl",
        "{\"target\": \"glue:busy\"}",
        "{\"target\": \"glue:busy\"}");

    CliHarness.Result result = cli.run("--json", "start", "--from", file.toString(), "--concurrency", "1");

    assertThat(result.exit()).isEqualTo(ExitCodes.UNAVAILABLE);
    List<JsonNode> lines = parse(result.out());
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).get("line").asInt()).isEqualTo(1);
    assertThat(lines.get(0).get("handle").asText()).startsWith("glue:busy/");
    assertThat(lines.get(1).get("line").asInt()).isEqualTo(2);
    assertThat(lines.get(1).get("error").asText()).isEqualTo("LimitExceededException");
    assertThat(lines.get(1).get("outcomeUnknown").asBoolean()).isFalse();
    assertThat(cli.glue().runsOf("busy")).hasSize(1);
  }

  @Test
  void waitOfSeveralHandlesPrintsEachFinalStatusInOrderAndExitsWithTheWorstOutcome() {
    cli.glue().addWorkflow("ok", GlueRunScript.completesAfter(Duration.ofMinutes(3)));
    cli.glue().addWorkflow("broken", GlueRunScript.errorsAfter(Duration.ofMinutes(1), "job j1 failed"));
    String first = cli.run("start", "glue:ok").line();
    String broken = cli.run("start", "glue:broken").line();
    String second = cli.run("start", "glue:ok").line();

    CliHarness.Result result = cli.run("--json", "wait", first, broken, second);

    assertThat(result.exit()).isEqualTo(ExitCodes.RUN_NOT_SUCCESSFUL);
    List<JsonNode> statuses = parse(result.out());
    assertThat(statuses).extracting(s -> s.get("handle").asText()).containsExactly(first, broken, second);
    assertThat(statuses).extracting(s -> s.get("state").asText()).containsExactly("SUCCEEDED", "FAILED", "SUCCEEDED");
    assertThat(result.err()).contains("3 runs:").contains("2 SUCCEEDED").contains("1 FAILED");

    CliHarness.Result timedOut = cli.run("wait", first, second, "--timeout", "1s");
    assertThat(timedOut.exit()).isZero();

    String missing = first.substring(0, first.lastIndexOf('/') + 1) + "wr_0000000000000000000000000000000000000000000000000000000000000000";
    CliHarness.Result worse = cli.run("wait", first, missing);
    assertThat(worse.exit()).as(worse.err()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(worse.out().lines().toList()).hasSize(2);
    assertThat(worse.out().lines().toList().get(1)).startsWith(missing + " ERROR");
  }

  @Test
  void waitOfSeveralRunsAsATablePrintsOneHeader() {
    cli.glue().addWorkflow("ok", GlueRunScript.completesAfter(Duration.ofMinutes(1)));
    String first = cli.run("start", "glue:ok").line();
    String second = cli.run("start", "glue:ok").line();

    CliHarness.Result result = cli.run("--output", "table", "wait", first, second);

    assertThat(result.exit()).as(result.err()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("HANDLE");
    assertThat(lines.get(1)).startsWith(first);
    assertThat(lines.get(2)).startsWith(second);
  }

  @Test
  void waitFromTheJsonThatStartFromPrintedSkipsTheFailedStarts() throws Exception {
    cli.glue().addWorkflow("ok", GlueRunScript.completesAfter(Duration.ofMinutes(2)));
    List<String> requests = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      requests.add("{\"target\": \"glue:ok\", \"parameters\": {\"n\": \"" + i + "\"}}");
    }
    Path file = write("requests.jsonl", requests.toArray(String[]::new));
    CliHarness.Result started = cli.run("--json", "start", "--from", file.toString());
    assertThat(started.exit()).as(started.err()).isZero();
    Path results = write("results.jsonl", (started.out() + "{\"line\": 99, \"error\": \"ConflictException\"}").split("\\R"));

    CliHarness.Result result = cli.run("wait", "--from", results.toString());

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out().lines().toList()).hasSize(30).allSatisfy(line -> assertThat(line).contains(" SUCCEEDED"));
    assertThat(result.err()).contains("skipped 1 line");
    assertThat(cli.fakes.launcher().tracker().trackedRuns()).isZero();
  }

  private Path write(String name, String... lines) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    return file;
  }

  private List<JsonNode> parse(String out) {
    return out.lines().map(line -> {
      try {
        return json.readTree(line);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + line, e);
      }
    }).toList();
  }
}
