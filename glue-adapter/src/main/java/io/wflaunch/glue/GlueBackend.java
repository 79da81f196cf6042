package io.wflaunch.glue;

import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.StartPolicy;
import io.wflaunch.glue.internal.GlueRetries;
import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.glue.internal.GlueCalls;
import io.wflaunch.glue.internal.GlueErrors;
import io.wflaunch.glue.internal.GlueRules;
import io.wflaunch.glue.internal.GlueRunReads;
import io.wflaunch.glue.internal.GlueStarts;
import io.wflaunch.glue.internal.GlueStatuses;
import io.wflaunch.aws.AwsBackendBuilder;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.ClientBackend;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartPrimitives;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueAsyncClientBuilder;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.ResumeWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.StopWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.WorkflowRunStatus;
import software.amazon.awssdk.services.glue.model.WorkflowRun;

/**
 * AWS Glue workflows as a wflaunch backend.
 *
 * <p>Targets are {@code glue:<workflowName>}, handles {@code glue:<workflowName>/<runId>}. A start
 * calls StartWorkflowRun with the request's parameters as run properties, in order, followed by
 * {@link GlueOptions#runProperties()}; Glue takes no raw input. Statuses come from GetWorkflowRun,
 * with COMPLETED runs whose actions failed, errored or timed out reported as FAILED; the typed detail
 * ({@code status.detail(WorkflowRun.class)}) is the SDK's {@link WorkflowRun}. Several runs are read
 * with one GetWorkflowRuns listing per workflow, then GetWorkflowRun for each run it did not show.
 *
 * <p><b>Idempotency.</b> Glue has no client token. Every start carries a key in the run property
 * {@link GlueOptions#idempotencyProperty()}: the request's idempotency key, or one generated for the
 * call. The launcher's start protocol finds the run by that property in the workflow's recent runs
 * (GetWorkflowRuns, at most {@link GlueOptions#scanPageLimit()} pages of runs started within
 * {@link GlueOptions#lookBack()}): before starting, with a caller's key; after a start whose answer was
 * lost, instead of sending it again; and after a keyed start, until the run is visible, so that a
 * repeated start finds it even when the listing lags. StartWorkflowRun and those look-ups are sent
 * without the SDK's own retries. Two processes starting the same key at the same instant can still
 * both start a run: both look, find nothing, and start.
 *
 * <p><b>Retry.</b> {@link #retry} resumes an ended run's failed nodes with ResumeWorkflowRun, as a
 * new run linked to the first through its {@code PreviousRunId}; idempotent through a look-up for that
 * link before sending and after a lost answer, and reads of the listing after an answered resume until it
 * shows the resumed run.
 *
 * <p>Build it over a {@link GlueClient} you configured ({@link #create(GlueClient)},
 * {@link #builder(GlueClient)}), optionally with a {@link GlueAsyncClient} that the async methods then
 * use without blocking any thread, or let {@link #createDefault()} build both from the SDK's default
 * credential and region chains. Safe for use by several threads at once.
 */
public final class GlueBackend extends ClientBackend<GlueCalls> {

  /** The default backend id. */
  public static final String DEFAULT_ID = "glue";
  /** Target {@code glue:<workflowName>}, handle {@code glue:<workflowName>/<runId>}. */
  public static final IdentifierScheme SCHEME =
      IdentifierScheme.of(DEFAULT_ID, List.of("workflowName"), List.of("workflowName", "runId"));

  private final GlueClient client;
  private final GlueOptions defaults;
  private final Clock clock;
  private final StartPolicy retryPolicy;
  private final boolean hasAsyncClient;

  private GlueBackend(AwsBackendBuilder.Parts<GlueClient, GlueAsyncClient> parts, GlueOptions defaults,
      StartPolicy retryPolicy) {
    super(parts.id(), parts.blockingCalls(GlueCalls::over), parts.asyncCalls(GlueCalls::over), parts.owned());
    this.client = parts.client();
    this.defaults = defaults;
    this.clock = parts.clock();
    this.retryPolicy = retryPolicy;
    this.hasAsyncClient = parts.asyncClient() != null;
  }

  /**
   * A backend with the default id over a client you built.
   *
   * @param client the Glue client; the backend does not close it
   * @return the backend
   */
  public static GlueBackend create(GlueClient client) {
    return builder(client).build();
  }

  /**
   * A backend with the default id over a blocking and a non-blocking client you built; the async
   * methods use the non-blocking one.
   *
   * @param client the Glue client; the backend does not close it
   * @param asyncClient the async Glue client; the backend does not close it
   * @return the backend
   */
  public static GlueBackend create(GlueClient client, GlueAsyncClient asyncClient) {
    return builder(client).asyncClient(asyncClient).build();
  }

