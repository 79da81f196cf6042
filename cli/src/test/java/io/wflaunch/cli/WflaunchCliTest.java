package io.wflaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.RunHandle;
import io.wflaunch.testkit.glue.GlueRunScript;
import io.wflaunch.testkit.sfn.SfnRunScript;
import io.wflaunch.testkit.swf.SwfRunScript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.model.WorkflowRun;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;

/** Every command, option, output format and exit code of the command line, on the fakes. */
class WflaunchCliTest {

  private final CliHarness cli = new CliHarness();
  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void close() {
    cli.close();
  }

  private String start(String... args) {
    List<String> all = new ArrayList<>(List.of("start"));
    all.addAll(List.of(args));
    CliHarness.Result result = cli.run(all.toArray(String[]::new));
    assertThat(result.exit()).as("start %s: %s", all, result.err()).isZero();
    return result.line();
  }

  @Nested
  class Start {

    @Test
    void printsTheHandleAndNothingElseOnStdout() {
      CliHarness.Result result = cli.run("start", "glue:nightly-etl", "-p", "date=2026-11-23");

      assertThat(result.exit()).isZero();
      assertThat(result.out()).matches("glue:nightly-etl/wr_[0-9a-f]{64}\\R");
      assertThat(RunHandle.parse(result.line()).backend()).isEqualTo("glue");
    }

    @Test
    void parametersArriveInOrder() {
      String handle = start("glue:etl", "-p", "zeta=1", "-p", "alpha=2", "--parameter", "mid=3");

      WorkflowRun run = cli.glue().runsOf("etl").get(0);
      assertThat(run.workflowRunId()).isEqualTo(RunHandle.parse(handle).runId());
      assertThat(List.copyOf(run.workflowRunProperties().keySet())).as("the start's generated key goes last")
          .containsExactly("zeta", "alpha", "mid", "wflaunch.idempotency-key");
      assertThat(run.workflowRunProperties()).containsEntry("zeta", "1").containsEntry("alpha", "2")
          .containsEntry("mid", "3");
    }

    @Test
    void anIdempotencyTableWithTheFakesIsAUsageErrorAndStartsNothing() {
      CliHarness.Result result = cli.run("start", "glue:etl", "--fake", "--idempotency-key", "k",
          "--idempotency-table", "keys");

      assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(result.err()).contains("--idempotency-table needs DynamoDB");
      assertThat(result.out()).isEmpty();
      assertThat(cli.glue().hasWorkflow("etl")).isFalse();
    }

    @Test
    void aKeyPolicyWithoutATableIsAUsageErrorNamingTheOptions() {
      CliHarness.Result result = cli.run("start", "glue:etl", "--key-reuse", "allow_if_not_succeeded");

      assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(result.err()).contains("--key-reuse needs --idempotency-table");
    }

