package io.wflaunch.benchmarks;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.codecatalyst.CodeCatalystBackend;
import io.wflaunch.glue.GlueBackend;
import io.wflaunch.stepfunctions.StepFunctionsBackend;
import io.wflaunch.swf.SwfBackend;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * One keyless start and one status read, on each backend, written with the raw SDK and through
 * wflaunch, on the same SDK client over canned in-process HTTP. wflaunch uses the configuration the
 * README recommends: the same client for reads and a retry-less copy for starts. Compare the two
 * methods' scores of one run: {@code java -jar benchmarks/target/benchmarks.jar StartGet -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 15, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms2g", "-Xmx2g", "-Xmn1500m"})
public class StartGetBenchmark {

  static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
  static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:orders:run-1";
  static final String WORKFLOW_ID = "0b6a6c9e-1d2f-4e5a-9b8c-7d6e5f4a3b2c";
  static final String RUN_ID = "5f0c1e2d-3b4a-4c5d-8e9f-a0b1c2d3e4f5";

  /** The backend. */
  @Param({"glue", "swf", "sfn", "codecatalyst"})
  public String backend;

  private AutoCloseable client;
  private AutoCloseable startClient;
  private WorkflowLauncher launcher;
  private StartRunRequest request;
  private Supplier<Object> raw;
  private Supplier<Object> rawWithStartClient;

  /** Builds the clients and the launcher. */
  @Setup(Level.Trial)
  public void setUp() {
    switch (backend) {
      case "glue" -> {
        GlueClient glue = glue(false);
        GlueClient once = glue(true);
        client = glue;
        startClient = once;
        launcher = WorkflowLauncher.builder().backend(GlueBackend.builder(glue).startClient(once).build()).build();
        request = StartRunRequest.builder(WorkflowTarget.of("glue", "etl")).parameter("date", "2026-11-24").build();
        raw = () -> {
          String runId = glue.startWorkflowRun(r -> r.name("etl").runProperties(Map.of("date", "2026-11-24"))).runId();
          return glue.getWorkflowRun(r -> r.name("etl").runId(runId).includeGraph(false)).run().status();
        };
        rawWithStartClient = () -> {
          String runId = once.startWorkflowRun(r -> r.name("etl").runProperties(Map.of("date", "2026-11-24"))).runId();
          return glue.getWorkflowRun(r -> r.name("etl").runId(runId).includeGraph(false)).run().status();
        };
      }
      case "swf" -> {
        SwfClient swf = swf(false);
        SwfClient once = swf(true);
        client = swf;
        startClient = once;
        launcher = WorkflowLauncher.builder().backend(SwfBackend.builder(swf).startClient(once).build()).build();
        request = StartRunRequest.builder(WorkflowTarget.of("swf", "payments", "Settle", "1")).parameter("order", "4711")
            .build();
        raw = () -> {
          String runId = swf.startWorkflowExecution(r -> r.domain("payments").workflowId("order-4711")
              .workflowType(t -> t.name("Settle").version("1")).input("{\"order\":\"4711\"}")).runId();
          return swf.describeWorkflowExecution(r -> r.domain("payments")
              .execution(e -> e.workflowId("order-4711").runId(runId))).executionInfo().executionStatus();
        };
        rawWithStartClient = () -> {
          String runId = once.startWorkflowExecution(r -> r.domain("payments").workflowId("order-4711")
              .workflowType(t -> t.name("Settle").version("1")).input("{\"order\":\"4711\"}")).runId();
          return swf.describeWorkflowExecution(r -> r.domain("payments")
              .execution(e -> e.workflowId("order-4711").runId(runId))).executionInfo().executionStatus();
        };
      }
      case "sfn" -> {
        SfnClient sfn = sfn(false);
        SfnClient once = sfn(true);
        client = sfn;
        startClient = once;
        launcher = WorkflowLauncher.builder().backend(StepFunctionsBackend.builder(sfn).startClient(once).build()).build();
        request = StartRunRequest.builder(WorkflowTarget.of("sfn", STATE_MACHINE)).parameter("order", "4711").build();
        raw = () -> {
          String arn = sfn.startExecution(r -> r.stateMachineArn(STATE_MACHINE).input("{\"order\":\"4711\"}")).executionArn();
          return sfn.describeExecution(r -> r.executionArn(arn)).status();
        };
        rawWithStartClient = () -> {
          String arn = once.startExecution(r -> r.stateMachineArn(STATE_MACHINE).input("{\"order\":\"4711\"}")).executionArn();
          return sfn.describeExecution(r -> r.executionArn(arn)).status();
        };
      }
      case "codecatalyst" -> {
        CodeCatalystClient codecatalyst = codecatalyst(false);
        CodeCatalystClient once = codecatalyst(true);
        client = codecatalyst;
        startClient = once;
        launcher = WorkflowLauncher.builder()
            .backend(CodeCatalystBackend.builder(codecatalyst).startClient(once).build()).build();
        request = StartRunRequest.builder(WorkflowTarget.of("codecatalyst", "my-space", "web-app", WORKFLOW_ID)).build();
        raw = () -> {
          String runId = codecatalyst.startWorkflowRun(r -> r.spaceName("my-space").projectName("web-app")
              .workflowId(WORKFLOW_ID).clientToken("token-1")).id();
          return codecatalyst.getWorkflowRun(r -> r.spaceName("my-space").projectName("web-app").id(runId)).status();
        };
        rawWithStartClient = () -> {
          String runId = once.startWorkflowRun(r -> r.spaceName("my-space").projectName("web-app")
              .workflowId(WORKFLOW_ID).clientToken("token-1")).id();
          return codecatalyst.getWorkflowRun(r -> r.spaceName("my-space").projectName("web-app").id(runId)).status();
        };
      }
      default -> throw new IllegalArgumentException(backend);
    }
  }

