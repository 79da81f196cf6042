package io.wflaunch.testkit.emrserverless;

import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.AsyncFakes;
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
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.emrserverless.EmrServerlessAsyncClient;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.model.ApplicationState;
import software.amazon.awssdk.services.emrserverless.model.ApplicationSummary;
import software.amazon.awssdk.services.emrserverless.model.CancelJobRunRequest;
import software.amazon.awssdk.services.emrserverless.model.CancelJobRunResponse;
import software.amazon.awssdk.services.emrserverless.model.EmrServerlessException;
import software.amazon.awssdk.services.emrserverless.model.GetJobRunRequest;
import software.amazon.awssdk.services.emrserverless.model.GetJobRunResponse;
import software.amazon.awssdk.services.emrserverless.model.JobRun;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;
import software.amazon.awssdk.services.emrserverless.model.JobRunSummary;
import software.amazon.awssdk.services.emrserverless.model.ListApplicationsRequest;
import software.amazon.awssdk.services.emrserverless.model.ListApplicationsResponse;
import software.amazon.awssdk.services.emrserverless.model.ListJobRunsRequest;
import software.amazon.awssdk.services.emrserverless.model.ListJobRunsResponse;
import software.amazon.awssdk.services.emrserverless.model.ResourceNotFoundException;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunResponse;
import software.amazon.awssdk.services.emrserverless.model.ValidationException;

/**
 * An in-memory Amazon EMR Serverless for tests: an {@link EmrServerlessClient} that keeps applications and
 * their job runs on an injectable clock.
 *
 * <ul>
 *   <li>{@link #addApplication} creates an application whose job runs unfold as its
 *       {@link EmrServerlessRunScript} says.
 *   <li>StartJobRun honours client tokens: the same token for the same application answers the job run it
 *       started first (whatever else the request says), as the service does. A job run's id is derived
 *       from its application and token, so a key's run has the same id in every fake.
 *   <li>GetJobRun reports the scripted state at the current time, with the script's {@code stateDetails}
 *       once the run has ended; CancelJobRun makes a run CANCELLING for {@link #cancelDelay} and then
 *       CANCELLED, and refuses a run that has ended ({@link ValidationException}).
 *   <li>ListJobRuns is newest first, at most 50 a page, filtered by {@code createdAtAfter},
 *       {@code createdAtBefore} and {@code states}, and pages with a token.
 *   <li>Ids, tokens, the role ARN, the job driver and page sizes are checked as the service model says
 *       ({@link ValidationException}, HTTP 400); unknown applications and runs are
 *       {@link ResourceNotFoundException} (HTTP 404).
 *   <li>{@link #faults()} throttles (HTTP 429), fails (HTTP 500) or creates the next runs and loses the
 *       response; a listing lag ({@link #listingLag(int)}, {@link #listingLag(Duration)}) leaves new runs out
 *       of ListJobRuns for a while, as an eventually consistent listing does. GetJobRun and the token check
 *       see them at once.
 * </ul>
 *
 * <p>It implements {@link io.wflaunch.testkit.ContractScripting}. Other operations throw
 * {@link UnsupportedOperationException}. Safe for use by several threads at once; {@link #asyncClient()}
 * gives the async form over the same state.
 */
public final class FakeEmrServerlessClient extends FakeService<FakeEmrServerlessClient> implements EmrServerlessClient {

  /** The fake's account and region, in its ARNs. */
  public static final String ACCOUNT = "123456789012";
  public static final String REGION = "us-east-1";

  private static final Pattern ID = Pattern.compile("[0-9a-z]{1,64}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern ROLE_ARN = Pattern.compile(
      "arn:(aws[a-zA-Z0-9-]*):iam::(\\d{12})?:(role((\\u002F)|(\\u002F[\\u0021-\\u007F]+\\u002F))[\\w+=,.@-]+)");
  private static final Duration CANCEL_DELAY = Duration.ofSeconds(5);

  private final Map<String, Application> applications = new LinkedHashMap<>();
  private final List<Run> runs = new ArrayList<>();
  private final Map<String, Run> runsByToken = new HashMap<>();

