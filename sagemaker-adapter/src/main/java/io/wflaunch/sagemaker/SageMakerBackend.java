package io.wflaunch.sagemaker;

import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.aws.AwsBackendBuilder;
import io.wflaunch.sagemaker.internal.SageMakerCalls;
import io.wflaunch.sagemaker.internal.SageMakerErrors;
import io.wflaunch.sagemaker.internal.SageMakerRules;
import io.wflaunch.sagemaker.internal.SageMakerStarts;
import io.wflaunch.sagemaker.internal.SageMakerStatuses;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.spi.ClientBackend;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartPrimitives;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.support.Listings;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerAsyncClient;
import software.amazon.awssdk.services.sagemaker.SageMakerAsyncClientBuilder;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClientBuilder;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineExecutionResponse;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionSummary;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.sagemaker.model.RetryPipelineExecutionRequest;
import software.amazon.awssdk.services.sagemaker.model.StopPipelineExecutionRequest;

/**
 * Amazon SageMaker Pipelines as a wflaunch backend.
 *
 * <p>Targets are {@code sagemaker:<pipeline>} (the pipeline's name); handles are
 * {@code sagemaker:<region>/<account>/<pipeline>/<executionId>}, the parts of the execution's ARN, which
 * any process rebuilds from the handle alone ({@link #executionArn(RunHandle)}). A start sends
 * StartPipelineExecution with the request's parameters as PipelineParameters, the
 * {@link SageMakerOptions}, and a ClientRequestToken from the pipeline and the idempotency key (or the
 * launcher's generated key, one per call); SageMaker completes a request with a token no more than once.
 * {@link #retry(RunHandle)} sends RetryPipelineExecution for a Failed or Stopped execution, with a token
 * from the execution and the time it last changed, so that repeated retries of one failure re-run it once.
 * Several executions are read with one ListPipelineExecutions listing per pipeline; {@code listRuns}
 * reads newest first up to its limit. Safe for use by several threads at once.
 */
public final class SageMakerBackend extends ClientBackend<SageMakerCalls> {

  /** The default backend id. */
  public static final String DEFAULT_ID = "sagemaker";
  /** Target {@code sagemaker:<pipeline>}, handle {@code sagemaker:<region>/<account>/<pipeline>/<executionId>}. */
  public static final IdentifierScheme SCHEME = IdentifierScheme.of(DEFAULT_ID,
      List.of("pipeline"), List.of("region", "account", "pipeline", "executionId"));

  private static final int MAX_PAGES = 100;

  private final SageMakerClient client;
  private final boolean nonBlocking;

  private SageMakerBackend(AwsBackendBuilder.Parts<SageMakerClient, SageMakerAsyncClient> parts) {
    super(parts.id(), parts.blockingCalls(SageMakerCalls::over), parts.asyncCalls(SageMakerCalls::over), parts.owned());
    this.client = parts.client();
    this.nonBlocking = parts.asyncClient() != null;
  }

  /**
   * A backend with the default id over a client you built.
   *
   * @param client the SageMaker client; the backend does not close it
   * @return the backend
   */
  public static SageMakerBackend create(SageMakerClient client) {
    return builder(client).build();
  }

  /**
   * A backend over a blocking and a non-blocking client you built; the async methods use the latter.
   *
   * @param client the SageMaker client; the backend does not close it
   * @param asyncClient the async client; the backend does not close it
   * @return the backend
   */
  public static SageMakerBackend create(SageMakerClient client, SageMakerAsyncClient asyncClient) {
    return builder(client).asyncClient(asyncClient).build();
  }

  /**
   * Starts building a backend over a client you built.
   *
   * @param client the SageMaker client; the backend does not close it
   * @return a builder
   */
  public static Builder builder(SageMakerClient client) {
    return new Builder(client);
  }

  /**
   * A backend over clients built from the SDK's default credential and region chains; it owns them.
   *
   * @return the backend
   */
  public static SageMakerBackend createDefault() {
    return createDefault(DEFAULT_ID, sync -> { }, async -> { });
  }

