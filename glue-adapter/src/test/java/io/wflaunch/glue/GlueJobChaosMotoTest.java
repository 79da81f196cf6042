package io.wflaunch.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.chaos.Fault;
import io.wflaunch.testkit.chaos.StartAudit;
import io.wflaunch.testkit.moto.MotoServerExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.JobRun;

/**
 * Exactly-once Glue job starts on the wire: the real SDK client over the chaos layer in front of moto,
 * scripted sequences of faults, then an audit of many starts with about 30% of requests faulted and
 * GetJobRuns lagging two reads. Every key is started twice; keyless starts carry a {@code --call}
 * argument so that their runs can be counted. Sizes: {@code -Dwflaunch.chaos.keys} and
 * {@code -Dwflaunch.chaos.keyless}.
 */
class GlueJobChaosMotoTest {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static final int JOBS = 20;
  private static final WorkflowTarget ETL = WorkflowTarget.of("gluejob", "etl");

  private record Wire(GlueClient direct, GlueClient chaotic, WorkflowLauncher launcher) implements AutoCloseable {
    static Wire over(ChaosPlan plan, StartPolicy policy, Duration attemptTimeout) {
      MOTO.reset();
      GlueClient direct = GlueMoto.direct(MOTO);
      GlueClient chaotic = GlueMoto.chaotic(MOTO, plan, attemptTimeout);
      StartPolicy timed = attemptTimeout == null ? policy : policy.toBuilder().requestTimeout(attemptTimeout).build();
      GlueJobBackendMotoTest.createJob(direct, "etl");
      return new Wire(direct, chaotic,
          WorkflowLauncher.builder().backend(GlueJobBackend.create(chaotic)).startPolicy(timed).build());
    }

    List<JobRun> runs() {
      return direct.getJobRuns(r -> r.jobName("etl").maxResults(200)).jobRuns();
    }

    @Override
    public void close() {
      launcher.close();
      chaotic.close();
      direct.close();
    }
  }

  @Test
  void aKeylessStartWhoseAnswerIsDroppedIsFoundNotSentAgain() {
    ChaosPlan plan = ChaosPlan.none();
    plan.script("StartJobRun", Fault.DROP_RESPONSE);
    try (Wire wire = Wire.over(plan, StartPolicy.DEFAULT.withoutPauses(), null)) {
      RunHandle handle = wire.launcher().start(StartRunRequest.builder(ETL).parameter("--date", "2026-11-24").build());

      assertThat(wire.runs()).singleElement().satisfies(run -> assertThat(run.id()).isEqualTo(handle.runId()));
      assertThat(plan.log().count("StartJobRun")).isEqualTo(1);
    }
  }

  @Test
  void aDroppedAnswerThenThrottlingStillReturnsTheRunThatWasStarted() {
    ChaosPlan plan = ChaosPlan.none();
    plan.script("StartJobRun", Fault.DROP_RESPONSE, Fault.THROTTLE, Fault.THROTTLE);
    try (Wire wire = Wire.over(plan, StartPolicy.DEFAULT.withoutPauses(), null)) {
      RunHandle handle = wire.launcher().start(StartRunRequest.builder(ETL).build());

      assertThat(wire.runs()).singleElement().satisfies(run -> assertThat(run.id()).isEqualTo(handle.runId()));
    }
  }

  @Test
  void aLookUpThatKeepsFailingIsNotAStartAndSaysSo() {
    ChaosPlan plan = ChaosPlan.none();
    plan.script("GetJobRuns", Fault.SERVER_ERROR, Fault.SERVER_ERROR, Fault.SERVER_ERROR, Fault.SERVER_ERROR,
        Fault.SERVER_ERROR);
    try (Wire wire = Wire.over(plan, StartPolicy.DEFAULT.withoutPauses(), null)) {
      assertThatThrownBy(() -> wire.launcher().start(StartRunRequest.builder(ETL).idempotencyKey("k").build()))
          .isInstanceOfSatisfying(BackendUnavailableException.class, e -> assertThat(e.outcomeUnknown()).isFalse());
      assertThat(plan.log().count("StartJobRun")).isZero();
      assertThat(wire.runs()).isEmpty();
    }
  }

