package io.wflaunch.codecatalyst.internal;

import io.wflaunch.spi.AsyncSupport;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystAsyncClient;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClient;
import software.amazon.awssdk.services.codecatalyst.model.GetWorkflowRunRequest;
import software.amazon.awssdk.services.codecatalyst.model.GetWorkflowRunResponse;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowRunsRequest;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowRunsResponse;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowsRequest;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowsResponse;
import software.amazon.awssdk.services.codecatalyst.model.StartWorkflowRunRequest;
import software.amazon.awssdk.services.codecatalyst.model.StartWorkflowRunResponse;

/** The CodeCatalyst calls the adapter makes, over either client. */
public final class CodeCatalystCalls {

  private final Function<StartWorkflowRunRequest, CompletableFuture<StartWorkflowRunResponse>> start;
  private final Function<GetWorkflowRunRequest, CompletableFuture<GetWorkflowRunResponse>> get;
  private final Function<ListWorkflowRunsRequest, CompletableFuture<ListWorkflowRunsResponse>> listRuns;
  private final Function<ListWorkflowsRequest, CompletableFuture<ListWorkflowsResponse>> listWorkflows;
  private final boolean blocking;

  private CodeCatalystCalls(
      Function<StartWorkflowRunRequest, CompletableFuture<StartWorkflowRunResponse>> start,
      Function<GetWorkflowRunRequest, CompletableFuture<GetWorkflowRunResponse>> get,
      Function<ListWorkflowRunsRequest, CompletableFuture<ListWorkflowRunsResponse>> listRuns,
      Function<ListWorkflowsRequest, CompletableFuture<ListWorkflowsResponse>> listWorkflows,
      boolean blocking) {
    this.start = start;
    this.get = get;
    this.listRuns = listRuns;
    this.listWorkflows = listWorkflows;
    this.blocking = blocking;
  }

  public static CodeCatalystCalls over(CodeCatalystClient client) {
    return new CodeCatalystCalls(
        r -> AsyncSupport.call(() -> client.startWorkflowRun(r)),
        r -> AsyncSupport.call(() -> client.getWorkflowRun(r)),
        r -> AsyncSupport.call(() -> client.listWorkflowRuns(r)),
        r -> AsyncSupport.call(() -> client.listWorkflows(r)),
        true);
  }

  public static CodeCatalystCalls over(CodeCatalystAsyncClient client) {
    return new CodeCatalystCalls(
        r -> AsyncSupport.defer(() -> client.startWorkflowRun(r)),
        r -> AsyncSupport.defer(() -> client.getWorkflowRun(r)),
        r -> AsyncSupport.defer(() -> client.listWorkflowRuns(r)),
        r -> AsyncSupport.defer(() -> client.listWorkflows(r)),
        false);
  }

  public CompletableFuture<StartWorkflowRunResponse> start(StartWorkflowRunRequest request) {
    return start.apply(request);
  }

  public CompletableFuture<GetWorkflowRunResponse> get(GetWorkflowRunRequest request) {
    return get.apply(request);
  }

  public CompletableFuture<ListWorkflowRunsResponse> listRuns(ListWorkflowRunsRequest request) {
    return listRuns.apply(request);
  }

  public CompletableFuture<ListWorkflowsResponse> listWorkflows(ListWorkflowsRequest request) {
    return listWorkflows.apply(request);
  }

  /** Whether the calls block the caller (and so pauses between attempts may block too). */
  public boolean blocking() {
    return blocking;
  }
}
