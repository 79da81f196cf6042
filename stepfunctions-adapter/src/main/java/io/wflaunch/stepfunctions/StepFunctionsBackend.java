package io.wflaunch.stepfunctions;

import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.aws.AwsBackendBuilder;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.spi.ClientBackend;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartPrimitives;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.stepfunctions.internal.SfnCalls;
import io.wflaunch.stepfunctions.internal.SfnErrors;
import io.wflaunch.stepfunctions.internal.SfnReads;
import io.wflaunch.stepfunctions.internal.SfnRules;
import io.wflaunch.stepfunctions.internal.SfnStarts;
import io.wflaunch.stepfunctions.internal.SfnStops;
import io.wflaunch.stepfunctions.internal.StateMachines;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnAsyncClientBuilder;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;

/**
 * AWS Step Functions state machines as a wflaunch backend.
 *
 * <p>Targets are {@code sfn:<stateMachine>}: a state machine ARN (also of a version or an alias), or a
 * name, resolved with ListStateMachines and cached for {@link Builder#nameCacheTtl}. Handles are
 * {@code sfn:<executionArn>}. A start sends StartExecution with the request's raw input (one JSON
 * value, at most 256 KiB) or its parameters as one JSON object of strings ({@code {}} for none), and the
 * {@link StepFunctionsOptions}; each of its requests carries {@link StartPolicy#requestTimeout()}, and
 * none is begun that could end after {@link StartPolicy#startTimeout()}.
 *
 * <p><b>Idempotency.</b> On a Standard state machine the idempotency key (or the launcher's generated
 * one) is the execution's name: the key itself when it is 1 to 80 characters of {@code [0-9A-Za-z_-]},
 * else {@code wfl-} and 60 hex digits of its SHA-256. Names are unique per state machine for 90 days: a
 * repeated key returns its execution, and a key reused with other input, or through another version or
 * alias, is a {@link io.wflaunch.ConflictException}. Express state machines deduplicate nothing: a
 * keyless start is sent at most once, and a start with a key is refused before anything is sent.
 *
 * <p><b>Reads.</b> A status's sensitive fields ({@code error}, {@code cause}, {@code input},
 * {@code output}, {@code redriveStatusReason}) are masked details ({@link RunStatus#maskedDetails()}).
 * DescribeExecution and ListExecutions are eventually consistent, so an execution is absent
 * ({@link io.wflaunch.RunNotFoundException}) only when neither shows it. Several runs are read with one
 * listing of running executions per state machine, then one by one. The API does not list or stop
 * Express executions, and describes only those a Map Run started: {@code getRun} of any other and
 * {@code stop} of any fail with {@link OperationNotSupportedException} before any call for it.
 *
 * <p>Build it over an {@link SfnClient} you configured ({@link #create(SfnClient)},
 * {@link #builder(SfnClient)}), optionally with an {@link SfnAsyncClient} for the async methods, or let
 * {@link #createDefault()} build both from the SDK's default chains. Safe for use by several threads.
 */
public final class StepFunctionsBackend extends ClientBackend<SfnCalls> {

  /** The default backend id. */
  public static final String DEFAULT_ID = "sfn";
  /** Target {@code sfn:<stateMachine>} (an ARN or a name), handle {@code sfn:<executionArn>}. */
  public static final IdentifierScheme SCHEME = IdentifierScheme.of(DEFAULT_ID, List.of("stateMachine"), List.of("executionArn"));

  private final SfnClient client;
  private final StateMachines stateMachines;
  private final SfnReads reads;
  private final SfnStops stops;

  private StepFunctionsBackend(Builder builder, AwsBackendBuilder.Parts<SfnClient, SfnAsyncClient> parts) {
    super(parts.id(), parts.blockingCalls(SfnCalls::over), parts.asyncCalls(SfnCalls::over), parts.owned());
    this.client = parts.client();
    this.stateMachines = new StateMachines(parts.clock(), builder.nameCacheTtl);
    this.reads = new SfnReads(() -> client.serviceClientConfiguration().region());
    this.stops = new SfnStops(reads);
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
    return SfnRules.checkTarget(super.parseTarget(target));
  }

  @Override
  public RunHandle parseHandle(RunHandle handle) {
    return SfnRules.checkHandle(super.parseHandle(handle));
  }

  @Override
  public void validate(StartRunRequest request) {
    SfnRules.checkRequest(request, id());
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
    AsyncSupport.join(stops.stop(blockingCalls(), parseHandle(handle), error, cause));
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
    return AsyncSupport.defer(() -> stops.stop(preferredAsyncCalls(), parseHandle(handle), error, cause));
  }

  @Override
  protected StartPrimitives<?> startPrimitives(SfnCalls calls, SendLimits limits) {
    return new SfnStarts(id(), calls, stateMachines, limits);
  }

  @Override
  protected CompletableFuture<RunStatus> getRun(SfnCalls calls, RunHandle handle) {
    return reads.getRun(calls, handle, new AtomicInteger());
  }

  /** As {@link #getRun}, counting DescribeExecution and the ListExecutions pages of a look-up after it. */
  @Override
  protected CompletableFuture<BatchRead> readRun(SfnCalls calls, RunHandle handle) {
    return reads.readRun(calls, handle);
  }

  /** One ListExecutions page of running executions per state machine; the others are read one by one. */
  @Override
  protected CompletableFuture<BatchRead> readRuns(SfnCalls calls, List<RunHandle> handles, Optional<Instant> oldestStart) {
    return reads.readRuns(calls, handles, oldestStart);
  }

  @Override
  protected CompletableFuture<Void> stop(SfnCalls calls, RunHandle handle) {
    return stops.stop(calls, handle, null, null);
  }

  @Override
  protected CompletableFuture<List<RunStatus>> listRuns(SfnCalls calls, WorkflowTarget target, int limit) {
    return stateMachines.arn(calls, target).thenCompose(arn -> reads.list(calls, id(), target, arn, limit));
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
