package io.wflaunch.swf.internal;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.ExecutionStatus;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionConfiguration;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionOpenCounts;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionTerminatedCause;

/** SWF's execution and close statuses in terms of {@link RunState}. */
public final class SwfStatuses {

  private SwfStatuses() {}

  /**
   * The state of a closed execution. CONTINUED_AS_NEW is SUCCEEDED here; the backend follows the
   * chain to the newest execution first unless told not to. TERMINATED is CANCELLED here; its close
   * event refines it ({@link #stateOf(WorkflowExecutionTerminatedCause)}).
   */
  public static RunState stateOf(CloseStatus closeStatus) {
    if (closeStatus == null) {
      return RunState.UNKNOWN;
    }
    switch (closeStatus) {
      case COMPLETED:
        return RunState.SUCCEEDED;
      case FAILED:
        return RunState.FAILED;
      case CANCELED:
      case TERMINATED:
        return RunState.CANCELLED;
      case TIMED_OUT:
        return RunState.TIMED_OUT;
      case CONTINUED_AS_NEW:
        return RunState.SUCCEEDED;
      case UNKNOWN_TO_SDK_VERSION:
      default:
        return RunState.UNKNOWN;
    }
  }

  /**
   * The state of a TERMINATED execution by who terminated it: SWF itself (its history exceeded the
   * event limit) is a failure; an operator (TerminateWorkflowExecution, or no cause given) or a parent
   * execution's child policy is a cancellation.
   */
  public static RunState stateOf(WorkflowExecutionTerminatedCause cause) {
    if (cause == null) {
      return RunState.CANCELLED;
    }
    switch (cause) {
      case OPERATOR_INITIATED:
      case CHILD_POLICY_APPLIED:
        return RunState.CANCELLED;
      case EVENT_LIMIT_EXCEEDED:
        return RunState.FAILED;
      case UNKNOWN_TO_SDK_VERSION:
      default:
        // A cause this SDK does not know is SWF's own: report it as the failure it most likely is.
        return RunState.FAILED;
    }
  }

  private static String terminatedBy(WorkflowExecutionTerminatedCause cause, String raw) {
    if (cause == null) {
      return "terminated";
    }
    switch (cause) {
      case OPERATOR_INITIATED:
        return "terminated by an operator (OPERATOR_INITIATED)";
      case CHILD_POLICY_APPLIED:
        return "terminated by its parent's child policy (CHILD_POLICY_APPLIED)";
      case EVENT_LIMIT_EXCEEDED:
        return "terminated by SWF: its history exceeded the event limit (EVENT_LIMIT_EXCEEDED)";
      case UNKNOWN_TO_SDK_VERSION:
      default:
        return "terminated by SWF (" + raw + ")";
    }
  }

  /** The state of an execution: open ones RUNNING (STOPPING once a cancel was requested). */
  public static RunState stateOf(WorkflowExecutionInfo info) {
    ExecutionStatus status = info.executionStatus();
    if (status == ExecutionStatus.OPEN) {
      return Boolean.TRUE.equals(info.cancelRequested()) ? RunState.STOPPING : RunState.RUNNING;
    }
    if (status == ExecutionStatus.CLOSED) {
      return stateOf(info.closeStatus());
    }
    return RunState.UNKNOWN;
  }

  /** The raw status: {@code OPEN}, or the close status of a closed execution. */
  public static String rawStatusOf(WorkflowExecutionInfo info) {
    if (info.executionStatus() == ExecutionStatus.CLOSED && info.closeStatusAsString() != null) {
      return info.closeStatusAsString();
    }
    return info.executionStatusAsString() == null ? "" : info.executionStatusAsString();
  }

  /** A status from a list call's execution info. */
  public static RunStatus.Builder fromInfo(RunHandle handle, WorkflowExecutionInfo info) {
    RunStatus.Builder status = RunStatus.builder(handle, stateOf(info), rawStatusOf(info))
        .startedAt(info.startTimestamp())
        .endedAt(info.closeTimestamp());
    if (info.closeStatus() == CloseStatus.CONTINUED_AS_NEW) {
      status.reason("continued as new");
    }
    if (info.workflowType() != null) {
      status.detail("workflowTypeName", info.workflowType().name())
          .detail("workflowTypeVersion", info.workflowType().version());
    }
    if (info.hasTagList()) {
      status.detail("tagList", String.join(",", info.tagList()));
    }
    status.detail("cancelRequested", info.cancelRequested())
        .detail("startTimestamp", info.startTimestamp())
        .detail("closeTimestamp", info.closeTimestamp());
    if (info.parent() != null) {
      status.detail("parentWorkflowId", info.parent().workflowId()).detail("parentRunId", info.parent().runId());
    }
    return status.backendDetail(info);
  }

