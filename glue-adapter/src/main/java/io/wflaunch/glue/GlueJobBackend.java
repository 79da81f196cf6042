package io.wflaunch.glue;

import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.aws.AwsBackendBuilder;
import io.wflaunch.glue.internal.GlueErrors;
import io.wflaunch.glue.internal.GlueJobCalls;
import io.wflaunch.glue.internal.GlueJobRules;
import io.wflaunch.glue.internal.GlueJobStarts;
import io.wflaunch.glue.internal.GlueJobStatuses;
import io.wflaunch.glue.internal.GlueRetries;
import io.wflaunch.glue.internal.GlueRunReads;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.spi.ClientBackend;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartPrimitives;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.support.UserText;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueAsyncClientBuilder;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;
import software.amazon.awssdk.services.glue.model.BatchStopJobRunError;
import software.amazon.awssdk.services.glue.model.BatchStopJobRunRequest;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.StartJobRunRequest;

/**
 * AWS Glue jobs as a wflaunch backend.
 *
 * <p>Targets are {@code gluejob:<jobName>}, handles {@code gluejob:<jobName>/<jobRunId>}. A start calls
 * StartJobRun with the request's parameters as job arguments (names starting with {@code --}), in order,
 * followed by {@link GlueJobOptions#arguments()}, and the options' worker type and count, timeout,
 * execution class, security configuration, notification delay and queuing. Statuses come from
 * GetJobRun (all ten job run states mapped, see {@link GlueJobStatuses}); the typed detail is the SDK's
 * {@link JobRun}. Several runs are read with one GetJobRuns listing per job; stops go through
 * BatchStopJobRun, whose per-run errors are mapped like the others.
 *
 * <p><b>Idempotency.</b> StartJobRun takes no client token. Every start carries a key in the job
 * argument {@link GlueJobOptions#idempotencyArgument()}, which the job's script ignores: the request's
 * key, or one generated for the call. The launcher's start protocol finds the run by that argument in
 * the job's recent runs (GetJobRuns): before starting, with a caller's key; after a start whose answer
 * was lost, instead of sending it again; and after a keyed start, until the run is visible.
 *
 * <p><b>Retry.</b> {@link #retry} re-runs a failed, errored, timed-out, stopped or expired run with
 * StartJobRun and {@code JobRunId} set to its id, as a new run (a new handle) whose
 * {@code PreviousRunId} is the first's, with the first's arguments; idempotent through a look-up
 * for that {@code PreviousRunId} before sending and after a lost answer, and reads of the listing after
 * an answered re-run until it shows it (see {@link GlueRetries}).
 */
public final class GlueJobBackend extends ClientBackend<GlueJobCalls> {

  /** The default backend id. */
  public static final String DEFAULT_ID = "gluejob";
  /** Target {@code gluejob:<jobName>}, handle {@code gluejob:<jobName>/<jobRunId>}. */
  public static final IdentifierScheme SCHEME =
      IdentifierScheme.of(DEFAULT_ID, List.of("jobName"), List.of("jobName", "jobRunId"));

  private final GlueClient client;
  private final GlueJobOptions defaults;
  private final StartPolicy retryPolicy;
  private final Clock clock;
  private final boolean hasAsyncClient;

  private GlueJobBackend(AwsBackendBuilder.Parts<GlueClient, GlueAsyncClient> parts, GlueJobOptions defaults,
      StartPolicy retryPolicy) {
    super(parts.id(), parts.blockingCalls(GlueJobCalls::over), parts.asyncCalls(GlueJobCalls::over), parts.owned());
    this.client = parts.client();
    this.defaults = defaults;
    this.retryPolicy = retryPolicy;
    this.clock = parts.clock();
    this.hasAsyncClient = parts.asyncClient() != null;
  }

  /**
   * A backend with the default id over a client you built.
   *
   * @param client the Glue client; the backend does not close it
   * @return the backend
   */
  public static GlueJobBackend create(GlueClient client) {
    return builder(client).build();
  }

