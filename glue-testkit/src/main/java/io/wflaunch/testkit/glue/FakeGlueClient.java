package io.wflaunch.testkit.glue;

import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.AsyncFakes;
import io.wflaunch.testkit.ContractScripting;
import io.wflaunch.testkit.FakeService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AccessDeniedException;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.ConcurrentRunsExceededException;
import software.amazon.awssdk.services.glue.model.CreateWorkflowRequest;
import software.amazon.awssdk.services.glue.model.CreateWorkflowResponse;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunPropertiesRequest;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunPropertiesResponse;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunResponse;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunsRequest;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunsResponse;
import software.amazon.awssdk.services.glue.model.IllegalWorkflowStateException;
import software.amazon.awssdk.services.glue.model.InternalServiceException;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.glue.model.StartWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.StartWorkflowRunResponse;
import software.amazon.awssdk.services.glue.model.StopWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.StopWorkflowRunResponse;
import software.amazon.awssdk.services.glue.model.ThrottlingException;
import software.amazon.awssdk.services.glue.model.WorkflowRun;
import software.amazon.awssdk.services.glue.model.WorkflowRunStatistics;
import software.amazon.awssdk.services.glue.model.WorkflowRunStatus;

/**
 * An in-memory AWS Glue for tests: a {@link GlueClient} that keeps workflows and their runs, on an
 * injectable clock, and answers the workflow-run calls the way Glue does.
 *
 * <ul>
 *   <li>Workflows come from {@link #createWorkflow(CreateWorkflowRequest)} (their runs follow the
 *       default script, {@link GlueRunScript#runsUntilStopped()} unless {@link #defaultScript} says
 *       otherwise) or from {@link #addWorkflow}, with a {@link GlueRunScript} per workflow.
 *   <li>StartWorkflowRun records the run properties (the workflow's default properties first),
 *       honours MaxConcurrentRuns with {@link ConcurrentRunsExceededException}, and answers an id of
 *       the form {@code wr_<64 hex>}; StopWorkflowRun moves a running run to STOPPING and, after the
 *       stop delay, STOPPED.
 *   <li>GetWorkflowRuns pages newest first with a NextToken; MaxResults must be 1 to 1000.
 *   <li>Names, run ids and run property keys are checked against the service model's pattern and
 *       length, with {@link InvalidInputException}; unknown workflows and runs are
 *       {@link EntityNotFoundException}.
 *   <li>{@link #faults()} throttles ({@link ThrottlingException}) or fails (HTTP 500
 *       {@link InternalServiceException}) the next calls, or creates the next runs and then loses the
 *       response (an {@link SdkClientException} with a read timeout as cause).
 *   <li>A listing lag models Glue's eventually consistent listing: with {@link #listingLag(int)} a new
 *       run is left out of the next GetWorkflowRuns calls of its workflow (any page) until that many have
 *       left it out; with {@link #listingLag(Duration)} it is left out until that long after its start on
 *       the fake's clock. With both, both must have passed. GetWorkflowRun, GetWorkflowRunProperties and
 *       StopWorkflowRun see the run at once. The lag applies to runs started after it is set.
 * </ul>
 *
 * <p>It also implements {@link ContractScripting}, so the wflaunch contract suite runs against it.
 * Other GlueClient operations throw {@link UnsupportedOperationException}. Safe for use by several
 * threads at once; {@link #asyncClient()} gives a {@code GlueAsyncClient} over the same state.
 */
public final class FakeGlueClient extends FakeService<FakeGlueClient> implements GlueClient {

  /** How long a stopped run stays STOPPING unless {@link #stopDelay(Duration)} says otherwise. */
  public static final Duration DEFAULT_STOP_DELAY = Duration.ofSeconds(5);

  /** The Glue model's pattern for NameString and IdString, and their length. */
  private static final Pattern NAME = Pattern.compile("[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*");

  private final Map<String, Workflow> workflows = new LinkedHashMap<>();
  private final Map<String, List<Run>> runs = new HashMap<>();
  private GlueRunScript defaultScript = GlueRunScript.runsUntilStopped();

  private FakeGlueClient(Clock clock) {
    super(clock, SERVICE_NAME, DEFAULT_STOP_DELAY);
  }

  /**
   * A fake on the system clock.
   *
   * @return the fake
   */
  public static FakeGlueClient create() {
    return create(Clock.systemUTC());
  }

  /**
   * A fake on the given clock, such as a {@link io.wflaunch.testkit.VirtualScheduler}'s.
   *
   * @param clock the clock runs unfold on
   * @return the fake
   */
  public static FakeGlueClient create(Clock clock) {
    return new FakeGlueClient(clock);
  }

