package io.wflaunch.swf.internal;

import io.wflaunch.aws.internal.OnceClient;
import io.wflaunch.spi.AsyncSupport;
import io.wflaunch.spi.Pages;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
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
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;

/**
 * The SWF calls the adapter makes, over either client: over {@link SwfClient} each returns an already
 * completed future, over {@link SwfAsyncClient} a future the SDK completes. The start protocol's calls
 * ({@link #start}, and the list calls with {@code once}) go through the {@link OnceClient}, so the SDK
 * sends each of them exactly once. Failures are the SDK's, raw.
 */
public final class SwfCalls {

  private final Function<StartWorkflowExecutionRequest, CompletableFuture<StartWorkflowExecutionResponse>> start;
  private final Function<DescribeWorkflowExecutionRequest, CompletableFuture<DescribeWorkflowExecutionResponse>> describe;
  private final Function<ListOpenWorkflowExecutionsRequest, CompletableFuture<ListOpenWorkflowExecutionsResponse>> listOpen;
  private final Function<ListClosedWorkflowExecutionsRequest, CompletableFuture<ListClosedWorkflowExecutionsResponse>> listClosed;
  private final Function<ListOpenWorkflowExecutionsRequest, CompletableFuture<ListOpenWorkflowExecutionsResponse>> listOpenOnce;
  private final Function<ListClosedWorkflowExecutionsRequest, CompletableFuture<ListClosedWorkflowExecutionsResponse>> listClosedOnce;
  private final Function<RequestCancelWorkflowExecutionRequest, CompletableFuture<RequestCancelWorkflowExecutionResponse>> cancel;
  private final Function<TerminateWorkflowExecutionRequest, CompletableFuture<TerminateWorkflowExecutionResponse>> terminate;
  private final Function<GetWorkflowExecutionHistoryRequest, CompletableFuture<GetWorkflowExecutionHistoryResponse>> history;

  private SwfCalls(
      Function<StartWorkflowExecutionRequest, CompletableFuture<StartWorkflowExecutionResponse>> start,
      Function<DescribeWorkflowExecutionRequest, CompletableFuture<DescribeWorkflowExecutionResponse>> describe,
      Function<ListOpenWorkflowExecutionsRequest, CompletableFuture<ListOpenWorkflowExecutionsResponse>> listOpen,
      Function<ListClosedWorkflowExecutionsRequest, CompletableFuture<ListClosedWorkflowExecutionsResponse>> listClosed,
      Function<ListOpenWorkflowExecutionsRequest, CompletableFuture<ListOpenWorkflowExecutionsResponse>> listOpenOnce,
      Function<ListClosedWorkflowExecutionsRequest, CompletableFuture<ListClosedWorkflowExecutionsResponse>> listClosedOnce,
      Function<RequestCancelWorkflowExecutionRequest, CompletableFuture<RequestCancelWorkflowExecutionResponse>> cancel,
      Function<TerminateWorkflowExecutionRequest, CompletableFuture<TerminateWorkflowExecutionResponse>> terminate,
      Function<GetWorkflowExecutionHistoryRequest, CompletableFuture<GetWorkflowExecutionHistoryResponse>> history) {
    this.start = start;
    this.describe = describe;
    this.listOpen = listOpen;
    this.listClosed = listClosed;
    this.listOpenOnce = listOpenOnce;
    this.listClosedOnce = listClosedOnce;
    this.cancel = cancel;
    this.terminate = terminate;
    this.history = history;
  }

  public static SwfCalls over(SwfClient swf, OnceClient<SwfClient> once) {
    return new SwfCalls(
        r -> AsyncSupport.call(() -> once.client().startWorkflowExecution(once.once(r))),
        r -> AsyncSupport.call(() -> swf.describeWorkflowExecution(r)),
        r -> AsyncSupport.call(() -> swf.listOpenWorkflowExecutions(r)),
        r -> AsyncSupport.call(() -> swf.listClosedWorkflowExecutions(r)),
        r -> AsyncSupport.call(() -> once.client().listOpenWorkflowExecutions(once.once(r))),
        r -> AsyncSupport.call(() -> once.client().listClosedWorkflowExecutions(once.once(r))),
        r -> AsyncSupport.call(() -> swf.requestCancelWorkflowExecution(r)),
        r -> AsyncSupport.call(() -> swf.terminateWorkflowExecution(r)),
        r -> AsyncSupport.call(() -> swf.getWorkflowExecutionHistory(r)));
  }

