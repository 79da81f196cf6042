package io.wflaunch.testkit.glue;

import io.wflaunch.spi.support.AsyncSupport;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.model.CreateWorkflowRequest;
import software.amazon.awssdk.services.glue.model.CreateWorkflowResponse;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunPropertiesRequest;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunPropertiesResponse;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunResponse;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunsRequest;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunsResponse;
import software.amazon.awssdk.services.glue.model.StartWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.StartWorkflowRunResponse;
import software.amazon.awssdk.services.glue.model.StopWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.StopWorkflowRunResponse;

/**
 * The async form of {@link FakeGlueClient}, over the same workflows and runs. Each call completes
 * before it returns (the future is already done, or already failed with the same exception the
 * blocking fake throws).
 */
public final class FakeGlueAsyncClient implements GlueAsyncClient {

  private final FakeGlueClient glue;

  FakeGlueAsyncClient(FakeGlueClient glue) {
    this.glue = Objects.requireNonNull(glue, "glue");
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {
    // nothing to release
  }

  @Override
  public CompletableFuture<CreateWorkflowResponse> createWorkflow(CreateWorkflowRequest request) {
    return AsyncSupport.call(() -> glue.createWorkflow(request));
  }

  @Override
  public CompletableFuture<StartWorkflowRunResponse> startWorkflowRun(StartWorkflowRunRequest request) {
    return AsyncSupport.call(() -> glue.startWorkflowRun(request));
  }

  @Override
  public CompletableFuture<GetWorkflowRunResponse> getWorkflowRun(GetWorkflowRunRequest request) {
    return AsyncSupport.call(() -> glue.getWorkflowRun(request));
  }

  @Override
  public CompletableFuture<GetWorkflowRunPropertiesResponse> getWorkflowRunProperties(
      GetWorkflowRunPropertiesRequest request) {
    return AsyncSupport.call(() -> glue.getWorkflowRunProperties(request));
  }

  @Override
  public CompletableFuture<GetWorkflowRunsResponse> getWorkflowRuns(GetWorkflowRunsRequest request) {
    return AsyncSupport.call(() -> glue.getWorkflowRuns(request));
  }

  @Override
  public CompletableFuture<StopWorkflowRunResponse> stopWorkflowRun(StopWorkflowRunRequest request) {
    return AsyncSupport.call(() -> glue.stopWorkflowRun(request));
  }
}
