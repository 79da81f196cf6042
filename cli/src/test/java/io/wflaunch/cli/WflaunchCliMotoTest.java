package io.wflaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.RunHandle;
import io.wflaunch.testkit.moto.MotoServerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.DecisionType;

/**
 * The command line end to end against a real moto server: real SDK clients built by the command line
 * from the default credential chain (the test's environment variables) and {@code --endpoint}.
 */
class WflaunchCliMotoTest {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static GlueClient glue;
  private static SwfClient swf;
  private static SfnClient sfn;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void clients() {
    glue = GlueClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    swf = SwfClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    sfn = SfnClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  @AfterAll
  static void close() {
    glue.close();
    swf.close();
    sfn.close();
  }

  @BeforeEach
  void reset() {
    MOTO.reset();
  }

  @Test
  void aCodeCatalystStartWithoutATokenExitsTwoWithOneLineSayingWhatToSetAndSendsNothing(@TempDir Path home)
      throws Exception {
    Path config = Files.writeString(home.resolve("config"), "");
    String previous = System.setProperty("aws.configFile", config.toString());
    try {
      CliHarness.Result result = run("start", "codecatalyst:my-space/my-project/0b6a6c9e-1d2f-4e5a-9b8c-7d6e5f4a3b2c");

      assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(result.err()).startsWith("wflaunch: not configured (backend codecatalyst")
          .contains("aws sso login").contains("WFLAUNCH_CODECATALYST_TOKEN")
          .doesNotContain("may have taken effect").doesNotContain("ProviderChain");
      assertThat(result.err().strip().lines()).hasSize(1);
      assertThat(result.out()).isEmpty();
    } finally {
      if (previous == null) {
        System.clearProperty("aws.configFile");
      } else {
        System.setProperty("aws.configFile", previous);
      }
    }
  }

  private CliHarness.Result run(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--endpoint";
    all[args.length + 1] = MOTO.endpoint().toString();
    all[args.length + 2] = "--region";
    all[args.length + 3] = "us-east-1";
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = WflaunchCli.execute(all, new PrintWriter(out), new PrintWriter(err),
        WflaunchCli.defaultSessions(Clock.systemUTC()), () -> {
          throw new AssertionError("no demo here");
        }, Clock.systemUTC(), false);
    return new CliHarness.Result(exit, out.toString(), err.toString());
  }

  @Test
  void glueStartStatusAndListOverTheWire() throws Exception {
    glue.createWorkflow(r -> r.name("nightly-etl"));

    CliHarness.Result started = run("start", "glue:nightly-etl", "-p", "date=2026-11-23", "--idempotency-key", "k-1");
    CliHarness.Result again = run("start", "glue:nightly-etl", "-p", "date=2026-11-23", "--idempotency-key", "k-1");
    CliHarness.Result otherRequest = run("start", "glue:nightly-etl", "-p", "date=2026-11-24", "--idempotency-key", "k-1");
    String handle = started.line();
    JsonNode status = json.readTree(run("status", handle, "--json").out());
    CliHarness.Result listed = run("list", "glue:nightly-etl");

    assertThat(started.exit()).as(started.err()).isZero();
    assertThat(again.line()).isEqualTo(handle);
    assertThat(otherRequest.exit()).as("the key with another request").isEqualTo(ExitCodes.CONFLICT);
    assertThat(otherRequest.err()).contains(handle).doesNotContain("2026-11-24");
    assertThat(glue.getWorkflowRunProperties(r -> r.name("nightly-etl").runId(RunHandle.parse(handle).runId()))
        .runProperties()).containsEntry("date", "2026-11-23").containsEntry("wflaunch.idempotency-key", "k-1");
    assertThat(status.get("state").asText()).isEqualTo("RUNNING");
    assertThat(status.get("rawStatus").asText()).isEqualTo("RUNNING");
    assertThat(listed.out().lines()).singleElement().satisfies(line -> assertThat(line).startsWith(handle + " RUNNING"));
    assertThat(run("status", "glue:missing/wr_1").exit()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void threeHundredSwfExecutionsStartedFromAFileAreWaitedForTogether(@TempDir Path dir) throws Exception {
    swf.registerDomain(r -> r.name("batch").workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(r -> r.domain("batch").name("Job").version("1")
        .defaultTaskList(t -> t.name("jobs")).defaultExecutionStartToCloseTimeout("600")
        .defaultTaskStartToCloseTimeout("60").defaultChildPolicy(ChildPolicy.TERMINATE));
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      lines.add("{\"target\": \"swf:batch/Job/1\", \"idempotencyKey\": \"job-" + i + "\"}");
    }
    Path requests = Files.write(dir.resolve("requests.jsonl"), lines);

    CliHarness.Result started = run("--json", "start", "--from", requests.toString(), "--concurrency", "8", "--rate", "100");
    assertThat(started.exit()).as(started.err()).isZero();
    Path handles = Files.writeString(dir.resolve("handles.jsonl"), started.out());
    for (int i = 0; i < 300; i++) {
      String token = swf.pollForDecisionTask(r -> r.domain("batch").taskList(t -> t.name("jobs"))).taskToken();
      swf.respondDecisionTaskCompleted(r -> r.taskToken(token).decisions(d -> d
          .decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION)
          .completeWorkflowExecutionDecisionAttributes(a -> a.result("done"))));
    }
    CliHarness.Result waited = run("--json", "wait", "--from", handles.toString(), "--timeout", "2m");

    assertThat(waited.exit()).as(waited.err()).isZero();
    List<JsonNode> statuses = waited.out().lines().map(line -> {
      try {
        return json.readTree(line);
      } catch (Exception e) {
        throw new AssertionError(line, e);
      }
    }).toList();
    assertThat(statuses).hasSize(300).allSatisfy(status -> assertThat(status.get("state").asText()).isEqualTo("SUCCEEDED"));
    assertThat(statuses).extracting(status -> status.get("handle").asText())
        .containsExactlyElementsOf(started.out().lines().map(line -> {
          try {
            return json.readTree(line).get("handle").asText();
          } catch (Exception e) {
            throw new AssertionError(line, e);
          }
        }).toList());
  }

  @Test
  void threeHundredGlueRunsThatNeverEndOnMotoTimeOutTogether(@TempDir Path dir) throws Exception {
    glue.createWorkflow(r -> r.name("etl"));
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      lines.add("{\"target\": \"glue:etl\", \"parameters\": {\"part\": \"" + i + "\"}}");
    }
    Path requests = Files.write(dir.resolve("requests.jsonl"), lines);
    CliHarness.Result started = run("start", "--from", requests.toString(), "--rate", "100");
    assertThat(started.exit()).as(started.err()).isZero();
    Path handles = Files.writeString(dir.resolve("handles.txt"), started.out());

    CliHarness.Result waited = run("wait", "--from", handles.toString(), "--timeout", "3s");

    assertThat(waited.exit()).as("moto's Glue runs never end: every wait times out").isEqualTo(ExitCodes.WAIT_TIMEOUT);
    assertThat(waited.out().lines().toList()).hasSize(300)
        .allSatisfy(line -> assertThat(line).contains(" ERROR wait timed out").contains("last state RUNNING"));
    assertThat(waited.err()).contains("300 runs:").contains("300 not waited out");
  }

  @Test
  void swfStartWithOptionsStatusAndTheGapsOfMoto() throws Exception {
    swf.registerDomain(r -> r.name("payments").workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(r -> r.domain("payments").name("Settle").version("1.0")
        .defaultTaskList(t -> t.name("deciders")).defaultExecutionStartToCloseTimeout("600")
        .defaultTaskStartToCloseTimeout("60").defaultChildPolicy(ChildPolicy.TERMINATE));

    CliHarness.Result started = run("start", "swf:payments/Settle/1.0", "--option", "workflowId=order-4711",
        "--option", "taskList=cli-tasks", "--option", "tags=from-cli", "-p", "orderId=4711");
    String handle = started.line();
    JsonNode status = json.readTree(run("status", handle, "--json").out());
    CliHarness.Result stop = run("stop", handle);

    assertThat(started.exit()).as(started.err()).isZero();
    assertThat(RunHandle.parse(handle).part(1)).isEqualTo("order-4711");
    assertThat(status.get("state").asText()).isEqualTo("RUNNING");
    assertThat(status.get("details").get("taskList").asText()).isEqualTo("cli-tasks");
    assertThat(status.get("details").get("tagList").asText()).startsWith("from-cli,wflaunch-key:wfl-");
    assertThat(swf.getWorkflowExecutionHistory(r -> r.domain("payments")
        .execution(e -> e.workflowId("order-4711").runId(RunHandle.parse(handle).runId())))
        .events().get(0).workflowExecutionStartedEventAttributes().input()).isEqualTo("{\"orderId\":\"4711\"}");
    assertThat(stop.exit()).as("moto does not implement RequestCancelWorkflowExecution: a 500")
        .isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(run("start", "swf:nowhere/Settle/1.0").exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(Map.of("exit", run("start", "swf:payments/Settle/1.0", "--option", "workflowId=a:b").exit()))
        .containsEntry("exit", ExitCodes.USAGE);
  }

  @Test
  void stepFunctionsStartStatusListAndStopOverTheWire() throws Exception {
    String arn = sfn.createStateMachine(r -> r.name("orders").roleArn("arn:aws:iam::123456789012:role/sfn")
        .definition("{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Pass\",\"End\":true}}}"))
        .stateMachineArn();

    CliHarness.Result started = run("start", "sfn:orders", "-p", "orderId=4711", "--idempotency-key", "order-4711");
    CliHarness.Result again = run("start", "sfn:" + arn, "-p", "orderId=4711", "--idempotency-key", "order-4711");
    String handle = started.line();
    JsonNode status = json.readTree(run("status", handle, "--json").out());
    CliHarness.Result listed = run("list", "sfn:orders");
    CliHarness.Result stop = run("stop", handle);
    String executionArn = arn.replace(":stateMachine:", ":execution:") + ":order-4711";
    JsonNode stopped = json.readTree(run("status", "sfn:" + executionArn, "--json").out());

    assertThat(started.exit()).as(started.err()).isZero();
    // The state machine named by name gives the short form; by ARN, the same execution's ARN.
    assertThat(handle).isEqualTo("sfn:orders/order-4711");
    assertThat(again.line()).isEqualTo("sfn:" + executionArn);
    assertThat(sfn.describeExecution(r -> r.executionArn(executionArn)).input())
        .isEqualTo("{\"orderId\":\"4711\"}");
    assertThat(status.get("state").asText()).isEqualTo("RUNNING");
    assertThat(listed.out().lines()).singleElement().satisfies(line -> assertThat(line).startsWith(handle + " RUNNING"));
    assertThat(stop.exit()).as(stop.err()).isZero();
    assertThat(stopped.get("state").asText()).isEqualTo("CANCELLED");
    assertThat(stopped.get("rawStatus").asText()).isEqualTo("ABORTED");
    assertThat(run("start", "sfn:missing").exit()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void glueJobsStartStatusWaitListStopAndRetryOverTheWire() throws Exception {
    glue.createJob(r -> r.name("etl-job").role("arn:aws:iam::123456789012:role/glue")
        .command(c -> c.name("glueetl").scriptLocation("s3://scripts/etl.py")));

    CliHarness.Result started = run("start", "gluejob:etl-job", "-p", "--date=2026-12-07", "--idempotency-key", "d-7");
    CliHarness.Result again = run("start", "gluejob:etl-job", "-p", "--date=2026-12-07", "--idempotency-key", "d-7");
    String handle = started.line();
    JsonNode status = json.readTree(run("status", handle, "--json").out());
    CliHarness.Result waited = run("wait", handle, "--timeout", "30s", "--json", "--quiet");
    CliHarness.Result listed = run("list", "gluejob:etl-job", "--json");
    CliHarness.Result stop = run("stop", handle);
    CliHarness.Result retry = run("retry", handle);

    assertThat(started.exit()).as(started.err()).isZero();
    assertThat(handle).matches("gluejob:etl-job/jr_[0-9a-f]{64}");
    assertThat(again.line()).as("the key's run, found through GetJobRuns").isEqualTo(handle);
    assertThat(glue.getJobRun(r -> r.jobName("etl-job").runId(RunHandle.parse(handle).runId())).jobRun().arguments())
        .containsEntry("--date", "2026-12-07");
    assertThat(status.get("backend").asText()).isEqualTo("gluejob");
    assertThat(waited.exit()).as("moto ends a job run at once, SUCCEEDED").isZero();
    assertThat(json.readTree(waited.out()).get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(json.readTree(listed.out())).singleElement()
        .satisfies(run -> assertThat(run.get("handle").asText()).isEqualTo(handle));
    assertThat(stop.exit()).as("moto does not implement BatchStopJobRun: a 500").isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(stop.err()).contains("outcome unknown");
    assertThat(retry.exit()).as("a run that succeeded is not re-run").isEqualTo(ExitCodes.CONFLICT);
    assertThat(retry.err()).contains(handle).contains("SUCCEEDED");
    assertThat(run("start", "gluejob:missing-job").exit()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void sageMakerPipelinesStartStatusWaitListStopAndRetryOverTheWire() throws Exception {
    try (SageMakerClient sagemaker = SageMakerClient.builder().endpointOverride(MOTO.endpoint())
        .region(Region.US_EAST_1).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
      sagemaker.createPipeline(r -> r.pipelineName("daily-report").roleArn("arn:aws:iam::123456789012:role/sm")
          .pipelineDefinition("{\"Version\":\"2020-12-01\",\"Steps\":[]}").clientRequestToken("create-daily-report"));
    }

    CliHarness.Result started = run("start", "sagemaker:daily-report", "-p", "date=2026-12-07",
        "--option", "displayName=nightly");
    String handle = started.line();
    JsonNode status = json.readTree(run("status", handle, "--json").out());
    CliHarness.Result waited = run("wait", handle, "--timeout", "30s", "--quiet");
    CliHarness.Result listed = run("list", "sagemaker:daily-report", "--json");
    CliHarness.Result stop = run("stop", handle);
    CliHarness.Result retry = run("retry", handle, "--wait", "--json");

    assertThat(started.exit()).as(started.err()).isZero();
    assertThat(handle).startsWith("sagemaker:us-east-1/123456789012/daily-report/");
    assertThat(status.get("details").get("pipelineExecutionArn").asText())
        .endsWith(":pipeline/daily-report/execution/" + RunHandle.parse(handle).part(3));
    assertThat(waited.exit()).as("moto ends an execution at once, Succeeded").isZero();
    assertThat(waited.out()).startsWith(handle + " SUCCEEDED (Succeeded)");
    assertThat(json.readTree(listed.out())).singleElement()
        .satisfies(run -> assertThat(run.get("handle").asText()).isEqualTo(handle));
    assertThat(stop.exit()).as("moto does not implement StopPipelineExecution: a 500").isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(retry.exit()).as("an execution that succeeded is not retried").isEqualTo(ExitCodes.CONFLICT);
    assertThat(retry.out()).as("no re-run: no document").isEmpty();
    assertThat(run("start", "sagemaker:missing-pipeline").exit()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void emrServerlessStartStatusWaitListStopAndRetryOverTheWire() throws Exception {
    String application;
    try (EmrServerlessClient emr = EmrServerlessClient.builder().endpointOverride(MOTO.endpoint())
        .region(Region.US_EAST_1).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
      application = emr.createApplication(r -> r.name("etl").releaseLabel("emr-6.6.0").type("SPARK"))
          .applicationId();
    }
    String target = "emrserverless:" + application;

    CliHarness.Result started = run("start", target, "--option", "executionRoleArn=arn:aws:iam::123456789012:role/emr",
        "--option", "entryPoint=s3://jobs/etl.py", "--option", "entryPointArgument=2026-12-07",
        "--idempotency-key", "etl-2026-12-07");
    String handle = started.line();
    JsonNode status = json.readTree(run("status", handle, "--json").out());
    CliHarness.Result waited = run("wait", handle, "--timeout", "30s", "--quiet");
    CliHarness.Result listed = run("list", target, "--json");
    CliHarness.Result stop = run("stop", handle, "--json");
    JsonNode stopped = json.readTree(run("status", handle, "--json").out());
    CliHarness.Result retry = run("retry", handle);

    assertThat(started.exit()).as(started.err()).isZero();
    assertThat(handle).startsWith(target + "/");
    assertThat(status.get("details").get("arn").asText()).endsWith("/jobruns/" + RunHandle.parse(handle).part(1));
    assertThat(waited.exit()).as("moto ends a job run at once, SUCCESS").isZero();
    assertThat(waited.out()).startsWith(handle + " SUCCEEDED (SUCCESS)");
    assertThat(json.readTree(listed.out())).singleElement()
        .satisfies(run -> assertThat(run.get("handle").asText()).isEqualTo(handle));
    assertThat(stop.exit()).as(stop.err()).isZero();
    assertThat(json.readTree(stop.out()).get("stop").asText()).isEqualTo("requested");
    assertThat(stopped.get("state").asText()).as("moto cancels even a run that has ended").isEqualTo("CANCELLED");
    assertThat(retry.exit()).as("EMR Serverless cannot re-run a job run").isEqualTo(ExitCodes.NOT_SUPPORTED);
    assertThat(retry.err()).contains("start a new job run instead");
    assertThat(run("start", "emrserverless:00aaaaaaaaaaaaaa", "--option",
        "executionRoleArn=arn:aws:iam::123456789012:role/emr", "--option", "entryPoint=s3://jobs/etl.py").exit())
        .isEqualTo(ExitCodes.NOT_FOUND);
  }
}
