package io.wflaunch.sagemaker.internal;

import io.wflaunch.aws.OnceClient;
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
import software.amazon.awssdk.services.sagemaker.SageMakerAsyncClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineExecutionRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineExecutionResponse;
import software.amazon.awssdk.services.sagemaker.model.ListPipelineExecutionsRequest;
import software.amazon.awssdk.services.sagemaker.model.ListPipelineExecutionsResponse;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionSummary;
import software.amazon.awssdk.services.sagemaker.model.RetryPipelineExecutionRequest;
import software.amazon.awssdk.services.sagemaker.model.RetryPipelineExecutionResponse;
import software.amazon.awssdk.services.sagemaker.model.SortOrder;
import software.amazon.awssdk.services.sagemaker.model.SortPipelineExecutionsBy;
import software.amazon.awssdk.services.sagemaker.model.StartPipelineExecutionRequest;
import software.amazon.awssdk.services.sagemaker.model.StartPipelineExecutionResponse;
import software.amazon.awssdk.services.sagemaker.model.StopPipelineExecutionRequest;
import software.amazon.awssdk.services.sagemaker.model.StopPipelineExecutionResponse;

/**
 * The SageMaker calls the adapter makes, over either client. StartPipelineExecution goes through the
 * {@link OnceClient}, so the SDK sends it exactly once (the start protocol sends it again, with the same
 * client token, when that is safe). Stop and retry carry client tokens of their own, so the SDK's retries
 * of them are safe. Failures are the SDK's, raw.
 */
public final class SageMakerCalls {

  /** Executions per ListPipelineExecutions page (the model's maximum). */
  public static final int PAGE = 100;

  private final BiFunction<StartPipelineExecutionRequest, Duration, CompletableFuture<StartPipelineExecutionResponse>> start;
  private final Function<DescribePipelineExecutionRequest, CompletableFuture<DescribePipelineExecutionResponse>> describe;
  private final Function<ListPipelineExecutionsRequest, CompletableFuture<ListPipelineExecutionsResponse>> list;
  private final Function<StopPipelineExecutionRequest, CompletableFuture<StopPipelineExecutionResponse>> stop;
  private final Function<RetryPipelineExecutionRequest, CompletableFuture<RetryPipelineExecutionResponse>> retry;

  private SageMakerCalls(
      BiFunction<StartPipelineExecutionRequest, Duration, CompletableFuture<StartPipelineExecutionResponse>> start,
      Function<DescribePipelineExecutionRequest, CompletableFuture<DescribePipelineExecutionResponse>> describe,
      Function<ListPipelineExecutionsRequest, CompletableFuture<ListPipelineExecutionsResponse>> list,
      Function<StopPipelineExecutionRequest, CompletableFuture<StopPipelineExecutionResponse>> stop,
      Function<RetryPipelineExecutionRequest, CompletableFuture<RetryPipelineExecutionResponse>> retry) {
    this.start = start;
    this.describe = describe;
    this.list = list;
    this.stop = stop;
    this.retry = retry;
  }

  public static SageMakerCalls over(SageMakerClient client, OnceClient<SageMakerClient> once) {
    return new SageMakerCalls(
        (r, timeout) -> AsyncSupport.call(() -> once.client(timeout).startPipelineExecution(once.once(r, timeout))),
        r -> AsyncSupport.call(() -> client.describePipelineExecution(r)),
        r -> AsyncSupport.call(() -> client.listPipelineExecutions(r)),
        r -> AsyncSupport.call(() -> client.stopPipelineExecution(r)),
        r -> AsyncSupport.call(() -> client.retryPipelineExecution(r)));
  }

  public static SageMakerCalls over(SageMakerAsyncClient client, OnceClient<SageMakerAsyncClient> once) {
    return new SageMakerCalls(
        (r, timeout) -> AsyncSupport.defer(() -> once.client(timeout).startPipelineExecution(once.once(r, timeout))),
        r -> AsyncSupport.defer(() -> client.describePipelineExecution(r)),
        r -> AsyncSupport.defer(() -> client.listPipelineExecutions(r)),
        r -> AsyncSupport.defer(() -> client.stopPipelineExecution(r)),
        r -> AsyncSupport.defer(() -> client.retryPipelineExecution(r)));
  }

  /** StartPipelineExecution, sent exactly once, with the start's request timeout. */
  public CompletableFuture<StartPipelineExecutionResponse> startOnce(StartPipelineExecutionRequest request,
      Duration timeout) {
    return start.apply(request, timeout);
  }

  public CompletableFuture<DescribePipelineExecutionResponse> describe(String executionArn) {
    return describe.apply(DescribePipelineExecutionRequest.builder().pipelineExecutionArn(executionArn).build());
  }

  public CompletableFuture<StopPipelineExecutionResponse> stop(StopPipelineExecutionRequest request) {
    return stop.apply(request);
  }

  public CompletableFuture<RetryPipelineExecutionResponse> retry(RetryPipelineExecutionRequest request) {
    return retry.apply(request);
  }

  /**
   * A pipeline's executions from ListPipelineExecutions pages of {@value #PAGE}, newest first (SortBy
   * CreationTime, Descending), created after {@code createdAfter} when given, read until {@code enough}
   * holds, there is no next page, or {@code maxPages} were read.
   *
   * @param requests incremented once per page asked for
   * @return the executions read, in the service's order; or the failure of the page that failed, raw
   */
  public CompletableFuture<List<PipelineExecutionSummary>> pages(String pipeline, Instant createdAfter, int maxPages,
      Predicate<List<PipelineExecutionSummary>> enough, AtomicInteger requests) {
    ListPipelineExecutionsRequest first = ListPipelineExecutionsRequest.builder().pipelineName(pipeline)
        .sortBy(SortPipelineExecutionsBy.CREATION_TIME).sortOrder(SortOrder.DESCENDING)
        .createdAfter(createdAfter).maxResults(PAGE).build();
    return Pages.collect(token -> {
      requests.incrementAndGet();
      return list.apply(first.toBuilder().nextToken(token).build())
          .thenApply(page -> new Pages.Page<>(page.pipelineExecutionSummaries(), page.nextToken()));
    }, maxPages, enough);
  }
}
