package io.wflaunch.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ConfigurationException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.chaos.ChaosHttpClient;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.chaos.Fault;
import io.wflaunch.testkit.chaos.StartAudit;
import io.wflaunch.testkit.glue.GlueChaos;
import io.wflaunch.testkit.moto.MotoServerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.WorkflowRun;

/**
 * Exactly-once starts on the wire: scripted sequences of faults, then an audit of many starts, the real
 * SDK client over a chaos layer in front of moto. In the audit, about 30%
 * of requests are faulted (answers dropped after Glue acted, 502s after it acted, 500s and throttling
 * before it acted, resets, answers held past the SDK's attempt timeout) and Glue's listing lagging two
 * reads. Every key is started twice; keyless starts carry a {@code call} parameter so that their runs
 * can be counted. Sizes: {@code -Dwflaunch.chaos.keys} and {@code -Dwflaunch.chaos.keyless}.
 */
class GlueChaosMotoTest {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static final int WORKFLOWS = 20;
  private static final String KEY_PROPERTY = GlueOptions.DEFAULT_IDEMPOTENCY_PROPERTY;

  private static final WorkflowTarget ETL = WorkflowTarget.of("glue", "etl");

  /** A launcher over a chaos client with {@code plan}, and a plain client to read what moto holds. */
  private record Wire(GlueClient direct, GlueClient chaotic, WorkflowLauncher launcher) implements AutoCloseable {
    static Wire over(ChaosPlan plan) {
      Wire wire = over(plan, StartPolicy.DEFAULT.withoutPauses(), null);
      try {
        wire.direct().createWorkflow(r -> r.name("etl"));
      } catch (RuntimeException e) {
        wire.close();
        throw e;
      }
      return wire;
    }

    /** A fresh moto; the chaos client gives up an attempt after {@code attemptTimeout} when one is set. */
    static Wire over(ChaosPlan plan, StartPolicy policy, Duration attemptTimeout) {
      MOTO.reset();
      GlueClient direct = GlueMoto.direct(MOTO);
      GlueClient chaotic = GlueMoto.chaotic(MOTO, plan, attemptTimeout);
      // A start's requests carry the policy's request timeout in place of the client's own.
      StartPolicy timed = attemptTimeout == null ? policy : policy.toBuilder().requestTimeout(attemptTimeout).build();
      return new Wire(direct, chaotic,
          WorkflowLauncher.builder().backend(GlueBackend.create(chaotic)).startPolicy(timed).build());
    }

    List<WorkflowRun> runs() {
      return direct.getWorkflowRuns(r -> r.name("etl").maxResults(1000)).runs();
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
    plan.script("StartWorkflowRun", Fault.DROP_RESPONSE);
    try (Wire wire = Wire.over(plan)) {
      RunHandle handle = wire.launcher().start(StartRunRequest.builder(ETL).parameter("date", "2026-11-24").build());

      assertThat(wire.runs()).singleElement().satisfies(run -> assertThat(run.workflowRunId()).isEqualTo(handle.runId()));
      assertThat(plan.log().count("StartWorkflowRun")).as("the SDK did not send it again").isEqualTo(1);
    }
  }

  @Test
  void aDroppedAnswerThenThrottlingStillReturnsTheRunThatWasStarted() {
    ChaosPlan plan = ChaosPlan.none();
    plan.script("StartWorkflowRun", Fault.DROP_RESPONSE, Fault.THROTTLE, Fault.THROTTLE);
    try (Wire wire = Wire.over(plan)) {
      RunHandle handle = wire.launcher().start(StartRunRequest.builder(ETL).build());

      assertThat(wire.runs()).singleElement().satisfies(run -> assertThat(run.workflowRunId()).isEqualTo(handle.runId()));
    }
  }

  @Test
  void aLookUpThatKeepsFailingIsNotAStartAndSaysSo() {
    ChaosPlan plan = ChaosPlan.none();
    plan.script("GetWorkflowRuns", Fault.SERVER_ERROR, Fault.SERVER_ERROR, Fault.SERVER_ERROR, Fault.SERVER_ERROR,
        Fault.SERVER_ERROR);
    try (Wire wire = Wire.over(plan)) {
      assertThatThrownBy(() -> wire.launcher().start(StartRunRequest.builder(ETL).idempotencyKey("k").build()))
          .isInstanceOfSatisfying(BackendUnavailableException.class, e -> {
            assertThat(e.outcomeUnknown()).isFalse();
            assertThat(e.getMessage()).doesNotContain("may have taken effect");
          });
      assertThat(plan.log().count("StartWorkflowRun")).isZero();
      assertThat(wire.runs()).isEmpty();
    }
  }

  @Test
  void aRepeatedKeyedStartWhileTheListingLagsFindsTheFirstRun() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(3).build();
    try (Wire wire = Wire.over(plan)) {
      RunHandle first = wire.launcher().start(StartRunRequest.builder(ETL).idempotencyKey("nightly").build());
      RunHandle again = wire.launcher().start(StartRunRequest.builder(ETL).idempotencyKey("nightly").build());

      assertThat(again).isEqualTo(first);
      assertThat(wire.runs()).hasSize(1);
    }
  }

