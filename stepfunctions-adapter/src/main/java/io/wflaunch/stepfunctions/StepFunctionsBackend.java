package io.wflaunch.stepfunctions;

import io.wflaunch.aws.AwsBackendBuilder;
import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.spi.ClientBackend;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartPrimitives;
import io.wflaunch.stepfunctions.internal.SfnCalls;
import io.wflaunch.stepfunctions.internal.SfnErrors;
import io.wflaunch.stepfunctions.internal.SfnReads;
import io.wflaunch.stepfunctions.internal.SfnRules;
import io.wflaunch.stepfunctions.internal.SfnStarts;
import io.wflaunch.stepfunctions.internal.SfnStatuses;
import io.wflaunch.stepfunctions.internal.StateMachines;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnAsyncClientBuilder;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ListExecutionsRequest;
import software.amazon.awssdk.services.sfn.model.StopExecutionRequest;

/**
 * AWS Step Functions state machines as a wflaunch backend.
 *
 * <p>Targets are {@code sfn:<stateMachine>}: a state machine ARN (also of a version or an alias), or a
 * state machine name, resolved with ListStateMachines and cached for {@link Builder#nameCacheTtl}.
 * Handles are {@code sfn:<executionArn>}: the execution's ARN as one part, which DescribeExecution takes
 * as it is (written with its colons percent-encoded, {@code sfn:arn%3Aaws%3Astates%3A...}, and read in
 * either form). A start calls StartExecution with the request's raw input (one JSON value, at most
 * 256 KiB) or its parameters as one JSON object of strings, in order ({@code {}} for none), and with the
 * {@link StepFunctionsOptions}.
 *
 * <p><b>Statuses.</b> A status from DescribeExecution has the details {@code name},
 * {@code stateMachineArn}, {@code stateMachineVersionArn}, {@code stateMachineAliasArn},
 * {@code mapRunArn}, {@code traceHeader}, {@code redriveCount}, {@code redriveDate} and
 * {@code redriveStatus}, and, as masked details ({@link RunStatus#maskedDetails()}: shown as
 * {@value RunStatus#MASK} by {@link RunStatus#toString()} and the command line, read through
 * {@link RunStatus#details()}), every field the service model marks sensitive: {@code error} and
 * {@code cause} (a Fail state's or a failed task's, which can quote the state's input),
 * {@code redriveStatusReason}, {@code input} and {@code output}. Its reason only says which of
 * {@code error} and {@code cause} there are, as in {@code execution FAILED; its error and cause are in
 * the masked details 'error' and 'cause'}. The typed detail is the SDK's
 * {@link software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse}; a status read from a
 * listing has the details {@code name}, the state machine ARNs, {@code mapRunArn}, {@code redriveCount}
 * and {@code redriveDate} and the typed detail
 * {@link software.amazon.awssdk.services.sfn.model.ExecutionListItem}.
 *
 * <p><b>Reads.</b> DescribeExecution and ListExecutions are eventually consistent, and either may show a
 * new execution before the other, so an execution is called absent ({@link RunNotFoundException}) only
 * when neither shows it: where DescribeExecution (or StopExecution) answers ExecutionDoesNotExist,
 * ListExecutions of the execution's state machine is read newest first (no status filter, pages of
 * 1,000, at most two, stopping at the page that shows the execution or reaches executions started five
 * minutes before the newest one listed), and a listed execution's status is the list item's. A
 * throttled or unavailable listing fails the read with its own error. Not looked for in a listing: the
 * children of a Map Run, and executions whose ARN names another region than the client's. A stop that
 * StopExecution does not see but the listing shows open is a retryable
 * {@link io.wflaunch.ConflictException} (nothing was stopped); one the listing shows closed has nothing
 * left to stop.
 *
 * <p><b>Idempotency.</b> On a Standard state machine the idempotency key (or a generated one, for a
 * start without) becomes the execution's name: the key itself when it is 1 to 80 characters of
 * {@code [0-9A-Za-z_-]}, else {@code wfl-} and 60 hex digits of its SHA-256. Step Functions keeps names
 * unique per state machine for 90 days, so a repeated start returns the key's execution (found with one
 * DescribeExecution when it has closed), and a key reused with other input is a
 * {@link io.wflaunch.ConflictException} naming the execution; so is a key whose execution was started
 * through another version or alias. The name is the key, so {@link StepFunctionsOptions#executionName()}
 * is refused on a Standard state machine. Express state machines deduplicate nothing and their
 * executions cannot be described: a keyless start is sent at most once, and a start with a key is
 * refused before any start is sent. The type comes from ListStateMachines (names) or DescribeStateMachine
 * (ARNs), cached like names; a type this SDK does not know is taken as Express. StartExecution and the
 * look-up by key are sent without the SDK's own retries.
 *
 * <p><b>Bounds of a start.</b> Every request a start sends (StartExecution, the look-up's
 * DescribeExecution, and the ListStateMachines pages and DescribeStateMachine that resolve the state
 * machine when it is not cached) carries the launcher's {@link StartPolicy#requestTimeout()} as its
 * API-call timeout, and none is begun that could end after the start's
 * {@link StartPolicy#startTimeout()}. The resolving reads keep the client's retries within that timeout,
 * as the protocol does not retry them itself.
 *
 * <p>Express executions cannot be read, listed or stopped through the Step Functions API (their
 * history is in CloudWatch Logs): {@code getRun}, {@code getRuns} and {@code stop} of an Express handle
 * fail with {@link OperationNotSupportedException} before any call (except for the children of a Map
 * Run, which DescribeExecution reads).
 *
 * <p>Build it over an {@link SfnClient} you configured ({@link #create(SfnClient)},
 * {@link #builder(SfnClient)}), optionally with an {@link SfnAsyncClient} that the async methods then
 * use without blocking any thread, or let {@link #createDefault()} build both from the SDK's default
 * credential and region chains. Safe for use by several threads at once.
 */
