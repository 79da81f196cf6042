package io.wflaunch.testkit.swf;

import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.AsyncFakes;
import io.wflaunch.testkit.ContractScripting;
import io.wflaunch.testkit.FakeService;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.DefaultUndefinedException;
import software.amazon.awssdk.services.swf.model.DeprecateWorkflowTypeRequest;
import software.amazon.awssdk.services.swf.model.DeprecateWorkflowTypeResponse;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.DomainAlreadyExistsException;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.ExecutionStatus;
import software.amazon.awssdk.services.swf.model.ExecutionTimeFilter;
import software.amazon.awssdk.services.swf.model.GetWorkflowExecutionHistoryRequest;
import software.amazon.awssdk.services.swf.model.GetWorkflowExecutionHistoryResponse;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.ListClosedWorkflowExecutionsRequest;
import software.amazon.awssdk.services.swf.model.ListClosedWorkflowExecutionsResponse;
import software.amazon.awssdk.services.swf.model.ListOpenWorkflowExecutionsRequest;
import software.amazon.awssdk.services.swf.model.ListOpenWorkflowExecutionsResponse;
import software.amazon.awssdk.services.swf.model.OperationNotPermittedException;
import software.amazon.awssdk.services.swf.model.RegisterDomainRequest;
import software.amazon.awssdk.services.swf.model.RegisterDomainResponse;
import software.amazon.awssdk.services.swf.model.RegisterWorkflowTypeRequest;
import software.amazon.awssdk.services.swf.model.RegisterWorkflowTypeResponse;
import software.amazon.awssdk.services.swf.model.RequestCancelWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.RequestCancelWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.StartWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.StartWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.SwfException;
import software.amazon.awssdk.services.swf.model.TerminateWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.TerminateWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.TypeAlreadyExistsException;
import software.amazon.awssdk.services.swf.model.TypeDeprecatedException;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionAlreadyStartedException;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionConfiguration;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionOpenCounts;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionStartedEventAttributes;
import software.amazon.awssdk.services.swf.model.WorkflowType;

/**
 * An in-memory Amazon SWF for tests: an {@link SwfClient} that keeps domains, workflow types and
 * executions on an injectable clock and answers the calls wflaunch (and a test's setup) makes the way
 * SWF does.
 *
 * <ul>
 *   <li>Domains and workflow types come from RegisterDomain / RegisterWorkflowType (with their
 *       defaults) or from {@link #addWorkflowType}, which also gives the type a {@link SwfRunScript};
 *       types can be deprecated.
 *   <li>StartWorkflowExecution applies the type's defaults, refuses a missing one with
 *       {@link DefaultUndefinedException}, a deprecated type with {@link TypeDeprecatedException}, and a
 *       workflowId that is already open in the domain with {@link WorkflowExecutionAlreadyStartedException}.
 *   <li>Executions close as their script says, or TIMED_OUT when their executionStartToCloseTimeout
 *       passes first; CONTINUED_AS_NEW starts a new execution of the same workflowId. RequestCancel
 *       closes an execution CANCELED after the cancel delay (as a decider honouring it would);
 *       Terminate closes it TERMINATED at once.
 *   <li>The list calls honour their time, execution, type, tag and close-status filters and page with
 *       a token, newest first.
 *   <li>Input is checked as SWF checks it (names, tags, input length, timeouts, priority) and refused
 *       with a 400 {@code ValidationException}.
 *   <li>{@link #faults()} throttles, fails with HTTP 500, or creates the next executions and loses
 *       the response.
 *   <li>A listing lag models SWF's eventually consistent visibility: with {@link #listingLag(int)} a new
 *       execution is left out of the next ListOpenWorkflowExecutions and ListClosedWorkflowExecutions
 *       calls whose filters match it (any page) until that many have left it out; with
 *       {@link #listingLag(Duration)} it is left out until that long after its start on the fake's clock.
 *       With both, both must have passed. DescribeWorkflowExecution, GetWorkflowExecutionHistory,
 *       RequestCancel, Terminate and the workflowId check of StartWorkflowExecution see it at once. The
 *       lag applies to executions started (or continued as new) after it is set.
 * </ul>
 *
 * <p>It implements {@link ContractScripting} for the wflaunch contract suite. Other operations throw
 * {@link UnsupportedOperationException}. Safe for use by several threads at once;
 * {@link #asyncClient()} gives an {@code SwfAsyncClient} over the same state.
 */
