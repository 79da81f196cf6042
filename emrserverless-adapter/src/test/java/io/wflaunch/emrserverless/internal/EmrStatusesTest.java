package io.wflaunch.emrserverless.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.emrserverless.model.JobRun;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;
import software.amazon.awssdk.services.emrserverless.model.JobRunSummary;

class EmrStatusesTest {

  private static final RunHandle HANDLE = RunHandle.of("emrserverless", "00app1", "00run1");
  private static final Instant CREATED = Instant.parse("2026-06-01T10:00:00Z");
  private static final Instant UPDATED = Instant.parse("2026-06-01T10:05:00Z");

  @ParameterizedTest
  @EnumSource(JobRunState.class)
  void everyJobRunStateHasItsRunState(JobRunState state) {
    RunState expected = switch (state) {
      case SUBMITTED, PENDING, SCHEDULED, QUEUED -> RunState.PENDING;
      case RUNNING -> RunState.RUNNING;
      case SUCCESS -> RunState.SUCCEEDED;
      case FAILED -> RunState.FAILED;
      case CANCELLING -> RunState.STOPPING;
      case CANCELLED -> RunState.CANCELLED;
      case UNKNOWN_TO_SDK_VERSION -> RunState.UNKNOWN;
    };

    assertThat(EmrStatuses.stateOf(state)).isEqualTo(expected);
    assertThat(EmrStatuses.ended(state)).isEqualTo(expected.isTerminal());
  }

  @Test
  void aStateTheSdkDoesNotKnowIsUnknownAndKeepsItsText() {
    RunStatus status = EmrStatuses.fromJobRun(HANDLE, JobRun.builder().state("HIBERNATING").createdAt(CREATED)
        .updatedAt(UPDATED).build());

    assertThat(status.state()).isEqualTo(RunState.UNKNOWN);
    assertThat(status.rawStatus()).isEqualTo("HIBERNATING");
    assertThat(EmrStatuses.stateOf(null)).isEqualTo(RunState.UNKNOWN);
  }

  @Test
  void theStateDetailsAreAMaskedDetailThatTheReasonOnlyPointsTo() {
    String details = "Job failed: password=hunter2 rejected";
    RunStatus status = EmrStatuses.fromJobRun(HANDLE, JobRun.builder().state(JobRunState.FAILED).stateDetails(details)
        .createdAt(CREATED).updatedAt(UPDATED).name("nightly").executionTimeoutMinutes(60L).build());

    assertThat(status.state()).isEqualTo(RunState.FAILED);
    assertThat(status.details()).containsEntry("stateDetails", details).containsEntry("name", "nightly");
    assertThat(status.maskedDetails()).contains("stateDetails");
    assertThat(status.reasons()).singleElement().asString().contains("FAILED").contains("stateDetails")
        .doesNotContain("hunter2");
    assertThat(status.startedAt()).contains(CREATED);
    assertThat(status.endedAt()).contains(UPDATED);
  }

  @Test
  void aRunningSummaryHasNoEndAndNoReason() {
    RunStatus status = EmrStatuses.fromSummary(HANDLE, JobRunSummary.builder().id("00run1").state(JobRunState.RUNNING)
        .stateDetails("").createdAt(CREATED).updatedAt(UPDATED).build());

    assertThat(status.state()).isEqualTo(RunState.RUNNING);
    assertThat(status.endedAt()).isEmpty();
    assertThat(status.reasons()).isEmpty();
  }
}
