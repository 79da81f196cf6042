package io.wflaunch.codecatalyst;

import io.wflaunch.aws.AwsBackendBuilder;
import io.wflaunch.ConfigurationException;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.codecatalyst.internal.CodeCatalystCalls;
import io.wflaunch.codecatalyst.internal.CodeCatalystErrors;
import io.wflaunch.codecatalyst.internal.CodeCatalystRules;
import io.wflaunch.codecatalyst.internal.CodeCatalystStarts;
import io.wflaunch.codecatalyst.internal.CodeCatalystStatuses;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.spi.support.Listings;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.ClientBackend;
import io.wflaunch.spi.support.Pages;
import io.wflaunch.spi.support.UserText;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartPrimitives;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.token.credentials.SdkTokenProvider;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystAsyncClient;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystAsyncClientBuilder;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClient;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClientBuilder;
import software.amazon.awssdk.services.codecatalyst.model.GetWorkflowRunRequest;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowRunsRequest;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowsRequest;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunSummary;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowSummary;

/**
 * Amazon CodeCatalyst workflows as a wflaunch backend.
 *
 * <p>Targets are {@code codecatalyst:<space>/<project>/<workflow>}, where {@code <workflow>} is the
 * workflow's id (a UUID) or its name; names are resolved with ListWorkflows and cached per space and
 * project for {@link Builder#nameCacheTtl(Duration)}. Handles are
 * {@code codecatalyst:<space>/<project>/<workflowId>/<runId>}. A start calls StartWorkflowRun with a
 * client token derived from the idempotency key (the key itself when it is a valid token, otherwise
 * {@code wfl-} and its SHA-256), or one generated for the call; the launcher's start protocol sends
 * the same token again when it tries the start again after throttling or an unknown outcome, and
 * CodeCatalyst answers a repeated token with the run it already started. CodeCatalyst runs take no
 * input or parameters, and its API
 * has no way to stop a run: {@link #stop} is unsupported. {@code listRuns} reads ListWorkflowRuns pages
 * (which CodeCatalyst returns newest first) until it holds the limit, and orders what it read newest
 * first.
 *
 * <p>CodeCatalyst authenticates with a bearer token rather than AWS credentials: build the client with
 * a {@link SdkTokenProvider}, or let {@link #createDefault()} use the SDK's default token chain (an
 * SSO profile with a CodeCatalyst session). Safe for use by several threads at once.
 */
public final class CodeCatalystBackend extends ClientBackend<CodeCatalystCalls> {

  /** The default backend id. */
  public static final String DEFAULT_ID = "codecatalyst";
  /** Target {@code codecatalyst:<space>/<project>/<workflow>}, handle {@code .../<workflowId>/<runId>}. */
  public static final IdentifierScheme SCHEME = IdentifierScheme.of(DEFAULT_ID,
      List.of("space", "project", "workflow"), List.of("space", "project", "workflowId", "runId"));

  private static final Logger log = LoggerFactory.getLogger(CodeCatalystBackend.class);
  private static final int RUNS_PAGE = 50;
  private static final int WORKFLOWS_PAGE = 100;
  private static final int MAX_PAGES = 100;

  private final CodeCatalystClient client;
  private final Clock clock;
  private final Duration nameCacheTtl;
  private final Map<String, Workflows> workflowsByProject = new ConcurrentHashMap<>();

  private CodeCatalystBackend(Builder builder, AwsBackendBuilder.Parts<CodeCatalystClient, CodeCatalystAsyncClient> parts) {
    super(parts.id(), parts.blockingCalls(CodeCatalystCalls::over), parts.asyncCalls(CodeCatalystCalls::over), parts.owned());
    this.client = parts.client();
    this.clock = parts.clock();
    this.nameCacheTtl = builder.nameCacheTtl;
  }