public final class FakeSwfClient extends FakeService<FakeSwfClient> implements SwfClient {

  /** How long a cancel request takes to close an execution unless {@link #cancelDelay} says otherwise. */
  public static final Duration DEFAULT_CANCEL_DELAY = Duration.ofSeconds(5);

  private static final Pattern TIMEOUT = Pattern.compile("[0-9]{1,8}");
  private static final String CONTRACT_DOMAIN = "contract";

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Boolean> domains = new LinkedHashMap<>();
  private final Map<String, Type> types = new LinkedHashMap<>();
  private final List<Execution> executions = new ArrayList<>();

  private FakeSwfClient(Clock clock) {
    super(clock, SERVICE_NAME, DEFAULT_CANCEL_DELAY);
  }

  /**
   * A fake on the system clock.
   *
   * @return the fake
   */
  public static FakeSwfClient create() {
    return create(Clock.systemUTC());
  }

  /**
   * A fake on the given clock.
   *
   * @param clock the clock executions unfold on
   * @return the fake
   */
  public static FakeSwfClient create(Clock clock) {
    return new FakeSwfClient(clock);
  }

  private static final class Type {
    final String domain;
    final String name;
    final String version;
    final Map<String, String> defaults;
    final SwfRunScript script;
    boolean deprecated;

    Type(String domain, String name, String version, Map<String, String> defaults, SwfRunScript script) {
      this.domain = domain;
      this.name = name;
      this.version = version;
      this.defaults = defaults;
      this.script = script;
    }
  }

  private static final class Execution {
    final String domain;
    final String workflowId;
    final String runId;
    final Type type;
    final Instant start;
    final SwfRunScript script;
    final Map<String, String> config;
    final String input;
    final List<String> tags;
    Instant cancelRequestedAt;
    Instant terminatedAt;
    String terminateReason;
    String terminateDetails;
    String successorRunId;
    boolean continued;
    Lag listingLag;

    Execution(String domain, String workflowId, String runId, Type type, Instant start, SwfRunScript script,
        Map<String, String> config, String input, List<String> tags) {
      this.domain = domain;
      this.workflowId = workflowId;
      this.runId = runId;
      this.type = type;
      this.start = start;
      this.script = script;
      this.config = config;
      this.input = input;
      this.tags = tags;
    }
  }

  private record Closing(CloseStatus status, Instant at) {}

  /**
   * Sets how long a cancel request takes to close an execution.
   *
   * @param cancelDelay not negative
   * @return this fake
   */
  public synchronized FakeSwfClient cancelDelay(Duration cancelDelay) {
    setStopDelay(Objects.requireNonNull(cancelDelay, "cancelDelay"));
    return this;
  }

  /**
   * Adds a domain (if it is not there yet) and a workflow type with complete defaults (task list
   * {@code default-tasks}, a one-year execution timeout, no decision task timeout, child policy
   * TERMINATE), so that starts need no options.
   *
   * @param domain the domain
   * @param name the type name
   * @param version the type version
   * @param script how its executions unfold
   * @return this fake
   */
  public synchronized FakeSwfClient addWorkflowType(String domain, String name, String version, SwfRunScript script) {
    domains.putIfAbsent(domain, false);
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("taskList", "default-tasks");
    defaults.put("executionStartToCloseTimeout", "31536000");
    defaults.put("taskStartToCloseTimeout", "NONE");
    defaults.put("childPolicy", "TERMINATE");
    types.put(typeKey(domain, name, version), new Type(domain, name, version, defaults, script));
    return this;
  }

  /**
   * Whether a workflow type exists.
   *
   * @param domain the domain
   * @param name the type name
   * @param version the type version
   * @return true when it was registered or added
   */
  public synchronized boolean hasWorkflowType(String domain, String name, String version) {
    return types.containsKey(typeKey(domain, name, version));
  }

  /**
   * An {@code SwfAsyncClient} over this fake's state, whose calls complete before they return.
   *
   * @return the async client
   */
  public SwfAsyncClient asyncClient() {
    return AsyncFakes.of(SwfAsyncClient.class, this);
  }