  private FakeEmrServerlessClient(Clock clock) {
    super(clock, SERVICE_NAME, CANCEL_DELAY);
  }

  /**
   * A fake on the system clock.
   *
   * @return the fake
   */
  public static FakeEmrServerlessClient create() {
    return create(Clock.systemUTC());
  }

  /**
   * A fake on the given clock.
   *
   * @param clock the clock runs unfold on
   * @return the fake
   */
  public static FakeEmrServerlessClient create(Clock clock) {
    return new FakeEmrServerlessClient(clock);
  }

  private record Application(String id, String name, EmrServerlessRunScript script, Instant createdAt) {}

  private static final class Run {
    private final Application application;
    private final String id;
    private final StartJobRunRequest request;
    private final Instant createdAt;
    private final Lag listingLag;
    private Instant cancelledAt;

    Run(Application application, String id, StartJobRunRequest request, Instant createdAt, Lag listingLag) {
      this.application = application;
      this.id = id;
      this.request = request;
      this.createdAt = createdAt;
      this.listingLag = listingLag;
    }
  }

  /**
   * Adds an application with a new id.
   *
   * @param name the application's name
   * @param script how its job runs unfold
   * @return the application's id
   */
  public String addApplication(String name, EmrServerlessRunScript script) {
    return addApplication(newId(), name, script);
  }