public final class StepFunctionsBackend extends ClientBackend<SfnCalls> {

  /** The default backend id. */
  public static final String DEFAULT_ID = "sfn";
  /** Target {@code sfn:<stateMachine>} (an ARN or a name), handle {@code sfn:<executionArn>}. */
  public static final IdentifierScheme SCHEME =
      IdentifierScheme.of(DEFAULT_ID, List.of("stateMachine"), List.of("executionArn"));

  private static final int PAGE = SfnReads.PAGE;
  private static final int MAX_LIST_PAGES = 1000;

  private final SfnClient client;
  private final StateMachines stateMachines;
  private final SfnReads reads;
  private volatile String clientRegion;

  private StepFunctionsBackend(Builder builder, AwsBackendBuilder.Parts<SfnClient, SfnAsyncClient> parts) {
    super(parts.id(), parts.blockingCalls(SfnCalls::over), parts.asyncCalls(SfnCalls::over), parts.owned());
    this.client = parts.client();
    this.stateMachines = new StateMachines(parts.clock(), builder.nameCacheTtl);
    this.reads = new SfnReads(this::clientRegion);
  }

  /**
   * A backend with the default id over a client you built.
   *
   * @param client the Step Functions client; the backend does not close it
   * @return the backend
   */
  public static StepFunctionsBackend create(SfnClient client) {
    return builder(client).build();
  }

  /**
   * A backend with the default id over a blocking and a non-blocking client you built; the async
   * methods use the non-blocking one.
   *
   * @param client the Step Functions client; the backend does not close it
   * @param asyncClient the async client; the backend does not close it
   * @return the backend
   */
  public static StepFunctionsBackend create(SfnClient client, SfnAsyncClient asyncClient) {
    return builder(client).asyncClient(asyncClient).build();
  }

  /**
   * Starts building a backend over a client you built.
   *
   * @param client the Step Functions client; the backend does not close it
   * @return a builder
   */
  public static Builder builder(SfnClient client) {
    return new Builder(client);
  }