  /**
   * A backend with the default id over a blocking and a non-blocking client you built.
   *
   * @param client the Glue client; the backend does not close it
   * @param asyncClient the async Glue client, used by the async methods; the backend does not close it
   * @return the backend
   */
  public static GlueJobBackend create(GlueClient client, GlueAsyncClient asyncClient) {
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
   * A backend over clients built from the SDK's default credential and region chains, which it owns.
   *
   * @return the backend
   */
  public static GlueJobBackend createDefault() {
    return createDefault(sync -> { }, async -> { });
  }

  /**
   * A backend over clients built from the default credential chain, with a region and endpoint.
   *
   * @param region the region, or null for the default region chain
   * @param endpointOverride the endpoint (such as a local emulator's), or null for the region's
   * @return the backend, owning its clients
   */
  public static GlueJobBackend createDefault(Region region, URI endpointOverride) {
    return createDefault(AwsBackendBuilder.regionAndEndpoint(region, endpointOverride),
        AwsBackendBuilder.regionAndEndpoint(region, endpointOverride));
  }

  /**
   * A backend over clients built from the default chains and then configured by you.
   *
   * @param sync configures the blocking client's builder
   * @param async configures the async client's builder
   * @return the backend, owning its clients
   */
  public static GlueJobBackend createDefault(Consumer<GlueClientBuilder> sync, Consumer<GlueAsyncClientBuilder> async) {
    return Builder.defaultClients(DEFAULT_ID, GlueClient.builder(), sync, GlueAsyncClient.builder(), async,
        GlueJobBackend::builder).build();
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
  public GlueJobOptions defaultOptions() {
    return defaults;
  }

  /** Lists one job name: needs the endpoint, the credentials and {@code glue:ListJobs}. */
  @Override
  public void probe() {
    try {
      client.listJobs(request -> request.maxResults(1));
    } catch (RuntimeException e) {
      throw GlueErrors.map(e, ErrorContext.of(id()), Operation.LIST_RUNS);
    }
  }

  @Override
  public WorkflowTarget parseTarget(WorkflowTarget target) {
    return GlueJobRules.checkTarget(super.parseTarget(target));
  }

  @Override
  public RunHandle parseHandle(RunHandle handle) {
    return GlueJobRules.checkHandle(super.parseHandle(handle));
  }

  @Override
  public void validate(StartRunRequest request) {
    GlueJobRules.checkRequest(request, id(), defaults);
  }

  @Override
  protected StartPrimitives<?> startPrimitives(GlueJobCalls calls, SendLimits limits) {
    return new GlueJobStarts(id(), calls, defaults, clock, limits);
  }

  @Override
  protected CompletableFuture<RunStatus> getRun(GlueJobCalls calls, RunHandle handle) {
    return AsyncSupport.mapFailure(calls.getJobRun(handle.part(0), handle.part(1)),
            e -> GlueErrors.map(e, ErrorContext.of(handle), Operation.GET_RUN))
        .thenApply(run -> GlueJobStatuses.toStatus(handle, run));
  }

  /**
   * One GetJobRuns listing per job, until every run asked for is seen, the listing passes the oldest
   * start asked for, or {@link GlueJobOptions#scanPageLimit()} pages were read.
   */
  @Override
  protected CompletableFuture<BatchRead> readRuns(GlueJobCalls calls, List<RunHandle> handles,
      Optional<Instant> oldestStart) {
    return GlueRunReads.JOB_RUNS.read(calls, id(), handles, oldestStart, defaults.pageSize(),
        defaults.scanPageLimit());
  }

  /** BatchStopJobRun of the one run; its per-run error is the stop's failure. */
  @Override
  protected CompletableFuture<Void> stop(GlueJobCalls calls, RunHandle handle) {
    BatchStopJobRunRequest request = BatchStopJobRunRequest.builder().jobName(handle.part(0))
        .jobRunIds(handle.part(1)).build();
    ErrorContext context = ErrorContext.of(handle);
    return AsyncSupport.mapFailure(calls.batchStop(request), e -> GlueErrors.map(e, context, Operation.STOP))
        .thenApply(response -> {
          if (response.hasErrors()) {
            response.errors().stream().filter(error -> handle.part(1).equals(error.jobRunId())).findFirst()
                .ifPresent(error -> {
                  throw stopError(context, error);
                });
          }
          return null;
        });
  }

  /**
   * A BatchStopJobRun error for one run: {@code EntityNotFoundException} is a missing run, any other
   * code (a run that already ended, say) a {@link ConflictException}.
   */
  static RuntimeException stopError(ErrorContext context, BatchStopJobRunError error) {
    String code = error.errorDetail() == null ? null : error.errorDetail().errorCode();
    String message = error.errorDetail() == null ? null : error.errorDetail().errorMessage();
    String detail = "BatchStopJobRun did not stop the run: " + (code == null ? "no error code" : code)
        + (message == null ? "" : ": " + UserText.cut(message, UserText.MAX_ECHO));
    if (code != null && code.contains("EntityNotFound")) {
      return new RunNotFoundException(context, detail, null);
    }
    return new ConflictException(context, detail, null);
  }

  @Override
  protected CompletableFuture<List<RunStatus>> listRuns(GlueJobCalls calls, WorkflowTarget target, int limit) {
    return GlueRunReads.JOB_RUNS.list(calls, id(), target, defaults.pageSize(), limit);
  }

  /**
   * Re-runs a failed, errored, timed-out, stopped or expired run: StartJobRun with {@code JobRunId}
   * set to its id and its arguments, as a new run; the job's definition as it is now supplies the rest. A run already re-run (a run whose
   * {@code PreviousRunId} is this one's, Glue's own retries of the job included) is answered with that
   * re-run, the newest first; a succeeded or unfinished run is a {@link ConflictException}.
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

  private GlueRetries<JobRun> retries(GlueJobCalls calls, boolean blocking) {
    return new GlueRetries<>(new GlueRetries.Steps<>() {
      @Override
      public CompletableFuture<JobRun> read(RunHandle handle, SendLimits limits) {
        return calls.getJobRunOnce(handle.part(0), handle.part(1), limits);
      }

      @Override
      public CompletableFuture<Optional<RunHandle>> reRunOf(RunHandle handle, SendLimits limits) {
        return GlueRunReads.JOB_RUNS.reRunOf(calls, id(), handle, clock.instant().minus(defaults.lookBack()),
            defaults.pageSize(), defaults.scanPageLimit(), limits);
      }

      @Override
      public void checkRetryable(RunHandle handle, JobRun run) {
        RunState state = GlueJobStatuses.stateOf(run.jobRunState());
        if (!state.isTerminal() || state == RunState.SUCCEEDED) {
          throw new ConflictException(ErrorContext.of(handle), "job run is " + run.jobRunStateAsString()
              + " and was never re-run: only a failed, errored, timed-out, stopped or expired run can be", null);
        }
      }

      @Override
      public CompletableFuture<RunHandle> sendOnce(RunHandle handle, JobRun run, SendLimits limits) {
        // The arguments are the run's; capacity, timeout, class and security come from the job's definition
        // as it is now, so that a job resized or given a longer timeout after the failure re-runs with that.
        StartJobRunRequest.Builder request = StartJobRunRequest.builder().jobName(handle.part(0))
            .jobRunId(handle.part(1));
        if (run.hasArguments()) {
          request.arguments(run.arguments());
        }
        return calls.startOnce(request.build(), limits)
            .thenApply(response -> RunHandle.of(id(), handle.part(0), response.jobRunId()));
      }
    }, retryPolicy, clock, blocking);
  }

  /** Builds a {@link GlueJobBackend}. */
  public static final class Builder extends AwsBackendBuilder<GlueClient, GlueAsyncClient, Builder> {
    private GlueJobOptions defaults = GlueJobOptions.DEFAULT;
    private StartPolicy retryPolicy = StartPolicy.DEFAULT;

    private Builder(GlueClient client) {
      super(client, DEFAULT_ID);
    }

    /**
     * Sets the options used for requests that carry none; their page size and page limit also serve
     * batched reads, listings and retries' look-ups.
     *
     * @param defaults the default options
     * @return this builder
     */
    public Builder defaultOptions(GlueJobOptions defaults) {
      this.defaults = Objects.requireNonNull(defaults, "defaults");
      return this;
    }

    /**
     * Sets how {@link GlueJobBackend#retry} tries again and settles a lost answer: its attempts, pauses,
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
    public GlueJobBackend build() {
      return new GlueJobBackend(parts(), defaults, retryPolicy);
    }
  }
}