  /** Whether an execution closed in a way its close event explains (a reason, details or cause). */
  public static boolean closedWithReason(WorkflowExecutionInfo info) {
    CloseStatus close = info.closeStatus();
    return info.executionStatus() == ExecutionStatus.CLOSED && (close == CloseStatus.FAILED
        || close == CloseStatus.TERMINATED || close == CloseStatus.CANCELED || close == CloseStatus.TIMED_OUT);
  }

  /** The detail key of a close event's reason (failed or terminated), a masked detail. */
  public static final String CLOSE_REASON = "closeReason";
  /** The detail key of a close event's details (failed, terminated or cancelled), a masked detail. */
  public static final String CLOSE_DETAILS = "closeDetails";
  /** The detail key of a close event's cause (who terminated it) or timeout type, SWF's own words. */
  public static final String CLOSE_CAUSE = "closeCause";

  /**
   * Adds what an execution's close event says. The reason and details of a failure, termination or
   * cancellation are text that a decider or an operator wrote and that can quote the workflow's input,
   * so they are masked details ({@value #CLOSE_REASON}, {@value #CLOSE_DETAILS}), and the status reason
   * only names them; the terminated cause and the timeout type are SWF's own words ({@value #CLOSE_CAUSE})
   * and are shown.
   */
  public static RunStatus.Builder withCloseEvent(RunStatus.Builder status, HistoryEvent close) {
    if (close.workflowExecutionFailedEventAttributes() != null) {
      var failed = close.workflowExecutionFailedEventAttributes();
      status.reason("failed" + maskedNote(failed.reason(), failed.details()));
      masked(status, failed.reason(), failed.details());
    } else if (close.workflowExecutionTerminatedEventAttributes() != null) {
      var terminated = close.workflowExecutionTerminatedEventAttributes();
      status.state(stateOf(terminated.cause()))
          .reason(terminatedBy(terminated.cause(), terminated.causeAsString())
              + maskedNote(terminated.reason(), terminated.details()));
      masked(status, terminated.reason(), terminated.details());
      status.detail(CLOSE_CAUSE, terminated.causeAsString());
    } else if (close.workflowExecutionCanceledEventAttributes() != null) {
      var canceled = close.workflowExecutionCanceledEventAttributes();
      status.reason("cancelled" + maskedNote(null, canceled.details()));
      masked(status, null, canceled.details());
    } else if (close.workflowExecutionTimedOutEventAttributes() != null) {
      var timedOut = close.workflowExecutionTimedOutEventAttributes();
      status.reason("timed out (" + timedOut.timeoutTypeAsString() + ")").detail(CLOSE_CAUSE, timedOut.timeoutTypeAsString());
    }
    return status;
  }

  private static void masked(RunStatus.Builder status, String reason, String details) {
    if (present(reason)) {
      status.maskedDetail(CLOSE_REASON, reason);
    }
    if (present(details)) {
      status.maskedDetail(CLOSE_DETAILS, details);
    }
  }

  /** Where the reason and details went, naming the keys but never the text. */
  static String maskedNote(String reason, String details) {
    if (present(reason) && present(details)) {
      return ": reason and details are masked details '" + CLOSE_REASON + "', '" + CLOSE_DETAILS + "'";
    }
    if (present(reason)) {
      return ": reason is masked detail '" + CLOSE_REASON + "'";
    }
    if (present(details)) {
      return ": details are masked detail '" + CLOSE_DETAILS + "'";
    }
    return "";
  }

  private static boolean present(String text) {
    return text != null && !text.isEmpty();
  }

  /** A status from DescribeWorkflowExecution, with the configuration and open counts. */
  public static RunStatus.Builder fromDetail(RunHandle handle, DescribeWorkflowExecutionResponse detail) {
    RunStatus.Builder status = fromInfo(handle, detail.executionInfo());
    WorkflowExecutionConfiguration config = detail.executionConfiguration();
    if (config != null) {
      status.detail("taskList", config.taskList() == null ? null : config.taskList().name())
          .detail("taskPriority", config.taskPriority())
          .detail("executionStartToCloseTimeout", config.executionStartToCloseTimeout())
          .detail("taskStartToCloseTimeout", config.taskStartToCloseTimeout())
          .detail("childPolicy", config.childPolicyAsString())
          .detail("lambdaRole", config.lambdaRole());
    }
    WorkflowExecutionOpenCounts counts = detail.openCounts();
    if (counts != null) {
      status.detail("openActivityTasks", counts.openActivityTasks())
          .detail("openDecisionTasks", counts.openDecisionTasks())
          .detail("openTimers", counts.openTimers())
          .detail("openChildWorkflowExecutions", counts.openChildWorkflowExecutions())
          .detail("openLambdaFunctions", counts.openLambdaFunctions());
    }
    status.detail("latestActivityTaskTimestamp", detail.latestActivityTaskTimestamp())
        .updatedAt(detail.latestActivityTaskTimestamp() != null
            ? detail.latestActivityTaskTimestamp() : detail.executionInfo().closeTimestamp());
    return status.backendDetail(detail);
  }
}
