package io.wflaunch.swf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ConflictException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.chaos.ChaosHttpClient;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.chaos.Fault;
import io.wflaunch.testkit.chaos.StartAudit;
import io.wflaunch.testkit.moto.MotoServerExtension;
import io.wflaunch.testkit.swf.SwfChaos;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;

/**
 * Exactly-once starts on the wire: scripted sequences of faults, then an audit of many starts, the real
 * SDK client over a chaos layer in front of moto. In the audit, about 30% of requests are faulted (answers dropped after SWF acted, 502s after it acted, 500s and throttling
 * before it acted, resets, answers held past the SDK's timeout) and the execution listings
 * lagging two reads. Every key is started twice (it becomes the workflowId); keyless starts carry a
 * {@code call-...} tag so that their executions can be counted. Sizes: {@code -Dwflaunch.chaos.keys}
 * and {@code -Dwflaunch.chaos.keyless}.
 */
class SwfChaosMotoTest {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  /** moto ignores list filters, so every look-up reads its whole domain: many small domains keep them cheap. */
  private static final int DOMAINS = 40;

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
  private static final WorkflowTarget SETTLE = WorkflowTarget.of("swf", "payments", "Settle", "1");
  private static final WorkflowTarget REFUND = WorkflowTarget.of("swf", "payments", "Refund", "1");

  /** A launcher over a chaos client with {@code plan}, and a plain client to read what moto holds. */
  private record Wire(SwfClient direct, SwfClient chaotic, WorkflowLauncher launcher) implements AutoCloseable {
    static Wire over(ChaosPlan plan) {
      Wire wire = over(plan, StartPolicy.DEFAULT.withoutPauses(), null);
      try {
        wire.register("payments", "Settle", "Refund");
      } catch (RuntimeException e) {
        wire.close();
        throw e;
      }
      return wire;
    }

