package io.wflaunch.glue;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.chaos.ChaosHttpClient;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.chaos.Fault;
import io.wflaunch.testkit.chaos.StartAudit;
import io.wflaunch.testkit.glue.FakeGlueClient;
import io.wflaunch.testkit.glue.GlueChaos;
import io.wflaunch.testkit.glue.GlueJobScript;
import io.wflaunch.testkit.glue.GlueRunScript;
import io.wflaunch.testkit.glue.LocalGlueServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * Retry over the real SDK and HTTP against the project's local Glue server (moto has no
 * ResumeWorkflowRun and ends every job run SUCCEEDED at once): what goes on the wire, then an audit of
 * retries of failed job and workflow runs through the chaos layer, about 30% of requests faulted and the
 * listings lagging, counted on the server: no run re-run twice, no re-run lost, no untrue outcome flag.
 */
class GlueRetryWireTest {

  private static final Duration RUN = Duration.ofMinutes(5);
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  private final VirtualScheduler time = new VirtualScheduler();

  private static GlueClient client(LocalGlueServer server, ChaosPlan plan, Duration attemptTimeout) {
    return GlueClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, GlueChaos.PROFILE))
        .overrideConfiguration(o -> o.apiCallAttemptTimeout(attemptTimeout)).build();
  }

  @Test
  void aJobRunIsRetriedWithItsIdAndArgumentsOnTheWire() {
    try (LocalGlueServer server = LocalGlueServer.start(FakeGlueClient.create(time.clock()));
         GlueClient glue = client(server, ChaosPlan.none(), null);
         WorkflowLauncher launcher = WorkflowLauncher.builder()
             .backend(GlueJobBackend.builder(glue).clock(time.clock()).build()).build()) {
      server.fake().addJob("nightly", null, GlueJobScript.failsAfter(RUN, "boom"), GlueJobScript.succeedsAfter(RUN));
      RunHandle failed = launcher.start(StartRunRequest.builder(WorkflowTarget.of("gluejob", "nightly"))
          .parameter("--date", "2026-11-23").options(GlueJobOptions.builder().workerType("G.2X").numberOfWorkers(7)
              .timeoutMinutes(600).securityConfiguration("kms-enc").build()).build());
      time.advanceBy(RUN.plusMinutes(1));
      assertThat(launcher.getRun(failed).state()).isEqualTo(RunState.FAILED);
      int before = server.requests().size();

      RunHandle rerun = launcher.retry(failed);

      List<String> sent = server.requests().subList(before, server.requests().size()).stream()
          .map(r -> r.header("X-Amz-Target")).toList();
      // The run, its re-runs (none), the re-run, and the listing again until it shows the re-run.
      assertThat(sent).containsExactly("AWSGlue.GetJobRun", "AWSGlue.GetJobRuns", "AWSGlue.StartJobRun",
          "AWSGlue.GetJobRuns");
      String body = server.requests().get(server.requests().size() - 2).body();
      assertThat(body).contains("\"JobRunId\":\"" + failed.runId() + "\"").contains("\"--date\":\"2026-11-23\"")
          .as("capacity, timeout and security come from the job's definition as it is now")
          .doesNotContain("WorkerType", "NumberOfWorkers", "Timeout", "SecurityConfiguration", "MaxCapacity");
      assertThat(launcher.getRun(rerun).details()).containsEntry("previousRunId", failed.runId());
      time.advanceBy(RUN.plusMinutes(1));
      assertThat(launcher.getRun(rerun).state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(launcher.retry(failed)).isEqualTo(rerun);
      assertThat(server.count("StartJobRun")).isEqualTo(2);
    }
  }

  @Test
  void aWorkflowRunIsResumedFromItsFailedNodesOnTheWire() {
    try (LocalGlueServer server = LocalGlueServer.start(FakeGlueClient.create(time.clock()));
         GlueClient glue = client(server, ChaosPlan.none(), null);
         WorkflowLauncher launcher = WorkflowLauncher.builder()
             .backend(GlueBackend.builder(glue).clock(time.clock()).build()).build()) {
      server.fake().addWorkflow("etl", GlueRunScript.completesWithFailedActionsAfter(RUN, 4, 2));
      RunHandle failed = launcher.start(StartRunRequest.builder(WorkflowTarget.of("glue", "etl"))
          .parameter("date", "2026-11-23").build());
      time.advanceBy(RUN.plusMinutes(1));
      assertThat(launcher.getRun(failed).state()).isEqualTo(RunState.FAILED);

      RunHandle resumed = launcher.retry(failed);

      String body = server.requests().get(server.requests().size() - 2).body();
      assertThat(server.requests().get(server.requests().size() - 2).header("X-Amz-Target"))
          .isEqualTo("AWSGlue.ResumeWorkflowRun");
      assertThat(server.requests().get(server.requests().size() - 1).header("X-Amz-Target"))
          .as("the listing read until it shows the re-run").isEqualTo("AWSGlue.GetWorkflowRuns");
      assertThat(body).contains("\"RunId\":\"" + failed.runId() + "\"").contains("\"NodeIds\":[\"wnode_1\",\"wnode_2\"]");
      assertThat(resumed).isNotEqualTo(failed);
      assertThat(launcher.getRun(resumed).details()).containsEntry("previousRunId", failed.runId())
          .containsEntry("runProperties.date", "2026-11-23");
      assertThat(launcher.retry(failed)).isEqualTo(resumed);
      assertThat(server.count("ResumeWorkflowRun")).isEqualTo(1);
    }
  }

  @Test
  void aStopGoesOutAsBatchStopJobRunOnTheWire() {
    try (LocalGlueServer server = LocalGlueServer.start(FakeGlueClient.create(time.clock()));
         GlueClient glue = client(server, ChaosPlan.none(), null);
         WorkflowLauncher launcher = WorkflowLauncher.builder()
             .backend(GlueJobBackend.builder(glue).clock(time.clock()).build()).build()) {
      server.fake().addJob("forever", null, GlueJobScript.runsUntilStopped());
      RunHandle handle = launcher.start(StartRunRequest.builder(WorkflowTarget.of("gluejob", "forever")).build());

      launcher.stop(handle);

      assertThat(server.requests().get(server.requests().size() - 1).body())
          .isEqualTo("{\"JobName\":\"forever\",\"JobRunIds\":[\"" + handle.runId() + "\"]}");
      assertThat(launcher.getRun(handle).state()).isEqualTo(RunState.STOPPING);
    }
  }

  @Test
  void aDroppedResumeAnswerIsFoundNotSentAgain() {
    ChaosPlan plan = ChaosPlan.none();
    plan.script("ResumeWorkflowRun", Fault.DROP_RESPONSE);
    resumesOnce(plan);
  }

  @Test
  void aRetryReadsTheLaggingListingUntilItShowsTheReRunSoThatTheNextRetryFindsIt() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(2).build();
    try (LocalGlueServer server = LocalGlueServer.start(FakeGlueClient.create(time.clock()));
         GlueClient glue = client(server, plan, null);
         WorkflowLauncher launcher = WorkflowLauncher.builder()
             .backend(GlueBackend.builder(glue).clock(time.clock()).retryPolicy(StartPolicy.DEFAULT.withoutPauses())
                 .build())
             .backend(GlueJobBackend.builder(glue).clock(time.clock()).retryPolicy(StartPolicy.DEFAULT.withoutPauses())
                 .build()).build()) {
      server.fake().addWorkflow("etl", GlueRunScript.completesWithFailedActionsAfter(RUN, 4, 1));
      server.fake().addJob("nightly", null, GlueJobScript.failsAfter(RUN, "boom"));
      RunHandle workflowRun = RunHandle.of("glue", "etl", server.fake().startWorkflowRun(r -> r.name("etl")).runId());
      RunHandle jobRun = RunHandle.of("gluejob", "nightly",
          server.fake().startJobRun(r -> r.jobName("nightly")).jobRunId());
      time.advanceBy(RUN.plusMinutes(1));

      RunHandle resumed = launcher.retry(workflowRun);
      RunHandle rerun = launcher.retry(jobRun);

      assertThat(launcher.retry(workflowRun)).as("found by the next retry").isEqualTo(resumed);
      assertThat(launcher.retry(jobRun)).as("found by the next retry").isEqualTo(rerun);
      assertThat(plan.log().count("ResumeWorkflowRun")).isEqualTo(1);
      assertThat(plan.log().count("StartJobRun")).isEqualTo(1);
      assertThat(server.fake().runsOf("etl")).hasSize(2);
      assertThat(server.fake().jobRunsOf("nightly")).hasSize(2);
    }
  }

  @Test
  void aReRunTheListingKeepsHidingIsStillTheAnswerAfterTheLookUpsReads() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(20).build();
    resumesOnce(plan);
    assertThat(plan.log().count("GetWorkflowRuns")).as("one look-up before the resume, lookUps reads after it")
        .isEqualTo(1 + StartPolicy.DEFAULT.lookUps());
  }

  /** A failed workflow run retried once under {@code plan} is resumed once, the resumed run the answer. */
  private void resumesOnce(ChaosPlan plan) {
    try (LocalGlueServer server = LocalGlueServer.start(FakeGlueClient.create(time.clock()));
         GlueClient glue = client(server, plan, null);
         WorkflowLauncher launcher = WorkflowLauncher.builder().backend(GlueBackend.builder(glue).clock(time.clock())
             .retryPolicy(StartPolicy.DEFAULT.withoutPauses()).build()).build()) {
      server.fake().addWorkflow("etl", GlueRunScript.completesWithFailedActionsAfter(RUN, 4, 1));
      String runId = server.fake().startWorkflowRun(r -> r.name("etl")).runId();
      time.advanceBy(RUN.plusMinutes(1));

      RunHandle resumed = launcher.retry(RunHandle.of("glue", "etl", runId));

      assertThat(server.fake().runsOf("etl")).hasSize(2);
      assertThat(server.fake().runsOf("etl").get(1).workflowRunId()).isEqualTo(resumed.runId());
      assertThat(plan.log().count("ResumeWorkflowRun")).isEqualTo(1);
    }
  }

  /**
   * Each failed run (jobs and workflows, over 20 jobs and 10 workflows) is retried twice, in two rounds
   * of calls on 16 threads; the server's runs are counted after each round.
   */
  @Test
  void everyRetryHappensOnceAndEveryFailureTellsTheTruth() throws Exception {
    ChaosPlan plan = StartAudit.standardPlan();
    Duration timeout = Duration.ofMillis(300);
    StartPolicy policy = StartAudit.standardPolicy();
    int jobRuns = Integer.getInteger("wflaunch.chaos.retries", 300);
    try (LocalGlueServer server = LocalGlueServer.start(FakeGlueClient.create(time.clock()));
         GlueClient glue = client(server, plan, timeout);
         WorkflowLauncher launcher = WorkflowLauncher.builder()
             .backend(GlueJobBackend.builder(glue).clock(time.clock()).retryPolicy(policy).build())
             .backend(GlueBackend.builder(glue).clock(time.clock()).retryPolicy(policy).build()).build()) {
      FakeGlueClient fake = server.fake();
      List<RunHandle> failed = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        fake.addJob("job-" + i, null, GlueJobScript.failsAfter(RUN, "boom"));
      }
      for (int i = 0; i < 10; i++) {
        fake.addWorkflow("workflow-" + i, GlueRunScript.completesWithFailedActionsAfter(RUN, 3, 1));
      }
      for (int i = 0; i < jobRuns; i++) {
        String job = "job-" + (i % 20);
        failed.add(RunHandle.of("gluejob", job, fake.startJobRun(r -> r.jobName(job)).jobRunId()));
      }
      for (int i = 0; i < jobRuns / 2; i++) {
        String workflow = "workflow-" + (i % 10);
        failed.add(RunHandle.of("glue", workflow, fake.startWorkflowRun(r -> r.name(workflow)).runId()));
      }
      time.advanceBy(RUN.plusMinutes(1));

      Audit audit = new Audit();
      Map<RunHandle, Set<String>> before = reRuns(fake, failed);
      for (int round = 1; round <= 2; round++) {
        Map<RunHandle, Object> answers = round(launcher, failed);
        Map<RunHandle, Set<String>> after = reRuns(fake, failed);
        audit.check(answers, before, after);
        before = after;
      }
      int requests = plan.log().entries().size();
      long faulted = plan.log().entries().stream().filter(e -> e.fault() != Fault.NONE).count();
      System.out.printf("Glue retries on the local server, exactly-once audit: %,d retries of %,d failed runs -> "
              + "%,d handles, %,d failed (%,d with outcome unknown) %s%n%,d requests on the wire %s, %,d faulted "
              + "(%.1f%%)%n%,d re-runs; duplicates %d, lost %d, untruthful outcome flags %d%n",
          2 * failed.size(), failed.size(), audit.handles, audit.failures, audit.unknown, audit.kinds, requests,
          plan.log().entries().stream().collect(Collectors.groupingBy(e -> e.operation(), TreeMap::new,
              Collectors.counting())), faulted, 100.0 * faulted / requests,
          before.values().stream().mapToInt(Set::size).sum(), audit.duplicates.size(), audit.lost.size(),
          audit.untruthful.size());
      assertThat(audit.duplicates).as("runs re-run more than once").isEmpty();
      assertThat(audit.lost).as("handles returned that are no re-run of their run").isEmpty();
      assertThat(audit.untruthful).as("failures that said nothing happened while a re-run was begun").isEmpty();
      assertThat(faulted).as("faulted requests").isGreaterThan(requests / 5);
      assertThat(audit.handles).as("most retries answered").isGreaterThan(failed.size());
    }
  }

  /** What the rounds found. */
  private static final class Audit {
    int handles;
    int failures;
    int unknown;
    final Map<String, Integer> kinds = new TreeMap<>();
    final List<String> duplicates = new ArrayList<>();
    final List<String> lost = new ArrayList<>();
    final List<String> untruthful = new ArrayList<>();

    void check(Map<RunHandle, Object> answers, Map<RunHandle, Set<String>> before, Map<RunHandle, Set<String>> after) {
      answers.forEach((run, answer) -> {
        Set<String> reRuns = after.get(run);
        if (reRuns.size() > 1) {
          duplicates.add(run + " -> " + reRuns);
        }
        boolean begunNow = reRuns.size() > before.get(run).size();
        if (answer instanceof RunHandle handle) {
          handles++;
          if (!reRuns.contains(handle.runId())) {
            lost.add(run + " answered " + handle + ", re-runs " + reRuns);
          }
        } else {
          failures++;
          WorkflowLaunchException failure = (WorkflowLaunchException) answer;
          kinds.merge(failure.getClass().getSimpleName() + (failure.outcomeUnknown() ? " (outcome unknown)" : ""), 1,
              Integer::sum);
          if (failure.outcomeUnknown()) {
            unknown++;
          } else if (begunNow) {
            untruthful.add(run + " failed with no outcome unknown but was re-run: " + failure.getMessage());
          }
        }
      });
    }
  }

  private static Map<RunHandle, Object> round(WorkflowLauncher launcher, List<RunHandle> failed) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      Map<RunHandle, Future<Object>> calls = new HashMap<>();
      for (RunHandle run : failed) {
        calls.put(run, pool.submit(() -> {
          try {
            return launcher.retry(run);
          } catch (WorkflowLaunchException e) {
            return e;
          }
        }));
      }
      Map<RunHandle, Object> answers = new HashMap<>();
      for (Map.Entry<RunHandle, Future<Object>> call : calls.entrySet()) {
        answers.put(call.getKey(), call.getValue().get());
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Each failed run's re-runs, as the server holds them. */
  private static Map<RunHandle, Set<String>> reRuns(FakeGlueClient fake, List<RunHandle> failed) {
    Map<String, Set<String>> byPrevious = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      fake.jobRunsOf("job-" + i).stream().filter(run -> run.previousRunId() != null)
          .forEach(run -> byPrevious.computeIfAbsent(run.previousRunId(), p -> new java.util.HashSet<>()).add(run.id()));
    }
    for (int i = 0; i < 10; i++) {
      fake.runsOf("workflow-" + i).stream().filter(run -> run.previousRunId() != null)
          .forEach(run -> byPrevious.computeIfAbsent(run.previousRunId(), p -> new java.util.HashSet<>())
              .add(run.workflowRunId()));
    }
    Map<RunHandle, Set<String>> reRuns = new HashMap<>();
    failed.forEach(run -> reRuns.put(run, byPrevious.getOrDefault(run.runId(), Set.of())));
    return reRuns;
  }
}
