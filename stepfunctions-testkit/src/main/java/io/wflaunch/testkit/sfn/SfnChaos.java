package io.wflaunch.testkit.sfn;

import io.wflaunch.testkit.chaos.ServiceProfile;
import io.wflaunch.testkit.chaos.ServiceProfile.ErrorAnswer;

/** What the chaos layer ({@link io.wflaunch.testkit.chaos}) knows about AWS Step Functions. */
public final class SfnChaos {

  /**
   * AWS Step Functions (JSON 1.0): StartExecution answers {@code executionArn}, ListExecutions lists
   * {@code executions[].executionArn}; throttling is HTTP 400 {@code ThrottlingException}, an internal
   * error HTTP 500 {@code InternalFailure}. DescribeExecution, which Step Functions documents as eventually
   * consistent, is a lagged get: while the listing lag hides an execution, a DescribeExecution naming it
   * ({@code executionArn} in the request) is answered HTTP 400
   * {@code com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist}, the type Step Functions writes, which
   * the SDK raises as {@code ExecutionDoesNotExistException}.
   */
  public static final ServiceProfile PROFILE = ServiceProfile.builder("SFN")
      .throttling(ErrorAnswer.awsJson(400, "1.0", "ThrottlingException", "Rate exceeded"))
      .internalError(ErrorAnswer.awsJson(500, "1.0", "InternalFailure",
          "The request processing has failed because of an unknown error, exception or failure."))
      .start("StartExecution", "executionArn")
      .listing("ListExecutions", "executions[].executionArn")
      .laggedGet("DescribeExecution", "executionArn", ErrorAnswer.awsJson(400, "1.0",
          "com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist", "Execution Does Not Exist"))
      .build();

  private SfnChaos() {}
}