  /**
   * Adds an application with a given id, unless one with that id exists.
   *
   * @param id the id, 1 to 64 of {@code [0-9a-z]}
   * @param name the application's name
   * @param script how its job runs unfold
   * @return the id
   */
  public synchronized String addApplication(String id, String name, EmrServerlessRunScript script) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("an application id is 1 to 64 of [0-9a-z], found " + id);
    }
    applications.putIfAbsent(id, new Application(id, name, script, now()));
    return id;
  }

  /**
   * Whether an application exists.
   *
   * @param id its id
   * @return true if it does
   */
  public synchronized boolean hasApplication(String id) {
    return applications.containsKey(id);
  }

  /**
   * Sets how long a cancelled job run is CANCELLING before it is CANCELLED (five seconds by default).
   *
   * @param delay the delay
   * @return this fake
   */
  public FakeEmrServerlessClient cancelDelay(Duration delay) {
    setStopDelay(delay);
    return this;
  }

  /**
   * An {@code EmrServerlessAsyncClient} over this fake's state, whose calls complete before they return.
   *
   * @return the async client
   */
  public EmrServerlessAsyncClient asyncClient() {
    return AsyncFakes.of(EmrServerlessAsyncClient.class, this);
  }

  /**
   * How many job runs an application has.
   *
   * @param applicationId the application's id
   * @return its run count
   */
  public synchronized int runCount(String applicationId) {
    return (int) runs.stream().filter(run -> run.application.id().equals(applicationId)).count();
  }

  /**
   * The ids of an application's job runs, oldest first.
   *
   * @param applicationId the application's id
   * @return the ids
   */
  public synchronized List<String> runIds(String applicationId) {
    return runs.stream().filter(run -> run.application.id().equals(applicationId)).map(run -> run.id).toList();
  }

  /**
   * The StartJobRun request that started a job run, as the fake received it.
   *
   * @param jobRunId the run's id
   * @return the request
   */
  public synchronized Optional<StartJobRunRequest> startRequest(String jobRunId) {
    return runs.stream().filter(run -> run.id.equals(jobRunId)).findFirst().map(run -> run.request);
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public synchronized StartJobRunResponse startJobRun(StartJobRunRequest request) {
    serve();
    checkId("applicationId", request.applicationId());
    if (request.clientToken() == null || !TOKEN.matcher(request.clientToken()).matches()) {
      throw validation("clientToken must be 1 to 64 of [A-Za-z0-9._-]");
    }
    if (request.executionRoleArn() == null || request.executionRoleArn().length() < 20
        || !ROLE_ARN.matcher(request.executionRoleArn()).matches()) {
      throw validation("executionRoleArn must be an IAM role ARN");
    }
    if (request.jobDriver() == null || request.jobDriver().type() == null
        || request.jobDriver().type() == software.amazon.awssdk.services.emrserverless.model.JobDriver.Type.UNKNOWN_TO_SDK_VERSION) {
      throw validation("jobDriver must be one of sparkSubmit and hive");
    }
    if (request.name() != null && (request.name().isEmpty() || request.name().length() > 256)) {
      throw validation("name must be 1 to 256 characters");
    }
    if (request.executionTimeoutMinutes() != null
        && (request.executionTimeoutMinutes() < 0 || request.executionTimeoutMinutes() > 1_000_000L)) {
      throw validation("executionTimeoutMinutes must be 0 to 1000000");
    }
    Application application = application(request.applicationId());
    String tokenKey = application.id() + "/" + request.clientToken();
    Run run = runsByToken.get(tokenKey);
    if (run == null) {
      Instant now = now();
      run = new Run(application, runId(application.id(), request.clientToken()), request, now, listingLagFrom(now));
      runs.add(run);
      runsByToken.put(tokenKey, run);
      loseStartResponseIfPlanned();
    }
    return StartJobRunResponse.builder().applicationId(application.id()).jobRunId(run.id).arn(arn(run)).build();
  }

  @Override
  public synchronized GetJobRunResponse getJobRun(GetJobRunRequest request) {
    serve();
    checkId("applicationId", request.applicationId());
    checkId("jobRunId", request.jobRunId());
    application(request.applicationId());
    Run run = runs.stream().filter(r -> r.id.equals(request.jobRunId())
            && r.application.id().equals(request.applicationId())).findFirst()
        .orElseThrow(() -> notFound("Job run " + request.jobRunId() + " does not exist"));
    return GetJobRunResponse.builder().jobRun(jobRun(run)).build();
  }

  @Override
  public synchronized CancelJobRunResponse cancelJobRun(CancelJobRunRequest request) {
    serve();
    checkId("applicationId", request.applicationId());
    checkId("jobRunId", request.jobRunId());
    application(request.applicationId());
    Run run = runs.stream().filter(r -> r.id.equals(request.jobRunId())
            && r.application.id().equals(request.applicationId())).findFirst()
        .orElseThrow(() -> notFound("Job run " + request.jobRunId() + " does not exist"));
    JobRunState state = stateOf(run);
    if (state == JobRunState.SUCCESS || state == JobRunState.FAILED || state == JobRunState.CANCELLED) {
      throw validation("Job run " + run.id + " is in state " + state + " and cannot be cancelled");
    }
    if (run.cancelledAt == null) {
      run.cancelledAt = now();
    }
    return CancelJobRunResponse.builder().applicationId(run.application.id()).jobRunId(run.id).build();
  }

  @Override
  public synchronized ListJobRunsResponse listJobRuns(ListJobRunsRequest request) {
    serve();
    checkId("applicationId", request.applicationId());
    int size = request.maxResults() == null ? 50 : request.maxResults();
    if (size < 1 || size > 50) {
      throw validation("maxResults must be between 1 and 50, found " + size);
    }
    application(request.applicationId());
    Set<JobRunState> states = request.hasStates() ? Set.copyOf(request.states()) : Set.of();
    // Newest first; runs created at the same instant, the later started first.
    List<Run> newestFirst = new ArrayList<>(runs);
    java.util.Collections.reverse(newestFirst);
    List<Run> matching = newestFirst.stream()
        .filter(run -> run.application.id().equals(request.applicationId()))
        .filter(run -> request.createdAtAfter() == null || run.createdAt.isAfter(request.createdAtAfter()))
        .filter(run -> request.createdAtBefore() == null || run.createdAt.isBefore(request.createdAtBefore()))
        .filter(run -> states.isEmpty() || states.contains(stateOf(run)))
        .filter(run -> !run.listingLag.misses(now()))
        .sorted(Comparator.comparing((Run run) -> run.createdAt).reversed())
        .toList();
    int offset = offset(request.nextToken());
    int end = Math.min(matching.size(), offset + size);
    return ListJobRunsResponse.builder()
        .jobRuns(matching.subList(Math.min(offset, end), end).stream().map(this::summary).toList())
        .nextToken(end < matching.size() ? "page-" + end : null)
        .build();
  }

  @Override
  public synchronized ListApplicationsResponse listApplications(ListApplicationsRequest request) {
    serve();
    int size = request.maxResults() == null ? 50 : request.maxResults();
    if (size < 1 || size > 50) {
      throw validation("maxResults must be between 1 and 50, found " + size);
    }
    List<Application> all = List.copyOf(applications.values());
    int offset = offset(request.nextToken());
    int end = Math.min(all.size(), offset + size);
    return ListApplicationsResponse.builder()
        .applications(all.subList(Math.min(offset, end), end).stream().map(a -> ApplicationSummary.builder()
            .id(a.id()).name(a.name()).arn(applicationArn(a.id())).releaseLabel("emr-7.5.0").type("Spark")
            .state(ApplicationState.STARTED).createdAt(a.createdAt()).updatedAt(a.createdAt()).build()).toList())
        .nextToken(end < all.size() ? "page-" + end : null)
        .build();
  }

  // ---- ContractScripting ----

  @Override
  public synchronized WorkflowTarget createWorkflow(Outcome outcome, Duration runFor) {
    String name = "contract-" + nextContractWorkflow();
    String id = addApplication(name, switch (outcome) {
      case SUCCEED -> EmrServerlessRunScript.succeedsAfter(runFor);
      case FAIL -> EmrServerlessRunScript.failsAfter(runFor, "Job failed: the driver exited with code 1");
      case STOPPED -> EmrServerlessRunScript.of(JobRunState.CANCELLED, "Job run cancelled by the user",
          new EmrServerlessRunScript.Phase(JobRunState.RUNNING, runFor),
          new EmrServerlessRunScript.Phase(JobRunState.CANCELLING, Duration.ofSeconds(5)));
      case RUN_UNTIL_STOPPED -> EmrServerlessRunScript.runsUntilCancelled();
    });
    return WorkflowTarget.of("emrserverless", id);
  }

  @Override
  public synchronized WorkflowTarget missingWorkflow() {
    return WorkflowTarget.of("emrserverless", newId());
  }

  @Override
  public synchronized RunHandle missingRun(WorkflowTarget workflow) {
    return RunHandle.of("emrserverless", workflow.part(0), newId());
  }

  @Override
  public List<InvalidStart> invalidStarts(WorkflowTarget workflow) {
    return List.of(
        new InvalidStart(StartRunRequest.builder(workflow).input("{}").build(), "input"),
        new InvalidStart(StartRunRequest.builder(workflow).parameter("bad name", "x").build(), "parameters"),
        new InvalidStart(StartRunRequest.builder(WorkflowTarget.of("emrserverless", "Not-An-Id")).build(),
            "applicationId"),
        foreignOptions(workflow));
  }

  @Override
  public synchronized int runCount(WorkflowTarget workflow) {
    return runCount(workflow.part(0));
  }

  // ---- inside ----

  @Override
  protected AwsServiceException throttlingError() {
    return error(EmrServerlessException.builder(), 429, "ThrottlingException", "Rate exceeded");
  }

  @Override
  protected AwsServiceException serverError() {
    return error(software.amazon.awssdk.services.emrserverless.model.InternalServerException.builder(), 500,
        "InternalServerException", "Internal server error");
  }

  @Override
  protected AwsServiceException accessDenied() {
    return error(EmrServerlessException.builder(), 403, "AccessDeniedException",
        "User is not authorized to perform: emr-serverless:StartJobRun");
  }

  private JobRunState stateOf(Run run) {
    Instant now = now();
    if (run.cancelledAt != null) {
      JobRunState before = run.application.script().stateAt(Duration.between(run.createdAt, run.cancelledAt));
      boolean endedBefore = before == JobRunState.SUCCESS || before == JobRunState.FAILED
          || before == JobRunState.CANCELLED;
      if (!endedBefore) {
        return now.isBefore(run.cancelledAt.plus(stopDelay())) ? JobRunState.CANCELLING : JobRunState.CANCELLED;
      }
    }
    return run.application.script().stateAt(Duration.between(run.createdAt, now));
  }

  private Instant updatedAt(Run run, JobRunState state) {
    Instant now = now();
    if (run.cancelledAt != null && (state == JobRunState.CANCELLING || state == JobRunState.CANCELLED)) {
      return state == JobRunState.CANCELLED ? run.cancelledAt.plus(stopDelay()) : run.cancelledAt;
    }
    return run.application.script().endsAfter().map(run.createdAt::plus).filter(at -> !at.isAfter(now)).orElse(now);
  }

  private String stateDetails(Run run, JobRunState state) {
    if (run.cancelledAt != null && state == JobRunState.CANCELLED) {
      return "Job run cancelled by the user";
    }
    boolean ended = state == JobRunState.SUCCESS || state == JobRunState.FAILED || state == JobRunState.CANCELLED;
    return ended ? run.application.script().stateDetails().orElse("") : "";
  }

  private JobRun jobRun(Run run) {
    JobRunState state = stateOf(run);
    StartJobRunRequest request = run.request;
    return JobRun.builder().applicationId(run.application.id()).jobRunId(run.id).name(request.name()).arn(arn(run))
        .createdBy("arn:aws:iam::" + ACCOUNT + ":user/fake").createdAt(run.createdAt).updatedAt(updatedAt(run, state))
        .executionRole(request.executionRoleArn()).state(state).stateDetails(stateDetails(run, state))
        .releaseLabel("emr-7.5.0").jobDriver(request.jobDriver()).configurationOverrides(request.configurationOverrides())
        .tags(request.tags()).executionTimeoutMinutes(request.executionTimeoutMinutes()).attempt(1).build();
  }

  private JobRunSummary summary(Run run) {
    JobRunState state = stateOf(run);
    return JobRunSummary.builder().applicationId(run.application.id()).id(run.id).name(run.request.name()).arn(arn(run))
        .createdBy("arn:aws:iam::" + ACCOUNT + ":user/fake").createdAt(run.createdAt).updatedAt(updatedAt(run, state))
        .executionRole(run.request.executionRoleArn()).state(state).stateDetails(stateDetails(run, state))
        .releaseLabel("emr-7.5.0").type("Spark").attempt(1).build();
  }

  private Application application(String id) {
    Application application = applications.get(id);
    if (application == null) {
      throw notFound("Application " + id + " does not exist");
    }
    return application;
  }

  private static String applicationArn(String applicationId) {
    return "arn:aws:emr-serverless:" + REGION + ":" + ACCOUNT + ":/applications/" + applicationId;
  }

  private static String arn(Run run) {
    return applicationArn(run.application.id()) + "/jobruns/" + run.id;
  }

  /**
   * The id of the job run a token starts: 16 hex digits of the SHA-256 of the application and the token,
   * of the service's form (16 of {@code [0-9a-z]}), the same in every fake, so that the run a key started
   * has one id however many fakes (processes in local mode, say) start it.
   */
  static String runId(String applicationId, String token) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest((applicationId + "/" + token).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** A new id as the service makes them: 16 of [0-9a-z]. */
  private static String newId() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
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

  private static void checkId(String field, String value) {
    if (value == null || !ID.matcher(value).matches()) {
      throw validation(field + " must be 1 to 64 of [0-9a-z]");
    }
  }

  private static AwsServiceException notFound(String message) {
    return error(ResourceNotFoundException.builder(), 404, "ResourceNotFoundException", message);
  }

  private static AwsServiceException validation(String message) {
    return error(ValidationException.builder(), 400, "ValidationException", message);
  }

  private static AwsServiceException error(AwsServiceException.Builder builder, int status, String code, String message) {
    return awsError("EMR Serverless", builder, status, code, message);
  }
}
