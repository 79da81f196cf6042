package io.wflaunch.testkit.codecatalyst;

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
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystAsyncClient;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClient;
import software.amazon.awssdk.services.codecatalyst.model.AccessDeniedException;
import software.amazon.awssdk.services.codecatalyst.model.CodeCatalystException;
import software.amazon.awssdk.services.codecatalyst.model.GetWorkflowRunRequest;
import software.amazon.awssdk.services.codecatalyst.model.GetWorkflowRunResponse;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowRunsRequest;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowRunsResponse;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowsRequest;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowsResponse;
import software.amazon.awssdk.services.codecatalyst.model.ResourceNotFoundException;
import software.amazon.awssdk.services.codecatalyst.model.StartWorkflowRunRequest;
import software.amazon.awssdk.services.codecatalyst.model.StartWorkflowRunResponse;
import software.amazon.awssdk.services.codecatalyst.model.ThrottlingException;
import software.amazon.awssdk.services.codecatalyst.model.ValidationException;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunStatus;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunSummary;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowSummary;

/**
 * An in-memory Amazon CodeCatalyst for tests: a {@link CodeCatalystClient} that keeps spaces, projects,
 * workflows and their runs on an injectable clock.
 *
 * <ul>
 *   <li>{@link #addWorkflow} creates the space and project as needed and gives the workflow a UUID, a
 *       name, a source repository and branch, and a {@link CodeCatalystRunScript}.
 *   <li>StartWorkflowRun honours client tokens: the same token for the same workflow answers the run it
 *       started first.
 *   <li>GetWorkflowRun reports the scripted status at the current time; ListWorkflowRuns (newest first,
 *       at most 50 per page) and ListWorkflows (at most 100 per page) page with a token.
 *   <li>Names, ids, tokens and page sizes are checked as the service model says
 *       ({@link ValidationException}, HTTP 400); unknown spaces, projects, workflows and runs are
 *       {@link ResourceNotFoundException} (HTTP 404).
 *   <li>{@link #faults()} throttles (HTTP 429), fails (HTTP 500) or creates the next runs and loses the
 *       response.
 *   <li>A listing lag models an eventually consistent run listing: with {@link #listingLag(int)} a new
 *       run is left out of the next ListWorkflowRuns calls that would list it (same space and project, no
 *       workflowId or its own; any page) until that many have left it out; with
 *       {@link #listingLag(Duration)} it is left out until that long after its start on the fake's clock.
 *       With both, both must have passed. GetWorkflowRun and the client-token check of StartWorkflowRun
 *       see it at once. The lag applies to runs started after it is set.
 * </ul>
 *
 * <p>It implements {@link ContractScripting}. Other operations throw {@link UnsupportedOperationException}.
 * Safe for use by several threads at once; {@link #asyncClient()} gives the async form over the same
 * state.
 */
public final class FakeCodeCatalystClient extends FakeService<FakeCodeCatalystClient> implements CodeCatalystClient {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*");
  private static final Pattern UUID_PATTERN =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final String CONTRACT_SPACE = "contract-space";
  private static final String CONTRACT_PROJECT = "contract-project";

  private final Map<String, List<Workflow>> workflowsByProject = new LinkedHashMap<>();
  private final List<Run> runs = new ArrayList<>();
  private final Map<String, Run> runsByToken = new HashMap<>();

  private FakeCodeCatalystClient(Clock clock) {
    super(clock, SERVICE_NAME, Duration.ZERO); // runs are not stopped through the API: no stop delay
  }

  /**
   * A fake on the system clock.
   *
   * @return the fake
   */
  public static FakeCodeCatalystClient create() {
    return create(Clock.systemUTC());
  }

  /**
   * A fake on the given clock.
   *
   * @param clock the clock runs unfold on
   * @return the fake
   */
  public static FakeCodeCatalystClient create(Clock clock) {
    return new FakeCodeCatalystClient(clock);
  }

  private record Workflow(String space, String project, String id, String name, String repository, String branch,
      Instant createdTime, CodeCatalystRunScript script) {}

  private static final class Run {
    private final Workflow workflow;
    private final String id;
    private final Instant start;
    private final Lag listingLag;

    Run(Workflow workflow, String id, Instant start, Lag listingLag) {
      this.workflow = workflow;
      this.id = id;
      this.start = start;
      this.listingLag = listingLag;
    }

    Workflow workflow() {
      return workflow;
    }

    String id() {
      return id;
    }

