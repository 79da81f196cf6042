package io.wflaunch.codecatalyst.internal;

import io.wflaunch.aws.OnceClient;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.support.Pages;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
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
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunSummary;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowSummary;

/**
 * The CodeCatalyst calls the adapter makes, over either client. StartWorkflowRun goes through the
 * {@link OnceClient}, so the SDK sends it exactly once (the start protocol sends it again, with the same
 * client token, when that is safe). Failures are the SDK's, raw.
 */
public final class CodeCatalystCalls {

  /** Runs per ListWorkflowRuns page. */
  public static final int RUNS_PAGE = 50;
  /** Workflows per ListWorkflows page. */
  public static final int WORKFLOWS_PAGE = 100;

  private final BiFunction<StartWorkflowRunRequest, Duration, CompletableFuture<StartWorkflowRunResponse>> start;
  private final Function<GetWorkflowRunRequest, CompletableFuture<GetWorkflowRunResponse>> get;
  private final Function<ListWorkflowRunsRequest, CompletableFuture<ListWorkflowRunsResponse>> listRuns;
  private final Function<ListWorkflowsRequest, CompletableFuture<ListWorkflowsResponse>> listWorkflows;

  private CodeCatalystCalls(
      BiFunction<StartWorkflowRunRequest, Duration, CompletableFuture<StartWorkflowRunResponse>> start,
      Function<GetWorkflowRunRequest, CompletableFuture<GetWorkflowRunResponse>> get,
      Function<ListWorkflowRunsRequest, CompletableFuture<ListWorkflowRunsResponse>> listRuns,
      Function<ListWorkflowsRequest, CompletableFuture<ListWorkflowsResponse>> listWorkflows) {
    this.start = start;
    this.get = get;
    this.listRuns = listRuns;
    this.listWorkflows = listWorkflows;
  }

  public static CodeCatalystCalls over(CodeCatalystClient client, OnceClient<CodeCatalystClient> once) {
    return new CodeCatalystCalls(
        (r, timeout) -> AsyncSupport.call(() -> once.client(timeout).startWorkflowRun(once.once(r, timeout))),
        r -> AsyncSupport.call(() -> client.getWorkflowRun(r)),
        r -> AsyncSupport.call(() -> client.listWorkflowRuns(r)),
        r -> AsyncSupport.call(() -> client.listWorkflows(r)));
  }

  public static CodeCatalystCalls over(CodeCatalystAsyncClient client, OnceClient<CodeCatalystAsyncClient> once) {
    return new CodeCatalystCalls(
        (r, timeout) -> AsyncSupport.defer(() -> once.client(timeout).startWorkflowRun(once.once(r, timeout))),
        r -> AsyncSupport.defer(() -> client.getWorkflowRun(r)),
        r -> AsyncSupport.defer(() -> client.listWorkflowRuns(r)),
        r -> AsyncSupport.defer(() -> client.listWorkflows(r)));
  }

  /** StartWorkflowRun, sent exactly once, with the start's request timeout. */
  public CompletableFuture<StartWorkflowRunResponse> startOnce(StartWorkflowRunRequest request, Duration timeout) {
    return start.apply(request, timeout);
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

  /**
   * A workflow's runs from ListWorkflowRuns pages of {@value #RUNS_PAGE} (newest first), read until
   * {@code enough} holds for the runs read, there is no next page, or {@code maxPages} were read.
   *
   * @param requests incremented once per page asked for
   * @return the runs read, in the service's order; or the failure of the page that failed, raw
   */
  public CompletableFuture<List<WorkflowRunSummary>> runPages(String space, String project, String workflowId,
      int maxPages, Predicate<List<WorkflowRunSummary>> enough, AtomicInteger requests) {
    ListWorkflowRunsRequest first = ListWorkflowRunsRequest.builder().spaceName(space).projectName(project)
        .workflowId(workflowId).maxResults(RUNS_PAGE).build();
    return Pages.collect(token -> {
      requests.incrementAndGet();
      return listRuns(first.toBuilder().nextToken(token).build())
          .thenApply(page -> new Pages.Page<>(page.items(), page.nextToken()));
    }, maxPages, enough);
  }

  /**
   * A project's workflows from every ListWorkflows page of {@value #WORKFLOWS_PAGE}, at most
   * {@code maxPages}.
   *
   * @return the workflows; or the failure of the page that failed, raw
   */
  public CompletableFuture<List<WorkflowSummary>> workflowPages(String space, String project, int maxPages) {
    ListWorkflowsRequest first = ListWorkflowsRequest.builder().spaceName(space).projectName(project)
        .maxResults(WORKFLOWS_PAGE).build();
    return Pages.collect(token -> listWorkflows(first.toBuilder().nextToken(token).build())
        .thenApply(page -> new Pages.Page<>(page.items(), page.nextToken())), maxPages, workflows -> false);
  }
}
