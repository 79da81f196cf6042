package io.wflaunch.glue.internal;

import io.wflaunch.aws.OnceClient;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.support.Pages;
import io.wflaunch.spi.SendLimits;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunResponse;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunsRequest;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunsResponse;
import software.amazon.awssdk.services.glue.model.ResumeWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.ResumeWorkflowRunResponse;
import software.amazon.awssdk.services.glue.model.StartWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.StartWorkflowRunResponse;
import software.amazon.awssdk.services.glue.model.StopWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.StopWorkflowRunResponse;
import software.amazon.awssdk.services.glue.model.WorkflowRun;

/**
 * The Glue calls the adapter makes, over either client: over {@link GlueClient} each returns an
 * already completed future, over {@link GlueAsyncClient} a future the SDK completes. The start
 * and retry protocols' calls ({@link #startOnce}, {@link #resumeOnce}, look-ups through {@link #runsOnce}) go through
 * the {@link OnceClient}, so the SDK sends each of them exactly once. Failures are the SDK's, raw.
 */
public final class GlueCalls implements GlueRunListing<WorkflowRun> {

  private final BiFunction<StartWorkflowRunRequest, Duration, CompletableFuture<StartWorkflowRunResponse>> startOnce;
  private final Function<GetWorkflowRunRequest, CompletableFuture<GetWorkflowRunResponse>> get;
  private final Function<GetWorkflowRunsRequest, CompletableFuture<GetWorkflowRunsResponse>> runs;
  private final BiFunction<GetWorkflowRunsRequest, Duration, CompletableFuture<GetWorkflowRunsResponse>> runsOnce;
  private final Function<StopWorkflowRunRequest, CompletableFuture<StopWorkflowRunResponse>> stop;
  private final BiFunction<GetWorkflowRunRequest, Duration, CompletableFuture<GetWorkflowRunResponse>> getOnce;
  private final BiFunction<ResumeWorkflowRunRequest, Duration, CompletableFuture<ResumeWorkflowRunResponse>> resumeOnce;

  private GlueCalls(BiFunction<StartWorkflowRunRequest, Duration, CompletableFuture<StartWorkflowRunResponse>> startOnce,
      Function<GetWorkflowRunRequest, CompletableFuture<GetWorkflowRunResponse>> get,
      Function<GetWorkflowRunsRequest, CompletableFuture<GetWorkflowRunsResponse>> runs,
      BiFunction<GetWorkflowRunsRequest, Duration, CompletableFuture<GetWorkflowRunsResponse>> runsOnce,
      Function<StopWorkflowRunRequest, CompletableFuture<StopWorkflowRunResponse>> stop,
      BiFunction<GetWorkflowRunRequest, Duration, CompletableFuture<GetWorkflowRunResponse>> getOnce,
      BiFunction<ResumeWorkflowRunRequest, Duration, CompletableFuture<ResumeWorkflowRunResponse>> resumeOnce) {
    this.getOnce = getOnce;
    this.resumeOnce = resumeOnce;
    this.startOnce = startOnce;
    this.get = get;
    this.runs = runs;
    this.runsOnce = runsOnce;
    this.stop = stop;
  }

  public static GlueCalls over(GlueClient glue, OnceClient<GlueClient> once) {
    return new GlueCalls(
        (r, timeout) -> AsyncSupport.call(() -> once.client(timeout).startWorkflowRun(once.once(r, timeout))),
        r -> AsyncSupport.call(() -> glue.getWorkflowRun(r)),
        r -> AsyncSupport.call(() -> glue.getWorkflowRuns(r)),
        (r, timeout) -> AsyncSupport.call(() -> once.client(timeout).getWorkflowRuns(once.once(r, timeout))),
        r -> AsyncSupport.call(() -> glue.stopWorkflowRun(r)),
        (r, timeout) -> AsyncSupport.call(() -> once.client(timeout).getWorkflowRun(once.once(r, timeout))),
        (r, timeout) -> AsyncSupport.call(() -> once.client(timeout).resumeWorkflowRun(once.once(r, timeout))));
  }