  /**
   * A backend over clients built from the SDK's default credential and region chains, with a region and
   * endpoint; it owns and closes them.
   *
   * @param region the region, or null for the default region chain
   * @param endpointOverride the endpoint, or null for the region's
   * @return the backend
   */
  public static SageMakerBackend createDefault(Region region, java.net.URI endpointOverride) {
    return createDefault(DEFAULT_ID, AwsBackendBuilder.regionAndEndpoint(region, endpointOverride),
        AwsBackendBuilder.regionAndEndpoint(region, endpointOverride));
  }

  /**
   * A backend with its own id over clients built from the default chains and then configured by you
   * (region, endpoint, HTTP client, credentials...); it owns them.
   *
   * @param id the backend id
   * @param sync configures the blocking client's builder
   * @param async configures the async client's builder
   * @return the backend
   */
  public static SageMakerBackend createDefault(String id, Consumer<SageMakerClientBuilder> sync,
      Consumer<SageMakerAsyncClientBuilder> async) {
    return Builder.defaultClients(id, SageMakerClient.builder(), sync, SageMakerAsyncClient.builder(), async,
        SageMakerBackend::builder).build();
  }

  /**
   * The ARN of the execution a handle names.
   *
   * @param handle a handle of this backend
   * @return {@code arn:<partition>:sagemaker:<region>:<account>:pipeline/<pipeline>/execution/<executionId>}
   */
  public static String executionArn(RunHandle handle) {
    return SageMakerRules.executionArn(handle);
  }

  /**
   * The handle of an execution ARN, for executions started elsewhere.
   *
   * @param backendId the backend id the handle is for
   * @param executionArn a pipeline execution ARN
   * @return the handle
   * @throws IllegalArgumentException if the text is not a pipeline execution ARN
   */
  public static RunHandle handleOf(String backendId, String executionArn) {
    return SageMakerRules.handleOf(backendId, executionArn);
  }

  /**
   * The blocking client, for SageMaker calls wflaunch does not make.
   *
   * @return the client
   */
  public SageMakerClient client() {
    return client;
  }

  @Override
  public IdentifierScheme scheme() {
    return SCHEME;
  }

  /** {@value #DEFAULT_ID}, whatever this backend's id. */
  @Override
  public String type() {
    return DEFAULT_ID;
  }

  /** Lists one pipeline: needs the endpoint, credentials and sagemaker:ListPipelines. */
  @Override
  public void probe() {
    try {
      client.listPipelines(request -> request.maxResults(1));
    } catch (RuntimeException e) {
      throw SageMakerErrors.map(e, ErrorContext.of(id()), Operation.LIST_RUNS);
    }
  }

  @Override
  public WorkflowTarget parseTarget(WorkflowTarget target) {
    return SageMakerRules.checkTarget(super.parseTarget(target));
  }

  @Override
  public RunHandle parseHandle(RunHandle handle) {
    RunHandle checked = SageMakerRules.checkHandle(super.parseHandle(handle));
    Region region = clientRegion();
    // Not against an endpoint of one's own (a local server or emulator), which names regions as it will.
    if (region != null && !hasEndpointOverride() && !region.id().equals(checked.part(0))) {
      throw new InvalidRequestException(ErrorContext.of(checked), "handle", "names an execution in region "
          + checked.part(0) + ", but backend " + id() + " reads SageMaker in " + region.id()
          + ": use a backend (or --region) for " + checked.part(0));
    }
    return checked;
  }

  private boolean hasEndpointOverride() {
    try {
      return client.serviceClientConfiguration().endpointOverride().isPresent();
    } catch (RuntimeException e) {
      return true;
    }
  }

