package io.wflaunch.swf;

import io.wflaunch.aws.AwsBackendBuilder;
import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.ClientBackend;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartPrimitives;
import io.wflaunch.swf.internal.SwfCalls;
import io.wflaunch.swf.internal.SwfErrors;
import io.wflaunch.swf.internal.SwfRules;
import io.wflaunch.swf.internal.SwfReads;
import io.wflaunch.swf.internal.SwfStarts;
import io.wflaunch.swf.internal.SwfStops;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfAsyncClientBuilder;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.SwfClientBuilder;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.RequestCancelWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.TerminateWorkflowExecutionRequest;

/**
 * Amazon SWF workflow executions as a wflaunch backend.
 *
 * <p>Targets are {@code swf:<domain>/<workflowTypeName>/<workflowTypeVersion>}, handles
 * {@code swf:<domain>/<workflowId>/<runId>}. A start calls StartWorkflowExecution with every option of
 * {@link SwfOptions}; the request's raw input is sent unchanged, or its parameters as one JSON object
 * of strings in order (both at once are refused). The workflowId is the one in the options, else one
 * derived from the idempotency key (the key itself when it is a valid workflowId, otherwise
 * {@code wflaunch-<sha256 of the key>}), else the key generated for the call ({@code wfl-<uuid>}).
 * Statuses come from
 * DescribeWorkflowExecution; an execution that CONTINUED_AS_NEW is followed along its chain to the
 * chain's newest run, unless {@link Builder#followContinuedAsNew(boolean)} says otherwise. The chain is
 * followed by run ids only, through each closed run's close event (one history event each, which names
 * the new run's id), never by looking the workflowId up: once a chain has ended, a later execution may
 * reuse its workflowId, and reading an old handle reports how the chain ended, never that execution.
 * The typed
 * detail is the SDK's {@code DescribeWorkflowExecutionResponse} (from getRun) or {@code WorkflowExecutionInfo}
 * (from list-based answers).
 *
 * <p>{@link #stop} requests cancellation; {@link #terminate} terminates. Both are sent with the run's
 * runId, never without one (SWF would apply that to whichever execution is open under the workflowId
 * now, which may be a later, unrelated one that reuses it). When the run has closed, SWF refuses the
 * request; a run that closed otherwise than CONTINUED_AS_NEW is then a {@link ConflictException}, and
 * one that continued as new is followed along its chain through each closed run's close event (which
 * names the new run's id): the request goes to the chain's open run by its runId, and a chain whose
 * newest run has closed is a {@link ConflictException} naming that run. No execution outside the chain
 * is touched.
 *
 * <p>A TERMINATED execution is CANCELLED when an operator or a parent's child policy terminated it and
 * FAILED when SWF did ({@code EVENT_LIMIT_EXCEEDED}); the close event says which, so getRun, getRuns
 * and listRuns read it for every terminated execution. The close event's reason and details (of a
 * failure, a termination or a cancellation) are text a decider or an operator wrote, which can quote
 * the workflow's input, so they are the masked details {@code closeReason} and {@code closeDetails}
 * ({@link RunStatus#toString()} and the command line show {@value RunStatus#MASK}; {@link
 * RunStatus#details()} holds them); the status reason names those keys, never the text, as in
 * {@code failed: reason and details are masked details 'closeReason', 'closeDetails'}. SWF's own words,
 * the terminated cause and the timeout type, are the detail {@code closeCause} and are in the reason.
 *
 * <p><b>Idempotency.</b> SWF allows one open execution per workflowId, and the launcher's start
 * protocol builds on it: a start whose answer was lost is settled by looking the workflowId up (open
 * executions, then closed ones within {@link Builder#keyLookBack(Duration)}), and SWF's refusal of a
 * second open execution makes the protocol return the open one when it is this start's. With an
 * idempotency key (or a workflowId in the options) one tag carries the marker
 * {@code wflaunch-key:<key>} (or {@code wflaunch-key:sha256:<hex>} for keys too long for a tag), and
 * only an execution with that marker counts as the start's run; an execution with the workflowId and
 * another marker is a {@link ConflictException}. WorkflowIds are unique per domain, so a key names one
 * run of one workflow type: reusing it for another type is a {@link ConflictException} naming the run
 * it already names. Every request of the start protocol (StartWorkflowExecution and each list page of a
 * look-up) is sent once, with the launcher's {@link StartPolicy#requestTimeout()} as its API-call
 * timeout, and no look-up page is begun that could not end by the start's
 * deadline.
 *
 * <p>Safe for use by several threads at once.
 */
