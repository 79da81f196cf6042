package io.wflaunch.testkit.glue;

import io.wflaunch.testkit.chaos.ServiceProfile;
import io.wflaunch.testkit.chaos.ServiceProfile.ErrorAnswer;

/** What the chaos layer ({@link io.wflaunch.testkit.chaos}) knows about AWS Glue. */
public final class GlueChaos {

  /**
   * AWS Glue (JSON 1.1): StartWorkflowRun and ResumeWorkflowRun answer {@code RunId}, GetWorkflowRuns
   * lists {@code Runs[].WorkflowRunId}; StartJobRun answers {@code JobRunId}, GetJobRuns lists
   * {@code JobRuns[].Id}; throttling is HTTP 400 {@code ThrottlingException}, an internal error
   * HTTP 500 {@code InternalServiceException}.
   */
  public static final ServiceProfile PROFILE = ServiceProfile.builder("Glue")
      .throttling(ErrorAnswer.awsJson(400, "1.1", "ThrottlingException", "Rate exceeded"))
      .internalError(ErrorAnswer.awsJson(500, "1.1", "InternalServiceException", "Internal service error"))
      .start("StartWorkflowRun", "RunId")
      .start("ResumeWorkflowRun", "RunId")
      .start("StartJobRun", "JobRunId")
      .listing("GetWorkflowRuns", "Runs[].WorkflowRunId")
      .listing("GetJobRuns", "JobRuns[].Id")
      .build();

  private GlueChaos() {}
}