    @Test
    void aBadTableNameIsAUsageErrorAndABadPolicyValueListsTheValues() {
      CliHarness.Result name = cli.run("start", "glue:etl", "--idempotency-key", "k", "--idempotency-table", "a b");
      CliHarness.Result value = cli.run("start", "glue:etl", "--idempotency-key", "k", "--in-flight", "sometimes");

      assertThat(name.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(value.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(value.err()).contains("USE_EXISTING").contains("FAIL");
    }

    @Test
    void theSameIdempotencyKeyPrintsTheSameHandle() {
      String first = start("glue:etl", "--idempotency-key", "etl-2026-11-23");
      String second = start("glue:etl", "--idempotency-key", "etl-2026-11-23");

      assertThat(second).isEqualTo(first);
      assertThat(cli.glue().runsOf("etl")).hasSize(1);
    }

    @Test
    void swfOptionsAndInputReachTheExecution(@TempDir Path dir) throws Exception {
      Path file = dir.resolve("input.json");
      Files.writeString(file, "{\"from\":\"file\"}", StandardCharsets.UTF_8);

      String handle = start("swf:payments/Settle/1.0", "--input", "@" + file, "--option", "workflowId=order-4711",
          "--option", "taskList=deciders", "--option", "tags=a", "--option", "tags=b");
      String inline = start("swf:payments/Settle/1.0", "--input", "inline text");

      assertThat(RunHandle.parse(handle).part(1)).isEqualTo("order-4711");
      WorkflowExecutionInfo info = cli.swf().executionsOf("payments").get(0);
      assertThat(info.tagList()).as("a chosen workflowId adds the start's key marker").hasSize(3)
          .startsWith("a", "b");
      var history = cli.swf().getWorkflowExecutionHistory(r -> r.domain("payments")
          .execution(info.execution())).events().get(0).workflowExecutionStartedEventAttributes();
      assertThat(history.input()).isEqualTo("{\"from\":\"file\"}");
      assertThat(history.taskList().name()).isEqualTo("deciders");
      assertThat(RunHandle.parse(inline).part(0)).isEqualTo("payments");
    }

    @Test
    void waitingPrintsTheHandleThenTheFinalStatus() {
      CliHarness.Result result = cli.run("start", "codecatalyst:my-space/web-app/deploy", "--wait", "--timeout", "5m");

      assertThat(result.exit()).isZero();
      String[] lines = result.out().split("\\R");
      assertThat(lines).hasSize(2);
      assertThat(lines[0]).startsWith("codecatalyst:my-space/web-app/");
      assertThat(lines[1]).startsWith(lines[0] + " SUCCEEDED (SUCCEEDED)");
      assertThat(result.err()).contains(" PENDING (VALIDATING)").contains(" RUNNING (IN_PROGRESS)")
          .contains(" SUCCEEDED (SUCCEEDED)");
    }

    @Test
    void aRunThatFailsExitsOne() {
      cli.glue().addWorkflow("broken", GlueRunScript.errorsAfter(Duration.ofSeconds(3), "job j1 failed"));

      CliHarness.Result result = cli.run("start", "glue:broken", "--wait");

      assertThat(result.exit()).isEqualTo(ExitCodes.RUN_NOT_SUCCESSFUL);
      assertThat(result.out()).contains(" FAILED (ERROR)").contains("reasons: job j1 failed");
    }

    @Test
    void stepFunctionsOptionsAndJsonInputReachTheExecution() {
      cli.stepFunctions().addStateMachine("events", StateMachineType.EXPRESS,
          SfnRunScript.succeedsAfter(Duration.ofSeconds(1)));
      String named = start("sfn:events", "--option", "executionName=order-4711", "--option", "traceHeader=Root=1-abc",
          "-p", "orderId=4711");
      String raw = start("sfn:orders", "--input", "[1, 2]", "--idempotency-key", "batch-7");

      assertThat(RunHandle.parse(named).part(0)).contains(":express:events:order-4711:");
      assertThat(cli.stepFunctions().executionsOf("events")).extracting(e -> e.name() + " " + e.input()
          + " " + e.traceHeader()).containsExactly("order-4711 {\"orderId\":\"4711\"} Root=1-abc");
      assertThat(raw).isEqualTo("sfn:orders/batch-7");
      assertThat(start("sfn:orders", "--input", "[1, 2]", "--idempotency-key", "batch-7")).isEqualTo(raw);
      CliHarness.Result invalid = cli.run("start", "sfn:orders", "--input", "{not json}");
      assertThat(invalid.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(invalid.err()).contains("input").contains("must be one JSON value");
      CliHarness.Result standardName = cli.run("start", "sfn:orders", "--option", "executionName=x");
      assertThat(standardName.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(standardName.err()).contains("'--option executionName'").contains("give the name as idempotencyKey");
      assertThat(cli.run("stop", raw).exit()).isZero();
      assertThat(cli.run("status", raw).out()).contains(" CANCELLED (ABORTED)");
      assertThat(cli.run("status", named).exit()).isEqualTo(ExitCodes.NOT_SUPPORTED);
    }

    @Test
    void stepFunctionsOptionsOnAnotherBackendAreUsageErrors() {
      CliHarness.Result result = cli.run("start", "glue:etl", "--option", "traceHeader=Root=1");

      assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(result.err()).contains("--option").contains("'traceHeader' is not an option of glue targets");
    }

    @Test
    void swfOptionsOnAnotherBackendAreUsageErrors() {
      CliHarness.Result result = cli.run("start", "glue:etl", "--option", "taskList=x");

      assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(result.err()).contains("'taskList' is not an option of glue targets; they take none");
      assertThat(cli.run("start", "swf:payments/Settle/1.0", "--option", "taskList=x", "--option", "executionName=t")
          .err()).contains("'executionName' is not an option of swf targets; they take workflowId, taskList");
      assertThat(cli.glue().runsOf("etl")).isEmpty();
    }

    @Test
    void anUnreadableInputFileIsAUsageError() {
      CliHarness.Result result = cli.run("start", "swf:payments/Settle/1.0", "--input", "@/no/such/file");

      assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(result.err()).contains("field '--input'").contains("/no/such/file");
    }
  }

  @Nested
  class StatusAndWait {

    @Test
    void statusIsOneReadableLine() {
      String handle = start("glue:etl");

      CliHarness.Result result = cli.run("status", handle);

      assertThat(result.exit()).isZero();
      assertThat(result.out()).matches(java.util.regex.Pattern.quote(handle)
          + " RUNNING \\(RUNNING\\) started 2026-01-01T00:00:00Z\\R");
    }

    @Test
    void parameterValuesAreMaskedUnlessAskedFor() throws Exception {
      String handle = start("glue:etl", "-p", "dbPassword=hunter2");

      JsonNode masked = json.readTree(cli.run("status", handle, "--json").out());
      JsonNode shown = json.readTree(cli.run("status", handle, "--json", "--show-values").out());
      String listed = cli.run("list", "glue:etl", "--json").out();

      assertThat(masked.get("details").get("runProperties.dbPassword").asText()).isEqualTo("****");
      assertThat(shown.get("details").get("runProperties.dbPassword").asText()).isEqualTo("hunter2");
      assertThat(listed).doesNotContain("hunter2").contains("runProperties.dbPassword");
      assertThat(cli.run("status", handle).out()).doesNotContain("hunter2");
    }

    @Test
    void jsonHasTheDocumentedKeysBeforeOrAfterTheCommand() throws Exception {
      String handle = start("glue:etl");

      JsonNode before = json.readTree(cli.run("--json", "status", handle).out());
      JsonNode after = json.readTree(cli.run("status", handle, "--json").out());

      assertThat(after).isEqualTo(before);
      List<String> keys = new ArrayList<>();
      before.fieldNames().forEachRemaining(keys::add);
      assertThat(keys).containsExactly("handle", "backend", "state", "rawStatus", "startedAt", "endedAt", "updatedAt",
          "reasons", "details");
      assertThat(before.get("handle").asText()).isEqualTo(handle);
      assertThat(before.get("backend").asText()).isEqualTo("glue");
      assertThat(before.get("state").asText()).isEqualTo("RUNNING");
      assertThat(before.get("startedAt").asText()).isEqualTo("2026-01-01T00:00:00.000Z");
      assertThat(before.get("endedAt").isNull()).isTrue();
      assertThat(before.get("reasons").isArray()).isTrue();
      assertThat(before.get("details").get("totalActions").asText()).isEqualTo("3");
    }

    @Test
    void waitExitsZeroOnSuccessWithOnePlainLinePerStateChange() {
      String handle = start("glue:etl");

      CliHarness.Result result = cli.run("wait", handle);

      assertThat(result.exit()).isZero();
      assertThat(result.out()).contains(handle + " SUCCEEDED (COMPLETED)");
      assertThat(result.err().lines().filter(l -> l.contains(" RUNNING (RUNNING)"))).hasSize(1);
      assertThat(result.err().lines().filter(l -> l.contains(" SUCCEEDED (COMPLETED)"))).hasSize(1);
    }

    @Test
    void quietWaitsShowNoProgress() {
      String handle = start("glue:etl");

      CliHarness.Result result = cli.run("wait", handle, "--quiet", "--json");

      assertThat(result.exit()).isZero();
      assertThat(result.err()).isEmpty();
      assertThat(result.out()).contains("\"state\":\"SUCCEEDED\"");
    }

    @Test
    void aWaitPastItsTimeoutExitsSix() {
      cli.glue().addWorkflow("slow", GlueRunScript.runsUntilStopped());
      String handle = start("glue:slow");

      CliHarness.Result result = cli.run("wait", handle, "--timeout", "30s");

      assertThat(result.exit()).isEqualTo(ExitCodes.WAIT_TIMEOUT);
      assertThat(result.err()).contains("wait timed out").contains("no terminal state within PT30S");
      assertThat(result.err().lines().filter(l -> l.startsWith("wflaunch:"))).hasSize(1);
    }

    @Test
    void timeoutsTakeShortFormsAndIso() {
      String handle = start("glue:etl");

      for (String timeout : List.of("90s", "5m", "1h", "PT2M", "1d")) {
        assertThat(cli.run("wait", handle, "--timeout", timeout).exit()).as(timeout).isZero();
      }
      CliHarness.Result bad = cli.run("wait", handle, "--timeout", "soon");
      assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(bad.err()).contains("'soon' is not a duration");
    }
  }

  @Nested
  class StopAndList {

    @Test
    void stopAsksForAStop() {
      cli.glue().addWorkflow("long", GlueRunScript.runsUntilStopped());
      String handle = start("glue:long");

      CliHarness.Result result = cli.run("stop", handle);

      assertThat(result.exit()).isZero();
      assertThat(result.err()).contains("stop requested for " + handle);
      assertThat(cli.run("status", handle).out()).contains(" STOPPING (STOPPING)");
    }

    @Test
    void codeCatalystCannotStopAndExitsSeven() {
      String handle = start("codecatalyst:my-space/web-app/deploy");

      CliHarness.Result result = cli.run("stop", handle);

      assertThat(result.exit()).isEqualTo(ExitCodes.NOT_SUPPORTED);
      assertThat(result.err()).contains("the CodeCatalyst API has no operation to stop a workflow run");
    }

    @Test
    void listPrintsLinesOrAJsonArrayNewestFirst() throws Exception {
      List<String> handles = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        handles.add(start("swf:payments/Settle/1.0"));
        cli.time.advanceBy(Duration.ofSeconds(1));
      }

      CliHarness.Result lines = cli.run("list", "swf:payments/Settle/1.0", "--limit", "2");
      JsonNode array = json.readTree(cli.run("list", "swf:payments/Settle/1.0", "--json").out());

      assertThat(lines.exit()).isZero();
      assertThat(lines.out().lines()).hasSize(2);
      assertThat(lines.out().lines().findFirst().orElseThrow()).startsWith(handles.get(2) + " ");
      assertThat(array.isArray()).isTrue();
      assertThat(array).hasSize(3);
      assertThat(array.get(0).get("handle").asText()).isEqualTo(handles.get(2));
    }
  }

  @Nested
  class ExitCodesAndErrors {

    @Test
    void usageErrorsExitTwoWithOneLine() {
      for (String[] args : List.of(new String[] {"frobnicate"}, new String[] {"start", "glue:etl", "--frob"},
          new String[] {"status"}, new String[] {"status", "glue:"}, new String[] {"start", "no-colon"},
          new String[] {"start", "glue:bad%0Aname"}, new String[] {"list", "glue:etl", "--limit", "0"},
          new String[] {"status", "cloud:x/y"})) {
        CliHarness.Result result = cli.run(args);

        assertThat(result.exit()).as("%s", List.of(args)).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().lines().filter(l -> !l.isBlank())).as("%s: %s", List.of(args), result.err())
            .hasSize(1);
        assertThat(result.out()).isEmpty();
      }
    }

    @Test
    void aValidationErrorNamesTheFieldAndTheRule() {
      CliHarness.Result result = cli.run("start", "glue:bad%0Aname");

      assertThat(result.err()).contains("field 'workflowName'").contains("found U+000A");
      assertThat(cli.glue().requestCount()).as("nothing was sent").isZero();
    }

    @Test
    void aMissingRunExitsThree() {
      CliHarness.Result result = cli.run("status", "glue:etl/wr_" + "0".repeat(64));

      assertThat(result.exit()).isEqualTo(ExitCodes.NOT_FOUND);
      assertThat(result.err()).startsWith("wflaunch: run not found (backend glue, run glue:etl/wr_");
    }

    @Test
    void accessDeniedExitsFour() {
      String handle = start("glue:etl");
      cli.glue().faults().denyNext(1);

      assertThat(cli.run("status", handle).exit()).isEqualTo(ExitCodes.ACCESS_DENIED);
    }

    @Test
    void throttlingThatOutlastsTheRetriesExitsFive() {
      String handle = start("glue:etl");
      cli.glue().faults().throttleNext(1);

      CliHarness.Result result = cli.run("status", handle);

      assertThat(result.exit()).isEqualTo(ExitCodes.UNAVAILABLE);
      assertThat(result.err()).contains("throttled");
    }

    @Test
    void aWorkflowIdOpenForAnotherKeyExitsEight() {
      start("swf:payments/Settle/1.0", "--option", "workflowId=shared", "--idempotency-key", "a");

      CliHarness.Result result = cli.run("start", "swf:payments/Settle/1.0", "--option", "workflowId=shared",
          "--idempotency-key", "b");

      assertThat(result.exit()).isEqualTo(ExitCodes.CONFLICT);
      assertThat(result.err()).contains("workflowId 'shared' is already open");
    }

    @Test
    void anythingElseExitsNineAndVerboseAddsTheStackTrace() {
      cli.sessions(options -> {
        throw new IllegalStateException("no session today");
      });

      CliHarness.Result plain = cli.run("status", "glue:etl/wr_1");
      CliHarness.Result verbose = cli.run("status", "glue:etl/wr_1", "--verbose");

      assertThat(plain.exit()).isEqualTo(ExitCodes.OTHER);
      assertThat(plain.err()).isEqualTo("wflaunch: java.lang.IllegalStateException: no session today\n");
      assertThat(verbose.err()).contains("\tat io.wflaunch.cli.");
    }

    @Test
    void helpAndVersion() {
      CliHarness.Result help = cli.run("--help");
      CliHarness.Result startHelp = cli.run("start", "--help");
      CliHarness.Result version = cli.run("--version");

      assertThat(help.exit()).isZero();
      assertThat(help.out()).contains("start", "status", "wait", "stop", "list", "demo", "--endpoint", "--fake",
          "Exit codes:");
      assertThat(startHelp.out()).contains("--idempotency-key", "--option", "--wait");
      assertThat(version.out()).matches("wflaunch \\d+\\.\\d+\\.\\d+.*\\R");
      CliHarness.Result asJson = cli.run("--json", "--version");
      assertThat(asJson.exit()).isZero();
      assertThat(asJson.out()).matches("\\{\"version\":\"\\d+\\.\\d+\\.\\d+.*\"}\\R");
      assertThat(cli.run("--version", "--output", "json").out()).isEqualTo(asJson.out());
    }

    @Test
    void noCommandPrintsUsageAndExitsTwo() {
      CliHarness.Result result = cli.run();

      assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(result.err()).contains("Usage: wflaunch");
    }
  }

  @Nested
  class Sessions {

    @Test
    void localSelectsLocalModeAndOtherwiseAws(@TempDir Path dir) {
      GlobalOptions fake = new GlobalOptions();
      fake.fake = true;
      fake.localDir = dir;
      GlobalOptions aws = new GlobalOptions();

      try (Session local = WflaunchCli.defaultSessions(Clock.systemUTC()).open(fake);
          Session real = WflaunchCli.defaultSessions(Clock.systemUTC()).open(aws)) {
        assertThat(local).isInstanceOf(io.wflaunch.cli.local.LocalSession.class);
        assertThat(local.launcher().backendIds()).containsExactlyElementsOf(BackendsCommandTest.SEVEN_TYPES);
        assertThat(real).isInstanceOf(AwsSession.class);
        assertThat(real.launcher().backendIds()).containsExactlyElementsOf(BackendsCommandTest.SEVEN_TYPES);
      }
    }

    @Test
    void globalOptionsReachTheSessionFromEitherSideOfTheCommand() {
      List<GlobalOptions> seen = new ArrayList<>();
      cli.sessions(options -> {
        seen.add(options);
        throw new IllegalStateException("captured");
      });

      cli.run("--profile", "dev", "--region", "eu-west-1", "status", "glue:etl/wr_1",
          "--endpoint", "http://127.0.0.1:4566", "--quiet");

      assertThat(seen).singleElement().satisfies(options -> {
        assertThat(options.profile()).isEqualTo("dev");
        assertThat(options.region()).isEqualTo("eu-west-1");
        assertThat(options.endpoint()).hasToString("http://127.0.0.1:4566");
        assertThat(options.fake()).isFalse();
      });
    }

    @Test
    void onATerminalTheWaitShowsALiveLine() {
      String handle = start("glue:etl");
      java.io.StringWriter out = new java.io.StringWriter();
      java.io.StringWriter err = new java.io.StringWriter();

      int exit = WflaunchCli.execute(new String[] {"wait", handle}, new java.io.PrintWriter(out),
          new java.io.PrintWriter(err), options -> CliHarness.shared(cli.fakes), () -> cli.fakes, cli.time.clock(), true);

      assertThat(exit).isZero();
      assertThat(err.toString()).contains("\r").contains("RUNNING (RUNNING) ").contains(", next poll in ")
          .contains("SUCCEEDED (COMPLETED) after");
    }

    @Test
    void theFakesAcceptEveryWellFormedTarget() {
      for (String target : List.of("glue:any-name", "swf:any/Type/1", "codecatalyst:any-space/any-project/any-name",
          "codecatalyst:any-space/any-project/3f2a1b0c-1111-2222-3333-444455556666", "sfn:any-state-machine",
          "sfn:arn:aws:states:us-east-1:123456789012:stateMachine:by-arn")) {
        assertThat(cli.run("start", target, "--wait", "--quiet").exit()).as(target).isZero();
      }
    }
  }

  @Test
  void theDemoShowsAFailureARepeatedStartAndATable() {
    CliHarness.Result result = cli.run("demo");

    assertThat(result.exit()).isZero();
    assertThat(result.out()).contains("again: the same run, nothing new started");
    List<String> table = result.out().lines().dropWhile(l -> !l.startsWith("HANDLE")).toList();
    assertThat(table.get(0)).contains("BACKEND", "STATE", "DURATION");
    // One run per installed backend with a fake, in the order of their types; the second type's fails.
    assertThat(table.subList(1, table.size())).satisfiesExactly(
        l -> assertThat(l).startsWith("codecatalyst:demo-space/web-app/").contains("SUCCEEDED"),
        l -> assertThat(l).startsWith("emrserverless:").contains(" FAILED "),
        l -> assertThat(l).startsWith("glue:nightly-etl/").contains("SUCCEEDED"),
        l -> assertThat(l).startsWith("gluejob:").contains("SUCCEEDED"),
        l -> assertThat(l).startsWith("sagemaker:").contains("SUCCEEDED"),
        l -> assertThat(l).startsWith("sfn:order-pipeline/pipeline-order-4711 ").contains("SUCCEEDED"),
        l -> assertThat(l).startsWith("swf:payments/settle-order-4711/").contains("SUCCEEDED"));
  }

  @Test
  void anSwfRunTheDeciderFailsEndsFailedThroughTheCommandLine() {
    cli.swf().addWorkflowType("payments", "Refund", "1", SwfRunScript.failsAfter(Duration.ofMinutes(1), "no"));

    CliHarness.Result result = cli.run("start", "swf:payments/Refund/1", "--wait", "--json", "--quiet");

    assertThat(result.exit()).isEqualTo(ExitCodes.RUN_NOT_SUCCESSFUL);
    assertThat(result.out()).contains("\"state\":\"FAILED\"");
  }

  @Nested
  class AwsCliHabits {
    final ObjectMapper mapper = new ObjectMapper();

    @Test
    void aStartPrintsOneJsonDocumentAndAWaitingStartOneFinalDocumentHoldingTheStartsFields() throws Exception {
      CliHarness.Result started = cli.run("--output", "json", "start", "glue:etl");
      CliHarness.Result waited = cli.run("start", "glue:etl", "--wait", "--json", "--quiet");

      JsonNode handle = mapper.readTree(started.out());
      assertThat(handle.get("handle").asText()).startsWith("glue:etl/wr_");
      assertThat(handle.get("backend").asText()).isEqualTo("glue");
      assertThat(started.out().strip().lines()).hasSize(1);
      List<String> documents = waited.out().strip().lines().toList();
      assertThat(documents).hasSize(1);
      JsonNode status = mapper.readTree(documents.get(0));
      assertThat(status.get("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(status.get("handle").asText()).startsWith("glue:etl/wr_");
      java.util.Iterator<String> startFields = handle.fieldNames();
      startFields.forEachRemaining(field -> assertThat(status.has(field)).as(field).isTrue());
      assertThat(cli.run("--output", "text", "start", "glue:etl").out()).matches("glue:etl/wr_[0-9a-f]{64}\\R");
    }

    @Test
    void stopPrintsOneJsonDocumentAndShowValuesWithoutJsonIsRefused() throws Exception {
      String handle = start("glue:etl");

      JsonNode stopped = mapper.readTree(cli.run("stop", handle, "--json").out());
      CliHarness.Result values = cli.run("status", handle, "--show-values");

      assertThat(stopped.get("handle").asText()).isEqualTo(handle);
      assertThat(stopped.get("stop").asText()).isEqualTo("requested");
      assertThat(values.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(values.err()).contains("--show-values applies only with --json");
    }

    @Test
    void outputTableAlignsColumnsUnderAHeader() {
      start("glue:etl");
      start("glue:etl");

      List<String> lines = cli.run("list", "glue:etl", "--output", "table").out().strip().lines().toList();

      assertThat(lines).hasSize(3);
      assertThat(lines.get(0)).startsWith("HANDLE").contains("STATE").contains("RAW").contains("DURATION");
      int stateColumn = lines.get(0).indexOf("STATE");
      assertThat(lines.subList(1, 3)).allSatisfy(line -> {
        assertThat(line).startsWith("glue:etl/wr_");
        assertThat(line.substring(stateColumn)).matches("(RUNNING|SUCCEEDED|PENDING) .*");
      });
      assertThat(cli.run("--output", "table", "status", lines.get(1).split(" ")[0]).out()).startsWith("HANDLE");
    }

    @Test
    void aMistypedCommandSuggestsTheOneMeant() {
      CliHarness.Result result = cli.run("strat", "glue:etl");

      assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(result.err()).contains("did you mean start?");
      assertThat(result.err().strip().lines()).hasSize(1);
    }

    @Test
    void aMistypedOptionOfACommandSuggestsTheOneMeant() {
      CliHarness.Result result = cli.run("start", "glue:etl", "--wiat");
      CliHarness.Result far = cli.run("start", "glue:etl", "--nothing-like-it");

      assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(result.err()).contains("Unknown option: '--wiat'").contains("did you mean --wait?");
      assertThat(far.err()).contains("Unknown option").doesNotContain("did you mean");
    }

    @Test
    void helpNamesACommandsOptions() {
      CliHarness.Result result = cli.run("help", "start");

      assertThat(result.exit()).isZero();
      assertThat(result.out()).contains("--idempotency-key").contains("--wait");
    }

    @Test
    void helpFollowsSubcommandsDown() {
      CliHarness.Result init = cli.run("help", "events", "init");
      CliHarness.Result unknown = cli.run("help", "events", "nope");

      assertThat(init.exit()).isZero();
      assertThat(init.out()).contains("Usage: wflaunch events init").contains("--topic")
          .doesNotContain("Usage: wflaunch events [");
      assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(unknown.err()).contains("Unknown command 'wflaunch events nope'").contains("(see 'wflaunch events --help')")
          .doesNotContain("help --help");
    }

    @Test
    void endpointUrlIsTheAwsCliSpellingOfEndpoint() {
      CliHarness.Result result = cli.run("status", "glue:etl/wr_1", "--endpoint-url", "http://127.0.0.1:1");

      assertThat(result.err()).doesNotContain("Unknown option");
    }

    @Test
    void messagesNameTheOptionsTheUserTyped() {
      CliHarness.Result tagOnGlue = cli.run("start", "glue:etl", "--option", "tags=team");
      CliHarness.Result badWorkflowId = cli.run("start", "swf:payments/Settle/1.0", "--option", "workflowId=a:b");
      CliHarness.Result longKey = cli.run("start", "glue:etl", "--idempotency-key", "k".repeat(300));
      CliHarness.Result noEquals = cli.run("start", "glue:etl", "-p", "date");

      assertThat(tagOnGlue.err()).contains("'tags' is not an option of glue targets");
      assertThat(badWorkflowId.err()).contains("--option workflowId").doesNotContain("options.workflowId");
      assertThat(longKey.err()).contains("--idempotency-key").doesNotContain("field 'idempotencyKey'");
      assertThat(noEquals.err()).doesNotContain("option option");
      assertThat(List.of(tagOnGlue, badWorkflowId, longKey, noEquals))
          .allSatisfy(result -> assertThat(result.exit()).isEqualTo(ExitCodes.USAGE));
    }

    @Test
    void generateCompletionPrintsABashCompletionScript() {
      CliHarness.Result result = cli.run("generate-completion");

      assertThat(result.exit()).isZero();
      assertThat(result.out()).contains("complete -F").contains("start").contains("init-table");
    }

    @Test
    void demoRefusesTheOptionsItCannotHonour() {
      CliHarness.Result json = cli.run("demo", "--json");
      CliHarness.Result quiet = cli.run("--quiet", "demo");

      assertThat(json.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(json.err()).contains("--json does not apply");
      assertThat(quiet.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(json.out()).isEmpty();
    }

    @Test
    void anUnknownProfileIsRefusedNamingItAndTheFilesRead(@TempDir Path home) throws Exception {
      Path config = Files.writeString(home.resolve("config"), "[profile dev]\nregion = eu-west-1\n");
      Path credentials = Files.writeString(home.resolve("credentials"), "");
      String previousConfig = System.setProperty("aws.configFile", config.toString());
      String previousCredentials = System.setProperty("aws.sharedCredentialsFile", credentials.toString());
      try {
        ConfigurationExceptionAssert.assertRefused(() -> AwsSession.checkProfile("nosuch"), "nosuch", config.toString(),
            "dev");
        AwsSession.checkProfile("dev");
      } finally {
        restore("aws.configFile", previousConfig);
        restore("aws.sharedCredentialsFile", previousCredentials);
      }
    }

    private void restore(String property, String previous) {
      if (previous == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, previous);
      }
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlIsAUsageError() {
      CliHarness.Result result = cli.run("--endpoint-url", "ftp://127.0.0.1:1", "start", "glue:etl");

      assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(result.err()).contains("--endpoint-url must be an http or https URL");
    }

    @Test
    void aTimeoutWithoutWaitIsRefusedRatherThanIgnored() {
      CliHarness.Result result = cli.run("start", "glue:etl", "--timeout", "5m");

      assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(result.err()).contains("--timeout applies only with --wait");
      assertThat(cli.glue().hasWorkflow("etl")).isFalse();
    }
  }

  /** Checks a refused profile. */
  static final class ConfigurationExceptionAssert {
    static void assertRefused(Runnable check, String... mentions) {
      org.assertj.core.api.Assertions.assertThatThrownBy(check::run)
          .isInstanceOfSatisfying(io.wflaunch.ConfigurationException.class, e -> {
            assertThat(e.setting()).isEqualTo("profile");
            assertThat(e.getMessage()).contains(mentions);
            assertThat(ExitCodes.of(e)).isEqualTo(ExitCodes.USAGE);
          });
    }
  }
}
