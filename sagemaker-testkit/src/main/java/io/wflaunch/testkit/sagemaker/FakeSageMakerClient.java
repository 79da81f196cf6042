package io.wflaunch.testkit.sagemaker;

import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.AsyncFakes;
import io.wflaunch.testkit.FakeService;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sagemaker.SageMakerAsyncClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ConflictException;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineExecutionRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineExecutionResponse;
import software.amazon.awssdk.services.sagemaker.model.ListPipelineExecutionsRequest;
import software.amazon.awssdk.services.sagemaker.model.ListPipelineExecutionsResponse;
import software.amazon.awssdk.services.sagemaker.model.ListPipelinesRequest;
import software.amazon.awssdk.services.sagemaker.model.ListPipelinesResponse;
import software.amazon.awssdk.services.sagemaker.model.Parameter;
import software.amazon.awssdk.services.sagemaker.model.ParallelismConfiguration;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionSummary;
import software.amazon.awssdk.services.sagemaker.model.PipelineSummary;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.model.RetryPipelineExecutionRequest;
import software.amazon.awssdk.services.sagemaker.model.RetryPipelineExecutionResponse;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.SortOrder;
import software.amazon.awssdk.services.sagemaker.model.SortPipelineExecutionsBy;
import software.amazon.awssdk.services.sagemaker.model.StartPipelineExecutionRequest;
import software.amazon.awssdk.services.sagemaker.model.StartPipelineExecutionResponse;
import software.amazon.awssdk.services.sagemaker.model.StopPipelineExecutionRequest;
import software.amazon.awssdk.services.sagemaker.model.StopPipelineExecutionResponse;

/**
 * An in-memory Amazon SageMaker Pipelines for tests: a {@link SageMakerClient} that keeps pipelines and
 * their executions in region {@value #REGION}, account {@value #ACCOUNT}, on an injectable clock.
 *
 * <ul>
 *   <li>{@link #addPipeline} adds a pipeline whose executions run for a while, then succeed, fail with a
 *       reason, are stopped by someone else, or run until stopped ({@link Outcome}).
 *   <li>StartPipelineExecution honours ClientRequestToken as SageMaker documents it ("an idempotent
 *       operation completes no more than once"): a token already used answers the execution it started,
 *       whatever the other fields say. StopPipelineExecution and RetryPipelineExecution do the same per
 *       execution and token.
 *   <li>StopPipelineExecution turns an Executing execution Stopping, then Stopped after
 *       {@link #stopDelay(Duration)}; an execution in another status is refused with ConflictException.
 *   <li>RetryPipelineExecution re-runs a Failed or Stopped execution in place: Executing again from then,
 *       unfolding as its pipeline's script says (or {@link #retryOutcome}); a Succeeded, Executing or
 *       Stopping one is refused with ConflictException. LastModifiedTime moves with each change.
 *   <li>DescribePipelineExecution sees an execution at once; ListPipelineExecutions sorts (CreationTime or
 *       PipelineExecutionArn, Ascending or Descending; CreationTime Descending by default), filters
 *       CreatedAfter / CreatedBefore and pages (1 to 100 a page, 50 by default). A listing lag
 *       ({@link #listingLag(int)}, {@link #listingLag(Duration)}) leaves new executions out of it.
 *   <li>Fields are checked as the service model says ({@code ValidationException}, HTTP 400); unknown
 *       pipelines and executions are {@link ResourceNotFoundException} (HTTP 400).
 *   <li>{@link #faults()} throttles, fails, denies, or creates the next executions and loses the answer.
 *   <li>An execution id is derived from its pipeline and token, so that one token gives one ARN in every
 *       fake (SageMaker's ids are random, of the same form).
 * </ul>
 *
 * <p>It implements {@link io.wflaunch.testkit.ContractScripting}. Other operations throw
 * {@link UnsupportedOperationException}. Safe for use by several threads at once; {@link #asyncClient()}
 * gives the async form over the same state.
 */
public final class FakeSageMakerClient extends FakeService<FakeSageMakerClient> implements SageMakerClient {

  /** The fake's region. */
  public static final String REGION = "us-east-1";
  /** The fake's account. */
  public static final String ACCOUNT = "123456789012";
  /** The stop delay of a new fake. */
  public static final Duration DEFAULT_STOP_DELAY = Duration.ofSeconds(5);