    Instant start() {
      return start;
    }
  }

  /**
   * Adds a workflow in repository {@code repo}, branch {@code main}.
   *
   * @param space the space (created if new)
   * @param project the project (created if new)
   * @param name the workflow's name
   * @param script how its runs unfold
   * @return the workflow's id
   */
  public String addWorkflow(String space, String project, String name, CodeCatalystRunScript script) {
    return addWorkflow(space, project, name, "repo", "main", script);
  }

  /**
   * Adds a workflow.
   *
   * @param space the space (created if new)
   * @param project the project (created if new)
   * @param name the workflow's name; names may repeat across repositories and branches
   * @param repository its source repository
   * @param branch its branch
   * @param script how its runs unfold
   * @return the workflow's id
   */
  public String addWorkflow(String space, String project, String name, String repository, String branch,
      CodeCatalystRunScript script) {
    return addWorkflow(space, project, UUID.randomUUID().toString(), name, repository, branch, script);
  }

  /**
   * Adds a workflow with a given id.
   *
   * @param space the space (created if new)
   * @param project the project (created if new)
   * @param id the workflow's id, a UUID
   * @param name the workflow's name
   * @param repository its source repository
   * @param branch its branch
   * @param script how its runs unfold
   * @return the workflow's id
   */
  public synchronized String addWorkflow(String space, String project, String id, String name, String repository,
      String branch, CodeCatalystRunScript script) {
    checkUuid("id", id);
    workflowsByProject.computeIfAbsent(space + "/" + project, k -> new ArrayList<>())
        .add(new Workflow(space, project, id, name, repository, branch, now(), script));
    return id;
  }

  /**
   * The id of a project's workflow with a given name or id, if there is one.
   *
   * @param space the space
   * @param project the project
   * @param nameOrId the workflow's name or id
   * @return the id of the first such workflow
   */
  public synchronized Optional<String> findWorkflow(String space, String project, String nameOrId) {
    return workflowsByProject.getOrDefault(space + "/" + project, List.of()).stream()
        .filter(w -> w.id().equals(nameOrId) || w.name().equals(nameOrId))
        .map(Workflow::id)
        .findFirst();
  }

  /**
   * Adds an empty project (and its space).
   *
   * @param space the space
   * @param project the project
   * @return this fake
   */
  public synchronized FakeCodeCatalystClient addProject(String space, String project) {
    workflowsByProject.computeIfAbsent(space + "/" + project, k -> new ArrayList<>());
    return this;
  }

  /**
   * A {@code CodeCatalystAsyncClient} over this fake's state, whose calls complete before they return.
   *
   * @return the async client
   */
  public CodeCatalystAsyncClient asyncClient() {
    return AsyncFakes.of(CodeCatalystAsyncClient.class, this);
  }

  /**
   * How many runs a workflow has.
   *
   * @param workflowId the workflow's id
   * @return its run count
   */
  public synchronized int runCount(String workflowId) {
    return (int) runs.stream().filter(run -> run.workflow().id().equals(workflowId)).count();
  }

  @Override
  public synchronized StartWorkflowRunResponse startWorkflowRun(StartWorkflowRunRequest request) {
    serve();
    checkName("spaceName", request.spaceName(), 1, Integer.MAX_VALUE);
    checkName("projectName", request.projectName(), 1, Integer.MAX_VALUE);
    checkUuid("workflowId", request.workflowId());
    if (request.clientToken() != null) {
      checkName("clientToken", request.clientToken(), 1, 64);
    }
    Workflow workflow = workflow(request.spaceName(), request.projectName(), request.workflowId());
    String tokenKey = workflow.id() + "/" + request.clientToken();
    Run run = request.clientToken() == null ? null : runsByToken.get(tokenKey);
    if (run == null) {
      Instant now = now();
      run = new Run(workflow, UUID.randomUUID().toString(), now, listingLagFrom(now));
      runs.add(run);
      if (request.clientToken() != null) {
        runsByToken.put(tokenKey, run);
      }
      loseStartResponseIfPlanned();
    }
    return StartWorkflowRunResponse.builder().spaceName(workflow.space()).projectName(workflow.project())
        .workflowId(workflow.id()).id(run.id()).build();
  }

