package io.wflaunch.swf;

import io.wflaunch.ConflictException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.aws.AwsBackendBuilder;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.spi.ClientBackend;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartPrimitives;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.swf.internal.SwfCalls;
import io.wflaunch.swf.internal.SwfReads;
import io.wflaunch.swf.internal.SwfRules;
import io.wflaunch.swf.internal.SwfStarts;
import io.wflaunch.swf.internal.SwfStops;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfAsyncClientBuilder;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.SwfClientBuilder;
import software.amazon.awssdk.services.swf.model.ChildPolicy;

/**
 * Amazon SWF workflow executions as a wflaunch backend: targets
 * {@code swf:<domain>/<workflowTypeName>/<workflowTypeVersion>}, handles {@code swf:<domain>/<workflowId>/<runId>}.
 *
 * <p>A start is StartWorkflowExecution with the {@link SwfOptions} and the raw input or the parameters as
 * one JSON object of strings (not both), under the options' workflowId, else the idempotency key (or
 * {@code wflaunch-<sha256 of the key>} when the key is no valid workflowId), else a generated
 * {@code wfl-<uuid>}. With a key or a workflowId in the options, the tag {@code wflaunch-key:<key>} marks
 * the start's run: an execution under the workflowId with another marker, or of another workflow type, is
 * a {@link ConflictException}. A run that CONTINUED_AS_NEW is followed to its chain's newest run by run
 * ids through close events, never by workflowId. {@link #stop} and {@link #terminate} always name a runId.
 */
public final class SwfBackend extends ClientBackend<SwfCalls> {

  /** The default backend id. */
  public static final String DEFAULT_ID = "swf";
  /** Target {@code swf:<domain>/<workflowTypeName>/<workflowTypeVersion>}, handle {@code swf:<domain>/<workflowId>/<runId>}. */
  public static final IdentifierScheme SCHEME = IdentifierScheme.of(DEFAULT_ID,
      List.of("domain", "workflowTypeName", "workflowTypeVersion"), List.of("domain", "workflowId", "runId"));
  /** The prefix of the tag that carries an idempotency key. */
  public static final String KEY_MARKER_PREFIX = SwfStarts.KEY_MARKER_PREFIX;

  private final SwfClient client;
  private final Clock clock;
  private final Duration keyLookBack;
  private final SwfReads reads;

  private SwfBackend(Builder builder, AwsBackendBuilder.Parts<SwfClient, SwfAsyncClient> parts) {
    super(parts.id(), parts.blockingCalls(SwfCalls::over), parts.asyncCalls(SwfCalls::over), parts.owned());
    this.client = parts.client();
    this.clock = parts.clock();
    this.keyLookBack = builder.keyLookBack;
    this.reads = new SwfReads(parts.id(), parts.clock(), builder.followContinuedAsNew, builder.listWindow);
  }

  /**
   * A backend with the default id over a client you built.
   *
   * @param client the SWF client; the backend does not close it
   * @return the backend
   */
  public static SwfBackend create(SwfClient client) {
    return builder(client).build();
  }

  /**
   * A backend over a blocking and a non-blocking client you built; the async methods use the latter.
   *
   * @param client the SWF client; the backend does not close it
   * @param asyncClient the async SWF client; the backend does not close it
   * @return the backend
   */
  public static SwfBackend create(SwfClient client, SwfAsyncClient asyncClient) {
    return builder(client).asyncClient(asyncClient).build();
  }

  /**
   * Starts building a backend over a client you built.
   *
   * @param client the SWF client; the backend does not close it
   * @return a builder
   */
  public static Builder builder(SwfClient client) {
    return new Builder(client);
  }

  /**
   * A backend over clients built from the SDK's default credential and region chains, which it owns.
   *
   * @return the backend
   */
  public static SwfBackend createDefault() {
    return createDefault(sync -> { }, async -> { });
  }

  /**
   * A backend over clients built from the default credential chain, with a region and endpoint.
   *
   * @param region the region, or null for the default region chain
   * @param endpointOverride the endpoint, or null for the region's
   * @return the backend, owning its clients
   */
  public static SwfBackend createDefault(Region region, URI endpointOverride) {
    return createDefault(AwsBackendBuilder.regionAndEndpoint(region, endpointOverride),
        AwsBackendBuilder.regionAndEndpoint(region, endpointOverride));
  }

  /**
   * A backend over clients built from the default chains, then configured by you (HTTP client, region, ...).
   *
   * @param sync configures the blocking client's builder
   * @param async configures the async client's builder
   * @return the backend, owning its clients
   */
  public static SwfBackend createDefault(Consumer<SwfClientBuilder> sync, Consumer<SwfAsyncClientBuilder> async) {
    return createDefault(DEFAULT_ID, sync, async);
  }

  /**
   * A backend with its own id (one per region or account, say) over clients configured by you.
   *
   * @param id the backend id
   * @param sync configures the blocking client's builder
   * @param async configures the async client's builder
   * @return the backend, owning its clients
   */
  public static SwfBackend createDefault(String id, Consumer<SwfClientBuilder> sync, Consumer<SwfAsyncClientBuilder> async) {
    return Builder.defaultClients(id, SwfClient.builder(), sync, SwfAsyncClient.builder(), async, SwfBackend::builder).build();
  }

