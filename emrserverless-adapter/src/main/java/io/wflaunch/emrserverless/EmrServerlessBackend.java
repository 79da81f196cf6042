package io.wflaunch.emrserverless;

import io.wflaunch.ErrorContext;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.aws.AwsBackendBuilder;
import io.wflaunch.emrserverless.internal.EmrCalls;
import io.wflaunch.emrserverless.internal.EmrErrors;
import io.wflaunch.emrserverless.internal.EmrRules;
import io.wflaunch.emrserverless.internal.EmrStarts;
import io.wflaunch.emrserverless.internal.EmrStatuses;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.spi.ClientBackend;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartPrimitives;
import io.wflaunch.spi.support.Listings;
import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emrserverless.EmrServerlessAsyncClient;
import software.amazon.awssdk.services.emrserverless.EmrServerlessAsyncClientBuilder;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClientBuilder;
import software.amazon.awssdk.services.emrserverless.model.JobRunSummary;

/**
 * Amazon EMR Serverless job runs as a wflaunch backend.
 *
 * <p>Targets are {@code emrserverless:<applicationId>}, handles
 * {@code emrserverless:<applicationId>/<jobRunId>}. A start sends StartJobRun with the
 * {@link EmrServerlessOptions} over the backend's defaults ({@link Builder#defaults}): the execution role
 * and a Spark or Hive job driver are required, from one or the other. The request's parameters follow the
 * Spark entry point's arguments as {@code --name value} (or the Hive parameters as
 * {@code --hivevar name=value}); a start takes no input.
 *
 * <p><b>Idempotency.</b> The idempotency key is StartJobRun's client token (the key itself when it is 1 to
 * 64 of {@code [A-Za-z0-9._-]}, else {@code wfl-} and 60 hex digits of its SHA-256); a keyless start gets
 * one token per call, reused by that call's attempts only. EMR Serverless answers a repeated token with the
 * job run it already started, so a start whose answer was lost is sent again with the same token.
 *
 * <p><b>Reads.</b> GetJobRun; several runs with one ListJobRuns listing per application (newest first,
 * created after the oldest start asked for). A run's {@code stateDetails} is a masked detail. Runs are
 * stopped with CancelJobRun (CANCELLING, then CANCELLED). EMR Serverless has no API to re-run a job run:
 * {@link #retry} is unsupported.
 *
 * <p>Safe for use by several threads at once.
 */
public final class EmrServerlessBackend extends ClientBackend<EmrCalls> {

  /** The default backend id. */
  public static final String DEFAULT_ID = "emrserverless";
  /** Target {@code emrserverless:<applicationId>}, handle {@code emrserverless:<applicationId>/<jobRunId>}. */
  public static final IdentifierScheme SCHEME = IdentifierScheme.of(DEFAULT_ID, List.of("applicationId"),
      List.of("applicationId", "jobRunId"));

  private static final int MAX_PAGES = 100;

  private final EmrServerlessClient client;
  private final EmrServerlessOptions defaults;

  private EmrServerlessBackend(Builder builder,
      AwsBackendBuilder.Parts<EmrServerlessClient, EmrServerlessAsyncClient> parts) {
    super(parts.id(), parts.blockingCalls(EmrCalls::over), parts.asyncCalls(EmrCalls::over), parts.owned());
    this.client = parts.client();
    this.defaults = builder.defaults;
  }

  /**
   * A backend with the default id over a client you built, with no default options (each start then
   * gives the execution role and job driver).
   *
   * @param client the EMR Serverless client; the backend does not close it
   * @return the backend
   */
  public static EmrServerlessBackend create(EmrServerlessClient client) {
    return builder(client).build();
  }

  /**
   * A backend over a blocking and a non-blocking client you built; the async methods use the latter.
   *
   * @param client the client; the backend does not close it
   * @param asyncClient the async client; the backend does not close it
   * @return the backend
   */
  public static EmrServerlessBackend create(EmrServerlessClient client, EmrServerlessAsyncClient asyncClient) {
    return builder(client).asyncClient(asyncClient).build();
  }

  /**
   * Starts building a backend over a client you built.
   *
   * @param client the EMR Serverless client; the backend does not close it
   * @return a builder
   */
  public static Builder builder(EmrServerlessClient client) {
    return new Builder(client);
  }

