package io.wflaunch.codecatalyst;

import io.wflaunch.ConfigurationException;
import io.wflaunch.ErrorContext;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.aws.AwsBackendBuilder;
import io.wflaunch.codecatalyst.internal.CodeCatalystCalls;
import io.wflaunch.codecatalyst.internal.CodeCatalystErrors;
import io.wflaunch.codecatalyst.internal.CodeCatalystRules;
import io.wflaunch.codecatalyst.internal.CodeCatalystStarts;
import io.wflaunch.codecatalyst.internal.CodeCatalystStatuses;
import io.wflaunch.codecatalyst.internal.CodeCatalystWorkflows;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.spi.ClientBackend;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartPrimitives;
import io.wflaunch.spi.support.Listings;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.token.credentials.SdkTokenProvider;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystAsyncClient;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystAsyncClientBuilder;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClient;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClientBuilder;
import software.amazon.awssdk.services.codecatalyst.model.GetWorkflowRunRequest;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunSummary;

/**
 * Amazon CodeCatalyst workflows as a wflaunch backend.
 *
 * <p>Targets are {@code codecatalyst:<space>/<project>/<workflow>}, the workflow by id (a UUID) or by
 * name (resolved with ListWorkflows and kept per project for {@link Builder#nameCacheTtl(Duration)});
 * handles are {@code codecatalyst:<space>/<project>/<workflowId>/<runId>}. A start sends StartWorkflowRun
 * with a client token from the idempotency key (the key when it is a valid token, else {@code wfl-} and
 * its SHA-256) or the launcher's generated key, and CodeCatalyst answers a repeated token with the run it
 * already started. Runs take no input or parameters; the API cannot stop a run, so {@link #stop} is
 * unsupported. Several runs are read with one ListWorkflowRuns listing per workflow; {@code listRuns}
 * reads newest first up to its limit.
 *
 * <p>CodeCatalyst authenticates with a bearer token, not AWS credentials: build the client with a
 * {@link SdkTokenProvider}, or let {@link #createDefault()} use the SDK's default token chain (an SSO
 * profile with a CodeCatalyst session). Safe for use by several threads at once.
 */
public final class CodeCatalystBackend extends ClientBackend<CodeCatalystCalls> {

  /** The default backend id. */
  public static final String DEFAULT_ID = "codecatalyst";
  /** Target {@code codecatalyst:<space>/<project>/<workflow>}, handle {@code .../<workflowId>/<runId>}. */
  public static final IdentifierScheme SCHEME = IdentifierScheme.of(DEFAULT_ID,
      List.of("space", "project", "workflow"), List.of("space", "project", "workflowId", "runId"));

  private static final int MAX_PAGES = 100;

  private final CodeCatalystClient client;
  private final CodeCatalystWorkflows workflows;

  private CodeCatalystBackend(Builder builder, AwsBackendBuilder.Parts<CodeCatalystClient, CodeCatalystAsyncClient> parts) {
    super(parts.id(), parts.blockingCalls(CodeCatalystCalls::over), parts.asyncCalls(CodeCatalystCalls::over), parts.owned());
    this.client = parts.client();
    this.workflows = new CodeCatalystWorkflows(parts.clock(), builder.nameCacheTtl);
  }

  /**
   * A backend with the default id over a client you built.
   *
   * @param client the CodeCatalyst client; the backend does not close it
   * @return the backend
   */
  public static CodeCatalystBackend create(CodeCatalystClient client) {
    return builder(client).build();
  }

  /**
   * A backend over a blocking and a non-blocking client you built; the async methods use the latter.
   *
   * @param client the CodeCatalyst client; the backend does not close it
   * @param asyncClient the async client; the backend does not close it
   * @return the backend
   */
  public static CodeCatalystBackend create(CodeCatalystClient client, CodeCatalystAsyncClient asyncClient) {
    return builder(client).asyncClient(asyncClient).build();
  }