  @Override
  public synchronized GetWorkflowRunResponse getWorkflowRun(GetWorkflowRunRequest request) {
    serve();
    checkName("spaceName", request.spaceName(), 3, 63);
    checkName("projectName", request.projectName(), 1, Integer.MAX_VALUE);
    checkUuid("id", request.id());
    project(request.spaceName(), request.projectName());
    Run run = runs.stream()
        .filter(r -> r.id().equals(request.id()) && r.workflow().space().equals(request.spaceName())
            && r.workflow().project().equals(request.projectName()))
        .findFirst()
        .orElseThrow(() -> notFound("Workflow run " + request.id() + " not found"));
    WorkflowRunSummary view = view(run);
    return GetWorkflowRunResponse.builder().spaceName(run.workflow().space()).projectName(run.workflow().project())
        .id(run.id()).workflowId(run.workflow().id()).status(view.status()).statusReasons(view.statusReasons())
        .startTime(view.startTime()).endTime(view.endTime()).lastUpdatedTime(view.lastUpdatedTime()).build();
  }

  @Override
  public synchronized ListWorkflowRunsResponse listWorkflowRuns(ListWorkflowRunsRequest request) {
    serve();
    checkName("spaceName", request.spaceName(), 3, 63);
    checkName("projectName", request.projectName(), 1, Integer.MAX_VALUE);
    int size = pageSize(request.maxResults(), 50);
    project(request.spaceName(), request.projectName());
    if (request.workflowId() != null) {
      checkUuid("workflowId", request.workflowId());
      workflow(request.spaceName(), request.projectName(), request.workflowId());
    }
    List<Run> matching = runs.stream()
        .filter(r -> r.workflow().space().equals(request.spaceName()) && r.workflow().project().equals(request.projectName()))
        .filter(r -> request.workflowId() == null || r.workflow().id().equals(request.workflowId()))
        .filter(this::listed)
        .sorted(Comparator.comparing(Run::start).reversed())
        .toList();
    int offset = offset(request.nextToken());
    int end = Math.min(matching.size(), offset + size);
    return ListWorkflowRunsResponse.builder()
        .items(matching.subList(Math.min(offset, end), end).stream().map(this::view).toList())
        .nextToken(end < matching.size() ? "page-" + end : null)
        .build();
  }

  @Override
  public synchronized ListWorkflowsResponse listWorkflows(ListWorkflowsRequest request) {
    serve();
    checkName("spaceName", request.spaceName(), 1, Integer.MAX_VALUE);
    checkName("projectName", request.projectName(), 3, 63);
    int size = pageSize(request.maxResults(), 100);
    List<Workflow> workflows = project(request.spaceName(), request.projectName());
    int offset = offset(request.nextToken());
    int end = Math.min(workflows.size(), offset + size);
    return ListWorkflowsResponse.builder()
        .items(workflows.subList(Math.min(offset, end), end).stream()
            .map(w -> WorkflowSummary.builder().id(w.id()).name(w.name()).sourceRepositoryName(w.repository())
                .sourceBranchName(w.branch()).createdTime(w.createdTime()).lastUpdatedTime(w.createdTime())
                .status("ACTIVE").runMode("QUEUED").build())
            .toList())
        .nextToken(end < workflows.size() ? "page-" + end : null)
        .build();
  }

  // ---- ContractScripting ----

  @Override
  public synchronized WorkflowTarget createWorkflow(Outcome outcome, Duration runFor) {
    int number = nextContractWorkflow();
    String name = "contract-workflow-" + number;
    String id = addWorkflow(CONTRACT_SPACE, CONTRACT_PROJECT, name, switch (outcome) {
      case SUCCEED -> CodeCatalystRunScript.endsAfter(runFor, WorkflowRunStatus.SUCCEEDED);
      case FAIL -> CodeCatalystRunScript.endsAfter(runFor, WorkflowRunStatus.FAILED);
      case STOPPED -> CodeCatalystRunScript.stoppedAfter(runFor);
      case RUN_UNTIL_STOPPED -> CodeCatalystRunScript.runsForever();
    });
    return WorkflowTarget.of("codecatalyst", CONTRACT_SPACE, CONTRACT_PROJECT, number % 2 == 0 ? id : name);
  }

  @Override
  public synchronized WorkflowTarget missingWorkflow() {
    addProject(CONTRACT_SPACE, CONTRACT_PROJECT);
    return WorkflowTarget.of("codecatalyst", CONTRACT_SPACE, CONTRACT_PROJECT, UUID.randomUUID().toString());
  }

  @Override
  public synchronized RunHandle missingRun(WorkflowTarget workflow) {
    String workflowId = project(workflow.part(0), workflow.part(1)).get(0).id();
    return RunHandle.of("codecatalyst", workflow.part(0), workflow.part(1), workflowId, UUID.randomUUID().toString());
  }

