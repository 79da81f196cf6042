package io.wflaunch.glue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.glue.model.WorkflowRun;
import software.amazon.awssdk.services.glue.model.WorkflowRunStatistics;
import software.amazon.awssdk.services.glue.model.WorkflowRunStatus;

class GlueStatusesTest {

  private static final RunHandle HANDLE = RunHandle.of("glue", "etl", "wr_1");
  private static final Map<WorkflowRunStatus, RunState> EXPECTED = new EnumMap<>(Map.of(
      WorkflowRunStatus.RUNNING, RunState.RUNNING,
      WorkflowRunStatus.STOPPING, RunState.STOPPING,
      WorkflowRunStatus.STOPPED, RunState.CANCELLED,
      WorkflowRunStatus.ERROR, RunState.FAILED,
      WorkflowRunStatus.COMPLETED, RunState.SUCCEEDED,
      WorkflowRunStatus.UNKNOWN_TO_SDK_VERSION, RunState.UNKNOWN));

  @ParameterizedTest
  @EnumSource(WorkflowRunStatus.class)
  void everyGlueStatusHasItsState(WorkflowRunStatus status) {
    assertThat(EXPECTED).as("the table names every SDK value").containsKey(status);

    assertThat(GlueStatuses.stateOf(status)).isEqualTo(EXPECTED.get(status));
  }

  @Test
  void aStatusTheSdkDoesNotKnowIsUnknownAndKeptRaw() {
    RunStatus status = GlueStatuses.toStatus(HANDLE, WorkflowRun.builder().status("PAUSED").build());

    assertThat(status.state()).isEqualTo(RunState.UNKNOWN);
    assertThat(status.rawStatus()).isEqualTo("PAUSED");
    assertThat(GlueStatuses.stateOf(null)).isEqualTo(RunState.UNKNOWN);
  }

  @ParameterizedTest(name = "failed {0}, errored {1}, timed out {2}")
  @CsvSource({"1,0,0", "0,1,0", "0,0,1", "2,1,3"})
  void aCompletedRunWithBadActionsFailsAndSaysHowMany(int failed, int errored, int timedOut) {
    WorkflowRun run = WorkflowRun.builder().status(WorkflowRunStatus.COMPLETED)
        .statistics(WorkflowRunStatistics.builder().totalActions(10).failedActions(failed)
            .erroredActions(errored).timeoutActions(timedOut).build())
        .build();

    RunStatus status = GlueStatuses.toStatus(HANDLE, run);

    assertThat(status.state()).isEqualTo(RunState.FAILED);
    assertThat(status.rawStatus()).isEqualTo("COMPLETED");
    assertThat(status.reasons()).containsExactly("the run completed with " + failed + " failed, " + errored
        + " errored and " + timedOut + " timed-out actions of 10");
  }

  @Test
  void aCompletedRunWithStoppedActionsAndNoFailedOnesIsCancelledWithTheCounts() {
    WorkflowRun run = WorkflowRun.builder().status(WorkflowRunStatus.COMPLETED)
        .statistics(WorkflowRunStatistics.builder().totalActions(4).succeededActions(3).stoppedActions(1)
            .failedActions(0).build())
        .build();

    RunStatus status = GlueStatuses.toStatus(HANDLE, run);

    assertThat(status.state()).isEqualTo(RunState.CANCELLED);
    assertThat(status.rawStatus()).isEqualTo("COMPLETED");
    assertThat(status.reasons()).containsExactly("the run completed with 1 stopped actions of 4 (3 succeeded)");
  }

  @Test
  void failedActionsOutweighStoppedOnes() {
    WorkflowRun run = WorkflowRun.builder().status(WorkflowRunStatus.COMPLETED)
        .statistics(WorkflowRunStatistics.builder().totalActions(4).succeededActions(1).stoppedActions(2)
            .failedActions(1).build())
        .build();

    RunStatus status = GlueStatuses.toStatus(HANDLE, run);

    assertThat(status.state()).isEqualTo(RunState.FAILED);
    assertThat(status.reasons()).containsExactly(
        "the run completed with 1 failed, 0 errored and 0 timed-out actions of 4 (2 stopped)");
  }

  @Test
  void aCompletedRunWithOnlySucceededActionsOrNoStatisticsSucceeds() {
    WorkflowRun run = WorkflowRun.builder().status(WorkflowRunStatus.COMPLETED)
        .statistics(WorkflowRunStatistics.builder().totalActions(4).succeededActions(4).stoppedActions(0)
            .failedActions(0).build())
        .build();

    assertThat(GlueStatuses.toStatus(HANDLE, run).state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(GlueStatuses.toStatus(HANDLE, run.toBuilder().statistics((WorkflowRunStatistics) null).build()).state())
        .isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void runPropertyValuesAreInTheDetailsButMaskedWhenPrinted() {
    WorkflowRun run = WorkflowRun.builder().status(WorkflowRunStatus.RUNNING)
        .workflowRunProperties(Map.of("dbPassword", "hunter2")).build();

    RunStatus status = GlueStatuses.toStatus(HANDLE, run);

    assertThat(status.details()).containsEntry("runProperties.dbPassword", "hunter2");
    assertThat(status.maskedDetails()).containsExactly("runProperties.dbPassword");
    assertThat(status.toString()).contains("runProperties.dbPassword=" + RunStatus.MASK).doesNotContain("hunter2");
  }

  @Test
  void theDetailsExposeStatisticsErrorPropertiesPreviousRunAndTimes() {
    Instant started = Instant.parse("2026-11-23T10:00:00Z");
    Instant completed = Instant.parse("2026-11-23T10:05:00Z");
    WorkflowRun run = WorkflowRun.builder().status(WorkflowRunStatus.ERROR).errorMessage("job j1 failed")
        .previousRunId("wr_0").startedOn(started).completedOn(completed)
        .workflowRunProperties(Map.of("date", "2026-11-23"))
        .statistics(WorkflowRunStatistics.builder().totalActions(2).succeededActions(1).erroredActions(1).build())
        .build();

    RunStatus status = GlueStatuses.toStatus(HANDLE, run);

    assertThat(status.state()).isEqualTo(RunState.FAILED);
    assertThat(status.reasons()).containsExactly("job j1 failed");
    assertThat(status.startedAt()).contains(started);
    assertThat(status.endedAt()).contains(completed);
    assertThat(status.details()).containsEntry("totalActions", "2").containsEntry("erroredActions", "1")
        .containsEntry("errorMessage", "job j1 failed").containsEntry("previousRunId", "wr_0")
        .containsEntry("startedOn", "2026-11-23T10:00:00Z").containsEntry("completedOn", "2026-11-23T10:05:00Z")
        .containsEntry("runProperties.date", "2026-11-23");
    assertThat(status.detail(WorkflowRun.class)).contains(run);
  }
}