  /**
   * Every execution of a domain as SWF would describe it now, oldest first.
   *
   * @param domain the domain
   * @return the executions
   */
  public synchronized List<WorkflowExecutionInfo> executionsOf(String domain) {
    settle();
    return executions.stream().filter(e -> e.domain.equals(domain)).map(this::info).toList();
  }

  @Override
  public synchronized RegisterDomainResponse registerDomain(RegisterDomainRequest request) {
    serve();
    checkName("name", request.name(), 256);
    if (domains.containsKey(request.name())) {
      throw error(DomainAlreadyExistsException.builder(), 400, "DomainAlreadyExistsFault", request.name());
    }
    domains.put(request.name(), false);
    return RegisterDomainResponse.builder().build();
  }

  @Override
  public synchronized RegisterWorkflowTypeResponse registerWorkflowType(RegisterWorkflowTypeRequest request) {
    serve();
    domain(request.domain());
    checkName("name", request.name(), 256);
    checkName("version", request.version(), 64);
    String key = typeKey(request.domain(), request.name(), request.version());
    if (types.containsKey(key)) {
      throw error(TypeAlreadyExistsException.builder(), 400, "TypeAlreadyExistsFault", key);
    }
    Map<String, String> defaults = new LinkedHashMap<>();
    if (request.defaultTaskList() != null) {
      defaults.put("taskList", request.defaultTaskList().name());
    }
    putIfSet(defaults, "executionStartToCloseTimeout", request.defaultExecutionStartToCloseTimeout());
    putIfSet(defaults, "taskStartToCloseTimeout", request.defaultTaskStartToCloseTimeout());
    putIfSet(defaults, "childPolicy", request.defaultChildPolicyAsString());
    putIfSet(defaults, "taskPriority", request.defaultTaskPriority());
    putIfSet(defaults, "lambdaRole", request.defaultLambdaRole());
    types.put(key, new Type(request.domain(), request.name(), request.version(), defaults, SwfRunScript.staysOpen()));
    return RegisterWorkflowTypeResponse.builder().build();
  }

  @Override
  public synchronized DeprecateWorkflowTypeResponse deprecateWorkflowType(DeprecateWorkflowTypeRequest request) {
    serve();
    type(request.domain(), request.workflowType()).deprecated = true;
    return DeprecateWorkflowTypeResponse.builder().build();
  }

  @Override
  public synchronized StartWorkflowExecutionResponse startWorkflowExecution(StartWorkflowExecutionRequest request) {
    serve();
    settle();
    domain(request.domain());
    checkName("workflowId", request.workflowId(), 256);
    Type type = type(request.domain(), request.workflowType());
    if (type.deprecated) {
      throw error(TypeDeprecatedException.builder(), 400, "TypeDeprecatedFault",
          "WorkflowType=[name=" + type.name + ", version=" + type.version + "]");
    }
    Map<String, String> config = new LinkedHashMap<>(type.defaults);
    if (request.taskList() != null) {
      checkName("taskList.name", request.taskList().name(), 256);
      config.put("taskList", request.taskList().name());
    }
    if (request.taskPriority() != null) {
      try {
        Integer.parseInt(request.taskPriority());
      } catch (NumberFormatException e) {
        throw validation("taskPriority must be an integer, found " + request.taskPriority());
      }
      config.put("taskPriority", request.taskPriority());
    }
    if (request.executionStartToCloseTimeout() != null) {
      checkTimeout("executionStartToCloseTimeout", request.executionStartToCloseTimeout(), false);
      config.put("executionStartToCloseTimeout", request.executionStartToCloseTimeout());
    }
    if (request.taskStartToCloseTimeout() != null) {
      checkTimeout("taskStartToCloseTimeout", request.taskStartToCloseTimeout(), true);
      config.put("taskStartToCloseTimeout", request.taskStartToCloseTimeout());
    }
    if (request.childPolicy() != null) {
      if (request.childPolicy() == ChildPolicy.UNKNOWN_TO_SDK_VERSION) {
        throw validation("childPolicy must be TERMINATE, REQUEST_CANCEL or ABANDON");
      }
      config.put("childPolicy", request.childPolicyAsString());
    }
    putIfSet(config, "lambdaRole", request.lambdaRole());
    for (String required : List.of("executionStartToCloseTimeout", "taskList", "taskStartToCloseTimeout", "childPolicy")) {
      if (!config.containsKey(required)) {
        throw error(DefaultUndefinedException.builder(), 400, "DefaultUndefinedFault", required);
      }
    }
    List<String> tags = request.hasTagList() ? List.copyOf(request.tagList()) : List.of();
    if (tags.size() > 5 || tags.stream().anyMatch(tag -> tag.length() > 256)) {
      throw validation("tagList must hold at most 5 tags of at most 256 characters");
    }
    if (request.input() != null && request.input().length() > 32_768) {
      throw validation("input must be at most 32768 characters");
    }
    if (open(request.domain(), request.workflowId()).isPresent()) {
      throw error(WorkflowExecutionAlreadyStartedException.builder(), 400, "WorkflowExecutionAlreadyStartedFault",
          "Already Started");
    }
    Execution execution = new Execution(request.domain(), request.workflowId(), newRunId(), type, now(),
        type.script, config, request.input(), tags);
    add(execution);
    loseStartResponseIfPlanned();
    return StartWorkflowExecutionResponse.builder().runId(execution.runId).build();
  }

