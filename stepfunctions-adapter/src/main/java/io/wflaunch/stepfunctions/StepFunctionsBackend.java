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
import io.wflaunch.stepfunctions.internal.SfnRedrives;
import io.wflaunch.stepfunctions.internal.SfnRules;
import io.wflaunch.stepfunctions.internal.SfnScheme;
import io.wflaunch.stepfunctions.internal.SfnStarts;
import io.wflaunch.stepfunctions.internal.SfnStops;
import io.wflaunch.stepfunctions.internal.StateMachines;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnAsyncClientBuilder;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;

/**
 * AWS Step Functions state machines as a wflaunch backend.
 *
 * <p>Targets are {@code sfn:<stateMachine>}: a state machine ARN (also of a version or an alias), or a
 * name, resolved with ListStateMachines and cached for {@link Builder#nameCacheTtl}.
 *
 * <p><b>Handles</b> have two forms. A Standard execution started (or listed) through a target that
 * names its state machine by name is {@code sfn:<stateMachine>/<executionName>}, such as
 * {@code sfn:order-pipeline/order-4711}: ListStateMachines found that name in the client's account and
 * region, and finds it again in another process to make the execution's ARN
 * ({@link #executionArn(RunHandle)}). Once one listing showed the account, reads and stops build that
 * ARN from the account's partition, region and id without listing again; one that then does not find
 * the execution lists once more to tell a state machine that is not there (a run not found, missing
 * for the name cache's time to live). Reads that need a listing while one is in flight share it. Every other execution (a target given as an ARN, which may name
 * another account or region; an Express execution; a Map Run's child) is
 * {@code sfn:<executionArn>}, such as
 * {@code sfn:arn:aws:states:us-east-1:123456789012:execution:order-pipeline:order-4711}; that form is
 * accepted for every execution, and is what versions before short handles printed (then with {@code :}
 * escaped as {@code %3A}, which still parses). The two forms of one execution are not equal
 * {@link RunHandle}s (a handle is equal by its parts), but they read, wait for and stop the same
 * execution; a start, a look-up by key and a listing through one target always give the same form, so
 * that an idempotency key's record and the tracker see one handle per run as long as the target is
 * written one way. A start sends StartExecution with the request's raw input (one JSON
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
  /**
   * Target {@code sfn:<stateMachine>} (an ARN or a name), handle {@code sfn:<stateMachine>/<executionName>}
   * (its {@link IdentifierScheme#handleParts()}) or {@code sfn:<executionArn>}.
   */
  public static final IdentifierScheme SCHEME = new SfnScheme(DEFAULT_ID);

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

  /** {@value #DEFAULT_ID}, whatever this backend's id. */
  @Override
  public String type() {
    return DEFAULT_ID;
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
    RunHandle parsed = parseHandle(handle);
    AsyncSupport.join(onArn(blockingCalls(), parsed, new AtomicInteger(),
        arn -> stops.stop(blockingCalls(), arn, error, cause)));
  }

  /**
   * The ARN of a handle's execution: the handle's own, or, for the short form
   * {@code sfn:<stateMachine>/<executionName>}, the ARN of the state machine of that name in the client's
   * account and region (ListStateMachines, cached as target names are) with the execution's name.
   *
   * @param handle an execution's handle, in either form
   * @return the execution's ARN
   * @throws InvalidRequestException if the handle breaks the service's rules; nothing is sent
   * @throws io.wflaunch.RunNotFoundException if no state machine has the short form's name
   * @throws io.wflaunch.WorkflowLaunchException if ListStateMachines fails
   */
  public String executionArn(RunHandle handle) {
    RunHandle parsed = parseHandle(handle);
    return SfnRules.isShort(parsed)
        ? AsyncSupport.join(listed(parsed, stateMachines.named(blockingCalls(), parsed.part(0), ErrorContext.of(parsed),
            new AtomicInteger()))).part(0)
        : parsed.part(0);
  }

  /**
   * The handle in its ARN form: itself; for a short handle, the ARN built from the account and region
   * that a listing of this backend's state machines showed; or, before any listing showed one, the
   * state machine that {@code named} finds (a missing one is a run not found).
   */
  private CompletableFuture<RunHandle> withArn(RunHandle handle,
      Function<String, CompletableFuture<SfnRules.StateMachineArn>> named) {
    if (!SfnRules.isShort(handle)) {
      return CompletableFuture.completedFuture(handle);
    }
    Optional<String> built = stateMachines.executionArn(handle.part(0), handle.part(1));
    return built.isPresent()
        ? CompletableFuture.completedFuture(RunHandle.of(handle.backend(), built.get()))
        : listed(handle, named.apply(handle.part(0)));
  }

  /** A short handle's ARN form from its state machine as a listing found it; a missing one is a run not found. */
  private static CompletableFuture<RunHandle> listed(RunHandle handle,
      CompletableFuture<SfnRules.StateMachineArn> named) {
    ErrorContext context = ErrorContext.of(handle);
    return AsyncSupport.mapFailure(named,
            e -> e instanceof io.wflaunch.WorkflowNotFoundException missing
                ? new io.wflaunch.RunNotFoundException(context, "no state machine named "
                    + io.wflaunch.spi.support.UserText.quote(handle.part(0)) + " in this account and region "
                    + "(ListStateMachines); a handle of another account or region is its execution's ARN", missing)
                : e instanceof RuntimeException runtime ? runtime : new CompletionException(e))
        .thenApply(stateMachine -> RunHandle.of(handle.backend(), stateMachine.executionArn(handle.part(1))));
  }

  /**
   * Runs {@code action} on the handle's ARN form. When that ARN was built without a listing and the
   * execution is not found, a listing (counted in {@code requests}) says once whether the state machine
   * is there: if not, the run is not found for that reason.
   */
  private <T> CompletableFuture<T> onArn(SfnCalls calls, RunHandle handle, AtomicInteger requests,
      Function<RunHandle, CompletableFuture<T>> action) {
    Function<String, CompletableFuture<SfnRules.StateMachineArn>> named =
        name -> stateMachines.named(calls, name, ErrorContext.of(handle), requests);
    if (!SfnRules.isShort(handle)) {
      return AsyncSupport.defer(() -> action.apply(handle));
    }
    Optional<String> built = stateMachines.executionArn(handle.part(0), handle.part(1));
    if (built.isEmpty()) {
      return listed(handle, named.apply(handle.part(0))).thenCompose(action);
    }
    RunHandle arn = RunHandle.of(handle.backend(), built.get());
    return AsyncSupport.defer(() -> action.apply(arn)).exceptionallyCompose(failure -> {
      Throwable cause = AsyncSupport.unwrap(failure);
      BatchRead.Failed counted = cause instanceof BatchRead.Failed failed ? failed : null;
      if (!((counted != null ? counted.getCause() : cause) instanceof io.wflaunch.RunNotFoundException)) {
        return CompletableFuture.failedFuture(cause);
      }
      return listed(handle, named.apply(handle.part(0))).handle((listedArn, listingFailure) -> {
        if (listingFailure != null) {
          Throwable listingCause = AsyncSupport.unwrap(listingFailure);
          return CompletableFuture.<T>failedFuture(counted != null
              ? new BatchRead.Failed(listingCause, counted.requests()) : listingCause);
        }
        return listedArn.equals(arn) ? CompletableFuture.<T>failedFuture(cause) : action.apply(listedArn);
      }).thenCompose(next -> next);
    });
  }

  /** The status as read through the ARN form, told of the handle it was asked for. */
  private static RunStatus as(RunHandle handle, RunStatus status) {
    return status.handle().equals(handle) ? status : status.toBuilder().handle(handle).build();
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
    return AsyncSupport.defer(() -> onArn(preferredAsyncCalls(), parseHandle(handle), new AtomicInteger(),
        arn -> stops.stop(preferredAsyncCalls(), arn, error, cause)));
  }

  /**
   * Redrives a failed, aborted or timed-out Standard execution from where it failed (RedriveExecution),
   * within 14 days of its stop: the same execution, so the same handle. DescribeExecution first: an
   * execution running again after a redrive answers at once; one that succeeded, is running and was never
   * redriven, or that Step Functions calls not redrivable (with its reason) is a
   * {@link io.wflaunch.ConflictException}; an Express execution an {@link OperationNotSupportedException}.
   * The redrive's client token comes from the execution's ARN and the redrive count read, so that every
   * retry of one failure, in any process, redrives it once.
   */
  @Override
  public RunHandle retry(RunHandle handle) {
    RunHandle parsed = parseHandle(handle);
    return AsyncSupport.join(onArn(blockingCalls(), parsed, new AtomicInteger(),
        arn -> SfnRedrives.retry(blockingCalls(), parsed, arn)));
  }

  @Override
  public CompletableFuture<RunHandle> retryAsync(RunHandle handle, java.util.concurrent.Executor executor) {
    return AsyncSupport.defer(() -> {
      RunHandle parsed = parseHandle(handle);
      return onArn(preferredAsyncCalls(), parsed, new AtomicInteger(),
          arn -> SfnRedrives.retry(preferredAsyncCalls(), parsed, arn));
    });
  }

  @Override
  protected StartPrimitives<?> startPrimitives(SfnCalls calls, SendLimits limits) {
    return new SfnStarts(id(), calls, stateMachines, limits);
  }

  @Override
  protected CompletableFuture<RunStatus> getRun(SfnCalls calls, RunHandle handle) {
    return onArn(calls, handle, new AtomicInteger(), arn -> reads.getRun(calls, arn, new AtomicInteger()))
        .thenApply(status -> as(handle, status));
  }

  /** As {@link #getRun}, counting DescribeExecution, ListExecutions pages and ListStateMachines pages. */
  @Override
  protected CompletableFuture<BatchRead> readRun(SfnCalls calls, RunHandle handle) {
    AtomicInteger resolving = new AtomicInteger();
    return onArn(calls, handle, resolving, arn -> reads.readRun(calls, arn)).handle((read, failure) -> {
      if (failure != null) {
        Throwable cause = AsyncSupport.unwrap(failure);
        throw cause instanceof BatchRead.Failed failed
            ? new BatchRead.Failed(failed.getCause(), failed.requests() + resolving.get())
            : new BatchRead.Failed(cause, resolving.get());
      }
      return back(read, Map.of(), handle, resolving.get(), Map.of());
    });
  }

  /**
   * One ListExecutions page of running executions per state machine; the others are read one by one.
   * Short handles need a listing of state machines only before one showed the client's account; it
   * is sent once for each name, one after the other. When it is throttled or unavailable, each short
   * handle it was needed for reports that failure and no further listing is sent; a state machine it does
   * not show leaves its runs to single reads.
   */
  @Override
  protected CompletableFuture<BatchRead> readRuns(SfnCalls calls, List<RunHandle> handles, Optional<Instant> oldestStart) {
    Map<RunHandle, CompletableFuture<RunHandle>> resolving = new LinkedHashMap<>();
    AtomicInteger listings = new AtomicInteger();
    Map<String, CompletableFuture<SfnRules.StateMachineArn>> byName = new HashMap<>();
    AtomicReference<Throwable> refused = new AtomicReference<>();
    CompletableFuture<?> previous = CompletableFuture.completedFuture(null);
    for (RunHandle handle : handles) {
      // One after the other: once a listing showed the account, no other is needed.
      CompletableFuture<RunHandle> arn = previous.thenCompose(done -> withArn(handle, name -> byName.computeIfAbsent(name,
          n -> refused.get() != null ? CompletableFuture.failedFuture(refused.get())
              : stateMachines.named(calls, n, ErrorContext.of(handle), listings).whenComplete((found, failure) -> {
                if (failure != null && refusal(AsyncSupport.unwrap(failure))) {
                  refused.compareAndSet(null, AsyncSupport.unwrap(failure));
                }
              }))));
      resolving.put(handle, arn);
      previous = arn.handle((done, failure) -> null);
    }
    return previous.thenCompose(done -> {
      Map<RunHandle, RunHandle> asked = new LinkedHashMap<>();
      Map<RunHandle, io.wflaunch.WorkflowLaunchException> failures = new LinkedHashMap<>();
      resolving.forEach((handle, arn) -> {
        try {
          asked.putIfAbsent(arn.join(), handle);
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
          Throwable cause = AsyncSupport.unwrap(e);
          if (refusal(cause)) {
            failures.put(handle, (io.wflaunch.WorkflowLaunchException) cause);
          }
          // Any other failure leaves the run to a single read, which reports it.
        }
      });
      return reads.readRuns(calls, List.copyOf(asked.keySet()), oldestStart)
          .thenApply(read -> back(read, asked, null, listings.get(), failures));
    });
  }

  /** Whether a listing failed so that the tracker backs off: throttled or unavailable. */
  private static boolean refusal(Throwable failure) {
    return failure instanceof io.wflaunch.ThrottledException || failure instanceof io.wflaunch.BackendUnavailableException;
  }

  /**
   * A read of ARN handles told of the handles they were asked as ({@code asked}: ARN handle to asked
   * handle), with the failures of the handles that could not be asked.
   */
  private static BatchRead back(BatchRead read, Map<RunHandle, RunHandle> asked, RunHandle only, int moreRequests,
      Map<RunHandle, io.wflaunch.WorkflowLaunchException> unasked) {
    Map<RunHandle, RunStatus> statuses = new LinkedHashMap<>();
    read.statuses().forEach((arn, status) -> {
      RunHandle handle = only != null ? only : asked.getOrDefault(arn, arn);
      statuses.put(handle, as(handle, status));
    });
    Map<RunHandle, io.wflaunch.WorkflowLaunchException> failures = new LinkedHashMap<>(unasked);
    read.failures().forEach((arn, failure) -> failures.put(only != null ? only : asked.getOrDefault(arn, arn), failure));
    return new BatchRead(statuses, read.requests() + moreRequests, failures);
  }

  @Override
  protected CompletableFuture<Void> stop(SfnCalls calls, RunHandle handle) {
    return onArn(calls, handle, new AtomicInteger(), arn -> stops.stop(calls, arn, null, null));
  }

  /** The executions' handles have the form {@link SfnRules#handleOf} gives for the target. */
  @Override
  protected CompletableFuture<List<RunStatus>> listRuns(SfnCalls calls, WorkflowTarget target, int limit) {
    return stateMachines.arn(calls, target).thenCompose(arn -> reads.list(calls, id(), target, arn, limit))
        .thenApply(statuses -> statuses.stream()
            .map(status -> as(SfnRules.handleOf(id(), target, status.handle().part(0)), status)).toList());
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
     * @param nameCacheTtl a duration, zero for no caching (reads that need a listing at the same time
     *     still share one, and short handles need none once a listing showed the account)
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