  private record Workflow(String name, GlueRunScript script, Integer maxConcurrentRuns, Map<String, String> defaults) {}

  private static final class Run {
    final Workflow workflow;
    final String runId;
    final Instant startedOn;
    final Map<String, String> properties;
    final Lag listingLag;
    Instant stopRequestedAt;

    Run(Workflow workflow, String runId, Instant startedOn, Map<String, String> properties, Lag listingLag) {
      this.workflow = workflow;
      this.runId = runId;
      this.startedOn = startedOn;
      this.properties = properties;
      this.listingLag = listingLag;
    }
  }

  /**
   * Sets how long a stopped run stays STOPPING.
   *
   * @param stopDelay not negative
   * @return this fake
   */
  public synchronized FakeGlueClient stopDelay(Duration stopDelay) {
    setStopDelay(stopDelay);
    return this;
  }

  /**
   * Sets the script of workflows created through {@link #createWorkflow(CreateWorkflowRequest)}.
   *
   * @param script the script
   * @return this fake
   */
  public synchronized FakeGlueClient defaultScript(GlueRunScript script) {
    this.defaultScript = Objects.requireNonNull(script, "script");
    return this;
  }

  /**
   * Adds a workflow without a concurrency limit.
   *
   * @param name the workflow name
   * @param script how its runs unfold
   * @return this fake
   */
  public FakeGlueClient addWorkflow(String name, GlueRunScript script) {
    return addWorkflow(name, script, null, Map.of());
  }

  /**
   * Adds a workflow.
   *
   * @param name the workflow name
   * @param script how its runs unfold
   * @param maxConcurrentRuns the most runs RUNNING or STOPPING at once, or null for no limit
   * @param defaultRunProperties properties every run gets before its own
   * @return this fake
   */
  public synchronized FakeGlueClient addWorkflow(
      String name, GlueRunScript script, Integer maxConcurrentRuns, Map<String, String> defaultRunProperties) {
    checkName("Name", name);
    workflows.put(name, new Workflow(name, Objects.requireNonNull(script, "script"), maxConcurrentRuns,
        new LinkedHashMap<>(defaultRunProperties)));
    return this;
  }

  /**
   * Whether a workflow exists.
   *
   * @param name the workflow name
   * @return true when it was created or added
   */
  public synchronized boolean hasWorkflow(String name) {
    return workflows.containsKey(name);
  }

  /**
   * A {@code GlueAsyncClient} over this fake's state, whose calls complete before they return (the
   * future is already done, or already failed with the exception this fake throws).
   *
   * @return the async client
   */
  public GlueAsyncClient asyncClient() {
    return AsyncFakes.of(GlueAsyncClient.class, this);
  }

  /**
   * The runs of a workflow as Glue would describe them now, oldest first.
   *
   * @param workflowName the workflow
   * @return its runs
   */
  public synchronized List<WorkflowRun> runsOf(String workflowName) {
    return runs.getOrDefault(workflowName, List.of()).stream().map(this::view).toList();
  }

  @Override
  public synchronized CreateWorkflowResponse createWorkflow(CreateWorkflowRequest request) {
    serve();
    checkName("Name", request.name());
    if (workflows.containsKey(request.name())) {
      throw error(AlreadyExistsException.builder(), 400, "AlreadyExistsException",
          "Workflow " + request.name() + " already exists.");
    }
    workflows.put(request.name(), new Workflow(request.name(), defaultScript, request.maxConcurrentRuns(),
        request.hasDefaultRunProperties() ? new LinkedHashMap<>(request.defaultRunProperties()) : Map.of()));
    return CreateWorkflowResponse.builder().name(request.name()).build();
  }

  @Override
  public synchronized StartWorkflowRunResponse startWorkflowRun(StartWorkflowRunRequest request) {
    serve();
    Workflow workflow = workflow(request.name());
    Map<String, String> properties = new LinkedHashMap<>(workflow.defaults());
    if (request.hasRunProperties()) {
      request.runProperties().keySet().forEach(key -> checkName("RunProperties key", key));
      properties.putAll(request.runProperties());
    }
    if (workflow.maxConcurrentRuns() != null) {
      long active = runs.getOrDefault(workflow.name(), List.of()).stream()
          .map(this::view)
          .filter(run -> run.status() == WorkflowRunStatus.RUNNING || run.status() == WorkflowRunStatus.STOPPING)
          .count();
      if (active >= workflow.maxConcurrentRuns()) {
        throw error(ConcurrentRunsExceededException.builder(), 400, "ConcurrentRunsExceededException",
            "Concurrent runs exceeded for workflow: " + workflow.name());
      }
    }
    String runId = "wr_" + UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    Instant now = now();
    runs.computeIfAbsent(workflow.name(), n -> new ArrayList<>())
        .add(new Run(workflow, runId, now, Collections.unmodifiableMap(properties), listingLagFrom(now)));
    loseStartResponseIfPlanned();
    return StartWorkflowRunResponse.builder().runId(runId).build();
  }