  private static final Pattern PIPELINE_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}");
  private static final Pattern PIPELINE_ARN = Pattern.compile(
      "arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:pipeline/(.*)");
  private static final Pattern EXECUTION_ARN = Pattern.compile(
      "arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:pipeline/.*/execution/.*");
  private static final Pattern DISPLAY_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,81}");
  private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9\\-_]*");
  private static final String ID_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789";

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Pipeline> pipelines = new LinkedHashMap<>();
  private final List<Execution> executions = new ArrayList<>();
  private final Map<String, Execution> byArn = new HashMap<>();
  private final Map<String, Execution> byStartToken = new HashMap<>();
  private final Set<String> stopTokens = new HashSet<>();
  private final Set<String> retryTokens = new HashSet<>();

  private FakeSageMakerClient(Clock clock) {
    super(clock, SERVICE_NAME, DEFAULT_STOP_DELAY);
  }

  /**
   * A fake on the system clock.
   *
   * @return the fake
   */
  public static FakeSageMakerClient create() {
    return create(Clock.systemUTC());
  }

  /**
   * A fake on the given clock.
   *
   * @param clock the clock executions unfold on
   * @return the fake
   */
  public static FakeSageMakerClient create(Clock clock) {
    return new FakeSageMakerClient(clock);
  }

  /**
   * How an execution of a pipeline unfolds: Executing for {@code runFor}, then the outcome.
   *
   * @param outcome the outcome
   * @param runFor how long it is Executing first
   * @param failureReason the FailureReason of a failed execution
   */
  private record Script(Outcome outcome, Duration runFor, String failureReason) {}

  private static final class Pipeline {
    private final String name;
    private final String arn;
    private final Instant created;
    private Script script;
    private Script retryScript;

    Pipeline(String name, String arn, Instant created, Script script) {
      this.name = name;
      this.arn = arn;
      this.created = created;
      this.script = script;
    }
  }

  private record Attempt(Instant start, Script script) {}

  private static final class Execution {
    private final Pipeline pipeline;
    private final String arn;
    private final Instant created;
    private final StartPipelineExecutionRequest request;
    private final Lag listingLag;
    private final List<Attempt> attempts = new ArrayList<>();
    private Instant stopAt;
    private Instant stoppedAt;

    Execution(Pipeline pipeline, String arn, Instant created, StartPipelineExecutionRequest request, Lag listingLag) {
      this.pipeline = pipeline;
      this.arn = arn;
      this.created = created;
      this.request = request;
      this.listingLag = listingLag;
    }
  }

  /** What an execution looks like at one moment. */
  private record View(PipelineExecutionStatus status, Instant lastModified, String failureReason) {}

  // ---- scripting ----

  /** How a pipeline's executions end. */
  public enum Outcome {
    /** Succeeded. */
    SUCCEED,
    /** Failed, with the pipeline's failure reason. */
    FAIL,
    /** Stopped by someone else (Stopping for the stop delay, then Stopped). */
    STOPPED,
    /** Executing until stopped through the API. */
    RUN_UNTIL_STOPPED
  }

  /**
   * Adds a pipeline (or replaces the script of one) whose executions succeed after {@code runFor}.
   *
   * @param name the pipeline's name
   * @param runFor how long its executions are Executing
   * @return this fake
   */
  public FakeSageMakerClient addPipeline(String name, Duration runFor) {
    return addPipeline(name, Outcome.SUCCEED, runFor, null);
  }

  /**
   * Adds a pipeline (or replaces the script of one).
   *
   * @param name the pipeline's name
   * @param outcome how its executions end
   * @param runFor how long they are Executing before that
   * @param failureReason the FailureReason of a failed execution; a default when null
   * @return this fake
   */
  public synchronized FakeSageMakerClient addPipeline(String name, Outcome outcome, Duration runFor,
      String failureReason) {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(runFor, "runFor");
    if (!PIPELINE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a SageMaker pipeline name: " + name);
    }
    Script script = new Script(outcome, runFor, failureReason == null
        ? "Step Train failed with message: ClientError: AlgorithmError: exit code 1" : failureReason);
    Pipeline existing = pipelines.get(name);
    if (existing != null) {
      existing.script = script;
    } else {
      pipelines.put(name, new Pipeline(name, "arn:aws:sagemaker:" + REGION + ":" + ACCOUNT + ":pipeline/" + name,
          now(), script));
    }
    return this;
  }

  /**
   * Sets how retried executions of a pipeline unfold from their retry on; by default as its first runs.
   *
   * @param pipeline the pipeline's name
   * @param outcome how a re-run ends
   * @param runFor how long it is Executing first
   * @return this fake
   */
  public synchronized FakeSageMakerClient retryOutcome(String pipeline, Outcome outcome, Duration runFor) {
    Pipeline found = pipelines.get(pipeline);
    if (found == null) {
      throw new IllegalArgumentException("no pipeline " + pipeline);
    }
    found.retryScript = new Script(outcome, runFor, found.script.failureReason());
    return this;
  }

  /**
   * Whether the fake has a pipeline.
   *
   * @param name the pipeline's name
   * @return true when it was added
   */
  public synchronized boolean hasPipeline(String name) {
    return pipelines.containsKey(name);
  }

  /**
   * Sets how long a stop takes: an execution is Stopping for that long, then Stopped.
   *
   * @param delay not negative
   * @return this fake
   */
  public FakeSageMakerClient stopDelay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, found " + delay);
    }
    setStopDelay(delay);
    return this;
  }

  /**
   * A {@code SageMakerAsyncClient} over this fake's state, whose calls complete before they return.
   *
   * @return the async client
   */
  public SageMakerAsyncClient asyncClient() {
    return AsyncFakes.of(SageMakerAsyncClient.class, this);
  }

  /**
   * How many executions a pipeline has.
   *
   * @param pipeline the pipeline's name
   * @return its execution count
   */
  public synchronized int executionCount(String pipeline) {
    return (int) executions.stream().filter(e -> e.pipeline.name.equals(pipeline)).count();
  }

  /**
   * How many times an execution has run: 1, plus one per retry.
   *
   * @param executionArn the execution's ARN
   * @return its attempts, 0 when there is no such execution
   */
  public synchronized int attemptCount(String executionArn) {
    Execution execution = byArn.get(executionArn);
    return execution == null ? 0 : execution.attempts.size();
  }

  /**
   * The ARNs of a pipeline's executions, oldest first, whatever the listing lag.
   *
   * @param pipeline the pipeline's name
   * @return the ARNs
   */
  public synchronized List<String> executionArns(String pipeline) {
    return executions.stream().filter(e -> e.pipeline.name.equals(pipeline)).map(e -> e.arn).toList();
  }

  // ---- the SDK client's ----

  @Override
  public synchronized StartPipelineExecutionResponse startPipelineExecution(StartPipelineExecutionRequest request) {
    serve();
    Pipeline pipeline = pipeline(request.pipelineName());
    checkToken(request.clientRequestToken());
    List<Parameter> parameters = request.hasPipelineParameters() ? request.pipelineParameters() : List.of();
    if (parameters.size() > 200) {
      throw validation("PipelineParameters must have at most 200 members");
    }
    for (Parameter parameter : parameters) {
      String name = parameter.name();
      if (name == null || name.isEmpty() || name.length() > 256 || !PARAMETER_NAME.matcher(name).matches()) {
        throw validation("PipelineParameters.Name must be 1 to 256 characters matching ^[A-Za-z0-9\\-_]*$");
      }
      if (parameter.value() == null || parameter.value().length() > 1024) {
        throw validation("PipelineParameters.Value is required and must be at most 1024 characters");
      }
    }
    String displayName = request.pipelineExecutionDisplayName();
    if (displayName != null && (displayName.length() > 82 || !DISPLAY_NAME.matcher(displayName).matches())) {
      throw validation("PipelineExecutionDisplayName must be 1 to 82 characters matching ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,81}");
    }
    if (request.pipelineExecutionDescription() != null && request.pipelineExecutionDescription().length() > 3072) {
      throw validation("PipelineExecutionDescription must be at most 3072 characters");
    }
    ParallelismConfiguration parallelism = request.parallelismConfiguration();
    if (parallelism != null && (parallelism.maxParallelExecutionSteps() == null
        || parallelism.maxParallelExecutionSteps() < 1)) {
      throw validation("ParallelismConfiguration.MaxParallelExecutionSteps must be at least 1");
    }
    Execution execution = byStartToken.get(request.clientRequestToken());
    if (execution == null) {
      Instant now = now();
      String arn = pipeline.arn + "/execution/" + newId(pipeline.name, request.clientRequestToken());
      execution = new Execution(pipeline, arn, now, request, listingLagFrom(now));
      execution.attempts.add(new Attempt(now, pipeline.script));
      executions.add(execution);
      byArn.put(arn, execution);
      byStartToken.put(request.clientRequestToken(), execution);
      loseStartResponseIfPlanned();
    }
    return StartPipelineExecutionResponse.builder().pipelineExecutionArn(execution.arn).build();
  }

  @Override
  public synchronized DescribePipelineExecutionResponse describePipelineExecution(
      DescribePipelineExecutionRequest request) {
    serve();
    Execution execution = execution(request.pipelineExecutionArn());
    View view = view(execution);
    StartPipelineExecutionRequest start = execution.request;
    return DescribePipelineExecutionResponse.builder()
        .pipelineArn(execution.pipeline.arn)
        .pipelineExecutionArn(execution.arn)
        .pipelineExecutionDisplayName(start.pipelineExecutionDisplayName() != null
            ? start.pipelineExecutionDisplayName() : "execution-" + execution.created.toEpochMilli())
        .pipelineExecutionDescription(start.pipelineExecutionDescription())
        .pipelineExecutionStatus(view.status())
        .failureReason(view.failureReason())
        .creationTime(execution.created)
        .lastModifiedTime(view.lastModified())
        .parallelismConfiguration(start.parallelismConfiguration())
        .build();
  }

  @Override
  public synchronized ListPipelineExecutionsResponse listPipelineExecutions(ListPipelineExecutionsRequest request) {
    serve();
    Pipeline pipeline = pipeline(request.pipelineName());
    int size = request.maxResults() == null ? 50 : request.maxResults();
    if (size < 1 || size > 100) {
      throw validation("MaxResults must be between 1 and 100");
    }
    Comparator<Execution> order = request.sortBy() == SortPipelineExecutionsBy.PIPELINE_EXECUTION_ARN
        ? Comparator.comparing((Execution e) -> e.arn) : Comparator.comparing((Execution e) -> e.created);
    if (request.sortOrder() != SortOrder.ASCENDING) {
      order = order.reversed();
    }
    List<Execution> matching = executions.stream()
        .filter(e -> e.pipeline == pipeline)
        .filter(e -> request.createdAfter() == null || e.created.isAfter(request.createdAfter()))
        .filter(e -> request.createdBefore() == null || e.created.isBefore(request.createdBefore()))
        .filter(e -> !e.listingLag.misses(now()))
        .sorted(order)
        .toList();
    int offset = offset(request.nextToken());
    int end = Math.min(matching.size(), offset + size);
    return ListPipelineExecutionsResponse.builder()
        .pipelineExecutionSummaries(matching.subList(Math.min(offset, end), end).stream().map(this::summary).toList())
        .nextToken(end < matching.size() ? "page-" + end : null)
        .build();
  }

  @Override
  public synchronized StopPipelineExecutionResponse stopPipelineExecution(StopPipelineExecutionRequest request) {
    serve();
    Execution execution = execution(request.pipelineExecutionArn());
    checkToken(request.clientRequestToken());
    String tokenKey = execution.arn + "\n" + request.clientRequestToken();
    if (!stopTokens.contains(tokenKey)) {
      View view = view(execution);
      if (view.status() == PipelineExecutionStatus.EXECUTING) {
        execution.stopAt = now();
        execution.stoppedAt = now().plus(stopDelay());
      } else if (view.status() != PipelineExecutionStatus.STOPPING) {
        throw conflict("Pipeline execution " + execution.arn + " is " + view.status() + " and cannot be stopped");
      }
      stopTokens.add(tokenKey);
    }
    return StopPipelineExecutionResponse.builder().pipelineExecutionArn(execution.arn).build();
  }

  @Override
  public synchronized RetryPipelineExecutionResponse retryPipelineExecution(RetryPipelineExecutionRequest request) {
    serve();
    Execution execution = execution(request.pipelineExecutionArn());
    checkToken(request.clientRequestToken());
    String tokenKey = execution.arn + "\n" + request.clientRequestToken();
    if (!retryTokens.contains(tokenKey)) {
      View view = view(execution);
      if (view.status() != PipelineExecutionStatus.FAILED && view.status() != PipelineExecutionStatus.STOPPED) {
        throw conflict("Pipeline execution " + execution.arn + " is " + view.status()
            + "; only a Failed or Stopped execution can be retried");
      }
      Pipeline pipeline = execution.pipeline;
      execution.attempts.add(new Attempt(now(), pipeline.retryScript != null ? pipeline.retryScript : pipeline.script));
      execution.stopAt = null;
      execution.stoppedAt = null;
      retryTokens.add(tokenKey);
    }
    return RetryPipelineExecutionResponse.builder().pipelineExecutionArn(execution.arn).build();
  }

  @Override
  public synchronized ListPipelinesResponse listPipelines(ListPipelinesRequest request) {
    serve();
    int size = request.maxResults() == null ? 50 : request.maxResults();
    int offset = offset(request.nextToken());
    List<Pipeline> all = List.copyOf(pipelines.values());
    int end = Math.min(all.size(), offset + size);
    return ListPipelinesResponse.builder()
        .pipelineSummaries(all.subList(Math.min(offset, end), end).stream()
            .map(p -> PipelineSummary.builder().pipelineName(p.name).pipelineArn(p.arn).creationTime(p.created).build())
            .toList())
        .nextToken(end < all.size() ? "page-" + end : null)
        .build();
  }

  // ---- ContractScripting ----

  @Override
  public WorkflowTarget createWorkflow(io.wflaunch.testkit.ContractScripting.Outcome outcome, Duration runFor) {
    String name = "contract-pipeline-" + nextContractWorkflow();
    addPipeline(name, switch (outcome) {
      case SUCCEED -> Outcome.SUCCEED;
      case FAIL -> Outcome.FAIL;
      case STOPPED -> Outcome.STOPPED;
      case RUN_UNTIL_STOPPED -> Outcome.RUN_UNTIL_STOPPED;
    }, runFor, null);
    return WorkflowTarget.of("sagemaker", name);
  }

  @Override
  public WorkflowTarget missingWorkflow() {
    return WorkflowTarget.of("sagemaker", "no-such-pipeline");
  }

  @Override
  public RunHandle missingRun(WorkflowTarget workflow) {
    return RunHandle.of("sagemaker", REGION, ACCOUNT, workflow.part(0), "zzzzzzzzzzzz");
  }

  @Override
  public List<InvalidStart> invalidStarts(WorkflowTarget workflow) {
    return List.of(
        new InvalidStart(StartRunRequest.builder(workflow).input("{}").build(), "input"),
        new InvalidStart(StartRunRequest.builder(workflow).parameter("no spaces", "x").build(), "parameters"),
        new InvalidStart(StartRunRequest.builder(workflow).parameter("long", "x".repeat(1025)).build(), "parameters"),
        new InvalidStart(StartRunRequest.builder(WorkflowTarget.of("sagemaker", "under_score")).build(), "pipeline"),
        new InvalidStart(StartRunRequest.builder(workflow).options(options(workflow, "displayName", "not a name"))
            .build(), "displayName"),
        new InvalidStart(StartRunRequest.builder(workflow).options(options(workflow, "description", "d".repeat(3073)))
            .build(), "description"),
        new InvalidStart(StartRunRequest.builder(workflow).options(options(workflow, "maxParallelExecutionSteps", "0"))
            .build(), "maxParallelExecutionSteps"),
        foreignOptions(workflow));
  }

  /** Start options of the adapter (found through its provider: this module does not depend on it). */
  private static io.wflaunch.BackendOptions options(WorkflowTarget workflow, String name, String value) {
    return io.wflaunch.testkit.FakeBackends.adapter("sagemaker", "wflaunch-sagemaker-adapter")
        .parseStartOptions(workflow, Map.of(name, List.of(value))).orElseThrow();
  }

  @Override
  public int runCount(WorkflowTarget workflow) {
    return executionCount(workflow.part(0));
  }

  // ---- inside ----

  @Override
  protected AwsServiceException throttlingError() {
    return error(SageMakerException.builder(), "ThrottlingException", "Rate exceeded");
  }

  @Override
  protected AwsServiceException serverError() {
    return awsError("SageMaker", SageMakerException.builder(), 500, "InternalFailure",
        "The request processing has failed because of an unknown error, exception or failure.");
  }

  @Override
  protected AwsServiceException accessDenied() {
    return error(SageMakerException.builder(), "AccessDeniedException", "User is not authorized to perform this action");
  }

  private View view(Execution execution) {
    Instant now = now();
    Attempt attempt = execution.attempts.get(execution.attempts.size() - 1);
    if (execution.stopAt != null) {
      return now.isBefore(execution.stoppedAt) ? new View(PipelineExecutionStatus.STOPPING, execution.stopAt, null)
          : new View(PipelineExecutionStatus.STOPPED, execution.stoppedAt, null);
    }
    Script script = attempt.script();
    Instant end = attempt.start().plus(script.runFor());
    if (script.outcome() == Outcome.RUN_UNTIL_STOPPED || now.isBefore(end)) {
      return new View(PipelineExecutionStatus.EXECUTING, attempt.start(), null);
    }
    return switch (script.outcome()) {
      case SUCCEED -> new View(PipelineExecutionStatus.SUCCEEDED, end, null);
      case FAIL -> new View(PipelineExecutionStatus.FAILED, end, script.failureReason());
      case STOPPED -> {
        Instant stopped = end.plus(stopDelay());
        yield now.isBefore(stopped) ? new View(PipelineExecutionStatus.STOPPING, end, null)
            : new View(PipelineExecutionStatus.STOPPED, stopped, null);
      }
      case RUN_UNTIL_STOPPED -> new View(PipelineExecutionStatus.EXECUTING, attempt.start(), null);
    };
  }

  private PipelineExecutionSummary summary(Execution execution) {
    View view = view(execution);
    return PipelineExecutionSummary.builder()
        .pipelineExecutionArn(execution.arn)
        .startTime(execution.created)
        .pipelineExecutionStatus(view.status())
        .pipelineExecutionDisplayName(execution.request.pipelineExecutionDisplayName())
        .pipelineExecutionDescription(execution.request.pipelineExecutionDescription())
        .pipelineExecutionFailureReason(view.failureReason())
        .build();
  }

  /** The pipeline a PipelineName (a name, or a pipeline ARN) names. */
  private Pipeline pipeline(String nameOrArn) {
    if (nameOrArn == null || nameOrArn.isEmpty() || nameOrArn.length() > 2048) {
      throw validation("PipelineName is required: 1 to 2048 characters");
    }
    Matcher arn = PIPELINE_ARN.matcher(nameOrArn);
    String name = arn.matches() ? arn.group(1) : nameOrArn;
    if (!arn.matches() && !PIPELINE_NAME.matcher(name).matches()) {
      throw validation("PipelineName must be a pipeline ARN or match ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}");
    }
    Pipeline pipeline = pipelines.get(name);
    if (pipeline == null || (arn.matches() && !pipeline.arn.equals(nameOrArn))) {
      throw notFound("Pipeline '" + nameOrArn + "' does not exist.");
    }
    return pipeline;
  }

  private Execution execution(String arn) {
    if (arn == null || arn.length() > 2048 || !EXECUTION_ARN.matcher(arn).matches()) {
      throw validation("PipelineExecutionArn must match ^arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:pipeline\\/.*\\/execution\\/.*$");
    }
    Execution execution = byArn.get(arn);
    if (execution == null) {
      throw notFound("Pipeline execution '" + arn + "' does not exist.");
    }
    return execution;
  }

  private static void checkToken(String token) {
    if (token == null || token.length() < 32 || token.length() > 128) {
      throw validation("ClientRequestToken is required: 32 to 128 characters");
    }
  }

  /**
   * An execution id of SageMaker's form (12 of a-z 0-9) from the pipeline and the token: one token gives
   * one id in every fake, so that a keyed start prints the same handle from one process to the next.
   */
  private String newId(String pipeline, String token) {
    byte[] digest;
    try {
      digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest((pipeline + "\n" + token).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      id.append(ID_CHARACTERS.charAt(Math.floorMod(digest[i], ID_CHARACTERS.length())));
    }
    String candidate = id.toString();
    while (byArn.containsKey(pipelines.get(pipeline).arn + "/execution/" + candidate)) {
      candidate = candidate.substring(1) + ID_CHARACTERS.charAt(random.nextInt(ID_CHARACTERS.length()));
    }
    return candidate;
  }

  private static int offset(String token) {
    if (token == null) {
      return 0;
    }
    try {
      return Integer.parseInt(token.substring("page-".length()));
    } catch (RuntimeException e) {
      throw validation("Invalid NextToken");
    }
  }

  private static AwsServiceException notFound(String message) {
    return error(ResourceNotFoundException.builder(), "ResourceNotFound", message);
  }

  private static AwsServiceException conflict(String message) {
    return error(ConflictException.builder(), "ConflictException", message);
  }

  private static AwsServiceException validation(String message) {
    return error(SageMakerException.builder(), "ValidationException", message);
  }

  private static AwsServiceException error(AwsServiceException.Builder builder, String code, String message) {
    return awsError("SageMaker", builder, 400, code, message);
  }

  /** Whether a pipeline execution's start request carried a parameter, for tests. */
  synchronized Optional<String> parameter(String executionArn, String name) {
    Execution execution = byArn.get(executionArn);
    if (execution == null || !execution.request.hasPipelineParameters()) {
      return Optional.empty();
    }
    return execution.request.pipelineParameters().stream().filter(p -> p.name().equals(name)).map(Parameter::value)
        .findFirst();
  }
}
