package io.wflaunch.glue.internal;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import java.util.Map;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;

/** Glue's job run states in terms of {@link RunState}. */
public final class GlueJobStatuses {

  private GlueJobStatuses() {}

  /**
   * The state for a job run state. STARTING and WAITING (queued for capacity or for the job's
   * concurrency) are PENDING; STOPPED is CANCELLED; FAILED and ERROR are FAILED; TIMEOUT is TIMED_OUT;
   * EXPIRED (a queued run whose time to live passed before it started) is SKIPPED: it never ran.
   */
  public static RunState stateOf(JobRunState state) {
    if (state == null) {
      return RunState.UNKNOWN;
    }
    return switch (state) {
      case STARTING, WAITING -> RunState.PENDING;
      case RUNNING -> RunState.RUNNING;
      case STOPPING -> RunState.STOPPING;
      case STOPPED -> RunState.CANCELLED;
      case SUCCEEDED -> RunState.SUCCEEDED;
      case FAILED, ERROR -> RunState.FAILED;
      case TIMEOUT -> RunState.TIMED_OUT;
      case EXPIRED -> RunState.SKIPPED;
      case UNKNOWN_TO_SDK_VERSION -> RunState.UNKNOWN;
    };
  }

  /**
   * A job run's status. The error message (which can quote the script's data) is a masked detail, and
   * the reason only says that there is one; the attempt (above 0 for Glue's own retries of a run),
   * the previous run's id and the capacity are plain details; arguments are masked details.
   */
  public static RunStatus toStatus(RunHandle handle, JobRun run) {
    String raw = run.jobRunStateAsString() == null ? "" : run.jobRunStateAsString();
    boolean hasError = run.errorMessage() != null && !run.errorMessage().isEmpty();
    RunStatus.Builder status = RunStatus.builder(handle, stateOf(run.jobRunState()), raw)
        .startedAt(run.startedOn())
        .endedAt(run.completedOn())
        .updatedAt(run.lastModifiedOn())
        .reason(hasError ? "job run " + (raw.isEmpty() ? "ended" : raw)
            + "; its error message is in the masked detail 'errorMessage'" : null)
        .maskedDetail("errorMessage", run.errorMessage())
        .detail("attempt", run.attempt())
        .detail("previousRunId", run.previousRunId())
        .detail("triggerName", run.triggerName())
        .detail("executionTime", run.executionTime())
        .detail("timeout", run.timeout())
        .detail("workerType", run.workerTypeAsString())
        .detail("numberOfWorkers", run.numberOfWorkers())
        .detail("executionClass", run.executionClassAsString())
        .detail("glueVersion", run.glueVersion())
        .detail("logGroupName", run.logGroupName())
        .detail("stateDetail", run.stateDetail());
    if (run.hasArguments()) {
      for (Map.Entry<String, String> argument : run.arguments().entrySet()) {
        status.maskedDetail("arguments." + argument.getKey(), argument.getValue());
      }
    }
    return status.backendDetail(run).build();
  }
}
