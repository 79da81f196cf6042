package io.wflaunch.swf.internal;

import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.aws.JsonText;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartKey;
import io.wflaunch.spi.StartPrimitives;
import io.wflaunch.spi.support.UserText;
import io.wflaunch.swf.SwfOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.ExecutionTimeFilter;
import software.amazon.awssdk.services.swf.model.ListClosedWorkflowExecutionsRequest;
import software.amazon.awssdk.services.swf.model.ListOpenWorkflowExecutionsRequest;
import software.amazon.awssdk.services.swf.model.StartWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionAlreadyStartedException;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionFilter;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;

/**
 * SWF's pieces of the start protocol, for one start: every request they send (the start and the
 * look-up's list pages) carries the start's request timeout, and no look-up page is begun that could
 * not end by the start's deadline ({@link SendLimits}). The key becomes the workflowId (the caller's
 * key itself when it is a valid workflowId, else {@code wflaunch-<sha256 of the key>}; a generated key
 * as it is), unless the options name a workflowId. SWF refuses a second open execution with one
 * workflowId ({@link Dedupe#WHILE_OPEN}); a look-up lists the open and then the closed executions with that
 * workflowId. Where the workflowId alone cannot tell this start's execution from another (a caller's
 * key, which other starts may share, or a workflowId from the options), one tag carries the marker
 * {@code wflaunch-key:<key>}.
 *
 * <p>Because workflowIds are unique per domain, a key names one run of one workflow type: a look-up
 * that finds the key's execution under another type or version fails with a {@link ConflictException}
 * naming it, and so does one that finds the workflowId open for another key.
 */
public final class SwfStarts implements StartPrimitives<SwfStarts.Plan> {

  /** The prefix of the tag that carries a key. */
  public static final String KEY_MARKER_PREFIX = "wflaunch-key:";

  /** Open executions can run for at most a year. */
  private static final Duration OPEN_LOOK_BACK = Duration.ofDays(366);
  private static final int MAX_LOOKUP_PAGES = 10;

  /**
   * A start ready to send.
   *
   * @param target the workflow type
   * @param workflowId the execution's workflowId
   * @param marker the tag that tells this start's execution apart, when the workflowId cannot
   * @param request the request, carrying both
   * @param idChosen whether the caller chose the workflowId (in the options) rather than the key giving it
   */
  public record Plan(WorkflowTarget target, String workflowId, Optional<String> marker,
      StartWorkflowExecutionRequest request, boolean idChosen) {}

  private final String backendId;
  private final SwfCalls calls;
  private final Clock clock;
  private final Duration keyLookBack;
  private final SendLimits limits;

  /**
   * The primitives of one start.
   *
   * @param backendId the backend id
   * @param calls the SWF calls
   * @param clock the clock the look-back is measured with
   * @param keyLookBack how far back a look-up reads closed executions
   * @param limits the start's request timeout, which every request carries, and its deadline, past
   *     which no look-up page is begun
   */
  public SwfStarts(String backendId, SwfCalls calls, Clock clock, Duration keyLookBack, SendLimits limits) {
    this.backendId = backendId;
    this.calls = calls;
    this.clock = clock;
    this.keyLookBack = keyLookBack;
    this.limits = limits;
  }

  @Override
  public Dedupe dedupe(Plan prepared) {
    return Dedupe.WHILE_OPEN;
  }

  @Override
  public boolean canLookUp(Plan prepared) {
    return true;
  }

  @Override
  public boolean alreadyStarted(Throwable failure) {
    return AsyncSupport.unwrap(failure) instanceof WorkflowExecutionAlreadyStartedException;
  }

  @Override
  public CompletableFuture<Plan> prepare(StartRunRequest request, StartKey key) {
    WorkflowTarget target = request.target();
    SwfOptions options = request.options(SwfOptions.class).orElse(SwfOptions.NONE);
    String workflowId = options.workflowId().orElseGet(() -> key.generated() ? key.value() : workflowIdForKey(key.value()));
    Optional<String> marker = needsMarker(request) ? Optional.of(markerFor(key.value())) : Optional.empty();
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
    return CompletableFuture.completedFuture(new Plan(target, workflowId, marker, start.build(),
        options.workflowId().isPresent()));
  }

