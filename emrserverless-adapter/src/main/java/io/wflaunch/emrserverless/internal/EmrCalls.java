package io.wflaunch.emrserverless.internal;

import io.wflaunch.aws.OnceClient;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.support.Pages;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.services.emrserverless.EmrServerlessAsyncClient;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.model.CancelJobRunRequest;
import software.amazon.awssdk.services.emrserverless.model.CancelJobRunResponse;
import software.amazon.awssdk.services.emrserverless.model.GetJobRunRequest;
import software.amazon.awssdk.services.emrserverless.model.GetJobRunResponse;
import software.amazon.awssdk.services.emrserverless.model.JobRunSummary;
import software.amazon.awssdk.services.emrserverless.model.ListApplicationsRequest;
import software.amazon.awssdk.services.emrserverless.model.ListApplicationsResponse;
import software.amazon.awssdk.services.emrserverless.model.ListJobRunsRequest;
import software.amazon.awssdk.services.emrserverless.model.ListJobRunsResponse;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunResponse;

/**
 * The EMR Serverless calls the adapter makes, over either client. StartJobRun goes through the
 * {@link OnceClient}, so the SDK sends it exactly once (the start protocol sends it again, with the same
 * client token, when that is safe), with the start's request timeout, and only if it fits before the
 * start's deadline. Failures are the SDK's, raw.
 */
public final class EmrCalls {

  /** Job runs per ListJobRuns page, the model's most. */
  public static final int RUNS_PAGE = 50;

  private final BiFunction<StartJobRunRequest, Duration, CompletableFuture<StartJobRunResponse>> start;
  private final Function<GetJobRunRequest, CompletableFuture<GetJobRunResponse>> get;
  private final Function<CancelJobRunRequest, CompletableFuture<CancelJobRunResponse>> cancel;
  private final Function<ListJobRunsRequest, CompletableFuture<ListJobRunsResponse>> list;
  private final Function<ListApplicationsRequest, CompletableFuture<ListApplicationsResponse>> applications;

  private EmrCalls(BiFunction<StartJobRunRequest, Duration, CompletableFuture<StartJobRunResponse>> start,
      Function<GetJobRunRequest, CompletableFuture<GetJobRunResponse>> get,
      Function<CancelJobRunRequest, CompletableFuture<CancelJobRunResponse>> cancel,
      Function<ListJobRunsRequest, CompletableFuture<ListJobRunsResponse>> list,
      Function<ListApplicationsRequest, CompletableFuture<ListApplicationsResponse>> applications) {
    this.start = start;
    this.get = get;
    this.cancel = cancel;
    this.list = list;
    this.applications = applications;
  }

  public static EmrCalls over(EmrServerlessClient client, OnceClient<EmrServerlessClient> once) {
    return new EmrCalls(
        (r, timeout) -> AsyncSupport.call(() -> once.client(timeout).startJobRun(once.once(r, timeout))),
        r -> AsyncSupport.call(() -> client.getJobRun(r)),
        r -> AsyncSupport.call(() -> client.cancelJobRun(r)),
        r -> AsyncSupport.call(() -> client.listJobRuns(r)),
        r -> AsyncSupport.call(() -> client.listApplications(r)));
  }

  public static EmrCalls over(EmrServerlessAsyncClient client, OnceClient<EmrServerlessAsyncClient> once) {
    return new EmrCalls(
        (r, timeout) -> AsyncSupport.defer(() -> once.client(timeout).startJobRun(once.once(r, timeout))),
        r -> AsyncSupport.defer(() -> client.getJobRun(r)),
        r -> AsyncSupport.defer(() -> client.cancelJobRun(r)),
        r -> AsyncSupport.defer(() -> client.listJobRuns(r)),
        r -> AsyncSupport.defer(() -> client.listApplications(r)));
  }

  /** StartJobRun, sent exactly once, with the start's request timeout, if it fits before the deadline. */
  public CompletableFuture<StartJobRunResponse> startOnce(StartJobRunRequest request, SendLimits limits) {
    return AsyncSupport.defer(() -> {
      limits.checkRoom();
      return start.apply(request, limits.requestTimeout());
    });
  }

  public CompletableFuture<GetJobRunResponse> get(String applicationId, String jobRunId) {
    return get.apply(GetJobRunRequest.builder().applicationId(applicationId).jobRunId(jobRunId).build());
  }

  public CompletableFuture<CancelJobRunResponse> cancel(String applicationId, String jobRunId) {
    return cancel.apply(CancelJobRunRequest.builder().applicationId(applicationId).jobRunId(jobRunId).build());
  }

  public CompletableFuture<ListApplicationsResponse> applications(ListApplicationsRequest request) {
    return applications.apply(request);
  }

  /**
   * An application's job runs from ListJobRuns pages of {@value #RUNS_PAGE} (newest first), created after
   * {@code createdAfter} when given, read until {@code enough} holds for the runs read, there is no next
   * page, or {@code maxPages} were read.
   *
   * @param requests incremented once per page asked for
   * @return the runs read, in the service's order; or the failure of the page that failed, raw
   */
  public CompletableFuture<List<JobRunSummary>> runPages(String applicationId, Instant createdAfter, int maxPages,
      Predicate<List<JobRunSummary>> enough, AtomicInteger requests) {
    ListJobRunsRequest first = ListJobRunsRequest.builder().applicationId(applicationId).maxResults(RUNS_PAGE)
        .createdAtAfter(createdAfter).build();
    return Pages.collect(token -> {
      requests.incrementAndGet();
      return list.apply(token == null ? first : first.toBuilder().nextToken(token).build())
          .thenApply(page -> new Pages.Page<>(page.jobRuns(), page.nextToken()));
    }, maxPages, enough);
  }
}
