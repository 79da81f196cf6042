package io.wflaunch.benchmarks;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.codecatalyst.CodeCatalystBackend;
import io.wflaunch.glue.GlueBackend;
import io.wflaunch.glue.GlueOptions;
import io.wflaunch.stepfunctions.StepFunctionsBackend;
import io.wflaunch.swf.SwfBackend;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
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
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * The quickstart path against the raw SDK: one keyless start and one status read, on each backend
 * ({@link #backend}), over one SDK client built as a user builds it (the SDK's default retries, no
 * override) over canned in-process HTTP ({@link CannedHttp}), so that what is measured is the SDK and
 * wflaunch, not a network.
 *
 * <ul>
 *   <li>{@link #rawSdk}: the two service calls wflaunch makes for a keyless start and a getRun, written
 *       with the raw SDK on the client: Glue StartWorkflowRun and GetWorkflowRun, SWF
 *       StartWorkflowExecution and DescribeWorkflowExecution, Step Functions StartExecution and
 *       DescribeExecution, CodeCatalyst StartWorkflowRun and GetWorkflowRun. The start carries what
 *       wflaunch's does, including the key it generates for a keyless start ({@code wfl-} and a random
 *       UUID, made on each call here too): Glue's run property, SWF's workflowId, Step Functions'
 *       execution name, CodeCatalyst's client token.
 *   <li>{@link #rawSdkBounded}: the same, the start carrying the launcher's request timeout
 *       ({@link StartPolicy#DEFAULT_REQUEST_TIMEOUT}) as its API-call timeout, as a careful raw-SDK
 *       user bounds a start and as wflaunch bounds its own. The SDK times such a call with a task on its
 *       timer, which it cancels when the call ends; a cancelled task stays in the timer's queue until it
 *       is due, so the collector copies every start's task of the last ten seconds, CPU that only
 *       {@code cpu.process.norm} shows.
 *   <li>{@link #wflaunch}: {@code launcher.start(request)} then {@code launcher.getRun(handle)}, the
 *       launcher over {@code XBackend.create(client)} of the same client, untuned: its start goes over
 *       the client's retry-less twin, made once by the backend from the client's configuration with the
 *       request timeout as its API-call timeout; its read goes over the client.
 * </ul>
 *
 * <p>Compare the methods' CPU and allocation per operation within one run (the machines are shared):
 * {@code cpu.process.norm} is the CPU of every thread of the JVM per operation ({@link ProcessCpuProfiler}:
 * the benchmark thread's, the SDK timer's, the collector's), {@code gc.alloc.rate.norm} the bytes
 * allocated per operation; the time per operation is the benchmark thread's wall time. The ratios to
 * read are {@code wflaunch / rawSdk} and {@code wflaunch / rawSdkBounded} of each backend. Build, then
 * run on a machine where nothing else competes for the cores (to see where a difference goes, add
 * {@code -prof stack} or {@code -prof jfr}):
 *
 * <pre>{@code
 * ./mvnw -B -pl benchmarks -am install -DskipTests
 * java -jar benchmarks/target/benchmarks.jar StartGet -f 1 -wi 8 -w 1 -i 8 -r 1 \
 *     -prof gc -prof io.wflaunch.benchmarks.ProcessCpuProfiler
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 15, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms2g", "-Xmx2g", "-Xmn1500m"})
public class StartGetBenchmark {

  static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
  static final String EXECUTIONS = "arn:aws:states:us-east-1:123456789012:execution:orders:";
  static final String WORKFLOW_ID = "0b6a6c9e-1d2f-4e5a-9b8c-7d6e5f4a3b2c";
  static final String RUN_ID = "5f0c1e2d-3b4a-4c5d-8e9f-a0b1c2d3e4f5";
  private static final String GLUE_KEY = GlueOptions.DEFAULT_IDEMPOTENCY_PROPERTY;
  private static final String ORDER = "{\"order\":\"4711\"}";

  /** The start's API-call timeout of {@link #rawSdkBounded}: the launcher's request timeout, untuned. */
  private static final AwsRequestOverrideConfiguration BOUNDED =
      AwsRequestOverrideConfiguration.builder().apiCallTimeout(StartPolicy.DEFAULT_REQUEST_TIMEOUT).build();

  /** The backend. */
  @Param({"glue", "swf", "sfn", "codecatalyst"})
  public String backend;

  private AutoCloseable client;
  private WorkflowLauncher launcher;
  private StartRunRequest request;
  private Supplier<Object> raw;
  private Supplier<Object> rawBounded;

  /** The key wflaunch generates for a keyless start, made as a raw-SDK caller makes a token: per start. */
  private static String newKey() {
    return "wfl-" + UUID.randomUUID();
  }

  /** Builds the client, the launcher over it as the quickstart does, and the raw calls over it. */
  @Setup(Level.Trial)
  public void setUp() {
    switch (backend) {
      case "glue" -> {
        GlueClient glue = glue(false);
        client = glue;
        launcher = WorkflowLauncher.builder().backend(GlueBackend.create(glue)).build();
        request = StartRunRequest.builder(WorkflowTarget.of("glue", "etl")).parameter("date", "2026-11-24").build();
        raw = () -> {
          String runId = glue.startWorkflowRun(r -> r.name("etl")
              .runProperties(Map.of("date", "2026-11-24", GLUE_KEY, newKey()))).runId();
          return glue.getWorkflowRun(r -> r.name("etl").runId(runId).includeGraph(false)).run().status();
        };
        rawBounded = () -> {
          String runId = glue.startWorkflowRun(r -> r.name("etl")
              .runProperties(Map.of("date", "2026-11-24", GLUE_KEY, newKey())).overrideConfiguration(BOUNDED)).runId();
          return glue.getWorkflowRun(r -> r.name("etl").runId(runId).includeGraph(false)).run().status();
        };
      }
      case "swf" -> {
        SwfClient swf = swf();
        client = swf;
        launcher = WorkflowLauncher.builder().backend(SwfBackend.create(swf)).build();
        request = StartRunRequest.builder(WorkflowTarget.of("swf", "payments", "Settle", "1")).parameter("order", "4711")
            .build();
        raw = () -> {
          String workflowId = newKey();
          String runId = swf.startWorkflowExecution(r -> r.domain("payments").workflowId(workflowId)
              .workflowType(t -> t.name("Settle").version("1")).input(ORDER)).runId();
          return swf.describeWorkflowExecution(r -> r.domain("payments")
              .execution(e -> e.workflowId(workflowId).runId(runId))).executionInfo().executionStatus();
        };
        rawBounded = () -> {
          String workflowId = newKey();
          String runId = swf.startWorkflowExecution(r -> r.domain("payments").workflowId(workflowId)
              .workflowType(t -> t.name("Settle").version("1")).input(ORDER).overrideConfiguration(BOUNDED)).runId();
          return swf.describeWorkflowExecution(r -> r.domain("payments")
              .execution(e -> e.workflowId(workflowId).runId(runId))).executionInfo().executionStatus();
        };
      }
      case "sfn" -> {
        SfnClient sfn = sfn();
        client = sfn;
        launcher = WorkflowLauncher.builder().backend(StepFunctionsBackend.create(sfn)).build();
        request = StartRunRequest.builder(WorkflowTarget.of("sfn", STATE_MACHINE)).parameter("order", "4711").build();
        raw = () -> {
          String arn = sfn.startExecution(r -> r.stateMachineArn(STATE_MACHINE).name(newKey()).input(ORDER))
              .executionArn();
          return sfn.describeExecution(r -> r.executionArn(arn)).status();
        };
        rawBounded = () -> {
          String arn = sfn.startExecution(r -> r.stateMachineArn(STATE_MACHINE).name(newKey()).input(ORDER)
              .overrideConfiguration(BOUNDED)).executionArn();
          return sfn.describeExecution(r -> r.executionArn(arn)).status();
        };
      }
      case "codecatalyst" -> {
        CodeCatalystClient codecatalyst = codecatalyst();
        client = codecatalyst;
        launcher = WorkflowLauncher.builder().backend(CodeCatalystBackend.create(codecatalyst)).build();
        request = StartRunRequest.builder(WorkflowTarget.of("codecatalyst", "my-space", "web-app", WORKFLOW_ID)).build();
        raw = () -> {
          String runId = codecatalyst.startWorkflowRun(r -> r.spaceName("my-space").projectName("web-app")
              .workflowId(WORKFLOW_ID).clientToken(newKey())).id();
          return codecatalyst.getWorkflowRun(r -> r.spaceName("my-space").projectName("web-app").id(runId)).status();
        };
        rawBounded = () -> {
          String runId = codecatalyst.startWorkflowRun(r -> r.spaceName("my-space").projectName("web-app")
              .workflowId(WORKFLOW_ID).clientToken(newKey()).overrideConfiguration(BOUNDED)).id();
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
   * The raw SDK, the start bounded by the launcher's request timeout as its API-call timeout.
   *
   * @return the status
   */
  @Benchmark
  public Object rawSdkBounded() {
    return rawBounded.get();
  }

  /**
   * wflaunch as the quickstart builds it: start, then getRun.
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

  /**
   * Glue over canned HTTP, with the SDK's default retries, or none when {@code once}.
   *
   * @param once whether the client never retries
   * @return the client
   */
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

  private static SwfClient swf() {
    return SwfClient.builder().httpClient(new CannedHttp("application/x-amz-json-1.0", r ->
            CannedHttp.operation(r).equals("StartWorkflowExecution") ? "{\"runId\":\"run-0001\"}"
                : "{\"executionInfo\":{\"execution\":{\"workflowId\":\"order-4711\",\"runId\":\"run-0001\"},"
                    + "\"workflowType\":{\"name\":\"Settle\",\"version\":\"1\"},\"startTimestamp\":1764000000,"
                    + "\"executionStatus\":\"OPEN\",\"cancelRequested\":false},"
                    + "\"executionConfiguration\":{\"taskStartToCloseTimeout\":\"60\",\"executionStartToCloseTimeout\":\"600\","
                    + "\"taskList\":{\"name\":\"deciders\"},\"childPolicy\":\"TERMINATE\"},"
                    + "\"openCounts\":{\"openActivityTasks\":0,\"openDecisionTasks\":1,\"openTimers\":0,"
                    + "\"openChildWorkflowExecutions\":0},\"latestActivityTaskTimestamp\":1764000000}"))
        .region(Region.US_EAST_1).endpointOverride(ENDPOINT).credentialsProvider(CREDENTIALS).build();
  }

  /**
   * Step Functions over canned HTTP: a Standard state machine, whose executions' ARNs carry the name the
   * start sent (wflaunch checks that the service started the execution the name gives).
   */
  private static SfnClient sfn() {
    return SfnClient.builder().httpClient(CannedHttp.echoing("application/x-amz-json-1.0", (r, body) ->
            switch (CannedHttp.operation(r)) {
              case "StartExecution" -> "{\"executionArn\":\"" + EXECUTIONS + CannedHttp.field(body, "name")
                  + "\",\"startDate\":1764000000}";
              case "DescribeStateMachine" -> "{\"stateMachineArn\":\"" + STATE_MACHINE + "\",\"name\":\"orders\","
                  + "\"status\":\"ACTIVE\",\"definition\":\"{}\",\"roleArn\":\"arn:aws:iam::123456789012:role/sfn\","
                  + "\"type\":\"STANDARD\",\"creationDate\":1764000000}";
              default -> {
                String arn = CannedHttp.field(body, "executionArn");
                yield "{\"executionArn\":\"" + arn + "\",\"stateMachineArn\":\"" + STATE_MACHINE + "\",\"name\":\""
                    + arn.substring(EXECUTIONS.length()) + "\",\"status\":\"RUNNING\",\"startDate\":1764000000,"
                    + "\"input\":\"{\\\"order\\\":\\\"4711\\\"}\"}";
              }
            }))
        .region(Region.US_EAST_1).endpointOverride(ENDPOINT).credentialsProvider(CREDENTIALS).build();
  }

  private static CodeCatalystClient codecatalyst() {
    return CodeCatalystClient.builder().httpClient(new CannedHttp("application/json", r ->
            r.method().name().equals("PUT")
                ? "{\"spaceName\":\"my-space\",\"projectName\":\"web-app\",\"id\":\"" + RUN_ID + "\",\"workflowId\":\""
                    + WORKFLOW_ID + "\"}"
                : "{\"spaceName\":\"my-space\",\"projectName\":\"web-app\",\"id\":\"" + RUN_ID + "\",\"workflowId\":\""
                    + WORKFLOW_ID + "\",\"status\":\"IN_PROGRESS\",\"startTime\":\"2026-11-24T08:00:00Z\","
                    + "\"lastUpdatedTime\":\"2026-11-24T08:00:01Z\"}"))
        .region(Region.US_WEST_2).endpointOverride(ENDPOINT).tokenProvider(CodeCatalystBackend.staticToken("bench"))
        .build();
  }
}