  @Test
  void aRepeatedKeyedStartWhileTheListingLagsFindsTheFirstRun() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(3).build();
    try (Wire wire = Wire.over(plan, StartPolicy.DEFAULT.withoutPauses(), null)) {
      RunHandle first = wire.launcher().start(StartRunRequest.builder(ETL).idempotencyKey("nightly").build());
      RunHandle again = wire.launcher().start(StartRunRequest.builder(ETL).idempotencyKey("nightly").build());

      assertThat(again).isEqualTo(first);
      assertThat(wire.runs()).hasSize(1);
    }
  }

  @Test
  void everyStartHappensOnceAndEveryFailureTellsTheTruth() throws Exception {
    ChaosPlan plan = StartAudit.standardPlan();
    try (Wire wire = Wire.over(plan, StartAudit.standardPolicy(), Duration.ofMillis(300))) {
      for (int i = 0; i < JOBS; i++) {
        GlueJobBackendMotoTest.createJob(wire.direct(), StartAudit.workflowName(i));
      }

      // 300 and 300 rather than the audits' 400 and 400: moto reads a job's runs more slowly than a
      // workflow's, and the class stays within a minute on two cores.
      StartAudit.Report report = StartAudit.builder(wire.launcher(), plan.log())
          .calls(Integer.getInteger("wflaunch.chaos.keys", 300), Integer.getInteger("wflaunch.chaos.keyless", 300))
          .request(GlueJobChaosMotoTest::request)
          .census(() -> census(wire.direct()))
          .starts("StartJobRun", (entry, group) -> entry.requestBody().contains("\"" + group + "\""))
          .build()
          .run();

      System.out.println("Glue jobs on moto, exactly-once audit: " + report);
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
         WorkflowLauncher launcher = WorkflowLauncher.builder().backend(GlueJobBackend.create(direct, chaotic))
            .startPolicy(StartAudit.standardPolicy()).build()) {
      for (int i = 0; i < JOBS; i++) {
        GlueJobBackendMotoTest.createJob(direct, StartAudit.workflowName(i));
      }

      StartAudit.Report report = StartAudit.builder(launcher, plan.log())
          .async(true)
          .calls(Integer.getInteger("wflaunch.chaos.keys", 400) / 4, Integer.getInteger("wflaunch.chaos.keyless", 400) / 4)
          .request(GlueJobChaosMotoTest::request)
          .census(() -> census(direct))
          .starts("StartJobRun", (entry, group) -> entry.requestBody().contains("\"" + group + "\""))
          .build()
          .run();

      System.out.println("Glue jobs on moto, async, exactly-once audit: " + report);
      report.assertClean();
    }
  }

  private static StartRunRequest request(String group, boolean keyed) {
    StartRunRequest.Builder request =
        StartRunRequest.builder(WorkflowTarget.of("gluejob", StartAudit.workflowOf(group, JOBS)));
    return keyed ? request.idempotencyKey(group).build() : request.parameter("--call", group).build();
  }

  /** Every run moto holds, by the key or call it carries. */
  private static Map<String, Set<RunHandle>> census(GlueClient direct) {
    Map<String, Set<RunHandle>> byGroup = new HashMap<>();
    for (int i = 0; i < JOBS; i++) {
      String name = StartAudit.workflowName(i);
      for (JobRun run : direct.getJobRunsPaginator(r -> r.jobName(name).maxResults(200)).jobRuns()) {
        Map<String, String> arguments = run.arguments();
        String key = arguments.get(GlueJobOptions.DEFAULT_IDEMPOTENCY_ARGUMENT);
        String group = key != null && key.startsWith("key-") ? key : arguments.get("--call");
        byGroup.computeIfAbsent(group, g -> new HashSet<>()).add(RunHandle.of("gluejob", name, run.id()));
      }
    }
    return byGroup;
  }
}