  @Override
  public synchronized GetWorkflowRunResponse getWorkflowRun(GetWorkflowRunRequest request) {
    serve();
    return GetWorkflowRunResponse.builder().run(view(run(request.name(), request.runId()))).build();
  }

  @Override
  public synchronized GetWorkflowRunPropertiesResponse getWorkflowRunProperties(GetWorkflowRunPropertiesRequest request) {
    serve();
    return GetWorkflowRunPropertiesResponse.builder()
        .runProperties(run(request.name(), request.runId()).properties).build();
  }

  @Override
  public synchronized GetWorkflowRunsResponse getWorkflowRuns(GetWorkflowRunsRequest request) {
    serve();
    Workflow workflow = workflow(request.name());
    int pageSize = request.maxResults() == null ? 100 : request.maxResults();
    if (pageSize < 1 || pageSize > 1000) {
      throw error(InvalidInputException.builder(), 400, "InvalidInputException",
          "MaxResults must be between 1 and 1000, found " + pageSize);
    }
    int offset = 0;
    if (request.nextToken() != null) {
      try {
        offset = Integer.parseInt(request.nextToken().substring("page-".length()));
      } catch (RuntimeException e) {
        throw error(InvalidInputException.builder(), 400, "InvalidInputException", "Invalid NextToken");
      }
    }
    List<Run> newestFirst = new ArrayList<>(runs.getOrDefault(workflow.name(), List.of()).stream()
        .filter(this::listed).toList());
    Collections.reverse(newestFirst);
    int end = Math.min(newestFirst.size(), offset + pageSize);
    List<WorkflowRun> page = newestFirst.subList(Math.min(offset, end), end).stream().map(this::view).toList();
    return GetWorkflowRunsResponse.builder()
        .runs(page)
        .nextToken(end < newestFirst.size() ? "page-" + end : null)
        .build();
  }

  @Override
  public synchronized StopWorkflowRunResponse stopWorkflowRun(StopWorkflowRunRequest request) {
    serve();
    Run run = run(request.name(), request.runId());
    if (view(run).status() != WorkflowRunStatus.RUNNING) {
      throw error(IllegalWorkflowStateException.builder(), 400, "IllegalWorkflowStateException",
          "Workflow run " + run.runId + " is not running");
    }
    run.stopRequestedAt = now();
    return StopWorkflowRunResponse.builder().build();
  }

  // ---- ContractScripting ----

  @Override
  public synchronized WorkflowTarget createWorkflow(Outcome outcome, Duration runFor) {
    String name = "contract-workflow-" + nextContractWorkflow();
    addWorkflow(name, switch (outcome) {
      case SUCCEED -> GlueRunScript.completesAfter(runFor);
      case FAIL -> GlueRunScript.completesWithFailedActionsAfter(runFor, 5, 2);
      case STOPPED -> GlueRunScript.stoppedAfter(runFor);
      case RUN_UNTIL_STOPPED -> GlueRunScript.runsUntilStopped();
    });
    return WorkflowTarget.of("glue", name);
  }

  @Override
  public WorkflowTarget missingWorkflow() {
    return WorkflowTarget.of("glue", "no-such-workflow");
  }

  @Override
  public RunHandle missingRun(WorkflowTarget workflow) {
    return RunHandle.of("glue", workflow.part(0), "wr_" + "0".repeat(64));
  }

  @Override
  public List<InvalidStart> invalidStarts(WorkflowTarget workflow) {
    return List.of(
        new InvalidStart(StartRunRequest.builder(workflow).input("{}").build(), "input"),
        new InvalidStart(StartRunRequest.builder(WorkflowTarget.of("glue", "w".repeat(256))).build(), "workflowName"),
        new InvalidStart(StartRunRequest.builder(WorkflowTarget.of("glue", "bad\u0001name")).build(), "workflowName"),
        new InvalidStart(StartRunRequest.builder(workflow).parameter("line\nbreak", "v").build(), "parameters"),
        new InvalidStart(StartRunRequest.builder(workflow).parameter("k".repeat(256), "v").build(), "parameters"),
        new InvalidStart(StartRunRequest.builder(workflow).parameter("wflaunch.idempotency-key", "v").build(),
            "parameters"),
        foreignOptions(workflow));
  }

