package io.wflaunch.testkit.swf;

import io.wflaunch.testkit.chaos.ServiceProfile;
import io.wflaunch.testkit.chaos.ServiceProfile.ErrorAnswer;

/** What the chaos layer ({@link io.wflaunch.testkit.chaos}) knows about Amazon SWF. */
public final class SwfChaos {

  /**
   * Amazon SWF (JSON 1.0): StartWorkflowExecution answers {@code runId}, ListOpenWorkflowExecutions and
   * ListClosedWorkflowExecutions list {@code executionInfos[].execution.runId}; throttling is HTTP 400
   * with the Coral type {@code com.amazon.coral.availability#ThrottlingException}, an internal error
   * HTTP 500 {@code com.amazon.coral.service#InternalFailure}, as SWF writes them.
   */
  public static final ServiceProfile PROFILE = ServiceProfile.builder("SWF")
      .throttling(ErrorAnswer.awsJson(400, "1.0", "com.amazon.coral.availability#ThrottlingException", "Rate exceeded"))
      .internalError(ErrorAnswer.awsJson(500, "1.0", "com.amazon.coral.service#InternalFailure", "Internal failure"))
      .start("StartWorkflowExecution", "runId")
      .listing("ListOpenWorkflowExecutions", "executionInfos[].execution.runId")
      .listing("ListClosedWorkflowExecutions", "executionInfos[].execution.runId")
      .build();

  private SwfChaos() {}
}