  @Override
  public synchronized DescribeWorkflowExecutionResponse describeWorkflowExecution(DescribeWorkflowExecutionRequest request) {
    serve();
    settle();
    domain(request.domain());
    Execution execution = find(request.domain(), request.execution().workflowId(), request.execution().runId());
    boolean isOpen = closing(execution).isEmpty();
    return DescribeWorkflowExecutionResponse.builder()
        .executionInfo(info(execution))
        .executionConfiguration(WorkflowExecutionConfiguration.builder()
            .taskList(list -> list.name(execution.config.get("taskList")))
            .taskPriority(execution.config.get("taskPriority"))
            .executionStartToCloseTimeout(execution.config.get("executionStartToCloseTimeout"))
            .taskStartToCloseTimeout(execution.config.get("taskStartToCloseTimeout"))
            .childPolicy(execution.config.get("childPolicy"))
            .lambdaRole(execution.config.get("lambdaRole"))
            .build())
        .openCounts(WorkflowExecutionOpenCounts.builder().openDecisionTasks(isOpen ? 1 : 0).openActivityTasks(0)
            .openTimers(0).openChildWorkflowExecutions(0).openLambdaFunctions(0).build())
        .build();
  }

  /**
   * The started event and, once the execution closed, its close event (with the failure reason, the
   * termination's reason, details and cause, and so on). {@code reverseOrder} and
   * {@code maximumPageSize} are honoured; there is never a second page.
   */
  @Override
  public synchronized GetWorkflowExecutionHistoryResponse getWorkflowExecutionHistory(
      GetWorkflowExecutionHistoryRequest request) {
    serve();
    settle();
    Execution execution = find(request.domain(), request.execution().workflowId(), request.execution().runId());
    List<HistoryEvent> events = new ArrayList<>();
    events.add(HistoryEvent.builder().eventId(1L).eventTimestamp(execution.start)
        .eventType(EventType.WORKFLOW_EXECUTION_STARTED)
        .workflowExecutionStartedEventAttributes(WorkflowExecutionStartedEventAttributes.builder()
            .input(execution.input)
            .executionStartToCloseTimeout(execution.config.get("executionStartToCloseTimeout"))
            .taskStartToCloseTimeout(execution.config.get("taskStartToCloseTimeout"))
            .childPolicy(execution.config.get("childPolicy"))
            .taskList(list -> list.name(execution.config.get("taskList")))
            .taskPriority(execution.config.get("taskPriority"))
            .lambdaRole(execution.config.get("lambdaRole"))
            .tagList(execution.tags)
            .workflowType(typeOf(execution))
            .build())
        .build());
    closing(execution).ifPresent(closed -> events.add(closeEvent(execution, closed)));
    if (Boolean.TRUE.equals(request.reverseOrder())) {
      java.util.Collections.reverse(events);
    }
    int size = request.maximumPageSize() == null || request.maximumPageSize() == 0 ? 1000 : request.maximumPageSize();
    return GetWorkflowExecutionHistoryResponse.builder().events(events.subList(0, Math.min(size, events.size()))).build();
  }

