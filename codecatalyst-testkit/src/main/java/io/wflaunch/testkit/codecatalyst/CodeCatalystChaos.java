package io.wflaunch.testkit.codecatalyst;

import io.wflaunch.testkit.chaos.ServiceProfile;
import io.wflaunch.testkit.chaos.ServiceProfile.ErrorAnswer;

/** What the chaos layer ({@link io.wflaunch.testkit.chaos}) knows about Amazon CodeCatalyst. */
public final class CodeCatalystChaos {

  /**
   * Amazon CodeCatalyst (REST-JSON), with the bindings of the SDK's service model:
   * {@code POST /v1/spaces/{spaceName}/projects/{projectName}/workflows} ListWorkflows,
   * {@code PUT .../workflowRuns} StartWorkflowRun (answers {@code id}),
   * {@code GET .../workflowRuns/{id}} GetWorkflowRun and {@code POST .../workflowRuns} ListWorkflowRuns
   * (lists {@code items[].id}); throttling is HTTP 429 with {@code x-amzn-ErrorType: ThrottlingException},
   * an internal error HTTP 500 {@code InternalServerException}.
   */
  public static final ServiceProfile PROFILE = ServiceProfile.builder("CodeCatalyst")
      .route("ListWorkflows", "POST", "/v1/spaces/{spaceName}/projects/{projectName}/workflows")
      .route("StartWorkflowRun", "PUT", "/v1/spaces/{spaceName}/projects/{projectName}/workflowRuns")
      .route("GetWorkflowRun", "GET", "/v1/spaces/{spaceName}/projects/{projectName}/workflowRuns/{id}")
      .route("ListWorkflowRuns", "POST", "/v1/spaces/{spaceName}/projects/{projectName}/workflowRuns")
      .throttling(ErrorAnswer.restJson(429, "ThrottlingException", "Rate exceeded"))
      .internalError(ErrorAnswer.restJson(500, "InternalServerException", "Internal server error"))
      .start("StartWorkflowRun", "id")
      .listing("ListWorkflowRuns", "items[].id")
      .build();

  private CodeCatalystChaos() {}
}
