package io.wflaunch.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.BackendUnavailableException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.stepfunctions.internal.SfnRules;
import io.wflaunch.testkit.chaos.ChaosAsyncHttpClient;
import io.wflaunch.testkit.chaos.ChaosHttpClient;
import io.wflaunch.testkit.chaos.ChaosLog;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.chaos.Fault;
import io.wflaunch.testkit.chaos.StartAudit;
import io.wflaunch.testkit.moto.MotoServerExtension;
import io.wflaunch.testkit.sfn.SfnChaos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * Exactly-once starts on the wire: scripted sequences of faults, then an audit of many starts, the real
 * SDK client over a chaos layer in front of moto's Step Functions. In the audit about 30% of requests
 * are faulted (answers dropped after the service acted, 502s after it acted, 500s and throttling before
 * it acted, resets, answers held past the SDK's timeout), and a new execution stays invisible to
 * ListExecutions and DescribeExecution for two reads, as Step Functions documents DescribeExecution as
 * eventually consistent. Every key is started twice; keyless starts carry a {@code call} parameter so
 * that their executions can be counted. Sizes: {@code -Dwflaunch.chaos.keys} and
 * {@code -Dwflaunch.chaos.keyless}.
 */
class StepFunctionsChaosMotoTest {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static final int STATE_MACHINES = 20;
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
  private static final WorkflowTarget ORDERS = WorkflowTarget.of("sfn", "orders");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A launcher over a chaos client with {@code plan}, and a plain client to read what moto holds. */
  private record Wire(SfnClient direct, SfnClient chaotic, WorkflowLauncher launcher) implements AutoCloseable {
    static Wire over(ChaosPlan plan) {
      Wire wire = over(plan, StartPolicy.DEFAULT.withoutPauses(), null);
      try {
        createStateMachine(wire.direct(), "orders");
      } catch (RuntimeException e) {
        wire.close();
        throw e;
      }
      return wire;
    }

    /** A fresh moto; the chaos client gives up an attempt after {@code attemptTimeout} when one is set. */
    static Wire over(ChaosPlan plan, StartPolicy policy, Duration attemptTimeout) {
      MOTO.reset();
      SfnClient direct = directClient();
      SfnClient chaotic = SfnClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
          .credentialsProvider(CREDENTIALS)
          .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, SfnChaos.PROFILE))
          .overrideConfiguration(o -> o.apiCallAttemptTimeout(attemptTimeout)).build();
      return new Wire(direct, chaotic,
          WorkflowLauncher.builder().backend(StepFunctionsBackend.create(chaotic)).startPolicy(policy).build());
    }

    List<ExecutionListItem> executions() {
      return direct.listExecutionsPaginator(r -> r.stateMachineArn(arnOf("orders"))).executions().stream().toList();
    }

    @Override
    public void close() {
      launcher.close();
      chaotic.close();
      direct.close();
    }
  }

  private static SfnClient directClient() {
    return SfnClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  private static void createStateMachine(SfnClient sfn, String name) {
    sfn.createStateMachine(r -> r.name(name).roleArn(StepFunctionsBackendMotoTest.ROLE)
        .definition(StepFunctionsBackendMotoTest.DEFINITION));
  }

  private static String arnOf(String stateMachine) {
    return "arn:aws:states:us-east-1:123456789012:stateMachine:" + stateMachine;
  }

  @Test
  void aKeylessStartWhoseAnswerIsDroppedIsFoundWithOneDescribeAndNotSentAgain() {
    ChaosPlan plan = ChaosPlan.none();
    plan.script("StartExecution", Fault.DROP_RESPONSE);
    try (Wire wire = Wire.over(plan)) {
      RunHandle handle = wire.launcher().start(StartRunRequest.builder(ORDERS).parameter("day", "2026-11-24").build());

      assertThat(wire.executions()).singleElement()
          .satisfies(execution -> assertThat(handle).isEqualTo(SfnRules.handleOf("sfn", ORDERS, execution.executionArn())));
      assertThat(plan.log().count("StartExecution")).as("the SDK did not send it again").isEqualTo(1);
      assertThat(plan.log().count("DescribeExecution")).isEqualTo(1);
    }
  }

  @Test
  void aDroppedAnswerWhileDescribeLagsIsSentAgainAndTheServiceAnswersWithTheSameExecution() {
    // Longer than the start policy's five look-ups: the settling reads prove nothing and the start is
    // sent again, with the same name and input, which Step Functions answers with the open execution.
    ChaosPlan plan = ChaosPlan.builder().listingLag(6).build();
    plan.script("StartExecution", Fault.DROP_RESPONSE);
    try (Wire wire = Wire.over(plan)) {
      RunHandle handle = wire.launcher().start(StartRunRequest.builder(ORDERS).idempotencyKey("order-4711").build());

      assertThat(wire.executions()).singleElement()
          .satisfies(execution -> assertThat(handle).isEqualTo(SfnRules.handleOf("sfn", ORDERS, execution.executionArn())));
      assertThat(plan.log().count("StartExecution")).isEqualTo(2);
      assertThat(plan.log().entries("DescribeExecution")).as("the look before the start, then the settling reads")
          .hasSize(1 + StartPolicy.DEFAULT.lookUps())
          .filteredOn(ChaosLog.Entry::answeredAsHidden).hasSize(StartPolicy.DEFAULT.lookUps());
    }
  }

  @Test
  void aDroppedAnswerThenThrottlingStillReturnsTheExecutionThatWasStarted() {
    ChaosPlan plan = ChaosPlan.none();
    plan.script("StartExecution", Fault.DROP_RESPONSE, Fault.THROTTLE, Fault.THROTTLE);
    plan.script("DescribeExecution", Fault.THROTTLE);
    try (Wire wire = Wire.over(plan)) {
      RunHandle handle = wire.launcher().start(StartRunRequest.builder(ORDERS).build());

      assertThat(wire.executions()).singleElement()
          .satisfies(execution -> assertThat(handle).isEqualTo(SfnRules.handleOf("sfn", ORDERS, execution.executionArn())));
    }
  }

  @Test
  void aKeyRepeatedAfterItsExecutionClosedReturnsItWhileDescribeLags() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(2).build();
    try (Wire wire = Wire.over(plan)) {
      RunHandle first = wire.launcher().start(StartRunRequest.builder(ORDERS).idempotencyKey("nightly").build());
      wire.direct().stopExecution(r -> r.executionArn(wire.launcher().backend("sfn", StepFunctionsBackend.class)
          .executionArn(first)));

      RunHandle again = wire.launcher().start(StartRunRequest.builder(ORDERS).idempotencyKey("nightly").build());

      assertThat(again).isEqualTo(first);
      assertThat(wire.executions()).hasSize(1);
    }
  }

  @Test
  void aLookUpThatKeepsFailingIsNotAStartAndSaysSo() {
    ChaosPlan plan = ChaosPlan.none();
    plan.script("DescribeExecution", Fault.SERVER_ERROR, Fault.SERVER_ERROR, Fault.SERVER_ERROR, Fault.SERVER_ERROR,
        Fault.SERVER_ERROR);
    try (Wire wire = Wire.over(plan)) {
      assertThatThrownBy(() -> wire.launcher().start(StartRunRequest.builder(ORDERS).idempotencyKey("k").build()))
          .isInstanceOfSatisfying(BackendUnavailableException.class, e -> {
            assertThat(e.outcomeUnknown()).isFalse();
            assertThat(e.getMessage()).doesNotContain("may have taken effect");
          });
      assertThat(plan.log().count("StartExecution")).isZero();
      assertThat(wire.executions()).isEmpty();
    }
  }

  @Test
  void everyStartHappensOnceAndEveryFailureTellsTheTruth() throws Exception {
    ChaosPlan plan = StartAudit.standardPlan();
    try (Wire wire = Wire.over(plan, auditPolicy(), Duration.ofMillis(300))) {
      createStateMachines(wire.direct());

      StartAudit.Report report = StartAudit.builder(wire.launcher(), plan.log())
          .request(StepFunctionsChaosMotoTest::request)
          .census(() -> census(wire.direct()))
          .starts("StartExecution", StepFunctionsChaosMotoTest::startOf)
          .build()
          .run();

      System.out.println("Step Functions on moto, exactly-once audit: " + report);
      report.assertClean();
    }
  }

  @Test
  void asyncStartsOverTheNonBlockingClientHappenOnceAndTellTheTruthToo() throws Exception {
    ChaosPlan plan = StartAudit.standardPlan();
    MOTO.reset();
    try (SfnClient direct = directClient();
         SfnAsyncClient chaotic = SfnAsyncClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClient(ChaosAsyncHttpClient.wrap(NettyNioAsyncHttpClient.create(), plan, SfnChaos.PROFILE))
            .overrideConfiguration(o -> o.apiCallAttemptTimeout(Duration.ofMillis(300))).build();
         WorkflowLauncher launcher = WorkflowLauncher.builder().backend(StepFunctionsBackend.create(direct, chaotic))
            .startPolicy(auditPolicy()).build()) {
      createStateMachines(direct);

      StartAudit.Report report = StartAudit.builder(launcher, plan.log())
          .async(true)
          .calls(Integer.getInteger("wflaunch.chaos.keys", 400) / 4, Integer.getInteger("wflaunch.chaos.keyless", 400) / 4)
          .request(StepFunctionsChaosMotoTest::request)
          .census(() -> census(direct))
          .starts("StartExecution", StepFunctionsChaosMotoTest::startOf)
          .build()
          .run();

      System.out.println("Step Functions on moto, async, exactly-once audit: " + report);
      report.assertClean();
    }
  }

  /**
   * The audit's policy with a request timeout of 300 ms: a start's requests carry the policy's timeout,
   * which takes the place of the client's own, so that the plan's delayed answers (500 ms) time out.
   */
  private static StartPolicy auditPolicy() {
    return StartAudit.standardPolicy().toBuilder().requestTimeout(Duration.ofMillis(300)).build();
  }

  private static void createStateMachines(SfnClient direct) {
    for (int i = 0; i < STATE_MACHINES; i++) {
      createStateMachine(direct, StartAudit.workflowName(i));
    }
  }

  /** A key is an execution name; a keyless call carries its group in the input. */
  private static StartRunRequest request(String group, boolean keyed) {
    StartRunRequest.Builder request =
        StartRunRequest.builder(WorkflowTarget.of("sfn", StartAudit.workflowOf(group, STATE_MACHINES)));
    return keyed ? request.idempotencyKey(group).build() : request.parameter("call", group).build();
  }

  /** Whether a StartExecution request is one of {@code group}'s: its name, or its input's call. */
  private static boolean startOf(ChaosLog.Entry entry, String group) {
    return entry.requestBody().contains("\"name\":\"" + group + "\"")
        || entry.requestBody().contains("\\\"call\\\":\\\"" + group + "\\\"");
  }

  /** Every execution moto holds, by its name (a key) or the call in its input. */
  private static Map<String, Set<RunHandle>> census(SfnClient direct) {
    Map<String, Set<RunHandle>> byGroup = new HashMap<>();
    for (int i = 0; i < STATE_MACHINES; i++) {
      String arn = arnOf(StartAudit.workflowName(i));
      for (ExecutionListItem execution : direct.listExecutionsPaginator(r -> r.stateMachineArn(arn)).executions()) {
        String group = execution.name().startsWith("key-") ? execution.name() : callOf(direct, execution);
        byGroup.computeIfAbsent(group, g -> new HashSet<>()).add(SfnRules.handleOf("sfn",
            WorkflowTarget.of("sfn", StartAudit.workflowName(i)), execution.executionArn()));
      }
    }
    return byGroup;
  }

  private static String callOf(SfnClient direct, ExecutionListItem execution) {
    try {
      JsonNode input = JSON.readTree(direct.describeExecution(r -> r.executionArn(execution.executionArn())).input());
      return input.path("call").asText(execution.name());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