  @Test
  void withoutCredentialsNothingIsSentAndTheErrorSaysWhatToSet() {
    ChaosPlan plan = ChaosPlan.none();
    try (GlueClient unconfigured = GlueClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(ProfileCredentialsProvider.builder().profileName("no-such-profile")
                .profileFile(ProfileFile.builder().content(Path.of("/dev/null")).type(ProfileFile.Type.CREDENTIALS).build())
                .build())
            .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, GlueChaos.PROFILE)).build();
         WorkflowLauncher launcher = WorkflowLauncher.builder().backend(GlueBackend.create(unconfigured)).build()) {

      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(ETL).build()))
          .isInstanceOfSatisfying(ConfigurationException.class, e -> {
            assertThat(e.setting()).isEqualTo("profile");
            assertThat(e.retryable()).isFalse();
            assertThat(e.outcomeUnknown()).isFalse();
            assertThat(e.getMessage()).contains("'no-such-profile'").doesNotContain("\n");
          });
      assertThatThrownBy(() -> launcher.awaitCompletion(RunHandle.of("glue", "etl", "wr_1"), WaitOptions.DEFAULT))
          .as("a wait fails at once instead of polling until its deadline").isInstanceOf(ConfigurationException.class);
      assertThat(plan.log().size()).isZero();
    }
  }

  @Test
  void everyStartHappensOnceAndEveryFailureTellsTheTruth() throws Exception {
    ChaosPlan plan = StartAudit.standardPlan();
    try (Wire wire = Wire.over(plan, StartAudit.standardPolicy(), Duration.ofMillis(300))) {
      for (int i = 0; i < WORKFLOWS; i++) {
        String name = StartAudit.workflowName(i);
        wire.direct().createWorkflow(r -> r.name(name));
      }

      StartAudit.Report report = StartAudit.builder(wire.launcher(), plan.log())
          .request((group, keyed) -> {
            StartRunRequest.Builder request =
                StartRunRequest.builder(WorkflowTarget.of("glue", StartAudit.workflowOf(group, WORKFLOWS)));
            return keyed ? request.idempotencyKey(group).build() : request.parameter("call", group).build();
          })
          .census(() -> census(wire.direct()))
          .starts("StartWorkflowRun", (entry, group) -> entry.requestBody().contains("\"" + group + "\""))
          .build()
          .run();

      System.out.println("Glue on moto, exactly-once audit: " + report);
      report.assertClean();
    }
  }

  @Test
  void asyncStartsOverTheNonBlockingClientHappenOnceAndTellTheTruthToo() throws Exception {
    ChaosPlan plan = StartAudit.standardPlan();
    MOTO.reset();
    try (GlueClient direct = GlueMoto.direct(MOTO);
         GlueAsyncClient chaotic = GlueMoto.chaoticAsync(MOTO, plan, NettyNioAsyncHttpClient.create())
            .overrideConfiguration(o -> o.apiCallAttemptTimeout(Duration.ofMillis(300))).build();
         WorkflowLauncher launcher = WorkflowLauncher.builder().backend(GlueBackend.create(direct, chaotic))
            .startPolicy(StartAudit.standardPolicy()).build()) {
      for (int i = 0; i < WORKFLOWS; i++) {
        String name = StartAudit.workflowName(i);
        direct.createWorkflow(r -> r.name(name));
      }

      StartAudit.Report report = StartAudit.builder(launcher, plan.log())
          .async(true)
          .calls(Integer.getInteger("wflaunch.chaos.keys", 400) / 4, Integer.getInteger("wflaunch.chaos.keyless", 400) / 4)
          .request((group, keyed) -> {
            StartRunRequest.Builder request =
                StartRunRequest.builder(WorkflowTarget.of("glue", StartAudit.workflowOf(group, WORKFLOWS)));
            return keyed ? request.idempotencyKey(group).build() : request.parameter("call", group).build();
          })
          .census(() -> census(direct))
          .starts("StartWorkflowRun", (entry, group) -> entry.requestBody().contains("\"" + group + "\""))
          .build()
          .run();

      System.out.println("Glue on moto, async, exactly-once audit: " + report);
      report.assertClean();
    }
  }

  /** Every run moto holds, by the key or call it carries. */
  private static Map<String, Set<RunHandle>> census(GlueClient direct) {
    Map<String, Set<RunHandle>> byGroup = new HashMap<>();
    for (int i = 0; i < WORKFLOWS; i++) {
      String name = StartAudit.workflowName(i);
      for (WorkflowRun run : direct.getWorkflowRunsPaginator(r -> r.name(name).maxResults(1000)).runs()) {
        Map<String, String> properties = run.workflowRunProperties();
        String key = properties.get(KEY_PROPERTY);
        String group = key != null && key.startsWith("key-") ? key : properties.get("call");
        byGroup.computeIfAbsent(group, g -> new HashSet<>()).add(RunHandle.of("glue", name, run.workflowRunId()));
      }
    }
    return byGroup;
  }
}