    /** A fresh moto; the chaos client gives up an attempt after {@code attemptTimeout} when one is set. */
    static Wire over(ChaosPlan plan, StartPolicy policy, Duration attemptTimeout) {
      MOTO.reset();
      SwfClient direct = SwfClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
          .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
      SwfClient chaotic = SwfClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
          .credentialsProvider(CREDENTIALS)
          .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, SwfChaos.PROFILE))
          .overrideConfiguration(o -> o.apiCallAttemptTimeout(attemptTimeout)).build();
      return new Wire(direct, chaotic,
          WorkflowLauncher.builder().backend(SwfBackend.create(chaotic)).startPolicy(policy).build());
    }

    /** Registers a domain and workflow types of version 1 in it. */
    void register(String domain, String... types) {
      direct.registerDomain(r -> r.name(domain).workflowExecutionRetentionPeriodInDays("1"));
      for (String type : types) {
        direct.registerWorkflowType(r -> r.domain(domain).name(type).version("1")
            .defaultTaskList(t -> t.name("deciders")).defaultExecutionStartToCloseTimeout("3600")
            .defaultTaskStartToCloseTimeout("60").defaultChildPolicy(ChildPolicy.TERMINATE));
      }
    }

    List<WorkflowExecutionInfo> executions() {
      return direct.listOpenWorkflowExecutions(r -> r.domain("payments")
          .startTimeFilter(f -> f.oldestDate(Instant.EPOCH))).executionInfos();
    }

    @Override
    public void close() {
      launcher.close();
      chaotic.close();
      direct.close();
    }
  }

  @Test
  void aKeylessStartWhoseAnswerIsDroppedIsFoundNotSentAgainByTheSdk() {
    ChaosPlan plan = ChaosPlan.none();
    plan.script("StartWorkflowExecution", Fault.DROP_RESPONSE);
    try (Wire wire = Wire.over(plan)) {
      RunHandle handle = wire.launcher().start(StartRunRequest.builder(SETTLE).build());

      assertThat(wire.executions()).singleElement()
          .satisfies(info -> assertThat(info.execution().runId()).isEqualTo(handle.runId()));
      assertThat(plan.log().count("StartWorkflowExecution")).as("the SDK did not send it again").isEqualTo(1);
    }
  }

  @Test
  void aDroppedAnswerThenThrottlingStillReturnsTheExecutionThatWasStarted() {
    ChaosPlan plan = ChaosPlan.none();
    plan.script("StartWorkflowExecution", Fault.DROP_RESPONSE, Fault.THROTTLE, Fault.THROTTLE);
    try (Wire wire = Wire.over(plan)) {
      RunHandle handle = wire.launcher().start(StartRunRequest.builder(SETTLE).idempotencyKey("settle-4711").build());

      assertThat(wire.executions()).singleElement()
          .satisfies(info -> assertThat(info.execution().runId()).isEqualTo(handle.runId()));
    }
  }

  @Test
  void aRepeatedKeyedStartWhileTheListingLagsReturnsTheOpenExecutionNotAConflict() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(3).build();
    try (Wire wire = Wire.over(plan)) {
      RunHandle first = wire.launcher().start(StartRunRequest.builder(SETTLE).idempotencyKey("settle-4711").build());
      RunHandle again = wire.launcher().start(StartRunRequest.builder(SETTLE).idempotencyKey("settle-4711").build());

      assertThat(again).isEqualTo(first);
      assertThat(wire.executions()).hasSize(1);
    }
  }

  @Test
  void aKeyUsedForAnotherWorkflowTypeIsAConflictNamingItsRun() {
    try (Wire wire = Wire.over(ChaosPlan.none())) {
      RunHandle settle = wire.launcher().start(StartRunRequest.builder(SETTLE).idempotencyKey("order-4711").build());

      assertThatThrownBy(() -> wire.launcher().start(StartRunRequest.builder(REFUND).idempotencyKey("order-4711").build()))
          .isInstanceOfSatisfying(ConflictException.class, e -> {
            assertThat(e.getMessage()).contains(settle.toString()).contains("'Settle'");
            assertThat(e.outcomeUnknown()).isFalse();
          });
      assertThat(wire.executions()).hasSize(1);
    }
  }

  @Test
  void listingsThatKeepFailingAreNotAStartAndSaySo() {
    ChaosPlan plan = ChaosPlan.none();
    plan.script("ListOpenWorkflowExecutions", Fault.SERVER_ERROR, Fault.SERVER_ERROR, Fault.SERVER_ERROR,
        Fault.SERVER_ERROR, Fault.SERVER_ERROR);
    try (Wire wire = Wire.over(plan)) {
      assertThatThrownBy(() -> wire.launcher().start(StartRunRequest.builder(SETTLE).idempotencyKey("k").build()))
          .isInstanceOfSatisfying(BackendUnavailableException.class, e -> assertThat(e.outcomeUnknown()).isFalse());
      assertThat(plan.log().count("StartWorkflowExecution")).isZero();
    }
  }

  @Test
  void everyStartHappensOnceAndEveryFailureTellsTheTruth() throws Exception {
    ChaosPlan plan = StartAudit.standardPlan();
    try (Wire wire = Wire.over(plan, auditPolicy(), Duration.ofMillis(300))) {
      for (int i = 0; i < DOMAINS; i++) {
        wire.register(StartAudit.workflowName(i), "Settle");
      }

      StartAudit.Report report = StartAudit.builder(wire.launcher(), plan.log())
          .request((group, keyed) -> {
            StartRunRequest.Builder request = StartRunRequest.builder(
                WorkflowTarget.of("swf", StartAudit.workflowOf(group, DOMAINS), "Settle", "1"));
            return keyed ? request.idempotencyKey(group).build()
                : request.options(SwfOptions.builder().tag(group).build()).build();
          })
          .census(() -> census(wire.direct()))
          .starts("StartWorkflowExecution", (entry, group) -> entry.requestBody().contains("\"" + group + "\""))
          .build()
          .run();

      System.out.println("SWF on moto, exactly-once audit: " + report);
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

  /** Every execution moto holds, open or closed, by the key (its workflowId) or the call tag it carries. */
  private static Map<String, Set<RunHandle>> census(SwfClient direct) {
    Map<String, Set<RunHandle>> byGroup = new HashMap<>();
    for (int i = 0; i < DOMAINS; i++) {
      String domain = StartAudit.workflowName(i);
      List<WorkflowExecutionInfo> infos = new ArrayList<>();
      direct.listOpenWorkflowExecutionsPaginator(r -> r.domain(domain).startTimeFilter(f -> f.oldestDate(Instant.EPOCH)))
          .executionInfos().forEach(infos::add);
      direct.listClosedWorkflowExecutionsPaginator(r -> r.domain(domain).startTimeFilter(f -> f.oldestDate(Instant.EPOCH)))
          .executionInfos().forEach(infos::add);
      for (WorkflowExecutionInfo info : infos) {
        String workflowId = info.execution().workflowId();
        String group = workflowId.startsWith("key-") ? workflowId
            : info.tagList().stream().filter(tag -> tag.startsWith("call-")).findFirst().orElse(workflowId);
        byGroup.computeIfAbsent(group, g -> new HashSet<>())
            .add(RunHandle.of("swf", domain, workflowId, info.execution().runId()));
      }
    }
    return byGroup;
  }
}