  private HistoryEvent closeEvent(Execution e, Closing closed) {
    HistoryEvent.Builder event = HistoryEvent.builder().eventId(2L).eventTimestamp(closed.at());
    switch (closed.status()) {
      case COMPLETED -> event.eventType(EventType.WORKFLOW_EXECUTION_COMPLETED)
          .workflowExecutionCompletedEventAttributes(a -> a.decisionTaskCompletedEventId(1L));
      case FAILED -> event.eventType(EventType.WORKFLOW_EXECUTION_FAILED)
          .workflowExecutionFailedEventAttributes(a -> a.reason(e.script.reason()).decisionTaskCompletedEventId(1L));
      case CANCELED -> event.eventType(EventType.WORKFLOW_EXECUTION_CANCELED)
          .workflowExecutionCanceledEventAttributes(a -> a.details(e.cancelRequestedAt != null
              ? "cancel requested" : e.script.reason()).decisionTaskCompletedEventId(1L));
      case TERMINATED -> event.eventType(EventType.WORKFLOW_EXECUTION_TERMINATED)
          .workflowExecutionTerminatedEventAttributes(a -> a.reason(e.terminateReason).details(e.terminateDetails)
              .childPolicy(e.config.get("childPolicy")).cause("OPERATOR_INITIATED"));
      case TIMED_OUT -> event.eventType(EventType.WORKFLOW_EXECUTION_TIMED_OUT)
          .workflowExecutionTimedOutEventAttributes(a -> a.timeoutType("START_TO_CLOSE")
              .childPolicy(e.config.get("childPolicy")));
      default -> event.eventType(EventType.WORKFLOW_EXECUTION_CONTINUED_AS_NEW)
          .workflowExecutionContinuedAsNewEventAttributes(a -> a.newExecutionRunId(e.successorRunId)
              .decisionTaskCompletedEventId(1L));
    }
    return event.build();
  }

  @Override
  public synchronized ListOpenWorkflowExecutionsResponse listOpenWorkflowExecutions(ListOpenWorkflowExecutionsRequest request) {
    serve();
    settle();
    domain(request.domain());
    if (request.startTimeFilter() == null || request.startTimeFilter().oldestDate() == null) {
      throw validation("startTimeFilter.oldestDate is required");
    }
    exclusive(request.executionFilter(), request.typeFilter(), request.tagFilter());
    Predicate<Execution> matches = e -> closing(e).isEmpty()
        && within(request.startTimeFilter(), e.start)
        && (request.executionFilter() == null || e.workflowId.equals(request.executionFilter().workflowId()))
        && (request.typeFilter() == null || ofType(e, request.typeFilter().name(), request.typeFilter().version()))
        && (request.tagFilter() == null || e.tags.contains(request.tagFilter().tag()));
    Page page = page(matches, Comparator.comparing(e -> e.start), request.reverseOrder(), request.maximumPageSize(),
        request.nextPageToken());
    return ListOpenWorkflowExecutionsResponse.builder().executionInfos(page.infos).nextPageToken(page.next).build();
  }

  @Override
  public synchronized ListClosedWorkflowExecutionsResponse listClosedWorkflowExecutions(
      ListClosedWorkflowExecutionsRequest request) {
    serve();
    settle();
    domain(request.domain());
    if ((request.startTimeFilter() == null) == (request.closeTimeFilter() == null)) {
      throw validation("give exactly one of startTimeFilter and closeTimeFilter");
    }
    exclusive(request.executionFilter(), request.typeFilter(), request.tagFilter(), request.closeStatusFilter());
    Predicate<Execution> matches = e -> closing(e).isPresent()
        && (request.startTimeFilter() == null || within(request.startTimeFilter(), e.start))
        && (request.closeTimeFilter() == null || within(request.closeTimeFilter(), closing(e).get().at()))
        && (request.executionFilter() == null || e.workflowId.equals(request.executionFilter().workflowId()))
        && (request.typeFilter() == null || ofType(e, request.typeFilter().name(), request.typeFilter().version()))
        && (request.tagFilter() == null || e.tags.contains(request.tagFilter().tag()))
        && (request.closeStatusFilter() == null || closing(e).get().status() == request.closeStatusFilter().status());
    Comparator<Execution> order = request.closeTimeFilter() != null
        ? Comparator.comparing(e -> closing(e).get().at())
        : Comparator.comparing(e -> e.start);
    Page page = page(matches, order, request.reverseOrder(), request.maximumPageSize(), request.nextPageToken());
    return ListClosedWorkflowExecutionsResponse.builder().executionInfos(page.infos).nextPageToken(page.next).build();
  }

