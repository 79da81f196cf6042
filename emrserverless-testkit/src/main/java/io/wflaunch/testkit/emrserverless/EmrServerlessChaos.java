package io.wflaunch.testkit.emrserverless;

import io.wflaunch.testkit.chaos.ServiceProfile;
import io.wflaunch.testkit.chaos.ServiceProfile.ErrorAnswer;

/** What the chaos layer ({@link io.wflaunch.testkit.chaos}) knows about Amazon EMR Serverless. */
public final class EmrServerlessChaos {

  /**
   * Amazon EMR Serverless (REST-JSON), with the bindings of the SDK's service model:
   * {@code POST /applications/{applicationId}/jobruns} StartJobRun (answers {@code jobRunId}),
   * {@code GET .../jobruns} ListJobRuns (lists {@code jobRuns[].id}), {@code GET .../jobruns/{jobRunId}}
   * GetJobRun and {@code DELETE .../jobruns/{jobRunId}} CancelJobRun; throttling is HTTP 429 with
   * {@code x-amzn-ErrorType: ThrottlingException}, an internal error HTTP 500 {@code InternalServerException}.
   */
  public static final ServiceProfile PROFILE = ServiceProfile.builder("EMR Serverless")
      .route("StartJobRun", "POST", "/applications/{applicationId}/jobruns")
      .route("ListJobRuns", "GET", "/applications/{applicationId}/jobruns")
      .route("GetJobRun", "GET", "/applications/{applicationId}/jobruns/{jobRunId}")
      .route("CancelJobRun", "DELETE", "/applications/{applicationId}/jobruns/{jobRunId}")
      .throttling(ErrorAnswer.restJson(429, "ThrottlingException", "Rate exceeded"))
      .internalError(ErrorAnswer.restJson(500, "InternalServerException", "Internal server error"))
      .start("StartJobRun", "jobRunId")
      .listing("ListJobRuns", "jobRuns[].id")
      .build();

  private EmrServerlessChaos() {}
}
