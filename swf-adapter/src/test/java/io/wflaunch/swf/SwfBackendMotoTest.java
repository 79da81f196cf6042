package io.wflaunch.swf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.TrackerOptions;
import io.wflaunch.WaitListener;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.http.OperationCounter;
import io.wflaunch.testkit.moto.MotoServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionStartedEventAttributes;

/**
 * The real SDK over HTTP against a real moto server, with a small decider inside the test. moto checks
 * none of SWF's input rules, ignores list filters and implements neither RequestCancelWorkflowExecution
 * nor a decider's ContinueAsNewWorkflowExecution, so those (and stopping along a continued-as-new
 * chain) are covered by the fake and mock tests; it also drops taskPriority and lambdaRole from what
 * it records (the mock tests prove they are sent), reports a fixed start timestamp, and records no close
 * timestamp for terminated executions.
 */
class SwfBackendMotoTest {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static final WorkflowTarget SETTLE = WorkflowTarget.of("swf", "payments", "Settle", "1");
  private static final WaitOptions QUICK = WaitOptions.builder()
      .minInterval(Duration.ofMillis(50)).maxInterval(Duration.ofMillis(250)).timeout(Duration.ofSeconds(30)).build();

  private static SwfClient swf;
  private static SwfAsyncClient asyncSwf;
  private WorkflowLauncher launcher;

