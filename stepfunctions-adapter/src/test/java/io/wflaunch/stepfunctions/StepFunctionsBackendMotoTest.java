package io.wflaunch.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.ConflictException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.moto.MotoServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * The real SDK over HTTP against a real moto server. State machines are created and executions read
 * back with plain SDK calls; everything else goes through wflaunch. moto keeps executions RUNNING
 * until they are stopped, records no error or cause on a stop, and treats Express state machines as
 * Standard ones; those cases are covered by the fake-based tests instead.
 */
class StepFunctionsBackendMotoTest {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  static final String ROLE = "arn:aws:iam::123456789012:role/sfn";
  static final String DEFINITION = "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Pass\",\"End\":true}}}";
  private static final WorkflowTarget ORDERS = WorkflowTarget.of("sfn", "orders");

  private static SfnClient sfn;
  private static SfnAsyncClient asyncSfn;
  private final ObjectMapper json = new ObjectMapper();
  private String ordersArn;
  private WorkflowLauncher launcher;

  @BeforeAll
  static void clients() {
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    sfn = SfnClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    asyncSfn = SfnAsyncClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials).build();
  }

  @AfterAll
  static void closeClients() {
    sfn.close();
    asyncSfn.close();
  }

  @BeforeEach
  void setUp() {
    MOTO.reset();
    ordersArn = sfn.createStateMachine(r -> r.name("orders").roleArn(ROLE).definition(DEFINITION)).stateMachineArn();
    launcher = WorkflowLauncher.builder().backend(StepFunctionsBackend.create(sfn, asyncSfn)).build();
  }

  @AfterEach
  void tearDown() {
    launcher.close();
  }

  private List<ExecutionListItem> executions() {
    return sfn.listExecutions(r -> r.stateMachineArn(ordersArn)).executions();
  }

  @Test
  void aStartByNameSendsTheKeyAsNameAndTheParametersAsOrderedJson() throws Exception {
    RunHandle handle = launcher.start(StartRunRequest.builder(ORDERS).idempotencyKey("order-4711")
        .parameter("zeta", "1").parameter("alpha", "two").build());

    String executionArn = launcher.backend("sfn", StepFunctionsBackend.class).executionArn(handle);
    DescribeExecutionResponse execution = sfn.describeExecution(r -> r.executionArn(executionArn));
    assertThat(execution.name()).isEqualTo("order-4711");
    assertThat(execution.stateMachineArn()).isEqualTo(ordersArn);
    assertThat(execution.input()).isEqualTo("{\"zeta\":\"1\",\"alpha\":\"two\"}");
    assertThat(json.readValue(execution.input(), Map.class)).isEqualTo(Map.of("zeta", "1", "alpha", "two"));
    assertThat(executionArn).isEqualTo(execution.executionArn());
    assertThat(handle).hasToString("sfn:orders/order-4711");
    assertThat(RunHandle.parse(handle.toString())).isEqualTo(handle);
    RunStatus status = launcher.getRun(handle);
    assertThat(status.state()).isEqualTo(RunState.RUNNING);
    assertThat(status.maskedDetails()).contains("input");
  }

  @Test
  void aRepeatedKeyReturnsTheSameExecutionWhileItRunsAndAfterItClosed() {
    StartRunRequest request = StartRunRequest.builder(WorkflowTarget.of("sfn", ordersArn)).idempotencyKey("nightly")
        .parameter("day", "2026-11-24").build();

    RunHandle first = launcher.start(request);
    RunHandle again = launcher.start(request);
    launcher.stop(first);
    RunHandle afterStop = launcher.start(request);

    assertThat(again).isEqualTo(first);
    assertThat(afterStop).isEqualTo(first);
    assertThat(executions()).hasSize(1);
    assertThat(launcher.getRun(first).state()).isEqualTo(RunState.CANCELLED);
  }

  @Test
  void aKeyReusedWithOtherInputIsAConflictAndStartsNothing() {
    launcher.start(StartRunRequest.builder(ORDERS).idempotencyKey("order-1").parameter("amount", "10").build());

    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(ORDERS).idempotencyKey("order-1")
        .parameter("amount", "99").build()))
        .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.outcomeUnknown()).isFalse())
        .hasMessageContaining("other input");
    assertThat(executions()).hasSize(1);
  }

  @Test
  void aLongKeyBecomesAHashedNameThatFindsItsExecutionAgain() {
    String key = "tenant=acme; order=4711; attempt=1; " + "x".repeat(80);

    RunHandle first = launcher.start(StartRunRequest.builder(ORDERS).idempotencyKey(key).build());
    RunHandle again = launcher.start(StartRunRequest.builder(ORDERS).idempotencyKey(key).build());

    assertThat(again).isEqualTo(first);
    assertThat(executions()).singleElement().satisfies(e -> assertThat(e.name()).matches("wfl-[0-9a-f]{60}"));
  }

  @Test
  void rawInputGoesAsItIsAndKeylessStartsEachStartOne() {
    RunHandle a = launcher.start(StartRunRequest.builder(ORDERS).input("[1, {\"b\": null}]").build());
    RunHandle b = launcher.start(StartRunRequest.builder(ORDERS).input("[1, {\"b\": null}]").build());

    assertThat(a).isNotEqualTo(b);
    String executionArn = launcher.backend("sfn", StepFunctionsBackend.class).executionArn(a);
    assertThat(sfn.describeExecution(r -> r.executionArn(executionArn)).input()).isEqualTo("[1, {\"b\": null}]");
    assertThat(executions()).hasSize(2);
  }

  @Test
  void getRunsAndListRunsReadWhatIsThere() {
    RunHandle a = launcher.start(StartRunRequest.builder(ORDERS).idempotencyKey("a").build());
    RunHandle b = launcher.start(StartRunRequest.builder(ORDERS).idempotencyKey("b").build());
    RunHandle c = launcher.start(StartRunRequest.builder(ORDERS).idempotencyKey("c").build());
    launcher.stop(b);

    List<RunStatus> statuses = launcher.getRuns(List.of(a, b, c));
    List<RunStatus> newest = launcher.listRuns(ORDERS, 2);

    assertThat(statuses).extracting(RunStatus::handle).containsExactly(a, b, c);
    assertThat(statuses).extracting(RunStatus::state).containsExactly(RunState.RUNNING, RunState.CANCELLED, RunState.RUNNING);
    assertThat(newest).extracting(RunStatus::handle).containsExactly(c, b);
  }

  @Test
  void missingThingsAreNamedAsMissing() {
    String goneArn = ordersArn.replace(":orders", ":gone");

    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(WorkflowTarget.of("sfn", "gone")).build()))
        .isInstanceOf(WorkflowNotFoundException.class).hasMessageContaining("no state machine named 'gone'");
    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(WorkflowTarget.of("sfn", goneArn)).build()))
        .isInstanceOfSatisfying(WorkflowNotFoundException.class, e -> assertThat(e.outcomeUnknown()).isFalse());
    assertThatThrownBy(() -> launcher.getRun(RunHandle.of("sfn", ordersArn.replace(":stateMachine:", ":execution:")
        + ":never"))).isInstanceOf(RunNotFoundException.class);
    assertThat(executions()).isEmpty();
  }

  @Test
  void theAsyncClientStartsReadsAndStops() {
    RunHandle handle = launcher.startAsync(StartRunRequest.builder(ORDERS).idempotencyKey("async-1").build()).join();
    assertThat(launcher.getRunAsync(handle).join().state()).isEqualTo(RunState.RUNNING);

    launcher.stopAsync(handle).join();

    assertThat(launcher.getRunAsync(handle).join().state()).isEqualTo(RunState.CANCELLED);
    assertThat(launcher.startAsync(StartRunRequest.builder(ORDERS).idempotencyKey("async-1").build()).join())
        .isEqualTo(handle);
  }
  /**
   * Short handles on the real service: after one listing shows the account, their ARNs are built (no
   * further ListStateMachines, even with no cache), and a handle of a state machine that is not there is
   * found missing by one more listing after DescribeExecution and ListExecutions do not show it.
   */
  @Test
  void shortHandlesAreReadThroughTheAccountOneListingShowedAndAMissingStateMachineIsARunNotFound() {
    io.wflaunch.testkit.chaos.RequestRecorder recorder = new io.wflaunch.testkit.chaos.RequestRecorder();
    try (SfnClient recorded = SfnClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build();
        WorkflowLauncher uncached = WorkflowLauncher.builder()
            .backend(StepFunctionsBackend.builder(recorded).nameCacheTtl(Duration.ZERO).build()).build()) {
      RunHandle first = launcher.start(StartRunRequest.builder(ORDERS).idempotencyKey("order-1").build());
      RunHandle second = launcher.start(StartRunRequest.builder(ORDERS).idempotencyKey("order-2").build());

      assertThat(uncached.getRun(first).state()).isEqualTo(RunState.RUNNING);
      assertThat(uncached.getRuns(List.of(first, second))).extracting(RunStatus::handle).containsExactly(first, second);
      uncached.stop(second);
      RunHandle missing = RunHandle.of("sfn", "returns", "r-1");
      assertThatThrownBy(() -> uncached.getRun(missing)).isInstanceOf(RunNotFoundException.class)
          .hasMessageContaining("no state machine named 'returns' in this account and region");

      assertThat(recorder.sent()).extracting(io.wflaunch.testkit.chaos.RequestRecorder.Sent::operation)
          .filteredOn("ListStateMachines"::equals).as("the first read's listing and the missing one's").hasSize(2);
      assertThat(uncached.backend("sfn", StepFunctionsBackend.class).executionArn(first))
          .isEqualTo(ordersArn.replace(":stateMachine:", ":execution:") + ":order-1");
    }
  }
}
