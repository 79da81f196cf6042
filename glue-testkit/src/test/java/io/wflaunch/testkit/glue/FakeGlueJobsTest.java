package io.wflaunch.testkit.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.glue.model.BatchStopJobRunResponse;
import software.amazon.awssdk.services.glue.model.ConcurrentRunsExceededException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetJobRunsResponse;
import software.amazon.awssdk.services.glue.model.IllegalWorkflowStateException;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;
import software.amazon.awssdk.services.glue.model.WorkflowRun;
import software.amazon.awssdk.services.glue.model.WorkflowRunStatus;

/** The Glue fake's jobs, job runs and resumed workflow runs behave like Glue's. */
class FakeGlueJobsTest {

  private static final Duration RUN = Duration.ofMinutes(5);

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeGlueClient glue = FakeGlueClient.create(time.clock());

  private String start(String job) {
    return glue.startJobRun(r -> r.jobName(job)).jobRunId();
  }

  private JobRun get(String job, String runId) {
    return glue.getJobRun(r -> r.jobName(job).runId(runId)).jobRun();
  }

  @Test
  void runsStartThenRunThenEndAsScripted() {
    glue.addJob("ok", null, GlueJobScript.succeedsAfter(RUN));
    glue.addJob("bad", null, GlueJobScript.failsAfter(RUN, "IllegalArgumentException"));
    glue.addJob("err", null, GlueJobScript.endsAfter(RUN, GlueJobScript.End.ERROR, "out of memory"));
    glue.addJob("slow", null, GlueJobScript.endsAfter(RUN, GlueJobScript.End.TIMEOUT, "timed out"));
    String ok = start("ok");
    String bad = start("bad");
    String err = start("err");
    String slow = start("slow");

    assertThat(get("ok", ok).jobRunState()).isEqualTo(JobRunState.STARTING);
    time.advanceBy(Duration.ofSeconds(1));
    assertThat(get("ok", ok).jobRunState()).isEqualTo(JobRunState.RUNNING);
    time.advanceBy(RUN);

    assertThat(get("ok", ok).jobRunState()).isEqualTo(JobRunState.SUCCEEDED);
    assertThat(get("ok", ok).completedOn()).isEqualTo(time.now());
    assertThat(get("ok", ok).errorMessage()).isNull();
    assertThat(get("bad", bad).jobRunState()).isEqualTo(JobRunState.FAILED);
    assertThat(get("bad", bad).errorMessage()).isEqualTo("IllegalArgumentException");
    assertThat(get("err", err).jobRunState()).isEqualTo(JobRunState.ERROR);
    assertThat(get("slow", slow).jobRunState()).isEqualTo(JobRunState.TIMEOUT);
    assertThat(get("ok", ok).attempt()).isZero();
    assertThat(ok).matches("jr_[0-9a-f]{64}");
  }

  @Test
  void aRetryWithJobRunIdIsANewRunLinkedToTheFirstAndFollowsTheNextScript() {
    glue.addJob("j", null, GlueJobScript.failsAfter(RUN, "boom"), GlueJobScript.succeedsAfter(RUN));
    String first = start("j");

    assertThatThrownBy(() -> glue.startJobRun(r -> r.jobName("j").jobRunId(first)))
        .as("a run still going cannot be retried").isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> glue.startJobRun(r -> r.jobName("j").jobRunId("jr_" + "0".repeat(64))))
        .isInstanceOf(EntityNotFoundException.class);
    time.advanceBy(RUN.plusSeconds(1));
    String retry = glue.startJobRun(r -> r.jobName("j").jobRunId(first)).jobRunId();
    time.advanceBy(RUN.plusSeconds(1));

