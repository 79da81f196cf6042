package io.wflaunch.glue.internal;

import io.wflaunch.aws.OnceClient;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.support.Pages;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.BatchStopJobRunRequest;
import software.amazon.awssdk.services.glue.model.BatchStopJobRunResponse;
import software.amazon.awssdk.services.glue.model.GetJobRunRequest;
import software.amazon.awssdk.services.glue.model.GetJobRunResponse;
import software.amazon.awssdk.services.glue.model.GetJobRunsRequest;
import software.amazon.awssdk.services.glue.model.GetJobRunsResponse;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.StartJobRunRequest;
import software.amazon.awssdk.services.glue.model.StartJobRunResponse;

/**
 * The Glue job calls the adapter makes, over either client, as {@link GlueCalls} does for workflows:
 * StartJobRun (a start or a retry) and the look-ups' GetJobRuns pages go through the
 * {@link OnceClient}, sent exactly once. Failures are the SDK's, raw.
 */
public final class GlueJobCalls implements GlueRunListing<JobRun> {

  private final BiFunction<StartJobRunRequest, Duration, CompletableFuture<StartJobRunResponse>> startOnce;
  private final Function<GetJobRunRequest, CompletableFuture<GetJobRunResponse>> get;
  private final BiFunction<GetJobRunRequest, Duration, CompletableFuture<GetJobRunResponse>> getOnce;
  private final Function<GetJobRunsRequest, CompletableFuture<GetJobRunsResponse>> runs;
  private final BiFunction<GetJobRunsRequest, Duration, CompletableFuture<GetJobRunsResponse>> runsOnce;
  private final Function<BatchStopJobRunRequest, CompletableFuture<BatchStopJobRunResponse>> stop;

  private GlueJobCalls(BiFunction<StartJobRunRequest, Duration, CompletableFuture<StartJobRunResponse>> startOnce,
      Function<GetJobRunRequest, CompletableFuture<GetJobRunResponse>> get,
      BiFunction<GetJobRunRequest, Duration, CompletableFuture<GetJobRunResponse>> getOnce,
      Function<GetJobRunsRequest, CompletableFuture<GetJobRunsResponse>> runs,
      BiFunction<GetJobRunsRequest, Duration, CompletableFuture<GetJobRunsResponse>> runsOnce,
      Function<BatchStopJobRunRequest, CompletableFuture<BatchStopJobRunResponse>> stop) {
    this.startOnce = startOnce;
    this.get = get;
    this.getOnce = getOnce;
    this.runs = runs;
    this.runsOnce = runsOnce;
    this.stop = stop;
  }

  public static GlueJobCalls over(GlueClient glue, OnceClient<GlueClient> once) {
    return new GlueJobCalls(
        (r, timeout) -> AsyncSupport.call(() -> once.client(timeout).startJobRun(once.once(r, timeout))),
        r -> AsyncSupport.call(() -> glue.getJobRun(r)),
        (r, timeout) -> AsyncSupport.call(() -> once.client(timeout).getJobRun(once.once(r, timeout))),
        r -> AsyncSupport.call(() -> glue.getJobRuns(r)),
        (r, timeout) -> AsyncSupport.call(() -> once.client(timeout).getJobRuns(once.once(r, timeout))),
        r -> AsyncSupport.call(() -> glue.batchStopJobRun(r)));
  }

  public static GlueJobCalls over(GlueAsyncClient glue, OnceClient<GlueAsyncClient> once) {
    return new GlueJobCalls(
        (r, timeout) -> AsyncSupport.defer(() -> once.client(timeout).startJobRun(once.once(r, timeout))),
        r -> AsyncSupport.defer(() -> glue.getJobRun(r)),
        (r, timeout) -> AsyncSupport.defer(() -> once.client(timeout).getJobRun(once.once(r, timeout))),
        r -> AsyncSupport.defer(() -> glue.getJobRuns(r)),
        (r, timeout) -> AsyncSupport.defer(() -> once.client(timeout).getJobRuns(once.once(r, timeout))),
        r -> AsyncSupport.defer(() -> glue.batchStopJobRun(r)));
  }

  /** StartJobRun, sent exactly once, with the request timeout of {@code limits}. */
  public CompletableFuture<StartJobRunResponse> startOnce(StartJobRunRequest request, SendLimits limits) {
    return startOnce.apply(request, limits.requestTimeout());
  }

  public CompletableFuture<JobRun> getJobRun(String jobName, String runId) {
    return get.apply(getRequest(jobName, runId)).thenApply(GetJobRunResponse::jobRun);
  }

  /** GetJobRun, sent exactly once, with the request timeout of {@code limits}. */
  public CompletableFuture<JobRun> getJobRunOnce(String jobName, String runId, SendLimits limits) {
    return getOnce.apply(getRequest(jobName, runId), limits.requestTimeout()).thenApply(GetJobRunResponse::jobRun);
  }

  public CompletableFuture<BatchStopJobRunResponse> batchStop(BatchStopJobRunRequest request) {
    return stop.apply(request);
  }

  /** Reads GetJobRuns pages of one job until {@code enough} holds, there are no more, or {@code maxPages}. */
  @Override
  public CompletableFuture<List<JobRun>> runs(String jobName, int pageSize, int maxPages, Predicate<List<JobRun>> enough) {
    return runs(jobName, pageSize, maxPages, enough, new AtomicInteger());
  }

  /** As {@link #runs(String, int, int, Predicate)}, counting the pages requested in {@code pages}. */
  @Override
  public CompletableFuture<List<JobRun>> runs(String jobName, int pageSize, int maxPages, Predicate<List<JobRun>> enough,
      AtomicInteger pages) {
    GetJobRunsRequest first = first(jobName, pageSize);
    return Pages.collect(token -> {
      pages.incrementAndGet();
      return runs.apply(token == null ? first : first.toBuilder().nextToken(token).build())
        .thenApply(page -> new Pages.Page<>(page.jobRuns(), page.nextToken()));
    }, maxPages, enough);
  }

  /**
   * A look-up's pages, as {@link #runs} reads them, each sent exactly once with the request timeout of
   * {@code limits}, and none begun that would end after its deadline.
   */
  @Override
  public CompletableFuture<List<JobRun>> runsOnce(String jobName, int pageSize, int maxPages,
      Predicate<List<JobRun>> enough, SendLimits limits) {
    GetJobRunsRequest first = first(jobName, pageSize);
    return Pages.collect(token -> runsOnce.apply(token == null ? first : first.toBuilder().nextToken(token).build(),
        limits.requestTimeout()).thenApply(page -> new Pages.Page<>(page.jobRuns(), page.nextToken())), maxPages,
        enough, limits);
  }

  private static GetJobRunRequest getRequest(String jobName, String runId) {
    return GetJobRunRequest.builder().jobName(jobName).runId(runId).predecessorsIncluded(false).build();
  }

  private static GetJobRunsRequest first(String jobName, int pageSize) {
    return GetJobRunsRequest.builder().jobName(jobName).maxResults(pageSize).build();
  }
}