  /**
   * Starts building a backend over a client you built.
   *
   * @param client the CodeCatalyst client; the backend does not close it
   * @return a builder
   */
  public static Builder builder(CodeCatalystClient client) {
    return new Builder(client);
  }

  /**
   * A backend over clients using the SDK's default token provider chain (an SSO profile with a
   * CodeCatalyst session); it owns and closes them.
   *
   * @return the backend
   */
  public static CodeCatalystBackend createDefault() {
    return createDefault(sync -> { }, async -> { });
  }

  /**
   * A backend over clients using an explicit token provider, and optionally another endpoint.
   *
   * @param tokenProvider supplies the bearer token, such as {@link #staticToken(String)}
   * @param endpointOverride the endpoint, or null for CodeCatalyst's
   * @return the backend, owning its clients
   */
  public static CodeCatalystBackend createDefault(SdkTokenProvider tokenProvider, URI endpointOverride) {
    Objects.requireNonNull(tokenProvider, "tokenProvider");
    return createDefault(AwsBackendBuilder.<CodeCatalystClientBuilder>regionAndEndpoint(null, endpointOverride)
            .andThen(sync -> sync.tokenProvider(tokenProvider)),
        AwsBackendBuilder.<CodeCatalystAsyncClientBuilder>regionAndEndpoint(null, endpointOverride)
            .andThen(async -> async.tokenProvider(tokenProvider)));
  }