    assertThat(retry).isNotEqualTo(first);
    assertThat(get("j", retry).previousRunId()).isEqualTo(first);
    assertThat(get("j", retry).jobRunState()).isEqualTo(JobRunState.SUCCEEDED);
    assertThat(get("j", first).previousRunId()).isNull();
  }

  @Test
  void getJobRunsPagesNewestFirstAndLagsAsConfigured() {
    glue.addJob("j", null, GlueJobScript.runsUntilStopped());
    String a = start("j");
    time.advanceBy(Duration.ofSeconds(1));
    String b = start("j");
    time.advanceBy(Duration.ofSeconds(1));
    String c = start("j");

    GetJobRunsResponse first = glue.getJobRuns(r -> r.jobName("j").maxResults(2));
    GetJobRunsResponse second = glue.getJobRuns(r -> r.jobName("j").maxResults(2).nextToken(first.nextToken()));

    assertThat(first.jobRuns()).extracting(JobRun::id).containsExactly(c, b);
    assertThat(second.jobRuns()).extracting(JobRun::id).containsExactly(a);
    assertThat(second.nextToken()).isNull();
    assertThatThrownBy(() -> glue.getJobRuns(r -> r.jobName("j").maxResults(201))).isInstanceOf(InvalidInputException.class);

    glue.listingLag(2);
    String d = start("j");
    assertThat(glue.getJobRuns(r -> r.jobName("j")).jobRuns()).extracting(JobRun::id).doesNotContain(d);
    assertThat(glue.getJobRuns(r -> r.jobName("j")).jobRuns()).extracting(JobRun::id).doesNotContain(d);
    assertThat(glue.getJobRuns(r -> r.jobName("j")).jobRuns()).extracting(JobRun::id).startsWith(d);
    assertThat(get("j", d).id()).as("GetJobRun sees it at once").isEqualTo(d);
  }

  @Test
  void maxConcurrentRunsIsEnforced() {
    glue.addJob("one", 1, GlueJobScript.succeedsAfter(RUN));
    start("one");

    assertThatThrownBy(() -> start("one")).isInstanceOfSatisfying(ConcurrentRunsExceededException.class,
        e -> assertThat(((AwsServiceException) e).awsErrorDetails().errorCode()).isEqualTo("ConcurrentRunsExceededException"));
    time.advanceBy(RUN.plusSeconds(1));
    start("one");
    assertThat(glue.jobRunsOf("one")).hasSize(2);
  }

  @Test
  void batchStopStopsRunningRunsAndReportsTheOthersAsErrors() {
    glue.addJob("j", null, GlueJobScript.runsUntilStopped()).stopDelay(Duration.ofSeconds(10));
    String running = start("j");

    BatchStopJobRunResponse answer = glue.batchStopJobRun(r -> r.jobName("j").jobRunIds(running, "jr_missing"));

    assertThat(answer.successfulSubmissions()).singleElement().satisfies(s -> assertThat(s.jobRunId()).isEqualTo(running));
    assertThat(answer.errors()).singleElement().satisfies(e -> {
      assertThat(e.jobRunId()).isEqualTo("jr_missing");
      assertThat(e.errorDetail().errorCode()).isEqualTo("EntityNotFoundException");
    });
    assertThat(get("j", running).jobRunState()).isEqualTo(JobRunState.STOPPING);
    time.advanceBy(Duration.ofSeconds(10));
    assertThat(get("j", running).jobRunState()).isEqualTo(JobRunState.STOPPED);
    assertThat(glue.batchStopJobRun(r -> r.jobName("j").jobRunIds(running)).errors())
        .singleElement().satisfies(e -> assertThat(e.errorDetail().errorCode()).isEqualTo("InvalidInputException"));
  }

  @Test
  void theModelsRulesAreChecked() {
    glue.addJob("j", null, GlueJobScript.runsUntilStopped());

    assertThatThrownBy(() -> glue.startJobRun(r -> r.jobName("j").numberOfWorkers(0))).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> glue.startJobRun(r -> r.jobName("j").timeout(0))).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> glue.startJobRun(r -> r.jobName("bad\u0001"))).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> glue.startJobRun(r -> r.jobName("missing"))).isInstanceOf(EntityNotFoundException.class);
    assertThat(glue.jobRunsOf("j")).isEmpty();
  }

  @Test
  void aLostStartAnswerLeavesTheRun() {
    glue.addJob("j", null, GlueJobScript.runsUntilStopped());
    glue.loseNextStartResponses(1);

    assertThatThrownBy(() -> start("j")).isInstanceOf(SdkClientException.class);
    assertThat(glue.jobRunsOf("j")).hasSize(1);
  }

  @Test
  void argumentsAreTheJobsDefaultsThenTheRequests() {
    glue.createJob(r -> r.name("created").role("r").command(c -> c.name("glueetl"))
        .defaultArguments(Map.of("--env", "test")).executionProperty(p -> p.maxConcurrentRuns(3)));
    String id = glue.startJobRun(r -> r.jobName("created").arguments(Map.of("--date", "d")).workerType("G.1X")
        .numberOfWorkers(2)).jobRunId();

    assertThat(get("created", id).arguments()).containsEntry("--env", "test").containsEntry("--date", "d");
    assertThat(get("created", id).workerTypeAsString()).isEqualTo("G.1X");
    assertThat(get("created", id).numberOfWorkers()).isEqualTo(2);
    assertThat(glue.listJobs(r -> r.maxResults(10)).jobNames()).containsExactly("created");
  }

  @Test
  void aCompletedWorkflowRunIsResumedFromNodesThatRanAsANewLinkedRun() {
    glue.addWorkflow("w", GlueRunScript.completesWithFailedActionsAfter(RUN, 3, 1));
    String first = glue.startWorkflowRun(r -> r.name("w").runProperties(Map.of("date", "d"))).runId();

    assertThatThrownBy(() -> glue.resumeWorkflowRun(r -> r.name("w").runId(first).nodeIds("wnode_1")))
        .as("a running run").isInstanceOf(IllegalWorkflowStateException.class);
    time.advanceBy(RUN);
    WorkflowRun done = glue.getWorkflowRun(r -> r.name("w").runId(first).includeGraph(true)).run();
    assertThat(done.graph().nodes()).extracting(n -> n.jobDetails().jobRuns().get(0).jobRunState())
        .containsExactly(JobRunState.FAILED, JobRunState.SUCCEEDED, JobRunState.SUCCEEDED);
    assertThat(glue.getWorkflowRun(r -> r.name("w").runId(first)).run().graph()).as("no graph unless asked").isNull();
    assertThatThrownBy(() -> glue.resumeWorkflowRun(r -> r.name("w").runId(first).nodeIds("wnode_9")))
        .isInstanceOf(InvalidInputException.class);

    String resumed = glue.resumeWorkflowRun(r -> r.name("w").runId(first).nodeIds("wnode_1")).runId();

    WorkflowRun run = glue.getWorkflowRun(r -> r.name("w").runId(resumed)).run();
    assertThat(resumed).isNotEqualTo(first);
    assertThat(run.previousRunId()).isEqualTo(first);
    assertThat(run.status()).isEqualTo(WorkflowRunStatus.RUNNING);
    assertThat(run.workflowRunProperties()).containsEntry("date", "d");
    assertThat(glue.runsOf("w")).extracting(WorkflowRun::workflowRunId).containsExactly(first, resumed);
    assertThat(List.of(glue.getWorkflowRuns(r -> r.name("w")).runs().get(0).workflowRunId())).containsExactly(resumed);
  }
}