  @Override
  public synchronized RequestCancelWorkflowExecutionResponse requestCancelWorkflowExecution(
      RequestCancelWorkflowExecutionRequest request) {
    serve();
    settle();
    Execution execution = openForSignal(request.domain(), request.workflowId(), request.runId());
    if (execution.cancelRequestedAt == null) {
      execution.cancelRequestedAt = now();
    }
    return RequestCancelWorkflowExecutionResponse.builder().build();
  }

  @Override
  public synchronized TerminateWorkflowExecutionResponse terminateWorkflowExecution(
      TerminateWorkflowExecutionRequest request) {
    serve();
    settle();
    Execution execution = openForSignal(request.domain(), request.workflowId(), request.runId());
    if (request.reason() != null && request.reason().length() > 256) {
      throw validation("reason must be at most 256 characters");
    }
    execution.terminatedAt = now();
    execution.terminateReason = request.reason();
    execution.terminateDetails = request.details();
    return TerminateWorkflowExecutionResponse.builder().build();
  }

  // ---- ContractScripting ----

  @Override
  public synchronized WorkflowTarget createWorkflow(Outcome outcome, Duration runFor) {
    String name = "Contract-" + nextContractWorkflow();
    addWorkflowType(CONTRACT_DOMAIN, name, "1", switch (outcome) {
      case SUCCEED -> SwfRunScript.completesAfter(runFor);
      case FAIL -> SwfRunScript.failsAfter(runFor, "scripted failure");
      case STOPPED -> SwfRunScript.cancelledAfter(runFor);
      case RUN_UNTIL_STOPPED -> SwfRunScript.staysOpen();
    });
    return WorkflowTarget.of("swf", CONTRACT_DOMAIN, name, "1");
  }

  @Override
  public synchronized WorkflowTarget missingWorkflow() {
    domains.putIfAbsent(CONTRACT_DOMAIN, false);
    return WorkflowTarget.of("swf", CONTRACT_DOMAIN, "NoSuchType", "1");
  }

  @Override
  public RunHandle missingRun(WorkflowTarget workflow) {
    return RunHandle.of("swf", workflow.part(0), "no-such-execution", "22xUCiIx+YsP+7oOZSFVv4Ux8ZwXWVq7sJrYwXXA2xXY=");
  }

  @Override
  public List<InvalidStart> invalidStarts(WorkflowTarget workflow) {
    String domain = workflow.part(0);
    return List.of(
        new InvalidStart(StartRunRequest.builder(workflow).input("{}").parameter("a", "b").build(), "input"),
        new InvalidStart(StartRunRequest.builder(workflow).input("x".repeat(32_769)).build(), "input"),
        new InvalidStart(StartRunRequest.builder(workflow).parameter("big", "x".repeat(32_768)).build(), "parameters"),
        new InvalidStart(StartRunRequest.builder(WorkflowTarget.of("swf", "arn", workflow.part(1), "1")).build(), "domain"),
        new InvalidStart(StartRunRequest.builder(WorkflowTarget.of("swf", domain, "a|b", "1")).build(), "workflowTypeName"),
        new InvalidStart(StartRunRequest.builder(WorkflowTarget.of("swf", domain, workflow.part(1), "v".repeat(65))).build(),
            "workflowTypeVersion"),
        foreignOptions(workflow));
  }

  @Override
  public synchronized int runCount(WorkflowTarget workflow) {
    return (int) executions.stream()
        .filter(e -> e.domain.equals(workflow.part(0)) && ofType(e, workflow.part(1), workflow.part(2)))
        .count();
  }

  // ---- inside ----

  @Override
  protected AwsServiceException throttlingError() {
    return error(SwfException.builder(), 400, "ThrottlingException", "Rate exceeded");
  }

