package io.wflaunch.testkit.sagemaker;

import io.wflaunch.testkit.chaos.ServiceProfile;
import io.wflaunch.testkit.chaos.ServiceProfile.ErrorAnswer;

/** What the chaos layer ({@link io.wflaunch.testkit.chaos}) knows about Amazon SageMaker Pipelines. */
public final class SageMakerChaos {

  /**
   * Amazon SageMaker (JSON 1.1, {@code X-Amz-Target: SageMaker.<Operation>}): StartPipelineExecution
   * answers {@code PipelineExecutionArn}, ListPipelineExecutions lists
   * {@code PipelineExecutionSummaries[].PipelineExecutionArn}; throttling is HTTP 400
   * {@code ThrottlingException}, an internal error HTTP 500 {@code InternalFailure}.
   */
  public static final ServiceProfile PROFILE = ServiceProfile.builder("SageMaker")
      .throttling(ErrorAnswer.awsJson(400, "1.1", "ThrottlingException", "Rate exceeded"))
      .internalError(ErrorAnswer.awsJson(500, "1.1", "InternalFailure",
          "The request processing has failed because of an unknown error, exception or failure."))
      .start("StartPipelineExecution", "PipelineExecutionArn")
      .listing("ListPipelineExecutions", "PipelineExecutionSummaries[].PipelineExecutionArn")
      .build();

  private SageMakerChaos() {}
}
