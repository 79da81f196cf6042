package io.wflaunch.codecatalyst.internal;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.codecatalyst.model.GetWorkflowRunResponse;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunStatus;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunStatusReason;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunSummary;

/** CodeCatalyst's eleven workflow run statuses in terms of {@link RunState}. */
public final class CodeCatalystStatuses {

  private CodeCatalystStatuses() {}

  public static RunState stateOf(WorkflowRunStatus status) {
    if (status == null) {
      return RunState.UNKNOWN;
    }
    switch (status) {
      case VALIDATING:
      case PROVISIONING:
        return RunState.PENDING;
      case IN_PROGRESS:
        return RunState.RUNNING;
      case STOPPING:
        return RunState.STOPPING;
      case SUCCEEDED:
        return RunState.SUCCEEDED;
      case FAILED:
      case ABANDONED:
        return RunState.FAILED;
      case STOPPED:
      case CANCELLED:
        return RunState.CANCELLED;
      case SUPERSEDED:
      case NOT_RUN:
        return RunState.SKIPPED;
      case UNKNOWN_TO_SDK_VERSION:
      default:
        return RunState.UNKNOWN;
    }
  }

  public static RunStatus fromRun(RunHandle handle, GetWorkflowRunResponse run) {
    return status(handle, run.status(), run.statusAsString(), run.statusReasons(), run.startTime(), run.endTime(),
        run.lastUpdatedTime())
        .detail("workflowId", run.workflowId())
        .backendDetail(run)
        .build();
  }

  public static RunStatus fromSummary(RunHandle handle, WorkflowRunSummary run) {
    return status(handle, run.status(), run.statusAsString(), run.statusReasons(), run.startTime(), run.endTime(),
        run.lastUpdatedTime())
        .detail("workflowId", run.workflowId())
        .detail("workflowName", run.workflowName())
        .backendDetail(run)
        .build();
  }

  private static RunStatus.Builder status(RunHandle handle, WorkflowRunStatus status, String raw,
      List<WorkflowRunStatusReason> reasons, Instant start, Instant end, Instant updated) {
    return RunStatus.builder(handle, stateOf(status), raw == null ? "" : raw)
        .startedAt(start)
        .endedAt(end)
        .updatedAt(updated)
        .detail("statusReasonCount", reasons == null ? 0 : reasons.size())
        .detail("startTime", start)
        .detail("endTime", end)
        .detail("lastUpdatedTime", updated);
  }
}