  /**
   * The blocking client, for SWF calls wflaunch does not make.
   *
   * @return the client
   */
  public SwfClient client() {
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

  @Override
  public WorkflowTarget parseTarget(WorkflowTarget target) {
    return SwfRules.checkTarget(super.parseTarget(target));
  }

  @Override
  public RunHandle parseHandle(RunHandle handle) {
    return SwfRules.checkHandle(super.parseHandle(handle));
  }

  @Override
  public void validate(StartRunRequest request) {
    SwfRules.checkRequest(id(), request);
  }

  /** Lists one registered domain: needs the endpoint, the credentials and {@code swf:ListDomains}. */
  @Override
  public void probe() {
    reads.probe(client);
  }

  @Override
  protected StartPrimitives<?> startPrimitives(SwfCalls calls, SendLimits limits) {
    return new SwfStarts(id(), calls, clock, keyLookBack, limits);
  }

  @Override
  protected CompletableFuture<RunStatus> getRun(SwfCalls calls, RunHandle handle) {
    return reads.getRun(calls, handle);
  }

  @Override
  protected CompletableFuture<BatchRead> readRuns(SwfCalls calls, List<RunHandle> handles, Optional<Instant> oldestStart) {
    return reads.readRuns(calls, handles, oldestStart);
  }

  @Override
  protected CompletableFuture<BatchRead> readRun(SwfCalls calls, RunHandle handle) {
    return reads.readRun(calls, handle);
  }

  @Override
  protected CompletableFuture<List<RunStatus>> listRuns(SwfCalls calls, WorkflowTarget target, int limit) {
    return reads.listRuns(calls, target, limit);
  }

  @Override
  protected CompletableFuture<Void> stop(SwfCalls calls, RunHandle handle) {
    return SwfStops.cancel(calls, handle);
  }

  /**
   * Terminates an execution at once (TerminateWorkflowExecution), where {@link #stop} asks its decider to
   * cancel it; it then reads as CANCELLED with the raw status TERMINATED. Reach it through
   * {@code launcher.backend("swf", SwfBackend.class)}.
   *
   * @param handle the run
   * @param reason why, at most 256 characters, or null
   * @param details more about why, at most 32,768 characters, or null
   * @param childPolicy what happens to its child executions, or null for the execution's own policy
   * @throws io.wflaunch.InvalidRequestException if the handle or an argument breaks SWF's rules; nothing is sent
   * @throws io.wflaunch.RunNotFoundException if there is no such execution
   * @throws ConflictException if the run, or the newest run of the chain it continued as new into, has closed
   */
  public void terminate(RunHandle handle, String reason, String details, ChildPolicy childPolicy) {
    AsyncSupport.join(SwfStops.terminate(blockingCalls(), parseHandle(handle), reason, details, childPolicy));
  }

  /**
   * Async form of {@link #terminate}, using the async client when there is one.
   *
   * @param handle the run
   * @param reason why, or null
   * @param details more about why, or null
   * @param childPolicy what happens to its child executions, or null
   * @return a future that completes when SWF accepted the termination
   */
  public CompletableFuture<Void> terminateAsync(RunHandle handle, String reason, String details, ChildPolicy childPolicy) {
    return AsyncSupport.defer(() -> SwfStops.terminate(preferredAsyncCalls(), parseHandle(handle), reason, details, childPolicy));
  }

  /** Builds a {@link SwfBackend}. */
  public static final class Builder extends AwsBackendBuilder<SwfClient, SwfAsyncClient, Builder> {
    private boolean followContinuedAsNew = true;
    private Duration keyLookBack = Duration.ofDays(90);
    private Duration listWindow = Duration.ofDays(90);

    private Builder(SwfClient client) {
      super(client, DEFAULT_ID);
    }

    /**
     * Whether a run that CONTINUED_AS_NEW is followed to its chain's newest run (default), or SUCCEEDED.
     *
     * @param follow whether to follow
     * @return this builder
     */
    public Builder followContinuedAsNew(boolean follow) {
      this.followContinuedAsNew = follow;
      return this;
    }

    /**
     * Sets how far back a keyed start looks for a closed execution with its key (default 90 days).
     *
     * @param keyLookBack a positive duration
     * @return this builder
     */
    public Builder keyLookBack(Duration keyLookBack) {
      this.keyLookBack = SwfRules.positive(keyLookBack, "keyLookBack");
      return this;
    }

    /**
     * Sets how far back listRuns looks (default 90 days).
     *
     * @param listWindow a positive duration
     * @return this builder
     */
    public Builder listWindow(Duration listWindow) {
      this.listWindow = SwfRules.positive(listWindow, "listWindow");
      return this;
    }

    /**
     * Has no effect: the batched read lists each domain once, however few of its runs are asked for.
     *
     * @param batchThreshold ignored
     * @return this builder
     * @deprecated runs are no longer described one by one below a threshold; remove the call
     */
    @Deprecated
    public Builder batchThreshold(int batchThreshold) {
      return this;
    }

    @Override
    public SwfBackend build() {
      return new SwfBackend(this, parts());
    }
  }
}
