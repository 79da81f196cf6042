package io.wflaunch.swf;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.AsyncSupport;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.ClientBackend;
import io.wflaunch.swf.internal.ParametersJson;
import io.wflaunch.swf.internal.SwfCalls;
import io.wflaunch.swf.internal.SwfErrors;
import io.wflaunch.swf.internal.SwfRules;
import io.wflaunch.swf.internal.SwfStatuses;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfAsyncClientBuilder;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.SwfClientBuilder;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.ExecutionTimeFilter;
import software.amazon.awssdk.services.swf.model.GetWorkflowExecutionHistoryRequest;
import software.amazon.awssdk.services.swf.model.ListClosedWorkflowExecutionsRequest;
import software.amazon.awssdk.services.swf.model.ListOpenWorkflowExecutionsRequest;
import software.amazon.awssdk.services.swf.model.RequestCancelWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.StartWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.TerminateWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionAlreadyStartedException;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionFilter;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;
import software.amazon.awssdk.services.swf.model.WorkflowTypeFilter;

/**
 * Amazon SWF workflow executions as a wflaunch backend.
 *
 * <p>Targets are {@code swf:<domain>/<workflowTypeName>/<workflowTypeVersion>}, handles
 * {@code swf:<domain>/<workflowId>/<runId>}. A start calls StartWorkflowExecution with every option of
 * {@link SwfOptions}; the request's raw input is sent unchanged, or its parameters as one JSON object
 * of strings in order (both at once are refused). The workflowId is the one in the options, else one
 * derived from the idempotency key (the key itself when it is a valid workflowId, otherwise
 * {@code wflaunch-<sha256 of the key>}), else a random UUID. Statuses come from
 * DescribeWorkflowExecution; an execution that CONTINUED_AS_NEW is followed to the newest execution
 * with its workflowId unless {@link Builder#followContinuedAsNew(boolean)} says otherwise. The typed
 * detail is the SDK's {@code DescribeWorkflowExecutionResponse} (from getRun) or {@code WorkflowExecutionInfo}
 * (from list-based answers). {@link #stop} requests cancellation; {@link #terminate} terminates.
 *
 * <p><b>Idempotency.</b> With a key, the workflowId comes from the key and one tag carries the marker
 * {@code wflaunch-key:<key>} (or {@code wflaunch-key:sha256:<hex>} for keys too long for a tag). A
 * start first looks for a closed execution with that workflowId and marker (within
 * {@link Builder#keyLookBack(Duration)}); SWF itself refuses a second open execution with one
 * workflowId, and on that refusal the open execution is returned when it carries the same marker,
 * otherwise the start is a {@link ConflictException}. After a start whose outcome is unknown the open
 * execution is looked up the same way.
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
  public static final String KEY_MARKER_PREFIX = "wflaunch-key:";

  private static final Logger log = LoggerFactory.getLogger(SwfBackend.class);
  /** Open executions can run for at most a year. */
  private static final Duration OPEN_LOOK_BACK = Duration.ofDays(366);
  private static final int MAX_PAGE = 1000;
  private static final int MAX_LOOKUP_PAGES = 10;
  private static final int MAX_FOLLOW = 10;
  private static final int MAX_LAMBDA_ROLE = 1600;

  private final SwfClient client;
  private final Clock clock;
  private final boolean followContinuedAsNew;
  private final Duration keyLookBack;
  private final Duration listWindow;
  private final int batchThreshold;

  private SwfBackend(Builder builder) {
    super(builder.id, SwfCalls.over(builder.client),
        builder.asyncClient == null ? null : SwfCalls.over(builder.asyncClient), builder.owned);
    this.client = builder.client;
    this.clock = builder.clock;
    this.followContinuedAsNew = builder.followContinuedAsNew;
    this.keyLookBack = builder.keyLookBack;
    this.listWindow = builder.listWindow;
    this.batchThreshold = builder.batchThreshold;
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
    return createDefault(
        sync -> {
          if (region != null) {
            sync.region(region);
          }
          if (endpointOverride != null) {
            sync.endpointOverride(endpointOverride);
          }
        },
        async -> {
          if (region != null) {
            async.region(region);
          }
          if (endpointOverride != null) {
            async.endpointOverride(endpointOverride);
          }
        });
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
    SwfClientBuilder syncBuilder = SwfClient.builder();
    sync.accept(syncBuilder);
    SwfAsyncClientBuilder asyncBuilder = SwfAsyncClient.builder();
    async.accept(asyncBuilder);
    SwfClient client = syncBuilder.build();
    SwfAsyncClient asyncClient = asyncBuilder.build();
    Builder builder = builder(client).asyncClient(asyncClient);
    builder.owned.add(client);
    builder.owned.add(asyncClient);
    return builder.build();
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
    inputOf(request).ifPresent(input -> SwfRules.checkLength(context, field, input, SwfRules.MAX_INPUT));
    SwfOptions options = optionsOf(request);
    options.workflowId().ifPresent(workflowId ->
        SwfRules.checkName(context, "options.workflowId", workflowId, SwfRules.MAX_NAME));
    options.taskList().ifPresent(taskList ->
        SwfRules.checkName(context, "options.taskList", taskList, SwfRules.MAX_NAME));
    options.executionStartToCloseTimeout().ifPresent(timeout ->
        SwfRules.timeoutSeconds(context, "options.executionStartToCloseTimeout", timeout));
    options.taskStartToCloseTimeout().flatMap(SwfOptions.TaskTimeout::duration).ifPresent(timeout ->
        SwfRules.timeoutSeconds(context, "options.taskStartToCloseTimeout", timeout));
    int slots = SwfRules.MAX_TAGS - (request.idempotencyKey().isPresent() ? 1 : 0);
    if (options.tagList().size() > slots) {
      throw new InvalidRequestException(context, "options.tagList", "must hold at most " + slots + " tags"
          + (slots < SwfRules.MAX_TAGS ? " (the idempotency key's marker takes one of SWF's 5)" : "")
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
   * @throws io.wflaunch.RunNotFoundException if there is no such open execution
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

  /** Where a start's workflowId came from, which decides what an "already started" answer means. */
  private enum Origin { OPTIONS, KEY, RANDOM }

  private record Plan(WorkflowTarget target, String domain, String workflowId, Origin origin,
      Optional<String> marker, StartWorkflowExecutionRequest request) {}

  private Plan plan(StartRunRequest request) {
    WorkflowTarget target = request.target();
    SwfOptions options = optionsOf(request);
    Optional<String> key = request.idempotencyKey();
    Origin origin = options.workflowId().isPresent() ? Origin.OPTIONS : key.isPresent() ? Origin.KEY : Origin.RANDOM;
    String workflowId = switch (origin) {
      case OPTIONS -> options.workflowId().get();
      case KEY -> workflowIdForKey(key.get());
      case RANDOM -> UUID.randomUUID().toString();
    };
    Optional<String> marker = key.map(SwfBackend::markerFor);
    List<String> tags = new ArrayList<>(options.tagList());
    marker.ifPresent(tags::add);
    ErrorContext context = ErrorContext.of(target);
    StartWorkflowExecutionRequest.Builder start = StartWorkflowExecutionRequest.builder()
        .domain(target.part(0))
        .workflowId(workflowId)
        .workflowType(type -> type.name(target.part(1)).version(target.part(2)));
    inputOf(request).ifPresent(start::input);
    options.taskList().ifPresent(name -> start.taskList(list -> list.name(name)));
    options.taskPriority().ifPresent(priority -> start.taskPriority(Integer.toString(priority)));
    options.executionStartToCloseTimeout().ifPresent(timeout -> start.executionStartToCloseTimeout(
        SwfRules.timeoutSeconds(context, "options.executionStartToCloseTimeout", timeout)));
    options.taskStartToCloseTimeout().ifPresent(timeout -> start.taskStartToCloseTimeout(timeout.duration()
        .map(d -> SwfRules.timeoutSeconds(context, "options.taskStartToCloseTimeout", d)).orElse("NONE")));
    if (!tags.isEmpty()) {
      start.tagList(tags);
    }
    options.childPolicy().ifPresent(start::childPolicy);
    options.lambdaRole().ifPresent(start::lambdaRole);
    return new Plan(target, target.part(0), workflowId, origin, marker, start.build());
  }

  @Override
  protected CompletableFuture<RunHandle> start(SwfCalls calls, StartRunRequest request) {
    Plan plan = plan(request);
    CompletableFuture<Optional<WorkflowExecutionInfo>> earlier = plan.marker().isPresent()
        ? findClosed(calls, plan)
        : CompletableFuture.completedFuture(Optional.empty());
    return earlier.thenCompose(found -> found.isPresent()
        ? CompletableFuture.completedFuture(handleOf(plan.domain(), found.get()))
        : startOnce(calls, plan));
  }

  private CompletableFuture<RunHandle> startOnce(SwfCalls calls, Plan plan) {
    ErrorContext context = ErrorContext.of(plan.target());
    return calls.start(plan.request()).handle((response, error) -> {
      if (error == null) {
        return CompletableFuture.completedFuture(RunHandle.of(id(), plan.domain(), plan.workflowId(), response.runId()));
      }
      RuntimeException failure = SwfErrors.map(error, context, Operation.START);
      boolean ours = plan.marker().isPresent() || plan.origin() == Origin.RANDOM;
      if (AsyncSupport.unwrap(error) instanceof WorkflowExecutionAlreadyStartedException) {
        if (!ours) {
          return CompletableFuture.<RunHandle>failedFuture(alreadyOpen(plan, failure, null));
        }
        return findOpen(calls, plan).thenApply(open -> open.orElseThrow(() -> alreadyOpen(plan, failure, null)));
      }
      if (ours && failure instanceof BackendUnavailableException unavailable && unavailable.outcomeUnknown()) {
        return findOpen(calls, plan).handle((open, lookFailed) -> {
          if (open != null && open.isPresent()) {
            log.debug("Start of {} had an unknown outcome; found execution {}", plan.workflowId(), open.get());
            return open.get();
          }
          if (lookFailed != null) {
            failure.addSuppressed(AsyncSupport.unwrap(lookFailed));
          }
          throw failure;
        });
      }
      return CompletableFuture.<RunHandle>failedFuture(failure);
    }).thenCompose(next -> next);
  }

  private ConflictException alreadyOpen(Plan plan, RuntimeException cause, String otherRunId) {
    return new ConflictException(ErrorContext.of(plan.target()), "workflowId '" + plan.workflowId()
        + "' is already open" + (otherRunId == null ? "" : " as run " + otherRunId)
        + (plan.marker().isPresent() ? " for another idempotency key" : "; give the start an idempotency key to "
            + "make a repeated start return it"), cause);
  }

  /** The open execution with the plan's workflowId, if it is ours; a conflict if it is someone else's. */
  private CompletableFuture<Optional<RunHandle>> findOpen(SwfCalls calls, Plan plan) {
    ListOpenWorkflowExecutionsRequest list = ListOpenWorkflowExecutionsRequest.builder()
        .domain(plan.domain())
        .startTimeFilter(since(OPEN_LOOK_BACK))
        .executionFilter(WorkflowExecutionFilter.builder().workflowId(plan.workflowId()).build())
        .build();
    return openPages(calls, list, ErrorContext.of(plan.target()), Operation.START, MAX_LOOKUP_PAGES,
        infos -> infos.stream().anyMatch(info -> plan.workflowId().equals(info.execution().workflowId())))
        .thenApply(infos -> {
          Optional<WorkflowExecutionInfo> open = infos.stream()
              .filter(info -> plan.workflowId().equals(info.execution().workflowId()))
              .findFirst();
          if (open.isPresent() && plan.marker().isPresent() && !carries(open.get(), plan.marker().get())) {
            throw alreadyOpen(plan, null, open.get().execution().runId());
          }
          return open.map(info -> handleOf(plan.domain(), info));
        });
  }

  /** The newest closed execution with the plan's workflowId and marker, within the key look-back. */
  private CompletableFuture<Optional<WorkflowExecutionInfo>> findClosed(SwfCalls calls, Plan plan) {
    String marker = plan.marker().orElseThrow();
    ListClosedWorkflowExecutionsRequest list = ListClosedWorkflowExecutionsRequest.builder()
        .domain(plan.domain())
        .startTimeFilter(since(keyLookBack))
        .executionFilter(WorkflowExecutionFilter.builder().workflowId(plan.workflowId()).build())
        .build();
    Predicate<WorkflowExecutionInfo> ours =
        info -> plan.workflowId().equals(info.execution().workflowId()) && carries(info, marker);
    return closedPages(calls, list, ErrorContext.of(plan.target()), Operation.START, MAX_LOOKUP_PAGES,
        infos -> false)
        .thenApply(infos -> infos.stream().filter(ours).max(Comparator.comparing(SwfBackend::startedAt)));
  }

  // ---- reading ----

  @Override
  protected CompletableFuture<RunStatus> getRun(SwfCalls calls, RunHandle handle) {
    return describe(calls, handle, handle.part(1), handle.part(2))
        .thenCompose(detail -> {
          WorkflowExecutionInfo info = detail.executionInfo();
          if (followContinuedAsNew && info.closeStatus() == CloseStatus.CONTINUED_AS_NEW) {
            return follow(calls, handle, info, 1);
          }
          return withCloseReason(calls, handle, info, SwfStatuses.fromDetail(handle, detail))
              .thenApply(RunStatus.Builder::build);
        });
  }

  /**
   * Adds the reason of a failed, terminated, cancelled or timed-out execution, which only its close
   * event holds (one GetWorkflowExecutionHistory call, newest event first). Reading it is best effort:
   * the status is returned without a reason when the history cannot be read.
   */
  private CompletableFuture<RunStatus.Builder> withCloseReason(SwfCalls calls, RunHandle asked,
      WorkflowExecutionInfo info, RunStatus.Builder status) {
    if (!SwfStatuses.closedWithReason(info)) {
      return CompletableFuture.completedFuture(status);
    }
    GetWorkflowExecutionHistoryRequest request = GetWorkflowExecutionHistoryRequest.builder()
        .domain(asked.part(0)).execution(info.execution()).reverseOrder(true).maximumPageSize(1).build();
    return AsyncSupport.defer(() -> calls.history(request)).handle((history, error) -> {
      if (error != null) {
        log.debug("Reading the close event of {} failed; its status has no reason", asked, error);
      } else if (history != null && history.hasEvents() && !history.events().isEmpty()) {
        SwfStatuses.withCloseEvent(status, history.events().get(0));
      }
      return status;
    });
  }

  private CompletableFuture<DescribeWorkflowExecutionResponse> describe(SwfCalls calls, RunHandle asked, String workflowId, String runId) {
    DescribeWorkflowExecutionRequest request = DescribeWorkflowExecutionRequest.builder()
        .domain(asked.part(0))
        .execution(execution -> execution.workflowId(workflowId).runId(runId))
        .build();
    return AsyncSupport.mapFailure(calls.describe(request), e -> SwfErrors.map(e, ErrorContext.of(asked), Operation.GET_RUN));
  }

  /** Follows a CONTINUED_AS_NEW chain to the newest execution with the same workflowId. */
  private CompletableFuture<RunStatus> follow(SwfCalls calls, RunHandle asked, WorkflowExecutionInfo continued, int depth) {
    String workflowId = continued.execution().workflowId();
    String domain = asked.part(0);
    Predicate<WorkflowExecutionInfo> successor = info -> workflowId.equals(info.execution().workflowId())
        && !continued.execution().runId().equals(info.execution().runId())
        && !startedAt(info).isBefore(startedAt(continued));
    ErrorContext context = ErrorContext.of(asked);
    ListOpenWorkflowExecutionsRequest open = ListOpenWorkflowExecutionsRequest.builder().domain(domain)
        .startTimeFilter(since(OPEN_LOOK_BACK))
        .executionFilter(WorkflowExecutionFilter.builder().workflowId(workflowId).build()).build();
    ListClosedWorkflowExecutionsRequest closed = ListClosedWorkflowExecutionsRequest.builder().domain(domain)
        .startTimeFilter(since(keyLookBack))
        .executionFilter(WorkflowExecutionFilter.builder().workflowId(workflowId).build()).build();
    return openPages(calls, open, context, Operation.GET_RUN, MAX_LOOKUP_PAGES, infos -> false)
        .thenCompose(openInfos -> {
          Optional<WorkflowExecutionInfo> next = openInfos.stream().filter(successor).findFirst();
          return next.isPresent()
              ? CompletableFuture.completedFuture(next)
              : closedPages(calls, closed, context, Operation.GET_RUN, MAX_LOOKUP_PAGES, infos -> false)
                  .thenApply(closedInfos -> closedInfos.stream().filter(successor)
                      .max(Comparator.comparing(SwfBackend::startedAt)));
        })
        .thenCompose(next -> {
          if (next.isEmpty()) {
            return CompletableFuture.completedFuture(RunStatus.builder(asked, RunState.UNKNOWN, "CONTINUED_AS_NEW")
                .startedAt(continued.startTimestamp())
                .reason("continued as new, but the new execution with workflowId '" + workflowId + "' was not found")
                .detail("runId", continued.execution().runId())
                .backendDetail(continued)
                .build());
          }
          String nextRunId = next.get().execution().runId();
          return describe(calls, asked, workflowId, nextRunId).thenCompose(detail -> {
            if (detail.executionInfo().closeStatus() == CloseStatus.CONTINUED_AS_NEW && depth < MAX_FOLLOW) {
              return follow(calls, asked, detail.executionInfo(), depth + 1);
            }
            RunStatus.Builder status = SwfStatuses.fromDetail(asked, detail)
                .reason("continued as new from run " + asked.part(2) + " as run " + nextRunId)
                .detail("runId", asked.part(2))
                .detail("latestRunId", nextRunId);
            return withCloseReason(calls, asked, detail.executionInfo(), status).thenApply(RunStatus.Builder::build);
          });
        });
  }

  /**
   * Reads runs of one domain with two list calls (open and closed) when at least
   * {@link Builder#batchThreshold(int)} of them are asked for, then DescribeWorkflowExecution for the
   * rest and for executions that continued as new.
   */
  @Override
  protected CompletableFuture<List<RunStatus>> getRuns(SwfCalls calls, List<RunHandle> handles) {
    Map<String, List<RunHandle>> byDomain = new LinkedHashMap<>();
    handles.forEach(handle -> byDomain.computeIfAbsent(handle.part(0), d -> new ArrayList<>()).add(handle));
    Map<String, CompletableFuture<Map<String, WorkflowExecutionInfo>>> listed = new LinkedHashMap<>();
    byDomain.forEach((domain, inDomain) -> {
      if (inDomain.stream().distinct().count() >= batchThreshold) {
        listed.put(domain, listDomain(calls, domain, inDomain.get(0)));
      }
    });
    return CompletableFuture.allOf(listed.values().toArray(CompletableFuture[]::new)).thenCompose(done -> {
      Map<RunHandle, CompletableFuture<RunStatus>> statuses = new LinkedHashMap<>();
      for (RunHandle handle : handles) {
        statuses.computeIfAbsent(handle, h -> {
          CompletableFuture<Map<String, WorkflowExecutionInfo>> domainList = listed.get(h.part(0));
          WorkflowExecutionInfo info = domainList == null ? null : domainList.join().get(h.part(1) + "/" + h.part(2));
          boolean usable = info != null && !(followContinuedAsNew && info.closeStatus() == CloseStatus.CONTINUED_AS_NEW);
          return usable ? CompletableFuture.completedFuture(SwfStatuses.fromInfo(h, info).build()) : getRun(calls, h);
        });
      }
      return CompletableFuture.allOf(statuses.values().toArray(CompletableFuture[]::new))
          .thenApply(all -> handles.stream().map(h -> statuses.get(h).join()).toList());
    });
  }

  /** A domain's open and recent closed executions by {@code workflowId/runId}; empty when listing fails. */
  private CompletableFuture<Map<String, WorkflowExecutionInfo>> listDomain(SwfCalls calls, String domain, RunHandle any) {
    ErrorContext context = ErrorContext.of(any);
    CompletableFuture<List<WorkflowExecutionInfo>> open = openPages(calls, ListOpenWorkflowExecutionsRequest.builder()
        .domain(domain).startTimeFilter(since(OPEN_LOOK_BACK)).maximumPageSize(MAX_PAGE).build(),
        context, Operation.GET_RUNS, 2, infos -> false);
    CompletableFuture<List<WorkflowExecutionInfo>> closed = closedPages(calls, ListClosedWorkflowExecutionsRequest.builder()
        .domain(domain).startTimeFilter(since(listWindow)).maximumPageSize(MAX_PAGE).build(),
        context, Operation.GET_RUNS, 2, infos -> false);
    return open.thenCombine(closed, (openInfos, closedInfos) -> {
      Map<String, WorkflowExecutionInfo> byExecution = new java.util.HashMap<>();
      for (WorkflowExecutionInfo info : openInfos) {
        byExecution.put(info.execution().workflowId() + "/" + info.execution().runId(), info);
      }
      for (WorkflowExecutionInfo info : closedInfos) {
        byExecution.put(info.execution().workflowId() + "/" + info.execution().runId(), info);
      }
      return byExecution;
    }).exceptionally(failed -> {
      log.debug("Listing executions of domain {} failed; describing them one by one", domain, failed);
      return Map.of();
    });
  }

  @Override
  protected CompletableFuture<List<RunStatus>> listRuns(SwfCalls calls, WorkflowTarget target, int limit) {
    String domain = target.part(0);
    WorkflowTypeFilter type = WorkflowTypeFilter.builder().name(target.part(1)).version(target.part(2)).build();
    Predicate<WorkflowExecutionInfo> ofType = info -> info.workflowType() != null
        && target.part(1).equals(info.workflowType().name()) && target.part(2).equals(info.workflowType().version());
    Predicate<List<WorkflowExecutionInfo>> enough = infos -> infos.stream().filter(ofType).count() >= limit;
    ErrorContext context = ErrorContext.of(target);
    int pageSize = Math.min(MAX_PAGE, limit);
    CompletableFuture<List<WorkflowExecutionInfo>> open = openPages(calls, ListOpenWorkflowExecutionsRequest.builder()
        .domain(domain).startTimeFilter(since(listWindow)).typeFilter(type).maximumPageSize(pageSize).build(),
        context, Operation.LIST_RUNS, Integer.MAX_VALUE, enough);
    CompletableFuture<List<WorkflowExecutionInfo>> closed = closedPages(calls, ListClosedWorkflowExecutionsRequest.builder()
        .domain(domain).startTimeFilter(since(listWindow)).typeFilter(type).maximumPageSize(pageSize).build(),
        context, Operation.LIST_RUNS, Integer.MAX_VALUE, enough);
    return open.thenCombine(closed, (openInfos, closedInfos) -> {
      List<WorkflowExecutionInfo> all = new ArrayList<>(openInfos);
      all.addAll(closedInfos);
      return all.stream()
          .filter(ofType)
          .sorted(Comparator.comparing(SwfBackend::startedAt).reversed())
          .limit(limit)
          .map(info -> SwfStatuses.fromInfo(handleOf(domain, info), info).build())
          .toList();
    });
  }

  // ---- stopping ----

  @Override
  protected CompletableFuture<Void> stop(SwfCalls calls, RunHandle handle) {
    RequestCancelWorkflowExecutionRequest request = RequestCancelWorkflowExecutionRequest.builder()
        .domain(handle.part(0)).workflowId(handle.part(1)).runId(handle.part(2)).build();
    return AsyncSupport.mapFailure(calls.cancel(request), e -> SwfErrors.map(e, ErrorContext.of(handle), Operation.STOP))
        .thenApply(response -> null);
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
    return AsyncSupport.mapFailure(calls.terminate(request), e -> SwfErrors.map(e, context, Operation.STOP))
        .thenApply(response -> null);
  }

  // ---- paging ----

  private CompletableFuture<List<WorkflowExecutionInfo>> openPages(SwfCalls calls, ListOpenWorkflowExecutionsRequest first,
      ErrorContext context, Operation operation, int maxPages, Predicate<List<WorkflowExecutionInfo>> enough) {
    return pages(token -> AsyncSupport.mapFailure(calls.listOpen(first.toBuilder().nextPageToken(token).build()),
        e -> SwfErrors.map(e, context, operation))
        .thenApply(page -> new Page(page.executionInfos(), page.nextPageToken())), maxPages, enough);
  }

  private CompletableFuture<List<WorkflowExecutionInfo>> closedPages(SwfCalls calls,
      ListClosedWorkflowExecutionsRequest first, ErrorContext context, Operation operation, int maxPages,
      Predicate<List<WorkflowExecutionInfo>> enough) {
    return pages(token -> AsyncSupport.mapFailure(calls.listClosed(first.toBuilder().nextPageToken(token).build()),
        e -> SwfErrors.map(e, context, operation))
        .thenApply(page -> new Page(page.executionInfos(), page.nextPageToken())), maxPages, enough);
  }

  private record Page(List<WorkflowExecutionInfo> infos, String nextToken) {}

  private static CompletableFuture<List<WorkflowExecutionInfo>> pages(Function<String, CompletableFuture<Page>> fetch,
      int maxPages, Predicate<List<WorkflowExecutionInfo>> enough) {
    return page(fetch, null, maxPages, new ArrayList<>(), enough);
  }

  private static CompletableFuture<List<WorkflowExecutionInfo>> page(Function<String, CompletableFuture<Page>> fetch,
      String token, int pagesLeft, List<WorkflowExecutionInfo> infos, Predicate<List<WorkflowExecutionInfo>> enough) {
    return fetch.apply(token).thenCompose(page -> {
      infos.addAll(page.infos());
      if (page.nextToken() == null || page.nextToken().isEmpty() || pagesLeft <= 1 || enough.test(infos)) {
        return CompletableFuture.completedFuture(infos);
      }
      return page(fetch, page.nextToken(), pagesLeft - 1, infos, enough);
    });
  }

  // ---- small things ----

  private ExecutionTimeFilter since(Duration lookBack) {
    return ExecutionTimeFilter.builder().oldestDate(clock.instant().minus(lookBack)).build();
  }

  private RunHandle handleOf(String domain, WorkflowExecutionInfo info) {
    return RunHandle.of(id(), domain, info.execution().workflowId(), info.execution().runId());
  }

  private static boolean carries(WorkflowExecutionInfo info, String marker) {
    return info.hasTagList() && info.tagList().contains(marker);
  }

  private static Instant startedAt(WorkflowExecutionInfo info) {
    return info.startTimestamp() == null ? Instant.MIN : info.startTimestamp();
  }

  private SwfOptions optionsOf(StartRunRequest request) {
    return request.options(SwfOptions.class).orElse(SwfOptions.NONE);
  }

  private static Optional<String> inputOf(StartRunRequest request) {
    if (request.input().isPresent()) {
      return request.input();
    }
    return request.parameters().isEmpty() ? Optional.empty() : Optional.of(ParametersJson.encode(request.parameters()));
  }

  /** The key itself when it is a valid workflowId, else {@code wflaunch-<sha256 hex of the key>}. */
  static String workflowIdForKey(String key) {
    return SwfRules.nameProblem(key, SwfRules.MAX_NAME) == null ? key : "wflaunch-" + sha256(key);
  }

  /** The tag that carries a key: the key itself when it fits in a tag, else its SHA-256. */
  static String markerFor(String key) {
    String plain = KEY_MARKER_PREFIX + key;
    return plain.length() <= SwfRules.MAX_TAG ? plain : KEY_MARKER_PREFIX + "sha256:" + sha256(key);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Builds a {@link SwfBackend}. */
  public static final class Builder {
    private final SwfClient client;
    private SwfAsyncClient asyncClient;
    private String id = DEFAULT_ID;
    private Clock clock = Clock.systemUTC();
    private boolean followContinuedAsNew = true;
    private Duration keyLookBack = Duration.ofDays(90);
    private Duration listWindow = Duration.ofDays(90);
    private int batchThreshold = 3;
    private final List<AutoCloseable> owned = new ArrayList<>();

    private Builder(SwfClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Sets the async client the async methods use.
     *
     * @param asyncClient the async client; the backend does not close it
     * @return this builder
     */
    public Builder asyncClient(SwfAsyncClient asyncClient) {
      this.asyncClient = Objects.requireNonNull(asyncClient, "asyncClient");
      return this;
    }

    /**
     * Sets the backend id (default {@value SwfBackend#DEFAULT_ID}).
     *
     * @param id the id
     * @return this builder
     */
    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * Sets the clock the look-back windows are measured with.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Whether an execution that CONTINUED_AS_NEW is followed to the newest execution with its
     * workflowId (default true); when false it is reported as a terminal SUCCEEDED.
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

    /**
     * Builds the backend.
     *
     * @return the backend
     */
    public SwfBackend build() {
      return new SwfBackend(this);
    }

    private static Duration positive(Duration duration, String name) {
      if (Objects.requireNonNull(duration, name).isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, found " + duration);
      }
      return duration;
    }
  }
}