  /** Closes them. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    launcher.close();
    client.close();
    startClient.close();
  }

  /**
   * The raw SDK: start, then read the run.
   *
   * @return the status
   */
  @Benchmark
  public Object rawSdk() {
    return raw.get();
  }

  /**
   * The raw SDK over the same two clients as wflaunch: start on the retry-less one, read on the other.
   * The SDK's own code then runs over two client configurations, as it does under wflaunch.
   *
   * @return the status
   */
  @Benchmark
  public Object rawSdkWithStartClient() {
    return rawWithStartClient.get();
  }

  /**
   * wflaunch: start, then getRun.
   *
   * @return the status
   */
  @Benchmark
  public RunStatus wflaunch() {
    RunHandle handle = launcher.start(request);
    return launcher.getRun(handle);
  }

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));
  private static final URI ENDPOINT = URI.create("http://127.0.0.1:1");

  static GlueClient glue(boolean once) {
    return GlueClient.builder().httpClient(new CannedHttp("application/x-amz-json-1.1", r ->
            CannedHttp.operation(r).equals("StartWorkflowRun") ? "{\"RunId\":\"wr_0001\"}"
                : "{\"Run\":{\"Name\":\"etl\",\"WorkflowRunId\":\"wr_0001\",\"Status\":\"RUNNING\",\"StartedOn\":1764000000,"
                    + "\"WorkflowRunProperties\":{\"date\":\"2026-11-24\"}}}"))
        .region(Region.US_EAST_1).endpointOverride(ENDPOINT).credentialsProvider(CREDENTIALS)
        .overrideConfiguration(o -> {
          if (once) {
            o.retryStrategy(AwsRetryStrategy.doNotRetry());
          }
        }).build();
  }

  private static SwfClient swf(boolean once) {
    return SwfClient.builder().httpClient(new CannedHttp("application/x-amz-json-1.0", r ->
            CannedHttp.operation(r).equals("StartWorkflowExecution") ? "{\"runId\":\"run-0001\"}"
                : "{\"executionInfo\":{\"execution\":{\"workflowId\":\"order-4711\",\"runId\":\"run-0001\"},"
                    + "\"workflowType\":{\"name\":\"Settle\",\"version\":\"1\"},\"startTimestamp\":1764000000,"
                    + "\"executionStatus\":\"OPEN\",\"cancelRequested\":false},"
                    + "\"executionConfiguration\":{\"taskStartToCloseTimeout\":\"60\",\"executionStartToCloseTimeout\":\"600\","
                    + "\"taskList\":{\"name\":\"deciders\"},\"childPolicy\":\"TERMINATE\"},"
                    + "\"openCounts\":{\"openActivityTasks\":0,\"openDecisionTasks\":1,\"openTimers\":0,"
                    + "\"openChildWorkflowExecutions\":0},\"latestActivityTaskTimestamp\":1764000000}"))
        .region(Region.US_EAST_1).endpointOverride(ENDPOINT).credentialsProvider(CREDENTIALS)
        .overrideConfiguration(o -> {
          if (once) {
            o.retryStrategy(AwsRetryStrategy.doNotRetry());
          }
        }).build();
  }

  private static SfnClient sfn(boolean once) {
    return SfnClient.builder().httpClient(new CannedHttp("application/x-amz-json-1.0", r ->
            CannedHttp.operation(r).equals("StartExecution")
                ? "{\"executionArn\":\"" + EXECUTION + "\",\"startDate\":1764000000}"
                : "{\"executionArn\":\"" + EXECUTION + "\",\"stateMachineArn\":\"" + STATE_MACHINE + "\",\"name\":\"run-1\","
                    + "\"status\":\"RUNNING\",\"startDate\":1764000000,\"input\":\"{\\\"order\\\":\\\"4711\\\"}\"}"))
        .region(Region.US_EAST_1).endpointOverride(ENDPOINT).credentialsProvider(CREDENTIALS)
        .overrideConfiguration(o -> {
          if (once) {
            o.retryStrategy(AwsRetryStrategy.doNotRetry());
          }
        }).build();
  }

  private static CodeCatalystClient codecatalyst(boolean once) {
    return CodeCatalystClient.builder().httpClient(new CannedHttp("application/json", r ->
            r.method().name().equals("PUT")
                ? "{\"spaceName\":\"my-space\",\"projectName\":\"web-app\",\"id\":\"" + RUN_ID + "\",\"workflowId\":\""
                    + WORKFLOW_ID + "\"}"
                : "{\"spaceName\":\"my-space\",\"projectName\":\"web-app\",\"id\":\"" + RUN_ID + "\",\"workflowId\":\""
                    + WORKFLOW_ID + "\",\"status\":\"IN_PROGRESS\",\"startTime\":\"2026-11-24T08:00:00Z\","
                    + "\"lastUpdatedTime\":\"2026-11-24T08:00:01Z\"}"))
        .region(Region.US_WEST_2).endpointOverride(ENDPOINT).tokenProvider(CodeCatalystBackend.staticToken("bench"))
        .overrideConfiguration(o -> {
          if (once) {
            o.retryStrategy(AwsRetryStrategy.doNotRetry());
          }
        }).build();
  }
}