  /** The blocking client's region, or null where the client does not say (a fake). */
  private Region clientRegion() {
    try {
      return client.serviceClientConfiguration().region();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Checks parameters and {@link SageMakerOptions} against the model; refuses input. */
  @Override
  public void validate(StartRunRequest request) {
    SageMakerRules.checkRequest(request, id());
  }

  @Override
  protected StartPrimitives<?> startPrimitives(SageMakerCalls calls, SendLimits limits) {
    return new SageMakerStarts(id(), calls, limits);
  }

  @Override
  protected CompletableFuture<RunStatus> getRun(SageMakerCalls calls, RunHandle handle) {
    return SageMakerErrors.mapFailure(calls.describe(executionArn(handle)), ErrorContext.of(handle), Operation.GET_RUN)
        .thenApply(execution -> SageMakerStatuses.fromDescribe(handle, execution));
  }

  /**
   * Per pipeline, ListPipelineExecutions newest first (created after the oldest start asked for, less a
   * second) until every execution asked for is seen, or as many pages were read as executions were asked
   * for (never more requests than the single reads it replaces).
   */
  @Override
  protected CompletableFuture<BatchRead> readRuns(SageMakerCalls calls, List<RunHandle> handles,
      Optional<Instant> oldestStart) {
    return Listings.perGroup(handles, handle -> handle.part(0) + "/" + handle.part(1) + "/" + handle.part(2),
        (pipeline, wanted, requests) -> {
          RunHandle any = wanted.get(0);
          Set<String> ids = wanted.stream().map(handle -> handle.part(3)).collect(Collectors.toSet());
          Predicate<List<PipelineExecutionSummary>> enough = runs -> Listings.seenAll(runs, SageMakerBackend::idOf, ids)
              || oldestStart.map(oldest -> Listings.passedNewestFirst(runs, PipelineExecutionSummary::startTime,
                  oldest.minusSeconds(1))).orElse(false);
          return SageMakerErrors.mapFailure(calls.pages(any.part(2), oldestStart.map(o -> o.minusSeconds(1)).orElse(null),
                  Math.min(MAX_PAGES, ids.size()), enough, requests), ErrorContext.of(any), Operation.GET_RUNS)
              .thenApply(runs -> withoutEnded(Listings.pick(wanted, runs, SageMakerBackend::idOf,
                  handle -> handle.part(3), SageMakerStatuses::fromSummary)));
        });
  }

  /**
   * The listed runs still under way. A summary has no end time and no failure text a caller can rely on,
   * so an execution the listing shows ended is left out: the tracker reads it once with
   * DescribePipelineExecution, and a wait ends with its whole status.
   */
  private static Map<RunHandle, RunStatus> withoutEnded(Map<RunHandle, RunStatus> listed) {
    Map<RunHandle, RunStatus> running = new LinkedHashMap<>(listed);
    running.values().removeIf(status -> status.state().isTerminal());
    return running;
  }

  @Override
  protected CompletableFuture<List<RunStatus>> listRuns(SageMakerCalls calls, WorkflowTarget target, int limit) {
    return SageMakerErrors.mapFailure(calls.pages(target.part(0), null, MAX_PAGES, runs -> runs.size() >= limit,
            new AtomicInteger()), ErrorContext.of(target), Operation.LIST_RUNS)
        .thenApply(runs -> runs.stream()
            .sorted(Comparator.comparing(PipelineExecutionSummary::startTime,
                Comparator.nullsLast(Comparator.reverseOrder())))
            .limit(limit)
            .map(run -> SageMakerStatuses.fromSummary(handleOf(id(), run.pipelineExecutionArn()), run))
            .toList());
  }

  /** StopPipelineExecution with a token of this call, kept across its attempts. */
  @Override
  protected CompletableFuture<Void> stop(SageMakerCalls calls, RunHandle handle) {
    String arn = executionArn(handle);
    return SageMakerErrors.mapFailure(calls.stop(StopPipelineExecutionRequest.builder().pipelineExecutionArn(arn)
            .clientRequestToken(SageMakerRules.newStopToken()).build()), ErrorContext.of(handle), Operation.STOP)
        .thenApply(response -> null);
  }

  /**
   * Re-runs a Failed or Stopped execution from its failed steps, in place (the same handle):
   * DescribePipelineExecution, then RetryPipelineExecution with a token from the execution's ARN and its
   * LastModifiedTime. An Executing execution (one already re-run, or never ended) answers with its handle;
   * a Succeeded one is a {@link ConflictException}, a Stopping one a retryable one.
   */
  @Override
  public RunHandle retry(RunHandle handle) {
    return AsyncSupport.join(retry(blockingCalls(), handle));
  }

  @Override
  public CompletableFuture<RunHandle> retryAsync(RunHandle handle, Executor executor) {
    return nonBlocking ? AsyncSupport.defer(() -> retry(preferredAsyncCalls(), handle))
        : CompletableFuture.supplyAsync(() -> retry(handle), executor);
  }

  private CompletableFuture<RunHandle> retry(SageMakerCalls calls, RunHandle handle) {
    String arn = executionArn(handle);
    ErrorContext context = ErrorContext.of(handle);
    return SageMakerErrors.mapFailure(calls.describe(arn), context, Operation.GET_RUN)
        .thenCompose(execution -> retryFrom(calls, handle, arn, execution));
  }

  private CompletableFuture<RunHandle> retryFrom(SageMakerCalls calls, RunHandle handle, String arn,
      DescribePipelineExecutionResponse execution) {
    ErrorContext context = ErrorContext.of(handle);
    String status = execution.pipelineExecutionStatusAsString();
    if (execution.pipelineExecutionStatus() == null) {
      return CompletableFuture.failedFuture(new ConflictException(context,
          "execution has no status SageMaker describes; nothing was retried", null));
    }
    return switch (execution.pipelineExecutionStatus()) {
      case FAILED, STOPPED -> SageMakerErrors.mapFailure(calls.retry(RetryPipelineExecutionRequest.builder()
              .pipelineExecutionArn(arn)
              .clientRequestToken(SageMakerRules.retryToken(arn, execution.lastModifiedTime()))
              .build()), context, Operation.RETRY)
          .<RunHandle>thenApply(response -> handle)
          .exceptionallyCompose(failure -> settle(calls, handle, arn, execution, failure));
      case EXECUTING -> CompletableFuture.completedFuture(handle);
      case STOPPING -> CompletableFuture.failedFuture(new ConflictException(context, "execution is Stopping: "
          + "retry it once it is Stopped", true, null));
      case SUCCEEDED -> CompletableFuture.failedFuture(new ConflictException(context,
          "execution Succeeded: only a Failed or Stopped execution can be retried", null));
      case UNKNOWN_TO_SDK_VERSION -> CompletableFuture.failedFuture(new ConflictException(context,
          "execution is " + status + ", a status this SDK does not know; nothing was retried", null));
    };
  }

  /**
   * Settles a retry whose last attempt failed without a refusal (throttled, unavailable, an answer
   * lost): the SDK's earlier attempts may have reached SageMaker, so one DescribePipelineExecution
   * decides. Executing, or modified since the read before the retry: the retry took, and the handle is
   * the answer. Unchanged: the failure as it is. Unreadable: the outcome is unknown. A conflict is settled
   * the same way: an earlier attempt may have re-run the execution, which is then no longer Failed.
   */
  private CompletableFuture<RunHandle> settle(SageMakerCalls calls, RunHandle handle, String arn,
      DescribePipelineExecutionResponse before, Throwable failure) {
    Throwable cause = AsyncSupport.unwrap(failure);
    // A conflict too: an earlier attempt that re-ran the execution leaves it no longer Failed or Stopped.
    if (!(cause instanceof WorkflowLaunchException launch)
        || !(launch.retryable() || launch instanceof ConflictException)) {
      return CompletableFuture.failedFuture(cause);
    }
    return calls.describe(arn).handle((after, readFailure) -> {
      if (readFailure != null) {
        throw launch.withOutcomeUnknown(true);
      }
      boolean retried = after.pipelineExecutionStatus() == PipelineExecutionStatus.EXECUTING
          || !java.util.Objects.equals(after.lastModifiedTime(), before.lastModifiedTime());
      if (retried) {
        return handle;
      }
      throw launch;
    });
  }

  private static String idOf(PipelineExecutionSummary summary) {
    return SageMakerRules.executionIdOf(summary.pipelineExecutionArn());
  }

  /** Builds a {@link SageMakerBackend}. */
  public static final class Builder extends AwsBackendBuilder<SageMakerClient, SageMakerAsyncClient, Builder> {

    private Builder(SageMakerClient client) {
      super(client, DEFAULT_ID);
    }

    @Override
    public SageMakerBackend build() {
      return new SageMakerBackend(parts());
    }
  }
}