  /**
   * Starts building a backend over a client you built.
   *
   * @param client the Glue client; the backend does not close it
   * @return a builder
   */
  public static Builder builder(GlueClient client) {
    return new Builder(client);
  }

  /**
   * A backend over clients built from the SDK's default credential and region chains. The backend
   * owns them and closes them when it is closed.
   *
   * @return the backend
   */
  public static GlueBackend createDefault() {
    return createDefault(sync -> { }, async -> { });
  }

  /**
   * A backend over clients built from the default credential chain, with a region and endpoint.
   *
   * @param region the region, or null for the default region chain
   * @param endpointOverride the endpoint (such as a local emulator's), or null for the region's
   * @return the backend, owning its clients
   */
  public static GlueBackend createDefault(Region region, URI endpointOverride) {
    return createDefault(AwsBackendBuilder.regionAndEndpoint(region, endpointOverride),
        AwsBackendBuilder.regionAndEndpoint(region, endpointOverride));
  }

  /**
   * A backend over clients built from the default chains and then configured by you, for example to
   * choose the HTTP client ({@code sync.httpClientBuilder(UrlConnectionHttpClient.builder())}).
   *
   * @param sync configures the blocking client's builder
   * @param async configures the async client's builder
   * @return the backend, owning its clients
   */
  public static GlueBackend createDefault(Consumer<GlueClientBuilder> sync, Consumer<GlueAsyncClientBuilder> async) {
    return createDefault(DEFAULT_ID, sync, async);
  }

