package io.wflaunch.testkit.codecatalyst;

import io.wflaunch.spi.support.AsyncSupport;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystAsyncClient;
import software.amazon.awssdk.services.codecatalyst.model.GetWorkflowRunRequest;
import software.amazon.awssdk.services.codecatalyst.model.GetWorkflowRunResponse;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowRunsRequest;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowRunsResponse;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowsRequest;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowsResponse;
import software.amazon.awssdk.services.codecatalyst.model.StartWorkflowRunRequest;
import software.amazon.awssdk.services.codecatalyst.model.StartWorkflowRunResponse;

/** The async form of {@link FakeCodeCatalystClient}, over the same state; each call completes before it returns. */
public final class FakeCodeCatalystAsyncClient implements CodeCatalystAsyncClient {

  private final FakeCodeCatalystClient codeCatalyst;

  FakeCodeCatalystAsyncClient(FakeCodeCatalystClient codeCatalyst) {
    this.codeCatalyst = Objects.requireNonNull(codeCatalyst, "codeCatalyst");
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
  public CompletableFuture<StartWorkflowRunResponse> startWorkflowRun(StartWorkflowRunRequest request) {
    return AsyncSupport.call(() -> codeCatalyst.startWorkflowRun(request));
  }

  @Override
  public CompletableFuture<GetWorkflowRunResponse> getWorkflowRun(GetWorkflowRunRequest request) {
    return AsyncSupport.call(() -> codeCatalyst.getWorkflowRun(request));
  }

  @Override
  public CompletableFuture<ListWorkflowRunsResponse> listWorkflowRuns(ListWorkflowRunsRequest request) {
    return AsyncSupport.call(() -> codeCatalyst.listWorkflowRuns(request));
  }

  @Override
  public CompletableFuture<ListWorkflowsResponse> listWorkflows(ListWorkflowsRequest request) {
    return AsyncSupport.call(() -> codeCatalyst.listWorkflows(request));
  }
}