  @Override
  public List<InvalidStart> invalidStarts(WorkflowTarget workflow) {
    return List.of(
        new InvalidStart(StartRunRequest.builder(workflow).input("{}").build(), "input"),
        new InvalidStart(StartRunRequest.builder(workflow).parameter("a", "b").build(), "parameters"),
        new InvalidStart(StartRunRequest.builder(WorkflowTarget.of("codecatalyst", "ab", workflow.part(1),
            workflow.part(2))).build(), "space"),
        new InvalidStart(StartRunRequest.builder(WorkflowTarget.of("codecatalyst", workflow.part(0), "bad project",
            workflow.part(2))).build(), "project"),
        foreignOptions(workflow));
  }

  @Override
  public synchronized int runCount(WorkflowTarget workflow) {
    return (int) runs.stream()
        .filter(run -> run.workflow().space().equals(workflow.part(0)) && run.workflow().project().equals(workflow.part(1))
            && (run.workflow().id().equals(workflow.part(2)) || run.workflow().name().equals(workflow.part(2))))
        .count();
  }

  // ---- inside ----

  @Override
  protected AwsServiceException throttlingError() {
    return error(ThrottlingException.builder(), 429, "ThrottlingException", "Rate exceeded");
  }

  @Override
  protected AwsServiceException serverError() {
    return error(CodeCatalystException.builder(), 500, "InternalServerException", "internal failure");
  }

  @Override
  protected AwsServiceException accessDenied() {
    return error(AccessDeniedException.builder(), 403, "AccessDeniedException",
        "You do not have sufficient access to perform this action");
  }

  /** Whether a listing shows the run now; a listing that leaves it out counts toward its listing lag. */
  private boolean listed(Run run) {
    return !run.listingLag.misses(now());
  }

  private WorkflowRunSummary view(Run run) {
    CodeCatalystRunScript script = run.workflow().script();
    Instant now = now();
    WorkflowRunStatus status = script.statusAt(Duration.between(run.start(), now));
    Optional<Instant> end = script.endsAfter().map(run.start()::plus).filter(at -> !at.isAfter(now));
    return WorkflowRunSummary.builder()
        .id(run.id())
        .workflowId(run.workflow().id())
        .workflowName(run.workflow().name())
        .status(status)
        .statusReasons(List.of())
        .startTime(run.start())
        .endTime(end.orElse(null))
        .lastUpdatedTime(end.orElse(now))
        .build();
  }

  private List<Workflow> project(String space, String project) {
    List<Workflow> workflows = workflowsByProject.get(space + "/" + project);
    if (workflows == null) {
      throw notFound("Project " + project + " in space " + space + " not found");
    }
    return workflows;
  }

  private Workflow workflow(String space, String project, String workflowId) {
    return project(space, project).stream().filter(w -> w.id().equals(workflowId)).findFirst()
        .orElseThrow(() -> notFound("Workflow " + workflowId + " not found"));
  }

  private static int pageSize(Integer maxResults, int max) {
    int size = maxResults == null ? max : maxResults;
    if (size < 1 || size > max) {
      throw validation("maxResults must be between 1 and " + max + ", found " + size);
    }
    return size;
  }

  private static int offset(String token) {
    if (token == null) {
      return 0;
    }
    try {
      return Integer.parseInt(token.substring("page-".length()));
    } catch (RuntimeException e) {
      throw validation("invalid nextToken");
    }
  }

  private static void checkName(String field, String value, int min, int max) {
    if (value == null || value.length() < min || value.length() > max || !NAME.matcher(value).matches()) {
      throw validation(field + " must match [a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*"
          + (max < Integer.MAX_VALUE ? " with " + min + " to " + max + " characters" : ""));
    }
  }

  private static void checkUuid(String field, String value) {
    if (value == null || !UUID_PATTERN.matcher(value).matches()) {
      throw validation(field + " must be a UUID");
    }
  }

  private static AwsServiceException notFound(String message) {
    return error(ResourceNotFoundException.builder(), 404, "ResourceNotFoundException", message);
  }

  private static AwsServiceException validation(String message) {
    return error(ValidationException.builder(), 400, "ValidationException", message);
  }

  private static AwsServiceException error(AwsServiceException.Builder builder, int status, String code, String message) {
    return awsError("CodeCatalyst", builder, status, code, message);
  }
}