  /** The workflows of one project as ListWorkflows answered, and when. */
  private record Workflows(Instant fetchedAt, List<WorkflowSummary> summaries) {}

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
    return createDefault(
        sync -> {
          sync.tokenProvider(tokenProvider);
          if (endpointOverride != null) {
            sync.endpointOverride(endpointOverride);
          }
        },
        async -> {
          async.tokenProvider(tokenProvider);
          if (endpointOverride != null) {
            async.endpointOverride(endpointOverride);
          }
        });
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
    if (token == null || token.isBlank()) {
      throw new ConfigurationException(ErrorContext.of(DEFAULT_ID), "token", "No CodeCatalyst token was given (it is "
          + (token == null ? "null" : "blank") + "). Pass a personal access token, for example from the environment "
          + "variable WFLAUNCH_CODECATALYST_TOKEN, or use the SDK's default token chain (aws sso login).", null);
    }
    return () -> () -> token;
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
    super.parseTarget(target);
    ErrorContext context = ErrorContext.of(target);
    CodeCatalystRules.checkName(context, "space", target.part(0));
    CodeCatalystRules.checkName(context, "project", target.part(1));
    CodeCatalystRules.checkWorkflow(context, "workflow", target.part(2));
    return target;
  }

  @Override
  public RunHandle parseHandle(RunHandle handle) {
    super.parseHandle(handle);
    ErrorContext context = ErrorContext.of(handle);
    CodeCatalystRules.checkName(context, "space", handle.part(0));
    CodeCatalystRules.checkName(context, "project", handle.part(1));
    CodeCatalystRules.checkUuid(context, "workflowId", handle.part(2));
    CodeCatalystRules.checkUuid(context, "runId", handle.part(3));
    return handle;
  }

  @Override
  public void validate(StartRunRequest request) {
    ErrorContext context = ErrorContext.of(request.target());
    if (request.input().isPresent()) {
      throw new InvalidRequestException(context, "input", "must be absent: CodeCatalyst workflow runs take no input");
    }
    if (!request.parameters().isEmpty()) {
      throw new InvalidRequestException(context, "parameters",
          "must be empty: CodeCatalyst workflow runs take no parameters, found " + request.parameters().keySet());
    }
    request.options().ifPresent(options -> {
      throw new InvalidRequestException(context, "options",
          "must be absent: backend " + id() + " takes no options, found " + options.getClass().getSimpleName());
    });
  }

  // ---- starting ----

  /** Always fails: the CodeCatalyst API has no operation that stops a workflow run. */
  @Override
  protected CompletableFuture<Void> stop(CodeCatalystCalls calls, RunHandle handle) {
    return CompletableFuture.failedFuture(new OperationNotSupportedException(ErrorContext.of(handle), "stop",
        "the CodeCatalyst API has no operation to stop a workflow run; stop it in the CodeCatalyst console"));
  }

  @Override
  protected StartPrimitives<?> startPrimitives(CodeCatalystCalls calls, SendLimits limits) {
    return new CodeCatalystStarts(id(), calls, target -> resolve(calls, target),
        target -> workflowsByProject.remove(projectKey(target)), limits);
  }

  /** The workflow's id: the target's third part when it is a UUID, else its name resolved. */
  private CompletableFuture<String> resolve(CodeCatalystCalls calls, WorkflowTarget target) {
    String workflow = target.part(2);
    if (CodeCatalystRules.isUuid(workflow)) {
      return CompletableFuture.completedFuture(workflow);
    }
    ErrorContext context = ErrorContext.of(target);
    // A name the cached list lacks may have been created since: only a fresh list says it is missing.
    List<WorkflowSummary> cached = cachedWorkflows(target);
    CompletableFuture<List<WorkflowSummary>> listed =
        cached != null && cached.stream().anyMatch(w -> workflow.equals(w.name()))
            ? CompletableFuture.completedFuture(cached) : listWorkflows(calls, target);
    return listed.thenApply(summaries -> {
      List<WorkflowSummary> named = summaries.stream().filter(w -> workflow.equals(w.name())).toList();
      if (named.isEmpty()) {
        throw new WorkflowNotFoundException(context, "no workflow named " + UserText.quote(workflow) + " in project "
            + target.part(1) + " of space " + target.part(0), null);
      }
      if (named.size() > 1) {
        throw new InvalidRequestException(context, "workflow", "names " + named.size()
            + " workflows called " + UserText.quote(workflow) + ": " + named.stream()
                .map(w -> w.id() + " (" + w.sourceRepositoryName() + ", " + w.sourceBranchName() + ")")
                .collect(Collectors.joining(", "))
            + "; give the workflow id instead");
      }
      return named.get(0).id();
    });
  }

  /** The project's workflows from the cache while it is fresh, else null. */
  private List<WorkflowSummary> cachedWorkflows(WorkflowTarget target) {
    Workflows cached = workflowsByProject.get(projectKey(target));
    return cached != null && clock.instant().isBefore(cached.fetchedAt().plus(nameCacheTtl)) ? cached.summaries() : null;
  }

  /** The project's workflows from ListWorkflows, then cached. */
  private CompletableFuture<List<WorkflowSummary>> listWorkflows(CodeCatalystCalls calls, WorkflowTarget target) {
    String key = projectKey(target);
    Instant now = clock.instant();
    ListWorkflowsRequest first = ListWorkflowsRequest.builder().spaceName(target.part(0))
        .projectName(target.part(1)).maxResults(WORKFLOWS_PAGE).build();
    CompletableFuture<List<WorkflowSummary>> listed = Pages.collect(token -> calls.listWorkflows(
            first.toBuilder().nextToken(token).build()).thenApply(page -> new Pages.Page<>(page.items(), page.nextToken())),
        MAX_PAGES, summaries -> false);
    return AsyncSupport.mapFailure(listed, e -> CodeCatalystErrors.map(e, ErrorContext.of(target), Operation.LOOK_UP))
        .thenApply(summaries -> {
          workflowsByProject.put(key, new Workflows(now, List.copyOf(summaries)));
          return summaries;
        });
  }

  private static String projectKey(WorkflowTarget target) {
    return target.part(0) + "/" + target.part(1);
  }

  // ---- reading ----

  @Override
  protected CompletableFuture<RunStatus> getRun(CodeCatalystCalls calls, RunHandle handle) {
    GetWorkflowRunRequest request = GetWorkflowRunRequest.builder()
        .spaceName(handle.part(0)).projectName(handle.part(1)).id(handle.part(3)).build();
    return AsyncSupport.mapFailure(calls.get(request), e -> CodeCatalystErrors.map(e, ErrorContext.of(handle), Operation.GET_RUN))
        .thenApply(response -> CodeCatalystStatuses.fromRun(handle, response));
  }

  /**
   * For the tracker: per workflow, ListWorkflowRuns newest first until every run asked for is seen,
   * the listing has passed the oldest start asked for, or as many pages were read as runs were asked for
   * (at most 100 pages of 50).
   */
  @Override
  protected CompletableFuture<BatchRead> readRuns(CodeCatalystCalls calls, List<RunHandle> handles,
      Optional<Instant> oldestStart) {
    return Listings.perGroup(handles, handle -> handle.part(0) + "/" + handle.part(1) + "/" + handle.part(2),
        (workflow, wanted, requests) -> {
          RunHandle any = wanted.get(0);
          Set<String> ids = new HashSet<>();
          wanted.forEach(handle -> ids.add(handle.part(3)));
          ListWorkflowRunsRequest first = ListWorkflowRunsRequest.builder().spaceName(any.part(0))
              .projectName(any.part(1)).workflowId(any.part(2)).maxResults(RUNS_PAGE).build();
          CompletableFuture<List<WorkflowRunSummary>> pages = Pages.collect(token -> {
            requests.incrementAndGet();
            return calls.listRuns(first.toBuilder().nextToken(token).build())
                .thenApply(page -> new Pages.Page<>(page.items(), page.nextToken()));
          }, pagesFor(ids.size()), runs -> Listings.seenAll(runs, WorkflowRunSummary::id, ids)
              || oldestStart.map(oldest -> Listings.passedNewestFirst(runs, WorkflowRunSummary::startTime,
                  oldest.minusSeconds(1))).orElse(false));
          return AsyncSupport.mapFailure(pages, e -> CodeCatalystErrors.map(e, ErrorContext.of(any), Operation.GET_RUNS))
              .thenApply(runs -> Listings.pick(wanted, runs, WorkflowRunSummary::id, h -> h.part(3),
                  CodeCatalystStatuses::fromSummary));
        });
  }

  /**
   * The most ListWorkflowRuns pages worth reading for {@code wanted} runs: never more pages than the
   * single reads they replace, so a listing never costs more than reading the runs one by one.
   */
  private static int pagesFor(int wanted) {
    return Math.max(1, Math.min(MAX_PAGES, wanted));
  }

  @Override
  protected CompletableFuture<List<RunStatus>> listRuns(CodeCatalystCalls calls, WorkflowTarget target, int limit) {
    ErrorContext context = ErrorContext.of(target);
    return resolve(calls, target).thenCompose(workflowId -> runPages(calls, target.part(0), target.part(1), workflowId,
        MAX_PAGES, context, Operation.LIST_RUNS, runs -> runs.size() >= limit)
        .thenApply(runs -> runs.stream()
            .sorted(Comparator.comparing((WorkflowRunSummary run) -> run.startTime() == null ? Instant.MIN : run.startTime())
                .reversed())
            .limit(limit)
            .map(run -> CodeCatalystStatuses.fromSummary(
                RunHandle.of(id(), target.part(0), target.part(1), workflowId, run.id()), run))
            .toList()));
  }

  private CompletableFuture<List<WorkflowRunSummary>> runPages(CodeCatalystCalls calls, String space, String project,
      String workflowId, int maxPages, ErrorContext context, Operation operation,
      Predicate<List<WorkflowRunSummary>> enough) {
    ListWorkflowRunsRequest first = ListWorkflowRunsRequest.builder().spaceName(space).projectName(project)
        .workflowId(workflowId).maxResults(RUNS_PAGE).build();
    return AsyncSupport.mapFailure(Pages.collect(token -> calls.listRuns(first.toBuilder().nextToken(token).build())
            .thenApply(page -> new Pages.Page<>(page.items(), page.nextToken())), maxPages, enough),
        e -> CodeCatalystErrors.map(e, context, operation));
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