  @Override
  public synchronized int runCount(WorkflowTarget workflow) {
    return runs.getOrDefault(workflow.part(0), List.of()).size();
  }

  // ---- inside ----

  @Override
  protected AwsServiceException throttlingError() {
    return error(ThrottlingException.builder(), 400, "ThrottlingException", "Rate exceeded");
  }

  @Override
  protected AwsServiceException serverError() {
    return error(InternalServiceException.builder(), 500, "InternalServiceException",
        "An internal service error occurred");
  }

  @Override
  protected AwsServiceException accessDenied() {
    return error(AccessDeniedException.builder(), 400, "AccessDeniedException",
        "User is not authorized to perform this operation");
  }

  private Workflow workflow(String name) {
    checkName("Name", name);
    Workflow workflow = workflows.get(name);
    if (workflow == null) {
      throw error(EntityNotFoundException.builder(), 400, "EntityNotFoundException", "Entity not found");
    }
    return workflow;
  }

  private Run run(String name, String runId) {
    Workflow workflow = workflow(name);
    checkName("RunId", runId);
    return runs.getOrDefault(workflow.name(), List.of()).stream()
        .filter(run -> run.runId.equals(runId))
        .findFirst()
        .orElseThrow(() -> error(EntityNotFoundException.builder(), 400, "EntityNotFoundException", "Entity not found"));
  }

  /** Whether a listing shows the run now; a listing that leaves it out counts toward its listing lag. */
  private boolean listed(Run run) {
    return !run.listingLag.misses(now());
  }

  private WorkflowRun view(Run run) {
    Instant now = now();
    GlueRunScript script = run.workflow.script();
    Instant scriptedEnd = script.end() == GlueRunScript.End.NONE ? null : run.startedOn.plus(script.runFor());
    Instant stopAt = run.stopRequestedAt;
    if (stopAt == null && script.end() == GlueRunScript.End.STOPPED) {
      stopAt = scriptedEnd;
    }
    WorkflowRunStatus status;
    Instant completedOn = null;
    String errorMessage = null;
    int total = script.totalActions();
    WorkflowRunStatistics.Builder stats = WorkflowRunStatistics.builder().totalActions(total)
        .failedActions(0).erroredActions(0).timeoutActions(0).stoppedActions(0).succeededActions(0)
        .runningActions(0).waitingActions(0);
    if (stopAt != null && !now.isBefore(stopAt)) {
      Instant stoppedAt = stopAt.plus(stopDelay());
      if (now.isBefore(stoppedAt)) {
        status = WorkflowRunStatus.STOPPING;
        stats.runningActions(1).waitingActions(total - 1);
      } else {
        status = WorkflowRunStatus.STOPPED;
        completedOn = stoppedAt;
        stats.stoppedActions(total);
      }
    } else if (scriptedEnd == null || script.end() == GlueRunScript.End.STOPPED || now.isBefore(scriptedEnd)) {
      status = WorkflowRunStatus.RUNNING;
      stats.runningActions(Math.min(1, total)).waitingActions(Math.max(0, total - 1));
    } else if (script.end() == GlueRunScript.End.ERROR) {
      status = WorkflowRunStatus.ERROR;
      completedOn = scriptedEnd;
      errorMessage = script.errorMessage();
      stats.erroredActions(1).succeededActions(total - 1);
    } else {
      status = WorkflowRunStatus.COMPLETED;
      completedOn = scriptedEnd;
      stats.failedActions(script.failedActions()).succeededActions(total - script.failedActions());
    }
    return WorkflowRun.builder()
        .name(run.workflow.name())
        .workflowRunId(run.runId)
        .workflowRunProperties(run.properties)
        .startedOn(run.startedOn)
        .completedOn(completedOn)
        .status(status)
        .errorMessage(errorMessage)
        .statistics(stats.build())
        .build();
  }

  private static void checkName(String field, String value) {
    if (value == null || value.isEmpty() || value.codePointCount(0, value.length()) > 255
        || !NAME.matcher(value).matches()) {
      throw error(InvalidInputException.builder(), 400, "InvalidInputException",
          "1 validation error detected: Value at '" + field + "' failed to satisfy constraint: Member must "
              + "satisfy regular expression pattern and have length between 1 and 255");
    }
  }

  private static AwsServiceException error(AwsServiceException.Builder builder, int status, String code, String message) {
    return awsError("Glue", builder, status, code, message);
  }
}