  /**
   * A backend over clients built from the SDK's default credential and region chains; it owns them.
   *
   * @return the backend
   */
  public static EmrServerlessBackend createDefault() {
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
  public static EmrServerlessBackend createDefault(Region region, URI endpointOverride) {
    return createDefault(DEFAULT_ID, AwsBackendBuilder.regionAndEndpoint(region, endpointOverride),
        AwsBackendBuilder.regionAndEndpoint(region, endpointOverride));
  }

  /**
   * A backend with its own id over clients built from the default chains and then configured by you.
   *
   * @param id the backend id
   * @param sync configures the blocking client's builder
   * @param async configures the async client's builder
   * @return the backend, owning its clients
   */
  public static EmrServerlessBackend createDefault(String id, Consumer<EmrServerlessClientBuilder> sync,
      Consumer<EmrServerlessAsyncClientBuilder> async) {
    return Builder.defaultClients(id, EmrServerlessClient.builder(), sync, EmrServerlessAsyncClient.builder(), async,
        EmrServerlessBackend::builder).build();
  }

  /** Lists one application: needs the endpoint, the credentials and {@code emr-serverless:ListApplications}. */
  @Override
  public void probe() {
    try {
      client.listApplications(request -> request.maxResults(1));
    } catch (RuntimeException e) {
      throw EmrErrors.map(e, ErrorContext.of(id()), Operation.LIST_RUNS);
    }
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

  /**
   * The blocking client, for EMR Serverless calls wflaunch does not make.
   *
   * @return the client
   */
  public EmrServerlessClient client() {
    return client;
  }

  /**
   * The options a start's own options are laid over.
   *
   * @return the defaults
   */
  public EmrServerlessOptions defaults() {
    return defaults;
  }

  @Override
  public WorkflowTarget parseTarget(WorkflowTarget target) {
    return EmrRules.checkTarget(super.parseTarget(target));
  }

  @Override
  public RunHandle parseHandle(RunHandle handle) {
    return EmrRules.checkHandle(super.parseHandle(handle));
  }

  @Override
  public void validate(StartRunRequest request) {
    EmrRules.checkRequest(request, defaults, id());
  }

  /** Always fails: EMR Serverless has no operation that re-runs a job run; start a new one instead. */
  @Override
  public RunHandle retry(RunHandle handle) {
    throw cannotRetry(handle);
  }

  @Override
  public CompletableFuture<RunHandle> retryAsync(RunHandle handle, Executor executor) {
    return CompletableFuture.failedFuture(cannotRetry(handle));
  }

  private OperationNotSupportedException cannotRetry(RunHandle handle) {
    return new OperationNotSupportedException(ErrorContext.of(handle), "retry", "EMR Serverless has no API to re-run "
        + "a job run from where it failed (backend " + id() + "); start a new job run instead");
  }

  @Override
  protected StartPrimitives<?> startPrimitives(EmrCalls calls, SendLimits limits) {
    return new EmrStarts(id(), calls, defaults, limits);
  }

  @Override
  protected CompletableFuture<RunStatus> getRun(EmrCalls calls, RunHandle handle) {
    return EmrErrors.mapFailure(calls.get(handle.part(0), handle.part(1)), ErrorContext.of(handle), Operation.GET_RUN)
        .thenApply(response -> EmrStatuses.fromJobRun(handle, response.jobRun()));
  }

  /**
   * Per application, ListJobRuns newest first (created after the oldest start asked for, when known)
   * until every run asked for is seen or the listing has passed that start, at most as many pages as runs
   * were asked for.
   */
  @Override
  protected CompletableFuture<BatchRead> readRuns(EmrCalls calls, List<RunHandle> handles,
      Optional<Instant> oldestStart) {
    return Listings.perGroup(handles, handle -> handle.part(0), (applicationId, wanted, requests) -> {
      Set<String> ids = wanted.stream().map(handle -> handle.part(1)).collect(Collectors.toSet());
      Instant after = oldestStart.map(oldest -> oldest.minusSeconds(1)).orElse(null);
      Predicate<List<JobRunSummary>> enough = runs -> Listings.seenAll(runs, JobRunSummary::id, ids)
          || (after != null && Listings.passedNewestFirst(runs, JobRunSummary::createdAt, after));
      return EmrErrors.mapFailure(calls.runPages(applicationId, after, Math.min(MAX_PAGES, ids.size()), enough,
              requests), ErrorContext.of(wanted.get(0)), Operation.GET_RUNS)
          .thenApply(runs -> Listings.pick(wanted, runs, JobRunSummary::id, handle -> handle.part(1),
              EmrStatuses::fromSummary));
    });
  }

  @Override
  protected CompletableFuture<Void> stop(EmrCalls calls, RunHandle handle) {
    return EmrErrors.mapFailure(calls.cancel(handle.part(0), handle.part(1)), ErrorContext.of(handle), Operation.STOP)
        .thenApply(response -> null);
  }

  @Override
  protected CompletableFuture<List<RunStatus>> listRuns(EmrCalls calls, WorkflowTarget target, int limit) {
    return EmrErrors.mapFailure(calls.runPages(target.part(0), null, MAX_PAGES, runs -> runs.size() >= limit,
            new AtomicInteger()), ErrorContext.of(target), Operation.LIST_RUNS)
        .thenApply(runs -> runs.stream()
            .sorted(Comparator.comparing(JobRunSummary::createdAt, Comparator.nullsLast(Comparator.reverseOrder())))
            .limit(limit)
            .map(run -> EmrStatuses.fromSummary(RunHandle.of(id(), target.part(0), run.id()), run))
            .toList());
  }

  /** Builds an {@link EmrServerlessBackend}. */
  public static final class Builder
      extends AwsBackendBuilder<EmrServerlessClient, EmrServerlessAsyncClient, Builder> {
    private EmrServerlessOptions defaults = EmrServerlessOptions.NONE;

    private Builder(EmrServerlessClient client) {
      super(client, DEFAULT_ID);
    }

    /**
     * Sets the options every start's own options are laid over ({@link EmrServerlessOptions#over}): the
     * execution role and job driver most starts share, say.
     *
     * @param defaults the defaults
     * @return this builder
     */
    public Builder defaults(EmrServerlessOptions defaults) {
      this.defaults = Objects.requireNonNull(defaults, "defaults");
      return this;
    }

    @Override
    public EmrServerlessBackend build() {
      return new EmrServerlessBackend(this, parts());
    }
  }
}
