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
   * An execution's status from DescribeExecution. Every field the service model marks sensitive is a
   * masked detail: {@code error} and {@code cause} (a Fail state's or a task's, which can quote the
   * state's input), {@code redriveStatusReason}, {@code input} and {@code output}. The reason only says
   * which of {@code error} and {@code cause} there are, never their text. The redrive count, date and
   * status are plain details.
   */
  public static RunStatus fromDescribe(RunHandle handle, DescribeExecutionResponse execution) {
    return RunStatus.builder(handle, stateOf(execution.status()), raw(execution.statusAsString()))
        .startedAt(execution.startDate())
        .endedAt(execution.stopDate())
        .reason(reason(raw(execution.statusAsString()), execution.error(), execution.cause()))
        .detail("name", execution.name())
        .detail("stateMachineArn", execution.stateMachineArn())
        .detail("stateMachineVersionArn", execution.stateMachineVersionArn())
        .detail("stateMachineAliasArn", execution.stateMachineAliasArn())
        .detail("mapRunArn", execution.mapRunArn())
        .maskedDetail("error", execution.error())
        .maskedDetail("cause", execution.cause())
        .detail("traceHeader", execution.traceHeader())
        .detail("redriveCount", execution.redriveCount())
        .detail("redriveDate", execution.redriveDate())
        .detail("redriveStatus", execution.redriveStatusAsString())
        .maskedDetail("redriveStatusReason", execution.redriveStatusReason())
        .maskedDetail("input", execution.input())
        .maskedDetail("output", execution.output())
        .backendDetail(execution)
        .build();
  }

  /**
   * An execution's status from a ListExecutions item, which carries neither error, cause, input nor
   * output (no field the service model marks sensitive).
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

  /**
   * Which of an error and a cause the execution has and where they are, without their text (which can
   * quote the state's input), as in {@code execution FAILED; its error and cause are in the masked
   * details 'error' and 'cause'}; null when it has neither.
   */
  static String reason(String status, String error, String cause) {
    boolean hasError = error != null && !error.isEmpty();
    boolean hasCause = cause != null && !cause.isEmpty();
    if (!hasError && !hasCause) {
      return null;
    }
    String where = hasError && hasCause ? "its error and cause are in the masked details 'error' and 'cause'"
        : hasError ? "its error is in the masked detail 'error'" : "its cause is in the masked detail 'cause'";
    return "execution " + (status.isEmpty() ? "ended" : status) + "; " + where;
  }

  private static String raw(String status) {
    return status == null ? "" : status;
  }
}
