package io.wflaunch.swf.internal;

import io.wflaunch.aws.OnceClient;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.support.Pages;
import io.wflaunch.spi.SendLimits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
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
 * ({@link #start}, {@link #openOnce} and {@link #closedOnce}) go through the {@link OnceClient}, so the
 * SDK sends each of them exactly once, with the start's request timeout as its API-call timeout.
 * Failures are the SDK's, raw.
 */
public final class SwfCalls {

  private final BiFunction<StartWorkflowExecutionRequest, Duration, CompletableFuture<StartWorkflowExecutionResponse>> start;
  private final Function<DescribeWorkflowExecutionRequest, CompletableFuture<DescribeWorkflowExecutionResponse>> describe;
  private final Function<ListOpenWorkflowExecutionsRequest, CompletableFuture<ListOpenWorkflowExecutionsResponse>> listOpen;
  private final Function<ListClosedWorkflowExecutionsRequest, CompletableFuture<ListClosedWorkflowExecutionsResponse>> listClosed;
  private final BiFunction<ListOpenWorkflowExecutionsRequest, Duration, CompletableFuture<ListOpenWorkflowExecutionsResponse>> listOpenOnce;
  private final BiFunction<ListClosedWorkflowExecutionsRequest, Duration, CompletableFuture<ListClosedWorkflowExecutionsResponse>> listClosedOnce;
  private final Function<RequestCancelWorkflowExecutionRequest, CompletableFuture<RequestCancelWorkflowExecutionResponse>> cancel;
  private final Function<TerminateWorkflowExecutionRequest, CompletableFuture<TerminateWorkflowExecutionResponse>> terminate;
  private final Function<GetWorkflowExecutionHistoryRequest, CompletableFuture<GetWorkflowExecutionHistoryResponse>> history;

  private SwfCalls(
      BiFunction<StartWorkflowExecutionRequest, Duration, CompletableFuture<StartWorkflowExecutionResponse>> start,
      Function<DescribeWorkflowExecutionRequest, CompletableFuture<DescribeWorkflowExecutionResponse>> describe,
      Function<ListOpenWorkflowExecutionsRequest, CompletableFuture<ListOpenWorkflowExecutionsResponse>> listOpen,
      Function<ListClosedWorkflowExecutionsRequest, CompletableFuture<ListClosedWorkflowExecutionsResponse>> listClosed,
      BiFunction<ListOpenWorkflowExecutionsRequest, Duration, CompletableFuture<ListOpenWorkflowExecutionsResponse>> listOpenOnce,
      BiFunction<ListClosedWorkflowExecutionsRequest, Duration, CompletableFuture<ListClosedWorkflowExecutionsResponse>> listClosedOnce,
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
        (r, timeout) -> AsyncSupport.call(() -> once.client(timeout).startWorkflowExecution(once.once(r, timeout))),
        r -> AsyncSupport.call(() -> swf.describeWorkflowExecution(r)),
        r -> AsyncSupport.call(() -> swf.listOpenWorkflowExecutions(r)),
        r -> AsyncSupport.call(() -> swf.listClosedWorkflowExecutions(r)),
        (r, timeout) -> AsyncSupport.call(() -> once.client(timeout).listOpenWorkflowExecutions(once.once(r, timeout))),
        (r, timeout) -> AsyncSupport.call(() -> once.client(timeout).listClosedWorkflowExecutions(once.once(r, timeout))),
        r -> AsyncSupport.call(() -> swf.requestCancelWorkflowExecution(r)),
        r -> AsyncSupport.call(() -> swf.terminateWorkflowExecution(r)),
        r -> AsyncSupport.call(() -> swf.getWorkflowExecutionHistory(r)));
  }

  public static SwfCalls over(SwfAsyncClient swf, OnceClient<SwfAsyncClient> once) {
    return new SwfCalls(
        (r, timeout) -> AsyncSupport.defer(() -> once.client(timeout).startWorkflowExecution(once.once(r, timeout))),
        r -> AsyncSupport.defer(() -> swf.describeWorkflowExecution(r)),
        r -> AsyncSupport.defer(() -> swf.listOpenWorkflowExecutions(r)),
        r -> AsyncSupport.defer(() -> swf.listClosedWorkflowExecutions(r)),
        (r, timeout) -> AsyncSupport.defer(() -> once.client(timeout).listOpenWorkflowExecutions(once.once(r, timeout))),
        (r, timeout) -> AsyncSupport.defer(() -> once.client(timeout).listClosedWorkflowExecutions(once.once(r, timeout))),
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

  private static <Q, R> BiFunction<Q, Duration, CompletableFuture<R>> count(
      BiFunction<Q, Duration, CompletableFuture<R>> call, AtomicInteger requests) {
    return (request, timeout) -> {
      requests.incrementAndGet();
      return call.apply(request, timeout);
    };
  }

  /** StartWorkflowExecution, sent exactly once, with the start's request timeout. */
  public CompletableFuture<StartWorkflowExecutionResponse> start(StartWorkflowExecutionRequest request,
      SendLimits limits) {
    return start.apply(request, limits.requestTimeout());
  }

  public CompletableFuture<DescribeWorkflowExecutionResponse> describe(DescribeWorkflowExecutionRequest request) {
    return describe.apply(request);
  }

  /**
   * Pages of ListOpenWorkflowExecutions until {@code enough} holds, there are no more pages, or
   * {@code maxPages} were read.
   */
  public CompletableFuture<List<WorkflowExecutionInfo>> open(ListOpenWorkflowExecutionsRequest first, int maxPages,
      Predicate<List<WorkflowExecutionInfo>> enough) {
    return Pages.collect(token -> listOpen.apply(first.toBuilder().nextPageToken(token).build())
        .thenApply(page -> new Pages.Page<>(page.executionInfos(), page.nextPageToken())), maxPages, enough);
  }

  /**
   * A start protocol's look-up: pages as {@link #open} reads them, each sent exactly once with the
   * start's request timeout, and none begun that would end after the start's deadline.
   */
  public CompletableFuture<List<WorkflowExecutionInfo>> openOnce(ListOpenWorkflowExecutionsRequest first, int maxPages,
      Predicate<List<WorkflowExecutionInfo>> enough, SendLimits limits) {
    return Pages.collect(token -> listOpenOnce.apply(first.toBuilder().nextPageToken(token).build(),
            limits.requestTimeout())
        .thenApply(page -> new Pages.Page<>(page.executionInfos(), page.nextPageToken())), maxPages, enough, limits);
  }

  /**
   * Pages of ListClosedWorkflowExecutions until {@code enough} holds, there are no more pages, or
   * {@code maxPages} were read.
   */
  public CompletableFuture<List<WorkflowExecutionInfo>> closed(ListClosedWorkflowExecutionsRequest first,
      int maxPages, Predicate<List<WorkflowExecutionInfo>> enough) {
    return Pages.collect(token -> listClosed.apply(first.toBuilder().nextPageToken(token).build())
        .thenApply(page -> new Pages.Page<>(page.executionInfos(), page.nextPageToken())), maxPages, enough);
  }

  /**
   * A start protocol's look-up: pages as {@link #closed} reads them, each sent exactly once with the
   * start's request timeout, and none begun that would end after the start's deadline.
   */
  public CompletableFuture<List<WorkflowExecutionInfo>> closedOnce(ListClosedWorkflowExecutionsRequest first,
      int maxPages, Predicate<List<WorkflowExecutionInfo>> enough, SendLimits limits) {
    return Pages.collect(token -> listClosedOnce.apply(first.toBuilder().nextPageToken(token).build(),
            limits.requestTimeout())
        .thenApply(page -> new Pages.Page<>(page.executionInfos(), page.nextPageToken())), maxPages, enough, limits);
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