  /**
   * A backend over clients built from the SDK's default credential and region chains. The backend
   * owns them and closes them when it is closed.
   *
   * @return the backend
   */
  public static StepFunctionsBackend createDefault() {
    return createDefault(sync -> { }, async -> { });
  }

  /**
   * A backend over clients built from the default credential chain, with a region and endpoint.
   *
   * @param region the region, or null for the default region chain
   * @param endpointOverride the endpoint (such as a local emulator's), or null for the region's
   * @return the backend, owning its clients
   */
  public static StepFunctionsBackend createDefault(Region region, URI endpointOverride) {
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
  public static StepFunctionsBackend createDefault(Consumer<SfnClientBuilder> sync, Consumer<SfnAsyncClientBuilder> async) {
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
  public static StepFunctionsBackend createDefault(String id, Consumer<SfnClientBuilder> sync, Consumer<SfnAsyncClientBuilder> async) {
    return Builder.defaultClients(id, SfnClient.builder(), sync, SfnAsyncClient.builder(), async, StepFunctionsBackend::builder).build();
  }

  /** Lists one state machine: needs the endpoint, the credentials and {@code states:ListStateMachines}. */
  @Override
  public void probe() {
    try {
      client.listStateMachines(request -> request.maxResults(1));
    } catch (RuntimeException e) {
      throw SfnErrors.map(e, ErrorContext.of(id()), Operation.LIST_RUNS);
    }
  }

  @Override
  public IdentifierScheme scheme() {
    return SCHEME;
  }

  /**
   * The blocking client, for Step Functions calls wflaunch does not make.
   *
   * @return the client
   */
  public SfnClient client() {
    return client;
  }

  @Override
  public WorkflowTarget parseTarget(WorkflowTarget target) {
    super.parseTarget(target);
    SfnRules.checkStateMachine(ErrorContext.of(target), "stateMachine", target.part(0));
    return target;
  }

  @Override
  public RunHandle parseHandle(RunHandle handle) {
    super.parseHandle(handle);
    SfnRules.checkExecutionArn(ErrorContext.of(handle), "executionArn", handle.part(0));
    return handle;
  }

  @Override
  public void validate(StartRunRequest request) {
    ErrorContext context = ErrorContext.of(request.target());
    request.options().filter(options -> !(options instanceof StepFunctionsOptions)).ifPresent(options -> {
      throw new InvalidRequestException(context, "options", "must be StepFunctionsOptions for backend " + id()
          + ", found " + options.getClass().getSimpleName());
    });
    if (request.input().isPresent() && !request.parameters().isEmpty()) {
      throw new InvalidRequestException(context, "input", "must be absent when parameters are given: give the raw "
          + "input (one JSON value) or the parameters (sent as a JSON object of strings), not both");
    }
    SfnRules.checkInput(context, request.input().isPresent() ? "input" : "parameters", SfnStarts.inputOf(request));
    StepFunctionsOptions options = SfnStarts.optionsOf(request);
    options.executionName().ifPresent(name -> {
      SfnRules.checkName(context, "options.executionName", name);
      if (request.idempotencyKey().isPresent()) {
        throw new InvalidRequestException(context, "options.executionName", "must be absent when an idempotency key "
            + "is given: a name in the options is for Express executions, whose starts take no key; on a Standard "
            + "state machine the key is the execution's name");
      }
    });
    options.traceHeader().ifPresent(header -> SfnRules.checkTraceHeader(context, "options.traceHeader", header));
  }

  /**
   * Stops an execution with an error code and a cause, which DescribeExecution then reports (as the
   * masked details {@code error} and {@code cause}). {@link #stop} sends neither. Reach it through
   * {@code launcher.backend("sfn", StepFunctionsBackend.class)}.
   *
   * @param handle the execution
   * @param error the error code, at most 256 characters, or null
   * @param cause a longer explanation, at most 32,768 characters, or null
   * @throws InvalidRequestException if the handle or an argument breaks the service's rules; nothing is sent
   * @throws OperationNotSupportedException if the handle is an Express execution's
   * @throws io.wflaunch.RunNotFoundException if neither StopExecution nor ListExecutions sees the execution
   * @throws io.wflaunch.ConflictException (retryable) if ListExecutions shows the execution open but
   *     StopExecution does not see it yet; it was not stopped
   * @throws io.wflaunch.WorkflowLaunchException for any other failure
   */
  public void stop(RunHandle handle, String error, String cause) {
    AsyncSupport.join(stop(blockingCalls(), parseHandle(handle), error, cause));
  }

  /**
   * Async form of {@link #stop(RunHandle, String, String)}, using the async client when there is one.
   *
   * @param handle the execution
   * @param error the error code, or null
   * @param cause a longer explanation, or null
   * @return a future that completes when Step Functions accepted the stop
   */
  public CompletableFuture<Void> stopAsync(RunHandle handle, String error, String cause) {
    return AsyncSupport.defer(() -> stop(preferredAsyncCalls(), parseHandle(handle), error, cause));
  }

  // ---- the operations, written once over either transport ----

  @Override
  protected StartPrimitives<?> startPrimitives(SfnCalls calls, SendLimits limits) {
    return new SfnStarts(id(), calls, stateMachines, limits);
  }

  @Override
  protected CompletableFuture<RunStatus> getRun(SfnCalls calls, RunHandle handle) {
    return readable(handle, "getRun").thenCompose(standard -> reads.getRun(calls, handle, new AtomicInteger()));
  }

  /** As {@link #getRun}, counting DescribeExecution and the ListExecutions pages of a look-up after it. */
  @Override
  protected CompletableFuture<BatchRead> readRun(SfnCalls calls, RunHandle handle) {
    return readable(handle, "getRun").thenCompose(standard -> reads.readRun(calls, handle));
  }

  /**
   * For the tracker: one ListExecutions of RUNNING executions per state machine, newest first, until
   * every run asked for is seen or the listing has passed the oldest start asked for. The runs it shows
   * are running; the tracker reads the others one by one (DescribeExecution, and ListExecutions where
   * that does not show a run), as it does Express executions, which the API does not list.
   */
  @Override
  protected CompletableFuture<BatchRead> readRuns(SfnCalls calls, List<RunHandle> handles,
      java.util.Optional<Instant> oldestStart) {
    return reads.readRuns(calls, handles, oldestStart);
  }

  @Override
  protected CompletableFuture<Void> stop(SfnCalls calls, RunHandle handle) {
    return stop(calls, handle, null, null);
  }

  @Override
  protected CompletableFuture<List<RunStatus>> listRuns(SfnCalls calls, WorkflowTarget target, int limit) {
    ErrorContext context = ErrorContext.of(target);
    return stateMachines.arn(calls, target).thenCompose(arn -> AsyncSupport.mapFailure(calls.executions(
                ListExecutionsRequest.builder().stateMachineArn(arn).maxResults(Math.min(limit, PAGE)).build(),
                MAX_LIST_PAGES, items -> items.size() >= limit),
            e -> SfnErrors.map(e, context, Operation.LIST_RUNS)))
        .thenApply(items -> items.stream()
            .sorted(Comparator.comparing(StepFunctionsBackend::startDate).reversed())
            .limit(limit)
            .map(item -> SfnStatuses.fromListItem(RunHandle.of(id(), item.executionArn()), item))
            .toList());
  }

  /** The client's region, read once; null when it cannot be read. */
  private String clientRegion() {
    String region = clientRegion;
    if (region == null) {
      try {
        Region configured = client.serviceClientConfiguration().region();
        region = configured == null ? "" : configured.id();
      } catch (RuntimeException unreadable) {
        region = "";
      }
      clientRegion = region;
    }
    return region.isEmpty() ? null : region;
  }


  private CompletableFuture<Void> stop(SfnCalls calls, RunHandle handle, String error, String cause) {
    ErrorContext context = ErrorContext.of(handle);
    if (error != null) {
      SfnRules.checkLength(context, "error", error, SfnRules.MAX_ERROR);
    }
    if (cause != null) {
      SfnRules.checkLength(context, "cause", cause, SfnRules.MAX_CAUSE);
    }
    StopExecutionRequest request = StopExecutionRequest.builder()
        .executionArn(handle.part(0)).error(error).cause(cause).build();
    return standard(handle, "stop").thenCompose(standard -> calls.stop(request).handle((response, failure) -> {
      if (failure == null) {
        return CompletableFuture.<Void>completedFuture(null);
      }
      RuntimeException mapped = SfnErrors.map(failure, context, Operation.STOP);
      if (!(AsyncSupport.unwrap(failure) instanceof ExecutionDoesNotExistException)) {
        return CompletableFuture.<Void>failedFuture(mapped);
      }
      return notYetStoppable(calls, handle, mapped);
    }).thenCompose(settled -> settled));
  }

  /**
   * StopExecution did not find the execution: absent when ListExecutions does not show it either. A
   * listed open execution was not stopped, and the stop is refused as retryable; a listed closed one
   * has nothing left to stop, which is StopExecution's own answer for a closed execution it sees.
   */
  private CompletableFuture<Void> notYetStoppable(SfnCalls calls, RunHandle handle, RuntimeException notFound) {
    return reads.listed(calls, Map.of(handle, notFound), new AtomicInteger()).thenApply(listed -> {
      ExecutionListItem item = listed.get(handle);
      if (item == null) {
        throw notFound;
      }
      if (item.status() == ExecutionStatus.RUNNING || item.status() == ExecutionStatus.PENDING_REDRIVE) {
        throw new ConflictException(ErrorContext.of(handle), "ListExecutions shows the execution "
            + item.statusAsString() + " since " + item.startDate() + " but StopExecution does not see it yet (Step "
            + "Functions' reads are eventually consistent): it was not stopped; stop it again in a few seconds", true,
            notFound.getCause());
      }
      return null;
    });
  }

  /**
   * Fails for an Express execution, which the API neither describes, lists nor stops, unless a Map Run
   * dispatched it ({@code ...:express:<stateMachine>/<label>:...}), which DescribeExecution does read.
   */
  private static CompletableFuture<Void> readable(RunHandle handle, String operation) {
    return SfnRules.stateMachineOf(handle.part(0)).contains("/") ? CompletableFuture.completedFuture(null)
        : standard(handle, operation);
  }

  /** Fails for an Express execution, which the API neither describes, lists nor stops. */
  private static CompletableFuture<Void> standard(RunHandle handle, String operation) {
    if (SfnRules.isExpressExecution(handle.part(0))) {
      return CompletableFuture.failedFuture(new OperationNotSupportedException(ErrorContext.of(handle), operation,
          "Step Functions does not describe, list or stop Express executions (only the children of a Map Run can "
              + "be described); their history is in the state machine's CloudWatch Logs"));
    }
    return CompletableFuture.completedFuture(null);
  }

  private static Instant startDate(ExecutionListItem item) {
    return item.startDate() == null ? Instant.MIN : item.startDate();
  }

  /** Builds a {@link StepFunctionsBackend}. */
  public static final class Builder extends AwsBackendBuilder<SfnClient, SfnAsyncClient, Builder> {
    private Duration nameCacheTtl = Duration.ofMinutes(5);

    private Builder(SfnClient client) {
      super(client, DEFAULT_ID);
    }

    /**
     * Sets how long state machine names (resolved with ListStateMachines) and types (read with
     * DescribeStateMachine) are cached; default 5 minutes. A start that finds its state machine gone
     * forgets them at once.
     *
     * @param nameCacheTtl a duration, zero for no caching
     * @return this builder
     * @throws IllegalArgumentException if it is negative
     */
    public Builder nameCacheTtl(Duration nameCacheTtl) {
      if (nameCacheTtl.isNegative()) {
        throw new IllegalArgumentException("nameCacheTtl must not be negative, found " + nameCacheTtl);
      }
      this.nameCacheTtl = nameCacheTtl;
      return this;
    }

    @Override
    public StepFunctionsBackend build() {
      return new StepFunctionsBackend(this, parts());
    }

  }
}