  /**
   * A backend with its own id (one per region or account, say) over clients built from the default
   * chains and then configured by you.
   *
   * @param id the backend id
   * @param sync configures the blocking client's builder
   * @param async configures the async client's builder
   * @return the backend, owning its clients
   */
  public static GlueBackend createDefault(String id, Consumer<GlueClientBuilder> sync, Consumer<GlueAsyncClientBuilder> async) {
    return Builder.defaultClients(id, GlueClient.builder(), sync, GlueAsyncClient.builder(), async, GlueBackend::builder)
        .build();
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
   * The blocking client, for Glue calls wflaunch does not make.
   *
   * @return the client
   */
  public GlueClient client() {
    return client;
  }

  /**
   * The options used for requests that carry none.
   *
   * @return the default options
   */
  public GlueOptions defaultOptions() {
    return defaults;
  }

  /** Lists one workflow name: needs the endpoint, the credentials and {@code glue:ListWorkflows}. */
  @Override
  public void probe() {
    try {
      client.listWorkflows(request -> request.maxResults(1));
    } catch (RuntimeException e) {
      throw GlueErrors.map(e, ErrorContext.of(id()), Operation.LIST_RUNS);
    }
  }

  @Override
  public WorkflowTarget parseTarget(WorkflowTarget target) {
    return GlueRules.checkTarget(super.parseTarget(target));
  }

  @Override
  public RunHandle parseHandle(RunHandle handle) {
    return GlueRules.checkHandle(super.parseHandle(handle));
  }

  @Override
  public void validate(StartRunRequest request) {
    GlueRules.checkRequest(request, id(), defaults);
  }

  // ---- the operations, written once over either transport ----

  @Override
  protected StartPrimitives<?> startPrimitives(GlueCalls calls, SendLimits limits) {
    return new GlueStarts(id(), calls, defaults, clock, limits);
  }

  @Override
  protected CompletableFuture<RunStatus> getRun(GlueCalls calls, RunHandle handle) {
    GetWorkflowRunRequest request = GetWorkflowRunRequest.builder()
        .name(handle.part(0)).runId(handle.part(1)).includeGraph(false).build();
    return AsyncSupport.mapFailure(calls.getWorkflowRun(request), e -> GlueErrors.map(e, ErrorContext.of(handle), Operation.GET_RUN))
        .thenApply(response -> GlueStatuses.toStatus(handle, response.run()));
  }

  /**
   * One GetWorkflowRuns listing per workflow, newest first, until every run asked for is seen, the
   * listing passes the oldest start asked for, or {@link GlueOptions#scanPageLimit()} pages were read.
   */
  @Override
  protected CompletableFuture<BatchRead> readRuns(GlueCalls calls, List<RunHandle> handles, Optional<Instant> oldestStart) {
    return GlueRunReads.WORKFLOW_RUNS.read(calls, id(), handles, oldestStart, defaults.pageSize(),
        defaults.scanPageLimit());
  }

  @Override
  protected CompletableFuture<Void> stop(GlueCalls calls, RunHandle handle) {
    StopWorkflowRunRequest request = StopWorkflowRunRequest.builder().name(handle.part(0)).runId(handle.part(1)).build();
    return AsyncSupport.mapFailure(calls.stopWorkflowRun(request), e -> GlueErrors.map(e, ErrorContext.of(handle), Operation.STOP))
        .thenApply(response -> null);
  }

  @Override
  protected CompletableFuture<List<RunStatus>> listRuns(GlueCalls calls, WorkflowTarget target, int limit) {
    return GlueRunReads.WORKFLOW_RUNS.list(calls, id(), target, defaults.pageSize(), limit);
  }

  /**
   * Resumes a run that ended COMPLETED or ERROR with jobs or crawlers that failed, errored, timed out or
   * were stopped:
   * ResumeWorkflowRun of those nodes (read from GetWorkflowRun with the graph), a new run (a new
   * handle) whose {@code PreviousRunId} is this one's. A run already resumed is answered with its
   * newest resumption, found in the listing before anything is sent and after a lost answer (see
   * {@link GlueRetries}); a run that succeeded, is still running, or was stopped is a
   * {@link ConflictException} (as is Glue's own refusal, IllegalWorkflowStateException).
   */
  @Override
  public RunHandle retry(RunHandle handle) {
    return AsyncSupport.join(retries(blockingCalls(), true).retry(handle));
  }

  @Override
  public CompletableFuture<RunHandle> retryAsync(RunHandle handle, Executor executor) {
    return hasAsyncClient
        ? AsyncSupport.defer(() -> retries(preferredAsyncCalls(), false).retry(handle))
        : CompletableFuture.supplyAsync(() -> retry(handle), executor);
  }

  private GlueRetries<WorkflowRun> retries(GlueCalls calls, boolean blocking) {
    return new GlueRetries<>(new GlueRetries.Steps<>() {
      @Override
      public CompletableFuture<WorkflowRun> read(RunHandle handle, SendLimits limits) {
        return calls.getWorkflowRunOnce(GetWorkflowRunRequest.builder().name(handle.part(0)).runId(handle.part(1))
            .includeGraph(true).build(), limits).thenApply(response -> response.run());
      }

      @Override
      public CompletableFuture<Optional<RunHandle>> reRunOf(RunHandle handle, SendLimits limits) {
        return GlueRunReads.WORKFLOW_RUNS.reRunOf(calls, id(), handle, clock.instant().minus(defaults.lookBack()),
            defaults.pageSize(), defaults.scanPageLimit(), limits);
      }

      @Override
      public void checkRetryable(RunHandle handle, WorkflowRun run) {
        if (run.status() != WorkflowRunStatus.COMPLETED && run.status() != WorkflowRunStatus.ERROR) {
          throw new ConflictException(ErrorContext.of(handle), "workflow run is " + run.statusAsString()
              + " and was never resumed: Glue resumes a run that ended (COMPLETED or ERROR) with failed jobs or"
              + " crawlers", null);
        }
        if (GlueStatuses.failedNodes(run).isEmpty()) {
          throw new ConflictException(ErrorContext.of(handle), "workflow run " + run.statusAsString()
              + " with no failed, errored, timed-out or stopped node: nothing to resume", null);
        }
      }

      @Override
      public CompletableFuture<RunHandle> sendOnce(RunHandle handle, WorkflowRun run, SendLimits limits) {
        ResumeWorkflowRunRequest request = ResumeWorkflowRunRequest.builder().name(handle.part(0))
            .runId(handle.part(1)).nodeIds(GlueStatuses.failedNodes(run)).build();
        return calls.resumeOnce(request, limits)
            .thenApply(response -> RunHandle.of(id(), handle.part(0), response.runId()));
      }
    }, retryPolicy, clock, blocking);
  }

  /** Builds a {@link GlueBackend}. */
  public static final class Builder extends AwsBackendBuilder<GlueClient, GlueAsyncClient, Builder> {
    private GlueOptions defaults = GlueOptions.DEFAULT;
    private StartPolicy retryPolicy = StartPolicy.DEFAULT;

    private Builder(GlueClient client) {
      super(client, DEFAULT_ID);
    }

    /**
     * Sets the options used for requests that carry none; their page size also serves batched reads
     * and listings, their page limit batched reads.
     *
     * @param defaults the default options
     * @return this builder
     */
    public Builder defaultOptions(GlueOptions defaults) {
      this.defaults = Objects.requireNonNull(defaults, "defaults");
      return this;
    }

    /**
     * Sets how {@link GlueBackend#retry} tries again and settles a lost answer: its attempts, pauses,
     * look-up reads, request timeout and overall bound. {@link StartPolicy#DEFAULT} unless set.
     *
     * @param retryPolicy the policy
     * @return this builder
     */
    public Builder retryPolicy(StartPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    @Override
    public GlueBackend build() {
      return new GlueBackend(parts(), defaults, retryPolicy);
    }
  }
}
