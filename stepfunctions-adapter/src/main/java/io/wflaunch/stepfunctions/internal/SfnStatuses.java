package io.wflaunch.stepfunctions.internal;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** Step Functions' execution statuses in terms of {@link RunState}. */
public final class SfnStatuses {

  private SfnStatuses() {}

  /**
   * The state for a status. ABORTED (stopped by StopExecution) is CANCELLED; PENDING_REDRIVE (a failed,
   * aborted or timed-out execution being redriven) is PENDING: it is about to run again.
   */
  public static RunState stateOf(ExecutionStatus status) {
    if (status == null) {
      return RunState.UNKNOWN;
    }
    return switch (status) {
      case RUNNING -> RunState.RUNNING;
      case SUCCEEDED -> RunState.SUCCEEDED;
      case FAILED -> RunState.FAILED;
      case TIMED_OUT -> RunState.TIMED_OUT;
      case ABORTED -> RunState.CANCELLED;
      case PENDING_REDRIVE -> RunState.PENDING;
      case UNKNOWN_TO_SDK_VERSION -> RunState.UNKNOWN;
    };
  }

  /**
   * An execution's status from DescribeExecution: {@code error} and {@code cause} as the reason, the
   * redrive count, date and status in the details. Input and output are masked details: they may hold
   * secrets.
   */
  public static RunStatus fromDescribe(RunHandle handle, DescribeExecutionResponse execution) {
    RunStatus.Builder status = RunStatus.builder(handle, stateOf(execution.status()), raw(execution.statusAsString()))
        .startedAt(execution.startDate())
        .endedAt(execution.stopDate())
        .reason(reason(execution.error(), execution.cause()))
        .detail("name", execution.name())
        .detail("stateMachineArn", execution.stateMachineArn())
        .detail("stateMachineVersionArn", execution.stateMachineVersionArn())
        .detail("stateMachineAliasArn", execution.stateMachineAliasArn())
        .detail("mapRunArn", execution.mapRunArn())
        .detail("error", execution.error())
        .detail("cause", execution.cause())
        .detail("traceHeader", execution.traceHeader())
        .detail("redriveCount", execution.redriveCount())
        .detail("redriveDate", execution.redriveDate())
        .detail("redriveStatus", execution.redriveStatusAsString())
        .detail("redriveStatusReason", execution.redriveStatusReason());
    if (execution.input() != null) {
      status.maskedDetail("input", execution.input());
    }
    if (execution.output() != null) {
      status.maskedDetail("output", execution.output());
    }
    return status.backendDetail(execution).build();
  }

  /**
   * An execution's status from a ListExecutions item, which carries neither error, cause, input nor
   * output.
   */
  public static RunStatus fromListItem(RunHandle handle, ExecutionListItem execution) {
    return RunStatus.builder(handle, stateOf(execution.status()), raw(execution.statusAsString()))
        .startedAt(execution.startDate())
        .endedAt(execution.stopDate())
        .detail("name", execution.name())
        .detail("stateMachineArn", execution.stateMachineArn())
        .detail("stateMachineVersionArn", execution.stateMachineVersionArn())
        .detail("stateMachineAliasArn", execution.stateMachineAliasArn())
        .detail("mapRunArn", execution.mapRunArn())
        .detail("redriveCount", execution.redriveCount())
        .detail("redriveDate", execution.redriveDate())
        .backendDetail(execution)
        .build();
  }

  /** {@code error: cause}, either alone, or null when there is neither. */
  static String reason(String error, String cause) {
    boolean hasError = error != null && !error.isEmpty();
    boolean hasCause = cause != null && !cause.isEmpty();
    if (hasError && hasCause) {
      return error + ": " + cause;
    }
    return hasError ? error : hasCause ? cause : null;
  }

  private static String raw(String status) {
    return status == null ? "" : status;
  }
}