  /**
   * A backend over clients built from the SDK's defaults and then configured by you (token provider,
   * HTTP client, endpoint, ...).
   *
   * @param sync configures the blocking client's builder
   * @param async configures the async client's builder
   * @return the backend, owning its clients
   */
  public static CodeCatalystBackend createDefault(Consumer<CodeCatalystClientBuilder> sync, Consumer<CodeCatalystAsyncClientBuilder> async) {
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
  public static CodeCatalystBackend createDefault(String id, Consumer<CodeCatalystClientBuilder> sync, Consumer<CodeCatalystAsyncClientBuilder> async) {
    return Builder.defaultClients(id, CodeCatalystClient.builder(), sync, CodeCatalystAsyncClient.builder(), async, CodeCatalystBackend::builder).build();
  }

  /**
   * A token provider that always gives {@code token}, for a personal access token or a token from the
   * environment.
   *
   * @param token the bearer token
   * @return the provider
   * @throws ConfigurationException if the token is null or blank (an unset environment variable, say)
   */
  public static SdkTokenProvider staticToken(String token) {
    String checked = CodeCatalystRules.checkToken(ErrorContext.of(DEFAULT_ID), token);
    return () -> () -> checked;
  }

  /** Verifies the session: needs the endpoint and a valid bearer token. */
  @Override
  public void probe() {
    try {
      client.verifySession(request -> { });
    } catch (RuntimeException e) {
      throw CodeCatalystErrors.map(e, ErrorContext.of(id()), Operation.LIST_RUNS);
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
   * The blocking client, for CodeCatalyst calls wflaunch does not make.
   *
   * @return the client
   */
  public CodeCatalystClient client() {
    return client;
  }

  @Override
  public WorkflowTarget parseTarget(WorkflowTarget target) {
    return CodeCatalystRules.checkTarget(super.parseTarget(target));
  }

  @Override
  public RunHandle parseHandle(RunHandle handle) {
    return CodeCatalystRules.checkHandle(super.parseHandle(handle));
  }

  /** Refuses input, parameters and options: CodeCatalyst runs take none. */
  @Override
  public void validate(StartRunRequest request) {
    CodeCatalystRules.checkRequest(request, id());
  }

  @Override
  protected StartPrimitives<?> startPrimitives(CodeCatalystCalls calls, SendLimits limits) {
    return new CodeCatalystStarts(id(), calls, target -> workflows.resolve(calls, target), workflows::forget, limits);
  }

  /** Always fails: the CodeCatalyst API has no operation that stops a workflow run. */
  @Override
  protected CompletableFuture<Void> stop(CodeCatalystCalls calls, RunHandle handle) {
    return CompletableFuture.failedFuture(new OperationNotSupportedException(ErrorContext.of(handle), "stop",
        "the CodeCatalyst API has no operation to stop a workflow run; stop it in the CodeCatalyst console"));
  }

  @Override
  protected CompletableFuture<RunStatus> getRun(CodeCatalystCalls calls, RunHandle handle) {
    GetWorkflowRunRequest request = GetWorkflowRunRequest.builder()
        .spaceName(handle.part(0)).projectName(handle.part(1)).id(handle.part(3)).build();
    return CodeCatalystErrors.mapFailure(calls.get(request), ErrorContext.of(handle), Operation.GET_RUN)
        .thenApply(response -> CodeCatalystStatuses.fromRun(handle, response));
  }

  /**
   * Per workflow, ListWorkflowRuns newest first until every run asked for is seen, the listing has
   * passed the oldest start asked for, or as many pages were read as runs were asked for (never more
   * than the single reads it replaces; at most 100 pages of 50).
   */
  @Override
  protected CompletableFuture<BatchRead> readRuns(CodeCatalystCalls calls, List<RunHandle> handles,
      Optional<Instant> oldestStart) {
    return Listings.perGroup(handles, handle -> handle.part(0) + "/" + handle.part(1) + "/" + handle.part(2),
        (workflow, wanted, requests) -> {
          RunHandle any = wanted.get(0);
          Set<String> ids = wanted.stream().map(handle -> handle.part(3)).collect(Collectors.toSet());
          Predicate<List<WorkflowRunSummary>> enough = runs -> Listings.seenAll(runs, WorkflowRunSummary::id, ids)
              || oldestStart.map(oldest -> Listings.passedNewestFirst(runs, WorkflowRunSummary::startTime,
                  oldest.minusSeconds(1))).orElse(false);
          return CodeCatalystErrors.mapFailure(calls.runPages(any.part(0), any.part(1), any.part(2),
                  Math.min(MAX_PAGES, ids.size()), enough, requests), ErrorContext.of(any), Operation.GET_RUNS)
              .thenApply(runs -> Listings.pick(wanted, runs, WorkflowRunSummary::id, handle -> handle.part(3),
                  CodeCatalystStatuses::fromSummary));
        });
  }

  @Override
  protected CompletableFuture<List<RunStatus>> listRuns(CodeCatalystCalls calls, WorkflowTarget target, int limit) {
    return workflows.resolve(calls, target).thenCompose(workflowId -> CodeCatalystErrors.mapFailure(calls.runPages(
            target.part(0), target.part(1), workflowId, MAX_PAGES, runs -> runs.size() >= limit, new AtomicInteger()),
        ErrorContext.of(target), Operation.LIST_RUNS)
        .thenApply(runs -> runs.stream()
            .sorted(Comparator.comparing(WorkflowRunSummary::startTime, Comparator.nullsLast(Comparator.reverseOrder())))
            .limit(limit)
            .map(run -> CodeCatalystStatuses.fromSummary(
                RunHandle.of(id(), target.part(0), target.part(1), workflowId, run.id()), run))
            .toList()));
  }

  /** Builds a {@link CodeCatalystBackend}. */
  public static final class Builder extends AwsBackendBuilder<CodeCatalystClient, CodeCatalystAsyncClient, Builder> {
    private Duration nameCacheTtl = Duration.ofMinutes(5);

    private Builder(CodeCatalystClient client) {
      super(client, DEFAULT_ID);
    }

    /**
     * Sets how long a project's workflow names are kept before ListWorkflows is asked again (default
     * five minutes; zero asks every time).
     *
     * @param ttl not negative
     * @return this builder
     */
    public Builder nameCacheTtl(Duration ttl) {
      if (Objects.requireNonNull(ttl, "ttl").isNegative()) {
        throw new IllegalArgumentException("nameCacheTtl must not be negative, found " + ttl);
      }
      this.nameCacheTtl = ttl;
      return this;
    }

    @Override
    public CodeCatalystBackend build() {
      return new CodeCatalystBackend(this, parts());
    }
  }
}
