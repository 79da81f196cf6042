package io.wflaunch.emrserverless.internal;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import software.amazon.awssdk.services.emrserverless.model.JobRun;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;
import software.amazon.awssdk.services.emrserverless.model.JobRunSummary;

/** EMR Serverless's job run states in terms of {@link RunState}. */
public final class EmrStatuses {

  private EmrStatuses() {}

  /**
   * The state for a job run state. SUBMITTED, PENDING, SCHEDULED and QUEUED (waiting for capacity) are
   * PENDING; CANCELLING is STOPPING; SUCCESS is SUCCEEDED.
   */
  public static RunState stateOf(JobRunState state) {
    if (state == null) {
      return RunState.UNKNOWN;
    }
    return switch (state) {
      case SUBMITTED, PENDING, SCHEDULED, QUEUED -> RunState.PENDING;
      case RUNNING -> RunState.RUNNING;
      case SUCCESS -> RunState.SUCCEEDED;
      case FAILED -> RunState.FAILED;
      case CANCELLING -> RunState.STOPPING;
      case CANCELLED -> RunState.CANCELLED;
      case UNKNOWN_TO_SDK_VERSION -> RunState.UNKNOWN;
    };
  }

  /** Whether a state is final. */
  public static boolean ended(JobRunState state) {
    return state == JobRunState.SUCCESS || state == JobRunState.FAILED || state == JobRunState.CANCELLED;
  }

  /**
   * A job run's status from GetJobRun. Its {@code stateDetails} is the service's text about the run (a
   * Spark driver's error, which can quote the job's arguments): a masked detail, which the reason only
   * points to.
   */
  public static RunStatus fromJobRun(RunHandle handle, JobRun run) {
    String raw = run.stateAsString() == null ? "" : run.stateAsString();
    return RunStatus.builder(handle, stateOf(run.state()), raw)
        .startedAt(run.createdAt())
        .endedAt(ended(run.state()) ? run.updatedAt() : null)
        .updatedAt(run.updatedAt())
        .reason(reason(raw, run.stateDetails()))
        .detail("name", run.name())
        .detail("arn", run.arn())
        .detail("releaseLabel", run.releaseLabel())
        .detail("executionRole", run.executionRole())
        .detail("executionTimeoutMinutes", run.executionTimeoutMinutes())
        .detail("attempt", run.attempt())
        .maskedDetail("stateDetails", run.stateDetails())
        .backendDetail(run)
        .build();
  }

  /** A job run's status from a ListJobRuns summary, which carries {@code stateDetails} too. */
  public static RunStatus fromSummary(RunHandle handle, JobRunSummary run) {
    String raw = run.stateAsString() == null ? "" : run.stateAsString();
    return RunStatus.builder(handle, stateOf(run.state()), raw)
        .startedAt(run.createdAt())
        .endedAt(ended(run.state()) ? run.updatedAt() : null)
        .updatedAt(run.updatedAt())
        .reason(reason(raw, run.stateDetails()))
        .detail("name", run.name())
        .detail("arn", run.arn())
        .detail("releaseLabel", run.releaseLabel())
        .detail("type", run.type())
        .detail("executionRole", run.executionRole())
        .detail("attempt", run.attempt())
        .maskedDetail("stateDetails", run.stateDetails())
        .backendDetail(run)
        .build();
  }

  /** Where the state details are, without their text; null when there are none. */
  static String reason(String state, String stateDetails) {
    return stateDetails == null || stateDetails.isEmpty() ? null
        : "job run " + (state.isEmpty() ? "state" : state) + "; its state details are in the masked detail 'stateDetails'";
  }
}
