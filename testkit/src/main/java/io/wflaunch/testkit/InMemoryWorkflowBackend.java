package io.wflaunch.testkit;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.StartKey;
import io.wflaunch.spi.StartPrimitives;
import io.wflaunch.spi.support.UserText;
import io.wflaunch.spi.WorkflowBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A complete {@link WorkflowBackend} held in memory, for testing code that uses a
 * {@link io.wflaunch.WorkflowLauncher} without any AWS service, fake client or network.
 *
 * <p>Targets are {@code memory:<workflow>} and handles {@code memory:<workflow>/<runId>} (under another
 * id if {@link Builder#id(String)} sets one). Each workflow has a {@link RunScript} saying how its runs
 * unfold on the injected clock; {@link Builder#anyWorkflow(RunScript)} makes every well-formed target
 * exist. Starts run the launcher's start protocol like every wflaunch backend: each run carries its
 * start's key (the caller's idempotency key, or one generated for the call), a look-up finds it by that
 * key within its workflow, so a repeated key returns the first run's handle and a lost start response
 * is settled without a second run. {@link #listingLag(int)} makes a new run visible to those
 * look-ups only after some reads, as a lagging service listing would. Stop moves a run through
 * STOPPING to CANCELLED after {@link Builder#stopDelay(Duration)}; retry re-runs a run that failed or
 * was cancelled, in place or as a new run ({@link Builder#retriesAsNewRuns(boolean)}); {@link #faults()} injects
 * throttling, server errors and lost start responses.
 *
 * <p>Validation: workflow names are 1 to {@value #MAX_NAME_LENGTH} characters, parameter names at most
 * {@value #MAX_NAME_LENGTH}, the raw input at most {@value #MAX_INPUT_LENGTH}; no backend options are
 * taken. Safe for use by several threads at once.
 */
public final class InMemoryWorkflowBackend implements WorkflowBackend, ContractScripting {

  /** The default backend id. */
  public static final String DEFAULT_ID = "memory";
  /** The identifier scheme: target {@code memory:<workflow>}, handle {@code memory:<workflow>/<runId>}. */
  public static final IdentifierScheme SCHEME =
      IdentifierScheme.of(DEFAULT_ID, List.of("workflow"), List.of("workflow", "runId"));
  /** The longest workflow or parameter name. */
  public static final int MAX_NAME_LENGTH = 255;
  /** The longest raw input. */
  public static final int MAX_INPUT_LENGTH = 32_768;

  private final String id;
  private final Clock clock;
  private final Duration stopDelay;
  private final boolean retriesAsNewRuns;
  private final RunScript anyWorkflow;
  private int listingLag;
  private final Faults faults = new Faults();
  private final Map<String, RunScript> workflows = new LinkedHashMap<>();
  private final Map<String, Run> runs = new LinkedHashMap<>();
  private volatile boolean listsRuns = true;
  private final Map<String, Run> runsByKey = new LinkedHashMap<>();
  private final Map<String, Integer> hiddenReads = new LinkedHashMap<>();
  private long nextRun = 1;
  private int nextWorkflow = 1;

  private InMemoryWorkflowBackend(Builder builder) {
    this.id = builder.id;
    this.clock = builder.clock;
    this.stopDelay = builder.stopDelay;
    this.retriesAsNewRuns = builder.retriesAsNewRuns;
    this.anyWorkflow = builder.anyWorkflow;
    this.workflows.putAll(builder.workflows);
  }

  /**
   * Starts building a backend.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * One run: what it was started with and when, whether a stop was asked for, when it was last re-run in
   * place (null if never), and the run it re-runs as a new run (null if none).
   */
  private record Run(String workflow, String runId, long sequence, Instant createdAt, RunScript script,
      Map<String, String> parameters, Optional<String> idempotencyKey, Instant stopRequestedAt,
      Instant rerunAt, String retryOf) {
    Run stopped(Instant at) {
      return new Run(workflow, runId, sequence, createdAt, script, parameters, idempotencyKey, at, rerunAt, retryOf);
    }

    Run rerun(Instant at) {
      return new Run(workflow, runId, sequence, createdAt, script, parameters, idempotencyKey, null, at, retryOf);
    }

    /** When the script's clock started: the last in-place re-run, else the start. */
    Instant from() {
      return rerunAt != null ? rerunAt : createdAt;
    }
  }

  @Override
  public String id() {
    return id;
  }

  /** Answers like any request: scripted faults apply. */
  @Override
  public String type() {
    return DEFAULT_ID;
  }

  @Override
  public void probe() {
    serve(ErrorContext.of(id));
  }

  @Override
  public IdentifierScheme scheme() {
    return SCHEME;
  }

  /**
   * The fault plan: throttle or fail the next calls, or lose start responses.
   *
   * @return the fault plan
   */
  public Faults faults() {
    return faults;
  }

  /**
   * Makes runs started from now on visible to the start protocol's look-ups only after that many of
   * them, as a lagging service listing would (0, the default: at once).
   *
   * @param reads the look-ups a new run stays hidden from, not negative
   * @return this backend
   */
  public synchronized InMemoryWorkflowBackend listingLag(int reads) {
    if (reads < 0) {
      throw new IllegalArgumentException("listingLag must not be negative, found " + reads);
    }
    this.listingLag = reads;
    return this;
  }

  @Override
  public void lagListings(int reads) {
    listingLag(reads);
  }

  @Override
  public void loseNextStartResponses(int calls) {
    faults.loseNextStartResponses(calls);
  }

  /**
   * Adds or replaces a workflow.
   *
   * @param name the workflow name
   * @param script how its runs unfold
   */
  public synchronized void defineWorkflow(String name, RunScript script) {
    workflows.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(script, "script"));
  }

  /**
   * The parameters a run was started with, as a user's test would check them.
   *
   * @param handle the run
   * @return its parameters, in order
   * @throws RunNotFoundException if there is no such run
   */
  public synchronized Map<String, String> parametersOf(RunHandle handle) {
    return find(handle).parameters();
  }

  @Override
  public WorkflowTarget parseTarget(WorkflowTarget target) {
    WorkflowBackend.super.parseTarget(target);
    checkName(ErrorContext.of(target), "target", target.part(0));
    return target;
  }

  @Override
  public RunHandle parseHandle(RunHandle handle) {
    WorkflowBackend.super.parseHandle(handle);
    checkName(ErrorContext.of(handle), "handle", handle.part(0));
    return handle;
  }

  @Override
  public void validate(StartRunRequest request) {
    ErrorContext context = ErrorContext.of(request.target());
    request.options().ifPresent(options -> {
      throw new InvalidRequestException(context, "options",
          "must be absent: backend " + id + " takes no options, found " + options.getClass().getSimpleName());
    });
    for (String name : request.parameters().keySet()) {
      if (name.length() > MAX_NAME_LENGTH) {
        throw new InvalidRequestException(context, "parameters",
            "names must be at most " + MAX_NAME_LENGTH + " characters, found one of " + name.length());
      }
    }
    request.input().filter(input -> input.length() > MAX_INPUT_LENGTH).ifPresent(input -> {
      throw new InvalidRequestException(context, "input",
          "must be at most " + MAX_INPUT_LENGTH + " characters, found " + input.length());
    });
  }

  /**
   * Starts a run directly, without a launcher, for tests that set up runs: the request is validated, and
   * a repeated idempotency key returns the run it started.
   *
   * @param request the request
   * @return the run's handle
   * @throws io.wflaunch.WorkflowLaunchException as a launcher's start would fail
   */
  public RunHandle start(StartRunRequest request) {
    validate(request);
    try {
      return primitives.prepare(request, StartKey.of(request))
          .thenCompose(prepared -> primitives.lookUp(prepared).thenCompose(found -> found
              .map(CompletableFuture::completedFuture).orElseGet(() -> primitives.startOnce(prepared))))
          .join();
    } catch (java.util.concurrent.CompletionException e) {
      throw primitives.mapFailure(io.wflaunch.spi.support.Futures.unwrap(e), ErrorContext.of(request.target()),
          io.wflaunch.spi.Operation.START);
    }
  }

  /** The start protocol's pieces: a look-up by key within the workflow, and a start that records the key. */
  @Override
  public Optional<StartPrimitives<?>> startPrimitives(boolean nonBlocking, io.wflaunch.spi.SendLimits limits) {
    return Optional.of(primitives);
  }

  private record Prepared(StartRunRequest request, StartKey key) {
    String scopedKey() {
      return request.target().part(0) + "/" + key.value();
    }
  }

  private final StartPrimitives<Prepared> primitives = new StartPrimitives<>() {
    @Override
    public Dedupe dedupe(Prepared prepared) {
      return Dedupe.NONE;
    }

    @Override
    public boolean canLookUp(Prepared prepared) {
      return true;
    }

    @Override
    public CompletableFuture<Prepared> prepare(StartRunRequest request, StartKey key) {
      return CompletableFuture.completedFuture(new Prepared(request, key));
    }

    @Override
    public CompletableFuture<Optional<RunHandle>> lookUp(Prepared prepared) {
      return AsyncSupport.call(() -> lookUpRun(prepared));
    }

    @Override
    public CompletableFuture<RunHandle> startOnce(Prepared prepared) {
      return AsyncSupport.call(() -> startRun(prepared));
    }

    @Override
    public RuntimeException mapFailure(Throwable failure, ErrorContext context, Operation operation) {
      Throwable raw = AsyncSupport.unwrap(failure);
      return raw instanceof RuntimeException runtime ? runtime
          : new io.wflaunch.WorkflowLaunchException(context, String.valueOf(raw), false, raw);
    }
  };

  private synchronized Optional<RunHandle> lookUpRun(Prepared prepared) {
    ErrorContext context = ErrorContext.of(prepared.request().target());
    serve(context);
    workflowScript(prepared.request().target());
    Run run = runsByKey.get(prepared.scopedKey());
    if (run == null) {
      return Optional.empty();
    }
    int hidden = hiddenReads.getOrDefault(run.runId(), 0);
    if (hidden > 0) {
      hiddenReads.put(run.runId(), hidden - 1);
      return Optional.empty();
    }
    return Optional.of(handleOf(run));
  }

  private synchronized RunHandle startRun(Prepared prepared) {
    StartRunRequest request = prepared.request();
    ErrorContext context = ErrorContext.of(request.target());
    serve(context);
    RunScript script = workflowScript(request.target());
    long sequence = nextRun++;
    Run run = new Run(request.target().part(0), String.format("run-%06d", sequence), sequence, clock.instant(),
        script, request.parameters(), request.idempotencyKey(), null, null, null);
    runs.put(run.runId(), run);
    runsByKey.put(prepared.scopedKey(), run);
    if (listingLag > 0) {
      hiddenReads.put(run.runId(), listingLag);
    }
    if (faults.loseStartResponse()) {
      throw new BackendUnavailableException(context, "the start response was lost", true, null);
    }
    return handleOf(run);
  }

  private RunScript workflowScript(WorkflowTarget target) {
    String workflow = target.part(0);
    return scriptOf(workflow).orElseThrow(() -> new WorkflowNotFoundException(ErrorContext.of(target),
        "no workflow named " + UserText.quote(workflow), null));
  }

  @Override
  public synchronized RunStatus getRun(RunHandle handle) {
    serve(ErrorContext.of(handle));
    return statusOf(find(handle));
  }

  /**
   * Sets whether {@link #readRunsAsync} lists runs (one request per workflow that sees every run of it)
   * or leaves every run to single reads, as a backend without listings does. Lists by default.
   * @param lists whether batched reads list
   * @return this backend
   */
  public InMemoryWorkflowBackend listsRuns(boolean lists) {
    this.listsRuns = lists;
    return this;
  }

  @Override
  public synchronized CompletableFuture<BatchRead> readRunsAsync(List<RunHandle> handles, Optional<Instant> oldestStart,
      Executor executor) {
    if (!listsRuns) {
      return CompletableFuture.completedFuture(BatchRead.NONE);
    }
    Set<String> workflows = new LinkedHashSet<>();
    handles.forEach(handle -> workflows.add(handle.part(0)));
    Map<RunHandle, RunStatus> seen = new HashMap<>();
    try {
      for (int i = 0; i < workflows.size(); i++) {
        serve(ErrorContext.empty());
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    for (RunHandle handle : handles) {
      Run run = runs.get(handle.runId());
      if (run != null && run.workflow().equals(handle.part(0))) {
        seen.put(handle, statusOf(run));
      }
    }
    return CompletableFuture.completedFuture(new BatchRead(seen, workflows.size()));
  }

  @Override
  public synchronized void stop(RunHandle handle) {
    serve(ErrorContext.of(handle));
    Run run = find(handle);
    RunStatus status = statusOf(run);
    if (status.state().isTerminal()) {
      throw new ConflictException(ErrorContext.of(handle), "the run has already ended " + status.state(), null);
    }
    if (run.stopRequestedAt() == null) {
      runs.put(run.runId(), run.stopped(clock.instant()));
    }
  }

  /**
   * Re-runs a failed, cancelled or timed-out run, as the builder says: in place by default (the same
   * handle, the run's script played again from now, as a Step Functions redrive does), or as a new run
   * of the same workflow linked to the first ({@link Builder#retriesAsNewRuns(boolean)}, as a service
   * resumes a workflow run). A second call while the re-run is under way returns it again.
   *
   * @throws ConflictException if the run succeeded, or is still under way and was never re-run
   */
  @Override
  public synchronized RunHandle retry(RunHandle handle) {
    ErrorContext context = ErrorContext.of(handle);
    serve(context);
    Run run = find(handle);
    if (retriesAsNewRuns) {
      Optional<Run> rerun = runs.values().stream().filter(other -> run.runId().equals(other.retryOf()))
          .max(Comparator.comparing(Run::sequence));
      if (rerun.isPresent() && !statusOf(rerun.get()).state().isTerminal()) {
        return handleOf(rerun.get());
      }
      checkRetryable(context, statusOf(run).state());
      long sequence = nextRun++;
      Run retried = new Run(run.workflow(), String.format("run-%06d", sequence), sequence, clock.instant(),
          run.script(), run.parameters(), run.idempotencyKey(), null, null, run.runId());
      runs.put(retried.runId(), retried);
      return handleOf(retried);
    }
    RunState state = statusOf(run).state();
    if (!state.isTerminal() && run.rerunAt() != null) {
      return handle;
    }
    checkRetryable(context, state);
    runs.put(run.runId(), run.rerun(clock.instant()));
    return handle;
  }

  private static void checkRetryable(ErrorContext context, RunState state) {
    if (state == RunState.SUCCEEDED) {
      throw new ConflictException(context, "the run succeeded: only a failed, cancelled or timed-out run is re-run",
          null);
    }
    if (!state.isTerminal()) {
      throw new ConflictException(context, "the run is still " + state + ": only a run that has ended is re-run",
          null);
    }
  }

  @Override
  public synchronized List<RunStatus> listRuns(WorkflowTarget target, int limit) {
    ErrorContext context = ErrorContext.of(target);
    serve(context);
    String workflow = target.part(0);
    workflowScript(target);
    return runs.values().stream()
        .filter(run -> run.workflow().equals(workflow))
        .sorted(Comparator.comparing(Run::createdAt).thenComparing(Run::sequence).reversed())
        .limit(limit)
        .map(this::statusOf)
        .toList();
  }

  @Override
  public synchronized WorkflowTarget createWorkflow(Outcome outcome, Duration runFor) {
    String name = "workflow-" + nextWorkflow++;
    workflows.put(name, switch (outcome) {
      case SUCCEED -> RunScript.succeedsAfter(runFor);
      case FAIL -> RunScript.failsAfter(runFor, "scripted failure");
      case STOPPED -> RunScript.cancelledAfter(runFor);
      case RUN_UNTIL_STOPPED -> RunScript.runsUntilStopped();
    });
    return WorkflowTarget.of(id, name);
  }

  @Override
  public WorkflowTarget missingWorkflow() {
    return WorkflowTarget.of(id, "no-such-workflow");
  }

  @Override
  public RunHandle missingRun(WorkflowTarget workflow) {
    return RunHandle.of(id, workflow.part(0), "run-missing");
  }

  @Override
  public List<InvalidStart> invalidStarts(WorkflowTarget workflow) {
    return List.of(
        new InvalidStart(StartRunRequest.builder(WorkflowTarget.of(id, "w".repeat(MAX_NAME_LENGTH + 1))).build(),
            "target"),
        new InvalidStart(StartRunRequest.builder(workflow).parameter("p".repeat(MAX_NAME_LENGTH + 1), "v").build(),
            "parameters"),
        new InvalidStart(StartRunRequest.builder(workflow).input("x".repeat(MAX_INPUT_LENGTH + 1)).build(),
            "input"));
  }

  @Override
  public int requestCount() {
    return faults.requestCount();
  }

  @Override
  public synchronized int runCount(WorkflowTarget workflow) {
    return (int) runs.values().stream().filter(run -> run.workflow().equals(workflow.part(0))).count();
  }

  @Override
  public void throttleNext(int calls) {
    faults.throttleNext(calls);
  }

  private Optional<RunScript> scriptOf(String workflow) {
    return Optional.ofNullable(workflows.get(workflow)).or(() -> Optional.ofNullable(anyWorkflow));
  }

  private void serve(ErrorContext context) {
    switch (faults.onRequest()) {
      case THROTTLE -> throw new ThrottledException(context.withHttpStatus(429), "scripted throttling", null);
      // An HTTP 500, as a service answers it: the protocol cannot tell that it had no effect.
      case SERVER_ERROR -> throw new BackendUnavailableException(context.withHttpStatus(500), "scripted server error",
          null);
      case DENY -> throw new io.wflaunch.AccessDeniedException(context.withHttpStatus(403), "scripted denial", null);
      case NONE -> { }
    }
  }

  private Run find(RunHandle handle) {
    Run run = runs.get(handle.runId());
    if (run == null || !run.workflow().equals(handle.part(0))) {
      throw new RunNotFoundException(ErrorContext.of(handle), "no run " + handle.runId(), null);
    }
    return run;
  }

  private RunHandle handleOf(Run run) {
    return RunHandle.of(id, run.workflow(), run.runId());
  }

  private RunStatus statusOf(Run run) {
    Instant now = clock.instant();
    RunState state = run.script().stateAt(Duration.between(run.from(), now));
    Instant endedAt = run.script().endsAfter().map(run.from()::plus).orElse(null);
    String reason = state.isTerminal() ? run.script().reason() : "";
    Instant stopAt = run.stopRequestedAt();
    if (stopAt != null && (endedAt == null || stopAt.isBefore(endedAt))) {
      boolean stopped = !now.isBefore(stopAt.plus(stopDelay));
      state = stopped ? RunState.CANCELLED : RunState.STOPPING;
      endedAt = stopAt.plus(stopDelay);
      reason = stopped ? "stopped through the API" : "";
    }
    boolean ended = state.isTerminal();
    RunStatus.Builder status = RunStatus.builder(handleOf(run), state, state.name());
    if (run.retryOf() != null) {
      status.detail("retryOf", run.retryOf());
    }
    return status
        .startedAt(run.createdAt())
        .endedAt(ended ? endedAt : null)
        .updatedAt(ended ? endedAt : now)
        .reason(reason)
        .detail("parameterCount", run.parameters().size())
        .detail("idempotencyKey", run.idempotencyKey().orElse(null))
        .build();
  }

  private static void checkName(ErrorContext context, String field, String name) {
    if (name.length() > MAX_NAME_LENGTH) {
      throw new InvalidRequestException(context, field,
          "workflow name must be 1 to " + MAX_NAME_LENGTH + " characters, found " + name.length());
    }
  }

  /** Builds an {@link InMemoryWorkflowBackend}. */
  public static final class Builder {
    private String id = DEFAULT_ID;
    private Clock clock = Clock.systemUTC();
    private Duration stopDelay = Duration.ofSeconds(1);
    private boolean retriesAsNewRuns;
    private RunScript anyWorkflow;
    private final Map<String, RunScript> workflows = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the backend id (default {@value InMemoryWorkflowBackend#DEFAULT_ID}).
     *
     * @param id the id
     * @return this builder
     */
    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * Sets the clock runs unfold on (default the system clock).
     *
     * @param clock the clock, such as {@link VirtualScheduler#clock()}
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how long a stopped run stays STOPPING before it is CANCELLED (default one second).
     *
     * @param stopDelay the delay, not negative
     * @return this builder
     */
    public Builder stopDelay(Duration stopDelay) {
      this.stopDelay = Objects.requireNonNull(stopDelay, "stopDelay");
      return this;
    }

    /**
     * Sets how {@link InMemoryWorkflowBackend#retry} re-runs a run: as a new run with its own handle,
     * linked to the first by the {@code retryOf} detail (true), or in place under the same handle (false,
     * the default).
     *
     * @param asNewRuns whether a re-run is a new run
     * @return this builder
     */
    public Builder retriesAsNewRuns(boolean asNewRuns) {
      this.retriesAsNewRuns = asNewRuns;
      return this;
    }

    /**
     * Adds a workflow.
     *
     * @param name its name
     * @param script how its runs unfold
     * @return this builder
     */
    public Builder workflow(String name, RunScript script) {
      workflows.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(script, "script"));
      return this;
    }

    /**
     * Makes every well-formed target name an existing workflow whose runs follow {@code script}.
     *
     * @param script how runs of workflows not added by name unfold
     * @return this builder
     */
    public Builder anyWorkflow(RunScript script) {
      this.anyWorkflow = Objects.requireNonNull(script, "script");
      return this;
    }

    /**
     * Builds the backend.
     *
     * @return the backend
     */
    public InMemoryWorkflowBackend build() {
      return new InMemoryWorkflowBackend(this);
    }
  }
}