  @Override
  protected AwsServiceException serverError() {
    return error(SwfException.builder(), 500, "InternalFailure", "internal failure");
  }

  @Override
  protected AwsServiceException accessDenied() {
    return error(OperationNotPermittedException.builder(), 400, "OperationNotPermittedFault",
        "User is not authorized to perform this operation");
  }

  /** Starts the new executions of those that continued as new. */
  private void settle() {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Execution execution : List.copyOf(executions)) {
        Optional<Closing> closing = closing(execution);
        if (!execution.continued && closing.isPresent() && closing.get().status() == CloseStatus.CONTINUED_AS_NEW) {
          execution.continued = true;
          Execution successor = new Execution(execution.domain, execution.workflowId, newRunId(), execution.type,
              closing.get().at(), execution.script.next().orElseThrow(), execution.config, execution.input,
              execution.tags);
          execution.successorRunId = successor.runId;
          add(successor);
          changed = true;
        }
      }
    }
  }

  private void add(Execution execution) {
    execution.listingLag = listingLagFrom(execution.start);
    executions.add(execution);
  }

  /** Whether a listing shows the execution now; a listing that leaves it out counts toward its listing lag. */
  private boolean listed(Execution execution) {
    return !execution.listingLag.misses(now());
  }

  private Optional<Closing> closing(Execution e) {
    Instant now = now();
    List<Closing> candidates = new ArrayList<>();
    if (e.terminatedAt != null) {
      candidates.add(new Closing(CloseStatus.TERMINATED, e.terminatedAt));
    }
    if (e.cancelRequestedAt != null) {
      candidates.add(new Closing(CloseStatus.CANCELED, e.cancelRequestedAt.plus(stopDelay())));
    }
    String timeout = e.config.get("executionStartToCloseTimeout");
    if (timeout != null && TIMEOUT.matcher(timeout).matches()) {
      candidates.add(new Closing(CloseStatus.TIMED_OUT, e.start.plusSeconds(Long.parseLong(timeout))));
    }
    CloseStatus scripted = switch (e.script.end()) {
      case COMPLETE -> CloseStatus.COMPLETED;
      case FAIL -> CloseStatus.FAILED;
      case CANCEL -> CloseStatus.CANCELED;
      case CONTINUE_AS_NEW -> CloseStatus.CONTINUED_AS_NEW;
      case NONE -> null;
    };
    if (scripted != null) {
      candidates.add(new Closing(scripted, e.start.plus(e.script.runFor())));
    }
    return candidates.stream().filter(c -> !c.at().isAfter(now)).min(Comparator.comparing(Closing::at));
  }

  private WorkflowExecutionInfo info(Execution e) {
    Optional<Closing> closing = closing(e);
    WorkflowExecutionInfo.Builder info = WorkflowExecutionInfo.builder()
        .execution(WorkflowExecution.builder().workflowId(e.workflowId).runId(e.runId).build())
        .workflowType(typeOf(e))
        .startTimestamp(e.start)
        .executionStatus(closing.isPresent() ? ExecutionStatus.CLOSED : ExecutionStatus.OPEN)
        .tagList(e.tags)
        .cancelRequested(e.cancelRequestedAt != null);
    closing.ifPresent(c -> info.closeStatus(c.status()).closeTimestamp(c.at()));
    return info.build();
  }

  private record Page(List<WorkflowExecutionInfo> infos, String next) {}

  private Page page(Predicate<Execution> matches, Comparator<Execution> oldestFirst, Boolean reverseOrder,
      Integer maximumPageSize, String token) {
    int size = maximumPageSize == null || maximumPageSize == 0 ? 1000 : maximumPageSize;
    if (size < 0 || size > 1000) {
      throw validation("maximumPageSize must be 0 to 1000, found " + size);
    }
    Comparator<Execution> order = Boolean.TRUE.equals(reverseOrder) ? oldestFirst : oldestFirst.reversed();
    List<Execution> all = executions.stream().filter(matches).filter(this::listed).sorted(order).toList();
    int offset = 0;
    if (token != null) {
      try {
        offset = Integer.parseInt(token.substring("page-".length()));
      } catch (RuntimeException e) {
        throw validation("invalid nextPageToken");
      }
    }
    int end = Math.min(all.size(), offset + size);
    List<WorkflowExecutionInfo> infos = all.subList(Math.min(offset, end), end).stream().map(this::info).toList();
    return new Page(infos, end < all.size() ? "page-" + end : null);
  }

  private Optional<Execution> open(String domain, String workflowId) {
    return executions.stream()
        .filter(e -> e.domain.equals(domain) && e.workflowId.equals(workflowId) && closing(e).isEmpty())
        .findFirst();
  }

  private Execution find(String domain, String workflowId, String runId) {
    return executions.stream()
        .filter(e -> e.domain.equals(domain) && e.workflowId.equals(workflowId) && e.runId.equals(runId))
        .findFirst()
        .orElseThrow(() -> error(UnknownResourceException.builder(), 400, "UnknownResourceFault",
            "Unknown execution: WorkflowExecution=[workflowId=" + workflowId + ", runId=" + runId + "]"));
  }

  private Execution openForSignal(String domain, String workflowId, String runId) {
    domain(domain);
    Execution execution = runId == null
        ? open(domain, workflowId).orElse(null)
        : executions.stream()
            .filter(e -> e.domain.equals(domain) && e.workflowId.equals(workflowId) && e.runId.equals(runId))
            .filter(e -> closing(e).isEmpty())
            .findFirst().orElse(null);
    if (execution == null) {
      throw error(UnknownResourceException.builder(), 400, "UnknownResourceFault",
          "Unknown execution: WorkflowExecution=[workflowId=" + workflowId + ", runId=" + runId + "]");
    }
    return execution;
  }

  private void domain(String name) {
    checkName("domain", name, 256);
    if (!domains.containsKey(name)) {
      throw error(UnknownResourceException.builder(), 400, "UnknownResourceFault", "Unknown domain: " + name);
    }
  }

  private Type type(String domain, WorkflowType workflowType) {
    checkName("workflowType.name", workflowType.name(), 256);
    checkName("workflowType.version", workflowType.version(), 64);
    Type type = types.get(typeKey(domain, workflowType.name(), workflowType.version()));
    if (type == null) {
      throw error(UnknownResourceException.builder(), 400, "UnknownResourceFault", "Unknown type: WorkflowType=[name="
          + workflowType.name() + ", version=" + workflowType.version() + "]");
    }
    return type;
  }

  private String newRunId() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static WorkflowType typeOf(Execution e) {
    return WorkflowType.builder().name(e.type.name).version(e.type.version).build();
  }

  private static boolean ofType(Execution e, String name, String version) {
    return e.type.name.equals(name) && (version == null || e.type.version.equals(version));
  }

  private static boolean within(ExecutionTimeFilter filter, Instant instant) {
    return !instant.isBefore(filter.oldestDate()) && (filter.latestDate() == null || !instant.isAfter(filter.latestDate()));
  }

  private static void exclusive(Object... filters) {
    if (Stream.of(filters).filter(Objects::nonNull).count() > 1) {
      throw validation("executionFilter, typeFilter, tagFilter and closeStatusFilter are mutually exclusive");
    }
  }

  private static String typeKey(String domain, String name, String version) {
    return domain + "|" + name + "|" + version;
  }

  private static void putIfSet(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static void checkName(String field, String value, int maxLength) {
    boolean ok = value != null && !value.isEmpty() && value.length() <= maxLength && !value.equals("arn")
        && value.chars().noneMatch(c -> c == ':' || c == '/' || c == '|' || c <= 0x1f || (c >= 0x7f && c <= 0x9f));
    if (!ok) {
      throw validation(field + " must be 1 to " + maxLength + " characters without ':', '/', '|' or control "
          + "characters, and not 'arn'");
    }
  }

  private static void checkTimeout(String field, String value, boolean noneAllowed) {
    if (!(TIMEOUT.matcher(value).matches() || (noneAllowed && value.equals("NONE")))) {
      throw validation(field + " must be whole seconds of at most 8 digits" + (noneAllowed ? " or NONE" : ""));
    }
  }

  private static AwsServiceException validation(String message) {
    return error(SwfException.builder(), 400, "ValidationException", message);
  }

  private static AwsServiceException error(AwsServiceException.Builder builder, int status, String code, String message) {
    return awsError("SWF", builder, status, code, message);
  }
}