  public static GlueCalls over(GlueAsyncClient glue, OnceClient<GlueAsyncClient> once) {
    return new GlueCalls(
        (r, timeout) -> AsyncSupport.defer(() -> once.client(timeout).startWorkflowRun(once.once(r, timeout))),
        r -> AsyncSupport.defer(() -> glue.getWorkflowRun(r)),
        r -> AsyncSupport.defer(() -> glue.getWorkflowRuns(r)),
        (r, timeout) -> AsyncSupport.defer(() -> once.client(timeout).getWorkflowRuns(once.once(r, timeout))),
        r -> AsyncSupport.defer(() -> glue.stopWorkflowRun(r)),
        (r, timeout) -> AsyncSupport.defer(() -> once.client(timeout).getWorkflowRun(once.once(r, timeout))),
        (r, timeout) -> AsyncSupport.defer(() -> once.client(timeout).resumeWorkflowRun(once.once(r, timeout))));
  }

  /** StartWorkflowRun, sent exactly once, with the start's request timeout. */
  public CompletableFuture<StartWorkflowRunResponse> startOnce(StartWorkflowRunRequest request, SendLimits limits) {
    return startOnce.apply(request, limits.requestTimeout());
  }

  public CompletableFuture<GetWorkflowRunResponse> getWorkflowRun(GetWorkflowRunRequest request) {
    return get.apply(request);
  }

  /** GetWorkflowRun, sent exactly once, with the request timeout of {@code limits}. */
  public CompletableFuture<GetWorkflowRunResponse> getWorkflowRunOnce(GetWorkflowRunRequest request, SendLimits limits) {
    return getOnce.apply(request, limits.requestTimeout());
  }

  /** ResumeWorkflowRun, sent exactly once, with the request timeout of {@code limits}. */
  public CompletableFuture<ResumeWorkflowRunResponse> resumeOnce(ResumeWorkflowRunRequest request, SendLimits limits) {
    return resumeOnce.apply(request, limits.requestTimeout());
  }

  public CompletableFuture<StopWorkflowRunResponse> stopWorkflowRun(StopWorkflowRunRequest request) {
    return stop.apply(request);
  }

  /**
   * Reads GetWorkflowRuns pages of one workflow, without the graph, until {@code enough} holds, there
   * are no more pages, or {@code maxPages} were read.
   */
  @Override
  public CompletableFuture<List<WorkflowRun>> runs(String workflowName, int pageSize, int maxPages,
      Predicate<List<WorkflowRun>> enough) {
    return runs(workflowName, pageSize, maxPages, enough, new AtomicInteger());
  }

  /** As {@link #runs(String, int, int, Predicate)}, counting the pages requested in {@code pages}. */
  @Override
  public CompletableFuture<List<WorkflowRun>> runs(String workflowName, int pageSize, int maxPages,
      Predicate<List<WorkflowRun>> enough, AtomicInteger pages) {
    GetWorkflowRunsRequest first = first(workflowName, pageSize);
    return Pages.collect(token -> {
      pages.incrementAndGet();
      return runs.apply(token == null ? first : first.toBuilder().nextToken(token).build())
          .thenApply(page -> new Pages.Page<>(page.runs(), page.nextToken()));
    }, maxPages, enough);
  }

  /**
   * A start protocol's look-up: reads pages as {@link #runs(String, int, int, Predicate)} does, each
   * sent exactly once with the start's request timeout, and none begun that would end after the start's
   * deadline.
   */
  @Override
  public CompletableFuture<List<WorkflowRun>> runsOnce(String workflowName, int pageSize, int maxPages,
      Predicate<List<WorkflowRun>> enough, SendLimits limits) {
    GetWorkflowRunsRequest first = first(workflowName, pageSize);
    return Pages.collect(token -> runsOnce.apply(token == null ? first : first.toBuilder().nextToken(token).build(),
        limits.requestTimeout()).thenApply(page -> new Pages.Page<>(page.runs(), page.nextToken())), maxPages, enough,
        limits);
  }

  private static GetWorkflowRunsRequest first(String workflowName, int pageSize) {
    return GetWorkflowRunsRequest.builder().name(workflowName).includeGraph(false).maxResults(pageSize).build();
  }
}
