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
import software.amazon.awssdk.services.glue.model.BatchStopJobRunError;
import software.amazon.awssdk.services.glue.model.BatchStopJobRunRequest;
import software.amazon.awssdk.services.glue.model.BatchStopJobRunResponse;
import software.amazon.awssdk.services.glue.model.BatchStopJobRunSuccessfulSubmission;
import software.amazon.awssdk.services.glue.model.CreateJobRequest;
import software.amazon.awssdk.services.glue.model.CreateJobResponse;
import software.amazon.awssdk.services.glue.model.ErrorDetail;
import software.amazon.awssdk.services.glue.model.GetJobRunRequest;
import software.amazon.awssdk.services.glue.model.GetJobRunResponse;
import software.amazon.awssdk.services.glue.model.GetJobRunsRequest;
import software.amazon.awssdk.services.glue.model.GetJobRunsResponse;
import software.amazon.awssdk.services.glue.model.ListJobsRequest;
import software.amazon.awssdk.services.glue.model.ListJobsResponse;
import software.amazon.awssdk.services.glue.model.StartJobRunRequest;
import software.amazon.awssdk.services.glue.model.StartJobRunResponse;
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
import software.amazon.awssdk.services.glue.model.JobNodeDetails;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;
import software.amazon.awssdk.services.glue.model.Node;
import software.amazon.awssdk.services.glue.model.NodeType;
import software.amazon.awssdk.services.glue.model.ResumeWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.ResumeWorkflowRunResponse;
import software.amazon.awssdk.services.glue.model.StartWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.WorkflowGraph;
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
 * <p>Jobs come from {@link #createJob(CreateJobRequest)} or {@link #addJob} with a {@link GlueJobScript} per
 * run: StartJobRun (with {@code JobRunId}, a retry whose {@code PreviousRunId} is that run), GetJobRun,
 * GetJobRuns (newest first, paged, lagged like GetWorkflowRuns), BatchStopJobRun and ListJobs, with the
 * job's MaxConcurrentRuns enforced. ResumeWorkflowRun starts a new run of an ended (COMPLETED or ERROR) workflow run whose
 * {@code PreviousRunId} is the resumed run; GetWorkflowRun with IncludeGraph shows a job node per action.
 *
 * <p>It also implements {@link ContractScripting} for the {@code glue} backend, and
 * {@link #jobScripting()} gives one for {@code gluejob}, so the wflaunch contract suite runs against it.
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
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final Map<String, List<JobRunRecord>> jobRuns = new HashMap<>();
  private GlueJobScript defaultJobScript = GlueJobScript.runsUntilStopped();

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
    final String previousRunId;
    Instant stopRequestedAt;

    Run(Workflow workflow, String runId, Instant startedOn, Map<String, String> properties, Lag listingLag,
        String previousRunId) {
      this.previousRunId = previousRunId;
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
    checkConcurrency(workflow);
    String runId = newId("wr_");
    Instant now = now();
    runs.computeIfAbsent(workflow.name(), n -> new ArrayList<>())
        .add(new Run(workflow, runId, now, Collections.unmodifiableMap(properties), listingLagFrom(now), null));
    loseStartResponseIfPlanned();
    return StartWorkflowRunResponse.builder().runId(runId).build();
  }

  /**
   * Resumes an ended run (COMPLETED or ERROR): a new run of the same workflow and run properties whose
   * {@code PreviousRunId} is the resumed run's, unfolding by the workflow's script from now. The node
   * ids must be nodes of the run's graph that had a run attempt ({@link InvalidInputException}); a run
   * that is running or was stopped is an {@link IllegalWorkflowStateException}; MaxConcurrentRuns holds.
   */
  @Override
  public synchronized ResumeWorkflowRunResponse resumeWorkflowRun(ResumeWorkflowRunRequest request) {
    serve();
    Run resumed = run(request.name(), request.runId());
    WorkflowRun shown = view(resumed, true);
    if (shown.status() != WorkflowRunStatus.COMPLETED && shown.status() != WorkflowRunStatus.ERROR) {
      throw error(IllegalWorkflowStateException.builder(), 400, "IllegalWorkflowStateException",
          "Workflow run " + resumed.runId + " is " + shown.statusAsString() + ", not COMPLETED or ERROR");
    }
    if (!request.hasNodeIds() || request.nodeIds().isEmpty()) {
      throw error(InvalidInputException.builder(), 400, "InvalidInputException", "NodeIds must not be empty");
    }
    for (String nodeId : request.nodeIds()) {
      checkName("NodeIds member", nodeId);
      boolean attempted = shown.graph().nodes().stream().anyMatch(node -> node.uniqueId().equals(nodeId)
          && node.jobDetails() != null && node.jobDetails().hasJobRuns() && !node.jobDetails().jobRuns().isEmpty());
      if (!attempted) {
        throw error(InvalidInputException.builder(), 400, "InvalidInputException",
            "Node " + nodeId + " has no run attempt in workflow run " + resumed.runId);
      }
    }
    checkConcurrency(resumed.workflow);
    String runId = newId("wr_");
    Instant now = now();
    runs.get(resumed.workflow.name()).add(new Run(resumed.workflow, runId, now, resumed.properties,
        listingLagFrom(now), resumed.runId));
    loseStartResponseIfPlanned();
    return ResumeWorkflowRunResponse.builder().runId(runId).nodeIds(request.nodeIds()).build();
  }

  @Override
  public synchronized GetWorkflowRunResponse getWorkflowRun(GetWorkflowRunRequest request) {
    serve();
    return GetWorkflowRunResponse.builder()
        .run(view(run(request.name(), request.runId()), Boolean.TRUE.equals(request.includeGraph()))).build();
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
    boolean graph = Boolean.TRUE.equals(request.includeGraph());
    List<WorkflowRun> page = newestFirst.subList(Math.min(offset, end), end).stream().map(run -> view(run, graph)).toList();
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

  private void checkConcurrency(Workflow workflow) {
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
  }

  private static String newId(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
  }

  private WorkflowRun view(Run run) {
    return view(run, false);
  }

  /**
   * The run as Glue shows it; with the graph, one job node per action ({@code wnode_<n>}), each with
   * the job run its action had: failed for the failed actions of a COMPLETED run, errored for the
   * first of an ERROR run, stopped for a STOPPED run's, running for the first of a running run.
   */
  private WorkflowRun view(Run run, boolean withGraph) {
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
    WorkflowRun.Builder shown = WorkflowRun.builder();
    if (withGraph) {
      List<Node> nodes = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        JobRunState state = switch (status) {
          case COMPLETED -> i < script.failedActions() ? JobRunState.FAILED : JobRunState.SUCCEEDED;
          case ERROR -> i == 0 ? JobRunState.ERROR : JobRunState.SUCCEEDED;
          case STOPPED, STOPPING -> i == 0 ? JobRunState.STOPPED : null;
          default -> i == 0 ? JobRunState.RUNNING : null;
        };
        nodes.add(Node.builder().type(NodeType.JOB).name("action-" + (i + 1)).uniqueId("wnode_" + (i + 1))
            .jobDetails(JobNodeDetails.builder().jobRuns(state == null ? List.of()
                : List.of(JobRun.builder().id(run.runId.replace("wr_", "jr_")).jobName("action-" + (i + 1))
                    .jobRunState(state).startedOn(run.startedOn).build())).build())
            .build());
      }
      shown.graph(WorkflowGraph.builder().nodes(nodes).build());
    }
    return shown
        .name(run.workflow.name())
        .workflowRunId(run.runId)
        .previousRunId(run.previousRunId)
        .workflowRunProperties(run.properties)
        .startedOn(run.startedOn)
        .completedOn(completedOn)
        .status(status)
        .errorMessage(errorMessage)
        .statistics(stats.build())
        .build();
  }

  // ---- jobs ----

  private record Job(String name, List<GlueJobScript> scripts, Integer maxConcurrentRuns, Map<String, String> defaults) {}

  private static final class JobRunRecord {
    final Job job;
    final String id;
    final Instant startedOn;
    final GlueJobScript script;
    final StartJobRunRequest request;
    final Map<String, String> arguments;
    final String previousRunId;
    final Lag listingLag;
    Instant stopRequestedAt;

    JobRunRecord(Job job, String id, Instant startedOn, GlueJobScript script, StartJobRunRequest request,
        Map<String, String> arguments, String previousRunId, Lag listingLag) {
      this.job = job;
      this.id = id;
      this.startedOn = startedOn;
      this.script = script;
      this.request = request;
      this.arguments = arguments;
      this.previousRunId = previousRunId;
      this.listingLag = listingLag;
    }
  }

  /**
   * Sets the script of jobs created through {@link #createJob(CreateJobRequest)}.
   *
   * @param script the script
   * @return this fake
   */
  public synchronized FakeGlueClient defaultJobScript(GlueJobScript script) {
    this.defaultJobScript = Objects.requireNonNull(script, "script");
    return this;
  }

  /**
   * Adds a job. Its n-th run follows the n-th script, and runs past the last script follow the last
   * (so {@code failsAfter(..), succeedsAfter(..)} fails the first run and succeeds its retries).
   *
   * @param name the job name
   * @param maxConcurrentRuns the most runs STARTING, RUNNING or STOPPING at once, or null for no limit
   * @param scripts how its runs unfold, at least one
   * @return this fake
   */
  public synchronized FakeGlueClient addJob(String name, Integer maxConcurrentRuns, GlueJobScript... scripts) {
    checkName("JobName", name);
    if (scripts.length == 0) {
      throw new IllegalArgumentException("a job needs at least one script");
    }
    jobs.put(name, new Job(name, List.of(scripts), maxConcurrentRuns, Map.of()));
    return this;
  }

  /**
   * Whether a job exists.
   *
   * @param name the job name
   * @return true when it was created or added
   */
  public synchronized boolean hasJob(String name) {
    return jobs.containsKey(name);
  }

  /**
   * The runs of a job as Glue would describe them now, oldest first.
   *
   * @param jobName the job
   * @return its runs
   */
  public synchronized List<JobRun> jobRunsOf(String jobName) {
    return jobRuns.getOrDefault(jobName, List.of()).stream().map(this::view).toList();
  }

  /** Creates a job following {@link #defaultJobScript}; keeps its MaxConcurrentRuns and default arguments. */
  @Override
  public synchronized CreateJobResponse createJob(CreateJobRequest request) {
    serve();
    checkName("Name", request.name());
    if (jobs.containsKey(request.name())) {
      throw error(AlreadyExistsException.builder(), 400, "AlreadyExistsException",
          "Job " + request.name() + " already exists.");
    }
    Integer max = request.executionProperty() == null ? null : request.executionProperty().maxConcurrentRuns();
    jobs.put(request.name(), new Job(request.name(), List.of(defaultJobScript), max,
        request.hasDefaultArguments() ? new LinkedHashMap<>(request.defaultArguments()) : Map.of()));
    return CreateJobResponse.builder().name(request.name()).build();
  }

  @Override
  public synchronized ListJobsResponse listJobs(ListJobsRequest request) {
    serve();
    return ListJobsResponse.builder().jobNames(jobs.keySet().stream()
        .limit(request.maxResults() == null ? 1000 : request.maxResults()).toList()).build();
  }

  /**
   * Starts a job run: the job's default arguments, then the request's; an id {@code jr_<64 hex>}. With
   * {@code JobRunId}, a retry of that run of the job, which must have ended ({@link InvalidInputException}
   * otherwise): the new run's {@code PreviousRunId} is it. Checks the model's rules (names, the minimums
   * of NumberOfWorkers, Timeout and NotifyDelayAfter) and MaxConcurrentRuns.
   */
  @Override
  public synchronized StartJobRunResponse startJobRun(StartJobRunRequest request) {
    serve();
    Job job = job(request.jobName());
    if (request.numberOfWorkers() != null && request.numberOfWorkers() < 1
        || request.timeout() != null && request.timeout() < 1
        || request.notificationProperty() != null && request.notificationProperty().notifyDelayAfter() != null
            && request.notificationProperty().notifyDelayAfter() < 1) {
      throw error(InvalidInputException.builder(), 400, "InvalidInputException",
          "1 validation error detected: NumberOfWorkers, Timeout and NotifyDelayAfter must be at least 1");
    }
    if (request.securityConfiguration() != null) {
      checkName("SecurityConfiguration", request.securityConfiguration());
    }
    String previous = null;
    if (request.jobRunId() != null) {
      JobRunRecord retried = jobRun(job.name(), request.jobRunId());
      JobRunState state = view(retried).jobRunState();
      if (state == JobRunState.STARTING || state == JobRunState.RUNNING || state == JobRunState.STOPPING
          || state == JobRunState.WAITING) {
        throw error(InvalidInputException.builder(), 400, "InvalidInputException",
            "Job run " + retried.id + " is " + state + " and cannot be retried");
      }
      previous = retried.id;
    }
    if (job.maxConcurrentRuns() != null) {
      long active = jobRuns.getOrDefault(job.name(), List.of()).stream().map(this::view)
          .filter(run -> run.jobRunState() == JobRunState.STARTING || run.jobRunState() == JobRunState.RUNNING
              || run.jobRunState() == JobRunState.STOPPING)
          .count();
      if (active >= job.maxConcurrentRuns()) {
        throw error(ConcurrentRunsExceededException.builder(), 400, "ConcurrentRunsExceededException",
            "Concurrent runs exceeded for " + job.name());
      }
    }
    Map<String, String> arguments = new LinkedHashMap<>(job.defaults());
    if (request.hasArguments()) {
      arguments.putAll(request.arguments());
    }
    List<JobRunRecord> ofJob = jobRuns.computeIfAbsent(job.name(), n -> new ArrayList<>());
    GlueJobScript script = job.scripts().get(Math.min(ofJob.size(), job.scripts().size() - 1));
    String id = newId("jr_");
    Instant now = now();
    ofJob.add(new JobRunRecord(job, id, now, script, request, Collections.unmodifiableMap(arguments), previous,
        listingLagFrom(now)));
    loseStartResponseIfPlanned();
    return StartJobRunResponse.builder().jobRunId(id).build();
  }

  @Override
  public synchronized GetJobRunResponse getJobRun(GetJobRunRequest request) {
    serve();
    return GetJobRunResponse.builder().jobRun(view(jobRun(request.jobName(), request.runId()))).build();
  }

  /** Pages newest first with a NextToken; MaxResults must be 1 to 200; the listing lag applies. */
  @Override
  public synchronized GetJobRunsResponse getJobRuns(GetJobRunsRequest request) {
    serve();
    Job job = job(request.jobName());
    int pageSize = request.maxResults() == null ? 100 : request.maxResults();
    if (pageSize < 1 || pageSize > 200) {
      throw error(InvalidInputException.builder(), 400, "InvalidInputException",
          "MaxResults must be between 1 and 200, found " + pageSize);
    }
    int offset = offset(request.nextToken());
    List<JobRunRecord> newestFirst = new ArrayList<>(jobRuns.getOrDefault(job.name(), List.of()).stream()
        .filter(run -> !run.listingLag.misses(now())).toList());
    Collections.reverse(newestFirst);
    int end = Math.min(newestFirst.size(), offset + pageSize);
    return GetJobRunsResponse.builder()
        .jobRuns(newestFirst.subList(Math.min(offset, end), end).stream().map(this::view).toList())
        .nextToken(end < newestFirst.size() ? "page-" + end : null)
        .build();
  }

  /**
   * Stops running runs (STOPPING, then STOPPED after the stop delay); a run that is missing or has
   * ended is an entry of Errors ({@code EntityNotFoundException}, {@code InvalidInputException}).
   */
  @Override
  public synchronized BatchStopJobRunResponse batchStopJobRun(BatchStopJobRunRequest request) {
    serve();
    Job job = job(request.jobName());
    List<BatchStopJobRunSuccessfulSubmission> stopped = new ArrayList<>();
    List<BatchStopJobRunError> errors = new ArrayList<>();
    for (String id : request.jobRunIds()) {
      JobRunRecord run = jobRuns.getOrDefault(job.name(), List.of()).stream().filter(r -> r.id.equals(id))
          .findFirst().orElse(null);
      if (run == null) {
        errors.add(stopError(job.name(), id, "EntityNotFoundException", "Job run " + id + " not found"));
        continue;
      }
      JobRunState state = view(run).jobRunState();
      if (state != JobRunState.STARTING && state != JobRunState.RUNNING && state != JobRunState.WAITING) {
        errors.add(stopError(job.name(), id, "InvalidInputException", "Job run " + id + " is " + state));
        continue;
      }
      run.stopRequestedAt = now();
      stopped.add(BatchStopJobRunSuccessfulSubmission.builder().jobName(job.name()).jobRunId(id).build());
    }
    return BatchStopJobRunResponse.builder().successfulSubmissions(stopped).errors(errors).build();
  }

  private static BatchStopJobRunError stopError(String job, String id, String code, String message) {
    return BatchStopJobRunError.builder().jobName(job).jobRunId(id)
        .errorDetail(ErrorDetail.builder().errorCode(code).errorMessage(message).build()).build();
  }

  private Job job(String name) {
    checkName("JobName", name);
    Job job = jobs.get(name);
    if (job == null) {
      throw error(EntityNotFoundException.builder(), 400, "EntityNotFoundException", "Job " + name + " not found");
    }
    return job;
  }

  private JobRunRecord jobRun(String jobName, String id) {
    Job job = job(jobName);
    checkName("RunId", id);
    return jobRuns.getOrDefault(job.name(), List.of()).stream().filter(run -> run.id.equals(id)).findFirst()
        .orElseThrow(() -> error(EntityNotFoundException.builder(), 400, "EntityNotFoundException",
            "Job run " + id + " not found"));
  }

  private static int offset(String token) {
    if (token == null) {
      return 0;
    }
    try {
      return Integer.parseInt(token.substring("page-".length()));
    } catch (RuntimeException e) {
      throw error(InvalidInputException.builder(), 400, "InvalidInputException", "Invalid NextToken");
    }
  }

  private JobRun view(JobRunRecord run) {
    Instant now = now();
    GlueJobScript script = run.script;
    Instant running = run.startedOn.plus(script.startingFor());
    Instant scriptedEnd = running.plus(script.runFor());
    Instant stopAt = run.stopRequestedAt;
    if (stopAt == null && script.end() == GlueJobScript.End.STOPPED) {
      stopAt = scriptedEnd;
    }
    JobRunState state;
    Instant completedOn = null;
    String errorMessage = null;
    if (stopAt != null && !now.isBefore(stopAt)) {
      Instant stoppedAt = stopAt.plus(stopDelay());
      state = now.isBefore(stoppedAt) ? JobRunState.STOPPING : JobRunState.STOPPED;
      completedOn = now.isBefore(stoppedAt) ? null : stoppedAt;
    } else if (now.isBefore(running)) {
      state = JobRunState.STARTING;
    } else if (script.end() == GlueJobScript.End.NONE || script.end() == GlueJobScript.End.STOPPED
        || now.isBefore(scriptedEnd)) {
      state = JobRunState.RUNNING;
    } else {
      completedOn = scriptedEnd;
      state = switch (script.end()) {
        case SUCCEEDED -> JobRunState.SUCCEEDED;
        case FAILED -> JobRunState.FAILED;
        case ERROR -> JobRunState.ERROR;
        default -> JobRunState.TIMEOUT;
      };
      errorMessage = state == JobRunState.SUCCEEDED ? null : script.errorMessage();
    }
    StartJobRunRequest request = run.request;
    return JobRun.builder()
        .id(run.id)
        .attempt(0)
        .previousRunId(run.previousRunId)
        .jobName(run.job.name())
        .startedOn(run.startedOn)
        .lastModifiedOn(completedOn == null ? now : completedOn)
        .completedOn(completedOn)
        .jobRunState(state)
        .arguments(run.arguments)
        .errorMessage(errorMessage)
        .timeout(request.timeout())
        .workerType(request.workerTypeAsString())
        .numberOfWorkers(request.numberOfWorkers())
        .executionClass(request.executionClassAsString())
        .securityConfiguration(request.securityConfiguration())
        .notificationProperty(request.notificationProperty())
        .jobRunQueuingEnabled(request.jobRunQueuingEnabled())
        .executionTime(completedOn == null ? null : (int) Duration.between(run.startedOn, completedOn).toSeconds())
        .build();
  }

  // ---- ContractScripting of the jobs ----

  /**
   * The contract suite's scene for the {@code gluejob} backend over this fake: its workflows are jobs.
   *
   * @return the scripting, sharing this fake's state, faults and request count
   */
  public ContractScripting jobScripting() {
    FakeGlueClient fake = this;
    return new ContractScripting() {
      @Override
      public WorkflowTarget createWorkflow(Outcome outcome, Duration runFor) {
        String name = "contract-job-" + nextContractWorkflow();
        addJob(name, null, switch (outcome) {
          case SUCCEED -> GlueJobScript.succeedsAfter(runFor);
          case FAIL -> GlueJobScript.failsAfter(runFor, "IllegalArgumentException: bad input");
          case STOPPED -> GlueJobScript.endsAfter(runFor, GlueJobScript.End.STOPPED, "");
          case RUN_UNTIL_STOPPED -> GlueJobScript.runsUntilStopped();
        });
        return WorkflowTarget.of("gluejob", name);
      }

      @Override
      public WorkflowTarget missingWorkflow() {
        return WorkflowTarget.of("gluejob", "no-such-job");
      }

      @Override
      public RunHandle missingRun(WorkflowTarget workflow) {
        return RunHandle.of("gluejob", workflow.part(0), "jr_" + "0".repeat(64));
      }

      @Override
      public List<InvalidStart> invalidStarts(WorkflowTarget workflow) {
        return List.of(
            new InvalidStart(StartRunRequest.builder(workflow).input("{}").build(), "input"),
            new InvalidStart(StartRunRequest.builder(WorkflowTarget.of("gluejob", "j".repeat(256))).build(), "jobName"),
            new InvalidStart(StartRunRequest.builder(WorkflowTarget.of("gluejob", "bad\u0001name")).build(), "jobName"),
            new InvalidStart(StartRunRequest.builder(workflow).parameter("date", "v").build(), "parameters"),
            new InvalidStart(StartRunRequest.builder(workflow).parameter("--line\nbreak", "v").build(), "parameters"),
            new InvalidStart(StartRunRequest.builder(workflow).parameter("--wflaunch-idempotency-key", "v").build(),
                "parameters"),
            foreignOptions(workflow));
      }

      @Override
      public int requestCount() {
        return fake.requestCount();
      }

      @Override
      public int runCount(WorkflowTarget workflow) {
        synchronized (fake) {
          return jobRuns.getOrDefault(workflow.part(0), List.of()).size();
        }
      }

      @Override
      public void throttleNext(int calls) {
        fake.throttleNext(calls);
      }

      @Override
      public void loseNextStartResponses(int calls) {
        fake.loseNextStartResponses(calls);
      }

      @Override
      public void lagListings(int reads) {
        fake.lagListings(reads);
      }
    };
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