  @BeforeAll
  static void clients() {
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    swf = SwfClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1).credentialsProvider(credentials)
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    asyncSwf = SwfAsyncClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials).build();
  }

  @AfterAll
  static void closeClients() {
    swf.close();
    asyncSwf.close();
  }

  @BeforeEach
  void setUp() {
    MOTO.reset();
    swf.registerDomain(r -> r.name("payments").workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(r -> r.domain("payments").name("Settle").version("1")
        .defaultTaskList(t -> t.name("deciders")).defaultExecutionStartToCloseTimeout("600")
        .defaultTaskStartToCloseTimeout("60").defaultChildPolicy(ChildPolicy.TERMINATE));
    launcher = WorkflowLauncher.builder().backend(SwfBackend.create(swf, asyncSwf)).build();
  }

  @AfterEach
  void tearDown() {
    launcher.close();
  }

  @Test
  void everyOptionArrivesAndIsRecordedInTheHistory() {
    SwfOptions options = SwfOptions.builder().workflowId("order-4711").taskList("options-tasks").taskPriority(5)
        .executionStartToCloseTimeout(Duration.ofHours(1)).noTaskStartToCloseTimeout().tag("team-payments")
        .tag("nightly").childPolicy(ChildPolicy.ABANDON).lambdaRole("arn:aws:iam::123456789012:role/swf").build();

    RunHandle handle = launcher.start(StartRunRequest.builder(SETTLE).input("raw input").options(options).build());

    WorkflowExecutionStartedEventAttributes started = startedEvent(handle);
    assertThat(started.input()).isEqualTo("raw input");
    assertThat(started.executionStartToCloseTimeout()).isEqualTo("3600");
    assertThat(started.taskStartToCloseTimeout()).isEqualTo("NONE");
    assertThat(started.childPolicy()).isEqualTo(ChildPolicy.ABANDON);
    assertThat(started.taskList().name()).isEqualTo("options-tasks");
    assertThat(started.workflowType().name()).isEqualTo("Settle");
    DescribeWorkflowExecutionResponse described = swf.describeWorkflowExecution(r -> r.domain("payments")
        .execution(e -> e.workflowId("order-4711").runId(handle.runId())));
    assertThat(described.executionInfo().tagList()).hasSize(3).startsWith("team-payments", "nightly");
    assertThat(described.executionInfo().tagList().get(2)).startsWith(SwfBackend.KEY_MARKER_PREFIX + "wfl-");
    assertThat(handle.part(1)).isEqualTo("order-4711");

    RunStatus status = launcher.getRun(handle);
    assertThat(status.state()).isEqualTo(RunState.RUNNING);
    assertThat(status.rawStatus()).isEqualTo("OPEN");
    assertThat(status.details()).containsEntry("taskList", "options-tasks")
        .hasEntrySatisfying("tagList", tags -> assertThat(tags).startsWith("team-payments,nightly,wflaunch-key:wfl-"));
  }

  @Test
  void parametersArriveAsOneJsonObjectInOrder() throws Exception {
    RunHandle handle = launcher.start(StartRunRequest.builder(SETTLE).parameter("zeta", "1").parameter("alpha", "2").build());

    String input = startedEvent(handle).input();
    assertThat(input).isEqualTo("{\"zeta\":\"1\",\"alpha\":\"2\"}");
    assertThat(new ObjectMapper().readTree(input).get("alpha").asText()).isEqualTo("2");
  }

  @Test
  void theSameKeyTwiceGivesOneExecutionAndOneHandle() {
    RunHandle first = launcher.start(StartRunRequest.builder(SETTLE).idempotencyKey("settle-2026-11-23").build());
    RunHandle second = launcher.start(StartRunRequest.builder(SETTLE).idempotencyKey("settle-2026-11-23").build());

    assertThat(second).isEqualTo(first);
    assertThat(first.part(1)).isEqualTo("settle-2026-11-23");
    assertThat(swf.listOpenWorkflowExecutions(r -> r.domain("payments")
        .startTimeFilter(f -> f.oldestDate(java.time.Instant.EPOCH))).executionInfos())
        .filteredOn(info -> info.execution().workflowId().equals("settle-2026-11-23")).hasSize(1);
  }

  @Test
  void aTerminatedExecutionIsCancelledAndTheWaitReturnsIt() {
    RunHandle handle = launcher.start(StartRunRequest.builder(SETTLE).build());
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(handle, QUICK);

    launcher.backend("swf", SwfBackend.class).terminate(handle, "operator", "no longer needed", ChildPolicy.TERMINATE);

    RunStatus done = wait.join();
    assertThat(done.state()).isEqualTo(RunState.CANCELLED);
    assertThat(done.rawStatus()).isEqualTo("TERMINATED");
    assertThat(done.reasons()).containsExactly("terminated by an operator (OPERATOR_INITIATED): "
        + "reason and details are masked details 'closeReason', 'closeDetails'");
    assertThat(done.details()).containsEntry("closeReason", "operator").containsEntry("closeDetails", "no longer needed");
    assertThat(done.maskedView()).containsEntry("closeReason", RunStatus.MASK).containsEntry("closeDetails", RunStatus.MASK);
  }

  @Test
  void anExecutionPastItsOneSecondTimeoutTimesOut() {
    RunHandle handle = launcher.start(StartRunRequest.builder(SETTLE)
        .options(SwfOptions.builder().executionStartToCloseTimeout(Duration.ofSeconds(1)).build()).build());

    RunStatus done = launcher.awaitCompletion(handle, QUICK);

    assertThat(done.state()).isEqualTo(RunState.TIMED_OUT);
    assertThat(done.rawStatus()).isEqualTo("TIMED_OUT");
  }

  @Test
  void aDeciderCompletingTheExecutionEndsTheWaitSucceeded() throws Exception {
    RunHandle handle = launcher.start(StartRunRequest.builder(SETTLE)
        .options(SwfOptions.builder().taskList("decide-ok").build()).build());
    List<RunState> seen = new ArrayList<>();
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(handle, QUICK.withListener(new WaitListener() {
      @Override
      public void onStateChange(Optional<RunStatus> previous, RunStatus current) {
        seen.add(current.state());
      }
    }));

    decide("decide-ok", Decision.builder().decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION)
        .completeWorkflowExecutionDecisionAttributes(a -> a.result("settled")).build());

    assertThat(wait.get(30, TimeUnit.SECONDS).state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(seen).last().isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void aDeciderFailingTheExecutionEndsTheWaitFailed() throws Exception {
    RunHandle handle = launcher.start(StartRunRequest.builder(SETTLE)
        .options(SwfOptions.builder().taskList("decide-fail").build()).build());
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(handle, QUICK);

    decide("decide-fail", Decision.builder().decisionType(DecisionType.FAIL_WORKFLOW_EXECUTION)
        .failWorkflowExecutionDecisionAttributes(a -> a.reason("card declined").details("order 4711")).build());

    RunStatus done = wait.get(30, TimeUnit.SECONDS);
    assertThat(done.state()).isEqualTo(RunState.FAILED);
    assertThat(done.rawStatus()).isEqualTo("FAILED");
    assertThat(done.reasons()).containsExactly("failed: reason and details are masked details 'closeReason', 'closeDetails'");
    assertThat(done.details()).containsEntry("closeReason", "card declined").containsEntry("closeDetails", "order 4711");
    assertThat(done.toString()).doesNotContain("card declined").doesNotContain("order 4711");
  }

  @Test
  void unknownDomainsTypesAndRunsAndDeprecatedTypesAreNamedSo() {
    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(WorkflowTarget.of("swf", "nowhere", "Settle", "1"))
        .build()))
        .isInstanceOf(WorkflowNotFoundException.class).hasMessageContaining("Unknown domain: nowhere");
    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(WorkflowTarget.of("swf", "payments", "Nope", "1"))
        .build()))
        .isInstanceOf(WorkflowNotFoundException.class).hasMessageContaining("Unknown type");
    swf.registerWorkflowType(r -> r.domain("payments").name("Old").version("1")
        .defaultTaskList(t -> t.name("deciders")).defaultExecutionStartToCloseTimeout("600")
        .defaultTaskStartToCloseTimeout("60").defaultChildPolicy(ChildPolicy.TERMINATE));
    swf.deprecateWorkflowType(r -> r.domain("payments").workflowType(t -> t.name("Old").version("1")));
    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(WorkflowTarget.of("swf", "payments", "Old", "1"))
        .build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).isEqualTo("target");
          assertThat(e.rule()).contains("deprecated workflow type");
        });
    assertThatThrownBy(() -> launcher.getRun(RunHandle.of("swf", "payments", "nobody", "no-run")))
        .isInstanceOf(RunNotFoundException.class);
  }

  @Test
  void aMissingDefaultIsNamedAsTheOptionToSet() {
    swf.registerWorkflowType(r -> r.domain("payments").name("Bare").version("1"));

    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(WorkflowTarget.of("swf", "payments", "Bare", "1"))
        .build()))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("options.executionStartToCloseTimeout"));
  }

  @Test
  void listingAndBatchedReadsSeeTheTypesExecutions() {
    RunHandle a = launcher.start(StartRunRequest.builder(SETTLE).build());
    RunHandle b = launcher.start(StartRunRequest.builder(SETTLE).build());
    RunHandle c = launcher.start(StartRunRequest.builder(SETTLE).build());
    launcher.backend("swf", SwfBackend.class).terminate(b, null, null, null);

    List<RunStatus> listed = launcher.listRuns(SETTLE, 10);
    List<RunStatus> batched = launcher.getRuns(List.of(c, b, a));

    assertThat(listed).extracting(RunStatus::handle).containsExactlyInAnyOrder(a, b, c);
    assertThat(batched).extracting(RunStatus::handle).containsExactly(c, b, a);
    assertThat(batched).extracting(RunStatus::state).containsExactly(RunState.RUNNING, RunState.CANCELLED, RunState.RUNNING);
  }

  @Test
  void theAsyncClientWorksAgainstTheRealProtocolToo() {
    RunHandle handle = launcher.startAsync(StartRunRequest.builder(SETTLE).idempotencyKey("async-1").build()).join();

    assertThat(launcher.getRunAsync(handle).join().state()).isEqualTo(RunState.RUNNING);
    assertThat(launcher.startAsync(StartRunRequest.builder(SETTLE).idempotencyKey("async-1").build()).join())
        .isEqualTo(handle);
  }

  private WorkflowExecutionStartedEventAttributes startedEvent(RunHandle handle) {
    return swf.getWorkflowExecutionHistory(r -> r.domain("payments")
        .execution(e -> e.workflowId(handle.part(1)).runId(handle.runId())))
        .events().get(0).workflowExecutionStartedEventAttributes();
  }

  @Test
  void threeHundredExecutionsAreWaitedForThroughTheTrackerWithAFewListings() throws Exception {
    OperationCounter counter = new OperationCounter();
    try (SwfClient counted = SwfClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(o -> o.addExecutionInterceptor(counter)).build();
        WorkflowLauncher tracking = WorkflowLauncher.builder().backend(SwfBackend.create(counted))
            .trackerOptions(TrackerOptions.DEFAULT.withRequestsPerSecond(20).withBurst(20)).build()) {
      List<RunHandle> runs = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        runs.add(launcher.start(StartRunRequest.builder(SETTLE).idempotencyKey("batch-" + i)
            .options(SwfOptions.builder().taskList("batch").build()).build()));
      }
      WaitOptions options = WaitOptions.builder().minInterval(Duration.ofMillis(200)).maxInterval(Duration.ofSeconds(1))
          .timeout(Duration.ofMinutes(2)).build();

      CompletableFuture<List<RunStatus>> all = tracking.awaitAllAsync(runs, options);
      for (int i = 0; i < 300; i++) {
        decide("batch", Decision.builder().decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION)
            .completeWorkflowExecutionDecisionAttributes(a -> a.result("settled")).build());
      }
      List<RunStatus> statuses = all.get(2, TimeUnit.MINUTES);

      assertThat(statuses).extracting(RunStatus::handle).containsExactlyElementsOf(runs);
      assertThat(statuses).allSatisfy(status -> assertThat(status.state()).isEqualTo(RunState.SUCCEEDED));
      int listings = counter.count("ListOpenWorkflowExecutions") + counter.count("ListClosedWorkflowExecutions");
      assertThat(counter.count("DescribeWorkflowExecution")).as("no run read on its own: %s", counter.counts()).isZero();
      assertThat(listings).as("listings for 300 runs: %s", counter.counts()).isPositive().isLessThan(100);
      assertThat(tracking.tracker().requestsSent("swf")).isEqualTo(listings);
    }
  }

  @Test
  void everyTerminateIsSentWithARunIdAndALaterExecutionReusingTheWorkflowIdIsNotTouched() throws Exception {
    WireLog wire = new WireLog();
    try (SwfClient logged = SwfClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(o -> o.addExecutionInterceptor(wire)).build();
        WorkflowLauncher onTheWire = WorkflowLauncher.builder().backend(SwfBackend.create(logged)).build()) {
      SwfBackend backend = onTheWire.backend("swf", SwfBackend.class);
      RunHandle first = onTheWire.start(StartRunRequest.builder(SETTLE)
          .options(SwfOptions.builder().workflowId("order-4712").build()).build());
      backend.terminate(first, "operator", "first attempt", null);
      // Another caller starts the workflowId again, as the next day's run would.
      String later = swf.startWorkflowExecution(r -> r.domain("payments").workflowId("order-4712")
          .workflowType(t -> t.name("Settle").version("1"))).runId();

      assertThatThrownBy(() -> backend.terminate(first, "operator", "again", ChildPolicy.TERMINATE))
          .isInstanceOfSatisfying(io.wflaunch.ConflictException.class,
              e -> assertThat(e.getMessage()).contains("already closed").contains("TERMINATED"));

      List<com.fasterxml.jackson.databind.JsonNode> terminates = wire.bodies("TerminateWorkflowExecution");
      assertThat(terminates).hasSize(2).allSatisfy(body -> {
        assertThat(body.path("runId").asText()).isEqualTo(first.runId());
        assertThat(body.path("workflowId").asText()).isEqualTo("order-4712");
      });
      assertThat(wire.bodies("RequestCancelWorkflowExecution")).isEmpty();
      DescribeWorkflowExecutionResponse untouched = swf.describeWorkflowExecution(r -> r.domain("payments")
          .execution(e -> e.workflowId("order-4712").runId(later)));
      assertThat(untouched.executionInfo().executionStatusAsString()).isEqualTo("OPEN");
    }
  }

  /** The JSON body of every request a client sends, by operation, as it goes on the wire. */
  private static final class WireLog implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
    private final List<Map.Entry<String, String>> sent = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public void beforeTransmission(software.amazon.awssdk.core.interceptor.Context.BeforeTransmission context,
        software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
      String operation = attributes.getAttribute(software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME);
      String body = context.requestBody().map(requestBody -> {
        try (java.io.InputStream in = requestBody.contentStreamProvider().newStream()) {
          return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).orElse("");
      sent.add(Map.entry(operation, body));
    }

    List<com.fasterxml.jackson.databind.JsonNode> bodies(String operation) throws Exception {
      List<com.fasterxml.jackson.databind.JsonNode> bodies = new ArrayList<>();
      for (Map.Entry<String, String> request : List.copyOf(sent)) {
        if (request.getKey().equals(operation)) {
          bodies.add(new ObjectMapper().readTree(request.getValue()));
        }
      }
      return bodies;
    }
  }

  /** The decider: takes the decision task waiting on the task list and answers it. */
  private static void decide(String taskList, Decision decision) {
    PollForDecisionTaskResponse task = swf.pollForDecisionTask(r -> r.domain("payments")
        .taskList(t -> t.name(taskList)).identity("test-decider"));
    assertThat(task.taskToken()).as("a decision task is waiting on %s", taskList).isNotBlank();
    swf.respondDecisionTaskCompleted(r -> r.taskToken(task.taskToken()).decisions(decision)
        .executionContext(Map.of("by", "test").toString()));
  }
}
