package io.wflaunch.sagemaker.internal;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineExecutionResponse;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionSummary;

/** SageMaker's pipeline execution statuses in terms of {@link RunState}. */
public final class SageMakerStatuses {

  private SageMakerStatuses() {}

  /** One switch over the SDK's enum; a status this SDK does not know, or none, is UNKNOWN. */
  public static RunState stateOf(PipelineExecutionStatus status) {
    if (status == null) {
      return RunState.UNKNOWN;
    }
    return switch (status) {
      case EXECUTING -> RunState.RUNNING;
      case STOPPING -> RunState.STOPPING;
      case STOPPED -> RunState.CANCELLED;
      case FAILED -> RunState.FAILED;
      case SUCCEEDED -> RunState.SUCCEEDED;
      case UNKNOWN_TO_SDK_VERSION -> RunState.UNKNOWN;
    };
  }

  /**
   * An execution's status from DescribePipelineExecution. The failure reason is service text that can
   * quote a step's parameters: it is the masked detail {@code failureReason}, and the reason only says
   * that there is one. A run that has ended ended at its LastModifiedTime.
   */
  public static RunStatus fromDescribe(RunHandle handle, DescribePipelineExecutionResponse execution) {
    RunState state = stateOf(execution.pipelineExecutionStatus());
    return RunStatus.builder(handle, state, raw(execution.pipelineExecutionStatusAsString()))
        .startedAt(execution.creationTime())
        .endedAt(state.isTerminal() ? execution.lastModifiedTime() : null)
        .updatedAt(execution.lastModifiedTime())
        .reason(reason(state, raw(execution.pipelineExecutionStatusAsString()), execution.failureReason()))
        .detail("pipelineArn", execution.pipelineArn())
        .detail("pipelineExecutionArn", execution.pipelineExecutionArn())
        .detail("displayName", execution.pipelineExecutionDisplayName())
        .detail("description", execution.pipelineExecutionDescription())
        .detail("lastModifiedTime", execution.lastModifiedTime())
        .detail("pipelineVersionId", execution.pipelineVersionId())
        .maskedDetail("failureReason", blankToNull(execution.failureReason()))
        .backendDetail(execution)
        .build();
  }

  /** An execution's status from a ListPipelineExecutions summary (no end or modification time). */
  public static RunStatus fromSummary(RunHandle handle, PipelineExecutionSummary execution) {
    RunState state = stateOf(execution.pipelineExecutionStatus());
    return RunStatus.builder(handle, state, raw(execution.pipelineExecutionStatusAsString()))
        .startedAt(execution.startTime())
        .reason(reason(state, raw(execution.pipelineExecutionStatusAsString()),
            execution.pipelineExecutionFailureReason()))
        .detail("pipelineExecutionArn", execution.pipelineExecutionArn())
        .detail("displayName", execution.pipelineExecutionDisplayName())
        .detail("description", execution.pipelineExecutionDescription())
        .maskedDetail("failureReason", blankToNull(execution.pipelineExecutionFailureReason()))
        .backendDetail(execution)
        .build();
  }

  /** A reason for a failed or stopped execution that has a failure reason; none for others (moto sends "None"). */
  static String reason(RunState state, String status, String failureReason) {
    boolean ended = state == RunState.FAILED || state == RunState.CANCELLED;
    return !ended || blankToNull(failureReason) == null ? null
        : "execution " + (status.isEmpty() ? "ended" : status) + "; its failure reason is in the masked detail 'failureReason'";
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  private static String raw(String status) {
    return status == null ? "" : status;
  }
}