public final class SwfBackend extends ClientBackend<SwfCalls> {

  /** The default backend id. */
  public static final String DEFAULT_ID = "swf";
  /** Target {@code swf:<domain>/<workflowTypeName>/<workflowTypeVersion>}, handle {@code swf:<domain>/<workflowId>/<runId>}. */
  public static final IdentifierScheme SCHEME = IdentifierScheme.of(DEFAULT_ID,
      List.of("domain", "workflowTypeName", "workflowTypeVersion"), List.of("domain", "workflowId", "runId"));
  /** The prefix of the tag that carries an idempotency key. */
  public static final String KEY_MARKER_PREFIX = SwfStarts.KEY_MARKER_PREFIX;

  private static final int MAX_LAMBDA_ROLE = 1600;

  private final SwfClient client;
  private final Clock clock;
  private final Duration keyLookBack;
  private final SwfReads reads;

  private SwfBackend(Builder builder, AwsBackendBuilder.Parts<SwfClient, SwfAsyncClient> parts) {
    super(parts.id(), parts.blockingCalls(SwfCalls::over), parts.asyncCalls(SwfCalls::over), parts.owned());
    this.client = parts.client();
    this.clock = parts.clock();
    this.keyLookBack = builder.keyLookBack;
    this.reads = new SwfReads(parts.id(), parts.clock(), builder.followContinuedAsNew, builder.listWindow,
        builder.batchThreshold);
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
   * A backend over clients built from the SDK's default credential and region chains; it owns and
   * closes them.
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
   * A backend over clients built from the default chains and then configured by you (HTTP client,
   * region, endpoint, ...).
   *
   * @param sync configures the blocking client's builder
   * @param async configures the async client's builder
   * @return the backend, owning its clients
   */
  public static SwfBackend createDefault(Consumer<SwfClientBuilder> sync, Consumer<SwfAsyncClientBuilder> async) {
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
  public static SwfBackend createDefault(String id, Consumer<SwfClientBuilder> sync, Consumer<SwfAsyncClientBuilder> async) {
    return Builder.defaultClients(id, SwfClient.builder(), sync, SwfAsyncClient.builder(), async, SwfBackend::builder).build();
  }

  /** Lists one registered domain: needs the endpoint, the credentials and {@code swf:ListDomains}. */
  @Override
  public void probe() {
    try {
      client.listDomains(request -> request.registrationStatus(
          software.amazon.awssdk.services.swf.model.RegistrationStatus.REGISTERED).maximumPageSize(1));
    } catch (RuntimeException e) {
      throw SwfErrors.map(e, ErrorContext.of(id()), Operation.LIST_RUNS);
    }
  }

  @Override
  public IdentifierScheme scheme() {
    return SCHEME;
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
  public WorkflowTarget parseTarget(WorkflowTarget target) {
    super.parseTarget(target);
    ErrorContext context = ErrorContext.of(target);
    SwfRules.checkName(context, "domain", target.part(0), SwfRules.MAX_NAME);
    SwfRules.checkName(context, "workflowTypeName", target.part(1), SwfRules.MAX_NAME);
    SwfRules.checkName(context, "workflowTypeVersion", target.part(2), SwfRules.MAX_VERSION);
    return target;
  }

  @Override
  public RunHandle parseHandle(RunHandle handle) {
    super.parseHandle(handle);
    ErrorContext context = ErrorContext.of(handle);
    SwfRules.checkName(context, "domain", handle.part(0), SwfRules.MAX_NAME);
    SwfRules.checkName(context, "workflowId", handle.part(1), SwfRules.MAX_NAME);
    String runId = handle.part(2);
    if (runId.length() > SwfRules.MAX_VERSION || runId.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidRequestException(context, "runId",
          "must be 1 to " + SwfRules.MAX_VERSION + " characters without control characters, found " + runId.length());
    }
    return handle;
  }

  @Override
  public void validate(StartRunRequest request) {
    ErrorContext context = ErrorContext.of(request.target());
    request.options().filter(options -> !(options instanceof SwfOptions)).ifPresent(options -> {
      throw new InvalidRequestException(context, "options", "must be SwfOptions for backend " + id()
          + ", found " + options.getClass().getSimpleName());
    });
    if (request.input().isPresent() && !request.parameters().isEmpty()) {
      throw new InvalidRequestException(context, "input",
          "must be absent when parameters are given: give the raw input or the parameters (sent as a JSON object), not both");
    }
    String field = request.input().isPresent() ? "input" : "parameters";
    SwfStarts.inputOf(request).ifPresent(input -> SwfRules.checkLength(context, field, input, SwfRules.MAX_INPUT));
    SwfOptions options = optionsOf(request);
    options.workflowId().ifPresent(workflowId ->
        SwfRules.checkName(context, "options.workflowId", workflowId, SwfRules.MAX_NAME));
    options.taskList().ifPresent(taskList ->
        SwfRules.checkName(context, "options.taskList", taskList, SwfRules.MAX_NAME));
    options.executionStartToCloseTimeout().ifPresent(timeout ->
        SwfRules.timeoutSeconds(context, "options.executionStartToCloseTimeout", timeout));
    options.taskStartToCloseTimeout().flatMap(SwfOptions.TaskTimeout::duration).ifPresent(timeout ->
        SwfRules.timeoutSeconds(context, "options.taskStartToCloseTimeout", timeout));
    int slots = SwfRules.MAX_TAGS - (SwfStarts.needsMarker(request) ? 1 : 0);
    if (options.tagList().size() > slots) {
      throw new InvalidRequestException(context, "options.tagList", "must hold at most " + slots + " tags"
          + (slots < SwfRules.MAX_TAGS ? " (the start's key marker takes one of SWF's 5 when there is an "
              + "idempotency key or a workflowId in the options)" : "")
          + ", found " + options.tagList().size());
    }
    for (String tag : options.tagList()) {
      SwfRules.checkLength(context, "options.tagList", tag, SwfRules.MAX_TAG);
    }
    if (options.childPolicy().filter(policy -> policy == ChildPolicy.UNKNOWN_TO_SDK_VERSION).isPresent()) {
      throw new InvalidRequestException(context, "options.childPolicy", "must be TERMINATE, REQUEST_CANCEL or ABANDON");
    }
    options.lambdaRole().filter(role -> role.isEmpty() || role.length() > MAX_LAMBDA_ROLE).ifPresent(role -> {
      throw new InvalidRequestException(context, "options.lambdaRole",
          "must be 1 to " + MAX_LAMBDA_ROLE + " characters, found " + role.length());
    });
  }

  /**
   * Terminates an execution at once (SWF's TerminateWorkflowExecution), unlike {@link #stop}, which
   * asks its decider to cancel it. The run then reads as CANCELLED with the raw status TERMINATED.
   * Reach it through {@code launcher.backend("swf", SwfBackend.class)}.
   *
   * @param handle the run
   * @param reason why, at most 256 characters, or null
   * @param details more about why, at most 32,768 characters, or null
   * @param childPolicy what happens to its child executions, or null for the execution's own policy
   * @throws InvalidRequestException if the handle or an argument breaks SWF's rules; nothing is sent
   * @throws io.wflaunch.RunNotFoundException if there is no such execution
   * @throws ConflictException if the execution has closed, or continued as new and the newest run of
   *     that chain has closed; nothing is terminated
   * @throws io.wflaunch.WorkflowLaunchException for any other failure
   */
  public void terminate(RunHandle handle, String reason, String details, ChildPolicy childPolicy) {
    AsyncSupport.join(terminate(blockingCalls(), handle, reason, details, childPolicy));
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
    return AsyncSupport.defer(() -> terminate(preferredAsyncCalls(), handle, reason, details, childPolicy));
  }

  // ---- starting ----

  /** The start's requests (StartWorkflowExecution and the look-up's list pages) carry its request timeout. */
  @Override
  protected StartPrimitives<?> startPrimitives(SwfCalls calls, SendLimits limits) {
    return new SwfStarts(id(), calls, clock, keyLookBack, limits);
  }

  // ---- reading (SwfReads) ----

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

  // ---- stopping ----

  @Override
  protected CompletableFuture<Void> stop(SwfCalls calls, RunHandle handle) {
    RequestCancelWorkflowExecutionRequest request = RequestCancelWorkflowExecutionRequest.builder()
        .domain(handle.part(0)).workflowId(handle.part(1)).runId(handle.part(2)).build();
    return SwfStops.stop(calls, handle, runId -> AsyncSupport.mapFailure(calls.cancel(request.toBuilder().runId(runId).build()),
        e -> SwfErrors.map(e, ErrorContext.of(handle), Operation.STOP)).thenApply(response -> null));
  }

  private CompletableFuture<Void> terminate(SwfCalls calls, RunHandle handle, String reason, String details,
      ChildPolicy childPolicy) {
    parseHandle(handle);
    ErrorContext context = ErrorContext.of(handle);
    if (reason != null) {
      SwfRules.checkLength(context, "reason", reason, SwfRules.MAX_REASON);
    }
    if (details != null) {
      SwfRules.checkLength(context, "details", details, SwfRules.MAX_INPUT);
    }
    if (childPolicy == ChildPolicy.UNKNOWN_TO_SDK_VERSION) {
      throw new InvalidRequestException(context, "childPolicy", "must be TERMINATE, REQUEST_CANCEL or ABANDON");
    }
    TerminateWorkflowExecutionRequest request = TerminateWorkflowExecutionRequest.builder()
        .domain(handle.part(0)).workflowId(handle.part(1)).runId(handle.part(2))
        .reason(reason).details(details).childPolicy(childPolicy).build();
    return SwfStops.stop(calls, handle, runId -> AsyncSupport.mapFailure(calls.terminate(request.toBuilder().runId(runId).build()),
        e -> SwfErrors.map(e, context, Operation.STOP)).thenApply(response -> null));
  }

  // ---- small things ----

  private SwfOptions optionsOf(StartRunRequest request) {
    return request.options(SwfOptions.class).orElse(SwfOptions.NONE);
  }

  /** The key itself when it is a valid workflowId, else {@code wflaunch-<sha256 hex of the key>}. */
  static String workflowIdForKey(String key) {
    return SwfStarts.workflowIdForKey(key);
  }

  /** The tag that carries a key: the key itself when it fits in a tag, else its SHA-256. */
  static String markerFor(String key) {
    return SwfStarts.markerFor(key);
  }

  /** Builds a {@link SwfBackend}. */
  public static final class Builder extends AwsBackendBuilder<SwfClient, SwfAsyncClient, Builder> {
    private boolean followContinuedAsNew = true;
    private Duration keyLookBack = Duration.ofDays(90);
    private Duration listWindow = Duration.ofDays(90);
    private int batchThreshold = 3;

    private Builder(SwfClient client) {
      super(client, DEFAULT_ID);
    }

    /**
     * Whether an execution that CONTINUED_AS_NEW is followed along its chain to the chain's newest run
     * (default true); when false it is reported as a terminal SUCCEEDED.
     *
     * @param follow whether to follow
     * @return this builder
     */
    public Builder followContinuedAsNew(boolean follow) {
      this.followContinuedAsNew = follow;
      return this;
    }

    /**
     * Sets how far back a keyed start looks for a closed execution that carries its key (default 90
     * days, SWF's longest retention).
     *
     * @param keyLookBack a positive duration
     * @return this builder
     */
    public Builder keyLookBack(Duration keyLookBack) {
      this.keyLookBack = positive(keyLookBack, "keyLookBack");
      return this;
    }

    /**
     * Sets how far back listRuns looks (default 90 days).
     *
     * @param listWindow a positive duration
     * @return this builder
     */
    public Builder listWindow(Duration listWindow) {
      this.listWindow = positive(listWindow, "listWindow");
      return this;
    }

    /**
     * Sets from how many runs of one domain getRuns lists the domain instead of describing each run
     * (default 3).
     *
     * @param batchThreshold at least 1
     * @return this builder
     */
    public Builder batchThreshold(int batchThreshold) {
      if (batchThreshold < 1) {
        throw new IllegalArgumentException("batchThreshold must be at least 1, found " + batchThreshold);
      }
      this.batchThreshold = batchThreshold;
      return this;
    }

    @Override
    public SwfBackend build() {
      return new SwfBackend(this, parts());
    }

    private static Duration positive(Duration duration, String name) {
      if (Objects.requireNonNull(duration, name).isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, found " + duration);
      }
      return duration;
    }
  }
}
