package io.wflaunch.glue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.glue.model.CrawlState;
import software.amazon.awssdk.services.glue.model.Crawl;
import software.amazon.awssdk.services.glue.model.CrawlerNodeDetails;
import software.amazon.awssdk.services.glue.model.JobNodeDetails;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;
import software.amazon.awssdk.services.glue.model.Node;
import software.amazon.awssdk.services.glue.model.WorkflowGraph;
import software.amazon.awssdk.services.glue.model.WorkflowRun;

class GlueJobStatusesTest {

  private static final RunHandle HANDLE = RunHandle.of("gluejob", "etl", "jr_1");
  private static final Map<JobRunState, RunState> EXPECTED = new EnumMap<>(JobRunState.class);

  static {
    EXPECTED.put(JobRunState.STARTING, RunState.PENDING);
    EXPECTED.put(JobRunState.WAITING, RunState.PENDING);
    EXPECTED.put(JobRunState.RUNNING, RunState.RUNNING);
    EXPECTED.put(JobRunState.STOPPING, RunState.STOPPING);
    EXPECTED.put(JobRunState.STOPPED, RunState.CANCELLED);
    EXPECTED.put(JobRunState.SUCCEEDED, RunState.SUCCEEDED);
    EXPECTED.put(JobRunState.FAILED, RunState.FAILED);
    EXPECTED.put(JobRunState.ERROR, RunState.FAILED);
    EXPECTED.put(JobRunState.TIMEOUT, RunState.TIMED_OUT);
    EXPECTED.put(JobRunState.EXPIRED, RunState.SKIPPED);
    EXPECTED.put(JobRunState.UNKNOWN_TO_SDK_VERSION, RunState.UNKNOWN);
  }

  @ParameterizedTest
  @EnumSource(JobRunState.class)
  void everyJobRunStateHasItsState(JobRunState state) {
    assertThat(EXPECTED).as("the table names every SDK value").containsKey(state);

    assertThat(GlueJobStatuses.stateOf(state)).isEqualTo(EXPECTED.get(state));
    assertThat(GlueJobStatuses.toStatus(HANDLE, JobRun.builder().id("jr_1").jobRunState(state).build()).state())
        .isEqualTo(EXPECTED.get(state));
  }

  @Test
  void aStateTheSdkDoesNotKnowIsUnknownAndKeptRaw() {
    RunStatus status = GlueJobStatuses.toStatus(HANDLE, JobRun.builder().jobRunState("PAUSED").build());

    assertThat(status.state()).isEqualTo(RunState.UNKNOWN);
    assertThat(status.rawStatus()).isEqualTo("PAUSED");
    assertThat(GlueJobStatuses.stateOf(null)).isEqualTo(RunState.UNKNOWN);
    assertThat(GlueJobStatuses.toStatus(HANDLE, JobRun.builder().build()).rawStatus()).isEmpty();
  }

  @Test
  void theErrorMessageIsAMaskedDetailAndTheReasonOnlySaysWhere() {
    JobRun run = JobRun.builder().id("jr_1").jobRunState(JobRunState.FAILED).errorMessage("row 7: password=hunter2")
        .attempt(1).previousRunId("jr_0").startedOn(Instant.parse("2026-11-23T10:00:00Z"))
        .completedOn(Instant.parse("2026-11-23T10:05:00Z")).arguments(Map.of("--token", "secret")).build();

    RunStatus status = GlueJobStatuses.toStatus(HANDLE, run);

    assertThat(status.state()).isEqualTo(RunState.FAILED);
    assertThat(status.reasons()).containsExactly("job run FAILED; its error message is in the masked detail 'errorMessage'");
    assertThat(status.details()).containsEntry("errorMessage", "row 7: password=hunter2")
        .containsEntry("attempt", "1").containsEntry("previousRunId", "jr_0")
        .containsEntry("arguments.--token", "secret");
    assertThat(status.maskedDetails()).contains("errorMessage", "arguments.--token").doesNotContain("attempt");
    assertThat(status.maskedView().toString()).doesNotContain("hunter2").doesNotContain("secret");
    assertThat(status.startedAt()).contains(Instant.parse("2026-11-23T10:00:00Z"));
    assertThat(status.endedAt()).contains(Instant.parse("2026-11-23T10:05:00Z"));
    assertThat(status.detail(JobRun.class)).contains(run);
  }

  @Test
  void aRunWithoutAnErrorMessageHasNoReason() {
    RunStatus status = GlueJobStatuses.toStatus(HANDLE, JobRun.builder().jobRunState(JobRunState.SUCCEEDED).build());

    assertThat(status.reasons()).isEmpty();
    assertThat(status.details()).doesNotContainKey("errorMessage");
  }

  @Test
  void theFailedNodesOfAWorkflowRunAreTheJobsAndCrawlersWhoseLatestRunFailed() {
    WorkflowRun run = WorkflowRun.builder().graph(WorkflowGraph.builder().nodes(
        job("ok", JobRunState.SUCCEEDED),
        job("failed", JobRunState.FAILED),
        job("errored", JobRunState.ERROR),
        job("timed-out", JobRunState.TIMEOUT),
        job("stopped", JobRunState.STOPPED),
        job("failed-then-ok", JobRunState.FAILED, JobRunState.SUCCEEDED),
        Node.builder().uniqueId("never-ran").jobDetails(JobNodeDetails.builder().jobRuns(List.of()).build()).build(),
        Node.builder().uniqueId("trigger").build(),
        Node.builder().uniqueId("crawl-failed").crawlerDetails(CrawlerNodeDetails.builder()
            .crawls(Crawl.builder().state(CrawlState.FAILED).build()).build()).build(),
        Node.builder().uniqueId("crawl-ok").crawlerDetails(CrawlerNodeDetails.builder()
            .crawls(Crawl.builder().state(CrawlState.SUCCEEDED).build()).build()).build(),
        job("expired", JobRunState.EXPIRED),
        Node.builder().uniqueId("crawl-errored").crawlerDetails(CrawlerNodeDetails.builder()
            .crawls(Crawl.builder().state(CrawlState.ERROR).build()).build()).build(),
        Node.builder().uniqueId("ok-listed-first").jobDetails(JobNodeDetails.builder().jobRuns(
            JobRun.builder().attempt(1).jobRunState(JobRunState.SUCCEEDED).build(),
            JobRun.builder().attempt(0).jobRunState(JobRunState.FAILED).build()).build()).build(),
        Node.builder().uniqueId("crawl-ok-listed-first").crawlerDetails(CrawlerNodeDetails.builder().crawls(
            Crawl.builder().state(CrawlState.SUCCEEDED).startedOn(Instant.parse("2026-11-23T11:00:00Z")).build(),
            Crawl.builder().state(CrawlState.FAILED).startedOn(Instant.parse("2026-11-23T10:00:00Z")).build())
            .build()).build()).build()).build();

    assertThat(GlueStatuses.failedNodes(run))
        .containsExactly("failed", "errored", "timed-out", "stopped", "crawl-failed", "expired", "crawl-errored");
    assertThat(GlueStatuses.failedNodes(WorkflowRun.builder().build())).isEmpty();
  }

  private static Node job(String id, JobRunState... states) {
    return Node.builder().uniqueId(id).jobDetails(JobNodeDetails.builder().jobRuns(
        java.util.Arrays.stream(states).map(state -> JobRun.builder().jobRunState(state).build()).toList()).build()).build();
  }
}
