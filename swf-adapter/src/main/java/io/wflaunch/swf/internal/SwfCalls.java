package io.wflaunch.swf.internal;

import io.wflaunch.spi.AsyncSupport;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.GetWorkflowExecutionHistoryRequest;
import software.amazon.awssdk.services.swf.model.GetWorkflowExecutionHistoryResponse;
import software.amazon.awssdk.services.swf.model.ListClosedWorkflowExecutionsRequest;
import software.amazon.awssdk.services.swf.model.ListClosedWorkflowExecutionsResponse;
import software.amazon.awssdk.services.swf.model.ListOpenWorkflowExecutionsRequest;
import software.amazon.awssdk.services.swf.model.ListOpenWorkflowExecutionsResponse;
import software.amazon.awssdk.services.swf.model.RequestCancelWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.RequestCancelWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.StartWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.StartWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.TerminateWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.TerminateWorkflowExecutionResponse;

/**
 * The SWF calls the adapter makes, over either client: over {@link SwfClient} each returns an already
 * completed future, over {@link SwfAsyncClient} a future the SDK completes.
 */
public final class SwfCalls {

  private final Function<StartWorkflowExecutionRequest, CompletableFuture<StartWorkflowExecutionResponse>> start;
  private final Function<DescribeWorkflowExecutionRequest, CompletableFuture<DescribeWorkflowExecutionResponse>> describe;
  private final Function<ListOpenWorkflowExecutionsRequest, CompletableFuture<ListOpenWorkflowExecutionsResponse>> listOpen;
  private final Function<ListClosedWorkflowExecutionsRequest, CompletableFuture<ListClosedWorkflowExecutionsResponse>> listClosed;
  private final Function<RequestCancelWorkflowExecutionRequest, CompletableFuture<RequestCancelWorkflowExecutionResponse>> cancel;
  private final Function<TerminateWorkflowExecutionRequest, CompletableFuture<TerminateWorkflowExecutionResponse>> terminate;
  private final Function<GetWorkflowExecutionHistoryRequest, CompletableFuture<GetWorkflowExecutionHistoryResponse>> history;

  private SwfCalls(
      Function<StartWorkflowExecutionRequest, CompletableFuture<StartWorkflowExecutionResponse>> start,
      Function<DescribeWorkflowExecutionRequest, CompletableFuture<DescribeWorkflowExecutionResponse>> describe,
      Function<ListOpenWorkflowExecutionsRequest, CompletableFuture<ListOpenWorkflowExecutionsResponse>> listOpen,
      Function<ListClosedWorkflowExecutionsRequest, CompletableFuture<ListClosedWorkflowExecutionsResponse>> listClosed,
      Function<RequestCancelWorkflowExecutionRequest, CompletableFuture<RequestCancelWorkflowExecutionResponse>> cancel,
      Function<TerminateWorkflowExecutionRequest, CompletableFuture<TerminateWorkflowExecutionResponse>> terminate,
      Function<GetWorkflowExecutionHistoryRequest, CompletableFuture<GetWorkflowExecutionHistoryResponse>> history) {
    this.start = start;
    this.describe = describe;
    this.listOpen = listOpen;
    this.listClosed = listClosed;
    this.cancel = cancel;
    this.terminate = terminate;
    this.history = history;
  }

  public static SwfCalls over(SwfClient swf) {
    return new SwfCalls(
        r -> AsyncSupport.call(() -> swf.startWorkflowExecution(r)),
        r -> AsyncSupport.call(() -> swf.describeWorkflowExecution(r)),
        r -> AsyncSupport.call(() -> swf.listOpenWorkflowExecutions(r)),
        r -> AsyncSupport.call(() -> swf.listClosedWorkflowExecutions(r)),
        r -> AsyncSupport.call(() -> swf.requestCancelWorkflowExecution(r)),
        r -> AsyncSupport.call(() -> swf.terminateWorkflowExecution(r)),
        r -> AsyncSupport.call(() -> swf.getWorkflowExecutionHistory(r)));
  }

  public static SwfCalls over(SwfAsyncClient swf) {
    return new SwfCalls(
        r -> AsyncSupport.defer(() -> swf.startWorkflowExecution(r)),
        r -> AsyncSupport.defer(() -> swf.describeWorkflowExecution(r)),
        r -> AsyncSupport.defer(() -> swf.listOpenWorkflowExecutions(r)),
        r -> AsyncSupport.defer(() -> swf.listClosedWorkflowExecutions(r)),
        r -> AsyncSupport.defer(() -> swf.requestCancelWorkflowExecution(r)),
        r -> AsyncSupport.defer(() -> swf.terminateWorkflowExecution(r)),
        r -> AsyncSupport.defer(() -> swf.getWorkflowExecutionHistory(r)));
  }

  public CompletableFuture<StartWorkflowExecutionResponse> start(StartWorkflowExecutionRequest request) {
    return start.apply(request);
  }

  public CompletableFuture<DescribeWorkflowExecutionResponse> describe(DescribeWorkflowExecutionRequest request) {
    return describe.apply(request);
  }

  public CompletableFuture<ListOpenWorkflowExecutionsResponse> listOpen(ListOpenWorkflowExecutionsRequest request) {
    return listOpen.apply(request);
  }

  public CompletableFuture<ListClosedWorkflowExecutionsResponse> listClosed(ListClosedWorkflowExecutionsRequest request) {
    return listClosed.apply(request);
  }

  public CompletableFuture<RequestCancelWorkflowExecutionResponse> cancel(RequestCancelWorkflowExecutionRequest request) {
    return cancel.apply(request);
  }

  public CompletableFuture<TerminateWorkflowExecutionResponse> terminate(TerminateWorkflowExecutionRequest request) {
    return terminate.apply(request);
  }

  public CompletableFuture<GetWorkflowExecutionHistoryResponse> history(GetWorkflowExecutionHistoryRequest request) {
    return history.apply(request);
  }
}