  /**
   * The open execution with the plan's workflowId, else the newest closed one within the key look-back,
   * when it is this start's; a conflict when the workflowId is open for another start, or the key's
   * execution is of another workflow type. An open execution without the marker is this start's
   * continuation when its marked predecessor closed as CONTINUED_AS_NEW (SWF does not carry tags over);
   * the start's run is then that first execution.
   */
  @Override
  public CompletableFuture<Optional<RunHandle>> lookUp(Plan plan) {
    ErrorContext context = ErrorContext.of(plan.target());
    WorkflowExecutionFilter byId = WorkflowExecutionFilter.builder().workflowId(plan.workflowId()).build();
    ListOpenWorkflowExecutionsRequest open = ListOpenWorkflowExecutionsRequest.builder().domain(plan.target().part(0))
        .startTimeFilter(since(OPEN_LOOK_BACK)).executionFilter(byId).build();
    ListClosedWorkflowExecutionsRequest closed = ListClosedWorkflowExecutionsRequest.builder()
        .domain(plan.target().part(0)).startTimeFilter(since(keyLookBack)).executionFilter(byId).build();
    CompletableFuture<Optional<RunHandle>> found = calls.openOnce(open, MAX_LOOKUP_PAGES,
            infos -> infos.stream().anyMatch(info -> sameId(plan, info)), limits)
        .thenCompose(openInfos -> {
          Optional<WorkflowExecutionInfo> running = openInfos.stream().filter(info -> sameId(plan, info)).findFirst();
          if (running.isPresent() && ours(plan, running.get())) {
            return CompletableFuture.completedFuture(Optional.of(checkedType(plan, running.get())));
          }
          return calls.closedOnce(closed, MAX_LOOKUP_PAGES, infos -> false, limits).thenApply(closedInfos -> {
            Optional<WorkflowExecutionInfo> marked = closedInfos.stream()
                .filter(info -> sameId(plan, info) && ours(plan, info))
                .max(Comparator.comparing(SwfStarts::startedAt));
            if (running.isPresent()
                && marked.filter(info -> info.closeStatus() != CloseStatus.CONTINUED_AS_NEW).isPresent()) {
              // An unmarked open execution after this start's run closed: someone else's.
              throw conflict(plan, running.get(), "is already open for another start (it does not carry this start's key)");
            }
            if (running.isPresent() && marked.isEmpty()) {
              throw conflict(plan, running.get(), "is already open for another start"
                  + (plan.marker().isPresent() ? " (it does not carry this start's key)" : ""));
            }
            // A marked execution that continued as new: the open one (tags are not carried over) is its
            // continuation; the start's run is the first, which getRun follows to the newest.
            return marked.map(info -> checkedType(plan, info));
          });
        });
    return AsyncSupport.mapFailure(found, e -> SwfErrors.map(e, context, Operation.LOOK_UP));
  }

  /** The workflowId comes from the key unless the caller chose it in the options. */
  @Override
  public boolean idFromKey(Plan plan) {
    return !plan.idChosen();
  }

  @Override
  public CompletableFuture<RunHandle> startOnce(Plan plan) {
    return calls.start(plan.request(), limits)
        .thenApply(response -> RunHandle.of(backendId, plan.target().part(0), plan.workflowId(), response.runId()));
  }

  @Override
  public RuntimeException mapFailure(Throwable failure, ErrorContext context, Operation operation) {
    return SwfErrors.map(failure, context, operation);
  }

  /**
   * Whether the workflowId alone cannot say which start an execution belongs to: a caller's key may be
   * used by other starts too, and a workflowId from the options is the caller's to reuse.
   */
  public static boolean needsMarker(StartRunRequest request) {
    return request.idempotencyKey().isPresent()
        || request.options(SwfOptions.class).flatMap(SwfOptions::workflowId).isPresent();
  }

  /** The request's input: its raw input, or its parameters as one JSON object of strings. */
  public static Optional<String> inputOf(StartRunRequest request) {
    if (request.input().isPresent()) {
      return request.input();
    }
    return request.parameters().isEmpty() ? Optional.empty() : Optional.of(JsonText.encode(request.parameters()));
  }

  /** The key itself when it is a valid workflowId, else {@code wflaunch-<sha256 hex of the key>}. */
  public static String workflowIdForKey(String key) {
    return SwfRules.nameProblem(key, SwfRules.MAX_NAME) == null ? key : "wflaunch-" + sha256(key);
  }

  /** The tag that carries a key: the key itself when it fits in a tag, else its SHA-256. */
  public static String markerFor(String key) {
    String plain = KEY_MARKER_PREFIX + key;
    return plain.length() <= SwfRules.MAX_TAG ? plain : KEY_MARKER_PREFIX + "sha256:" + sha256(key);
  }

  private boolean ours(Plan plan, WorkflowExecutionInfo info) {
    return plan.marker().map(marker -> info.hasTagList() && info.tagList().contains(marker)).orElse(true);
  }

  /** The execution's handle when it runs the plan's workflow type; a conflict naming it otherwise. */
  private RunHandle checkedType(Plan plan, WorkflowExecutionInfo info) {
    WorkflowTarget target = plan.target();
    boolean sameType = info.workflowType() != null && target.part(1).equals(info.workflowType().name())
        && target.part(2).equals(info.workflowType().version());
    if (!sameType) {
      throw conflict(plan, info, "belongs to workflow type " + (info.workflowType() == null ? "?"
          : UserText.quote(info.workflowType().name()) + " version " + UserText.quote(info.workflowType().version()))
          + ": SWF workflowIds are unique per domain, so an idempotency key names one run of one workflow type");
    }
    return handleOf(plan, info);
  }

  private ConflictException conflict(Plan plan, WorkflowExecutionInfo info, String what) {
    return new ConflictException(ErrorContext.of(plan.target()), "workflowId " + UserText.quote(plan.workflowId())
        + " " + what + "; that run is " + handleOf(plan, info), null);
  }

  private RunHandle handleOf(Plan plan, WorkflowExecutionInfo info) {
    return RunHandle.of(backendId, plan.target().part(0), info.execution().workflowId(), info.execution().runId());
  }

  private static boolean sameId(Plan plan, WorkflowExecutionInfo info) {
    return plan.workflowId().equals(info.execution().workflowId());
  }

  private ExecutionTimeFilter since(Duration lookBack) {
    return ExecutionTimeFilter.builder().oldestDate(clock.instant().minus(lookBack)).build();
  }

  private static Instant startedAt(WorkflowExecutionInfo info) {
    return info.startTimestamp() == null ? Instant.MIN : info.startTimestamp();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