  public static SwfCalls over(SwfAsyncClient swf, OnceClient<SwfAsyncClient> once) {
    return new SwfCalls(
        r -> AsyncSupport.defer(() -> once.client().startWorkflowExecution(once.once(r))),
        r -> AsyncSupport.defer(() -> swf.describeWorkflowExecution(r)),
        r -> AsyncSupport.defer(() -> swf.listOpenWorkflowExecutions(r)),
        r -> AsyncSupport.defer(() -> swf.listClosedWorkflowExecutions(r)),
        r -> AsyncSupport.defer(() -> once.client().listOpenWorkflowExecutions(once.once(r))),
        r -> AsyncSupport.defer(() -> once.client().listClosedWorkflowExecutions(once.once(r))),
        r -> AsyncSupport.defer(() -> swf.requestCancelWorkflowExecution(r)),
        r -> AsyncSupport.defer(() -> swf.terminateWorkflowExecution(r)),
        r -> AsyncSupport.defer(() -> swf.getWorkflowExecutionHistory(r)));
  }

  /**
   * The same calls, each adding one to {@code requests} when it is sent.
   * @param requests the counter
   * @return the counting calls
   */
  public SwfCalls counted(AtomicInteger requests) {
    return new SwfCalls(count(start, requests), count(describe, requests), count(listOpen, requests),
        count(listClosed, requests), count(listOpenOnce, requests), count(listClosedOnce, requests),
        count(cancel, requests), count(terminate, requests), count(history, requests));
  }

  private static <Q, R> Function<Q, CompletableFuture<R>> count(Function<Q, CompletableFuture<R>> call,
      AtomicInteger requests) {
    return request -> {
      requests.incrementAndGet();
      return call.apply(request);
    };
  }

  /** StartWorkflowExecution, sent exactly once. */
  public CompletableFuture<StartWorkflowExecutionResponse> start(StartWorkflowExecutionRequest request) {
    return start.apply(request);
  }

  public CompletableFuture<DescribeWorkflowExecutionResponse> describe(DescribeWorkflowExecutionRequest request) {
    return describe.apply(request);
  }

  /**
   * Pages of ListOpenWorkflowExecutions until {@code enough} holds, there are no more pages, or
   * {@code maxPages} were read; with {@code once}, each page is sent exactly once.
   */
  public CompletableFuture<List<WorkflowExecutionInfo>> open(ListOpenWorkflowExecutionsRequest first, int maxPages,
      boolean once, Predicate<List<WorkflowExecutionInfo>> enough) {
    Function<ListOpenWorkflowExecutionsRequest, CompletableFuture<ListOpenWorkflowExecutionsResponse>> call =
        once ? listOpenOnce : listOpen;
    return Pages.collect(token -> call.apply(first.toBuilder().nextPageToken(token).build())
        .thenApply(page -> new Pages.Page<>(page.executionInfos(), page.nextPageToken())), maxPages, enough);
  }

  /**
   * Pages of ListClosedWorkflowExecutions until {@code enough} holds, there are no more pages, or
   * {@code maxPages} were read; with {@code once}, each page is sent exactly once.
   */
  public CompletableFuture<List<WorkflowExecutionInfo>> closed(ListClosedWorkflowExecutionsRequest first,
      int maxPages, boolean once, Predicate<List<WorkflowExecutionInfo>> enough) {
    Function<ListClosedWorkflowExecutionsRequest, CompletableFuture<ListClosedWorkflowExecutionsResponse>> call =
        once ? listClosedOnce : listClosed;
    return Pages.collect(token -> call.apply(first.toBuilder().nextPageToken(token).build())
        .thenApply(page -> new Pages.Page<>(page.executionInfos(), page.nextPageToken())), maxPages, enough);
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
