package io.wflaunch.cli.local;

import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.FakeBackend;
import io.wflaunch.testkit.ContractScripting;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartKey;
import io.wflaunch.spi.StartPrimitives;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.support.Futures;
import java.util.concurrent.CompletableFuture;
import io.wflaunch.spi.support.RequestHash;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.support.UserText;
import io.wflaunch.spi.WorkflowBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One backend of local mode: the real adapter over its fake checks targets, handles and requests and
 * names each new run (by starting it on the fake, in this process); the runs themselves are kept in a
 * {@link LocalStore} so that every {@code wflaunch} process sees them, and their states follow the wall
 * clock: running for {@code duration} (20 seconds unless the parameter {@code duration} says otherwise,
 * such as {@code 5s} or {@code 2m}, at most an hour), then succeeded, or failed with the parameter
 * {@code fail=true}; cancelled once stopped. A start with an idempotency key returns the run the key
 * already started for that target, and is refused with another request under the key.
 */
public final class LocalBackend implements WorkflowBackend {

  /** How long a local run runs unless its parameters say otherwise. */
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(20);
  private static final Duration MAX_DURATION = Duration.ofHours(1);

  private final FakeBackend fake;
  private final WorkflowBackend real;
  private io.wflaunch.WorkflowLauncher namer;
  private final LocalStore store;
  private final java.util.function.Consumer<String> skipped;
  private final Clock clock;
  private final FakeClock fakeClock;

  /**
   * A local backend.
   *
   * @param fake the backend's fake, whose adapter checks targets, handles and requests and names runs
   * @param store where the runs are kept
   * @param clock the wall clock
   * @param skipped told that a kept run that cannot be read was skipped
   */
  LocalBackend(FakeBackend fake, LocalStore store, Clock clock, java.util.function.Consumer<String> skipped) {
    this(fake, null, store, clock, skipped);
  }

  /**
   * A local backend whose fake runs on {@code fakeClock}, which a re-run moves ahead.
   *
   * @param fake the backend's fake, whose adapter checks targets, handles and requests and names runs
   * @param fakeClock the fake's clock, or null if it is {@code clock}
   * @param store where the runs are kept
   * @param clock the wall clock
   * @param skipped told that a kept run that cannot be read was skipped
   */
  LocalBackend(FakeBackend fake, FakeClock fakeClock, LocalStore store, Clock clock,
      java.util.function.Consumer<String> skipped) {
    this.fakeClock = fakeClock;
    this.skipped = skipped;
    this.fake = fake;
    this.real = fake.backend();
    this.store = store;
    this.clock = clock;
  }

  @Override
  public String id() {
    return real.id();
  }

  @Override
  public IdentifierScheme scheme() {
    return real.scheme();
  }

  @Override
  public WorkflowTarget parseTarget(WorkflowTarget target) {
    return real.parseTarget(target);
  }

  @Override
  public RunHandle parseHandle(RunHandle handle) {
    return real.parseHandle(handle);
  }

  @Override
  public void validate(StartRunRequest request) {
    // duration and fail are local mode's own parameters: the real adapter checks the rest (some backends
    // take no parameters at all).
    StartRunRequest.Builder withoutLocalParameters = StartRunRequest.builder(request.target())
        .input(request.input().orElse(null)).idempotencyKey(request.idempotencyKey().orElse(null))
        .options(request.options().orElse(null));
    request.parameters().forEach((name, value) -> {
      if (!name.equals("duration") && !name.equals("fail")) {
        withoutLocalParameters.parameter(name, value);
      }
    });
    real.validate(withoutLocalParameters.build());
    duration(request);
    fails(request);
  }

  /**
   * The start protocol's pieces over the store: a key's run is found there, and the store answers a
   * start whose key already has a run with that run, as a service answers a repeated client token. Local
   * starts only block on a file, so there are no non-blocking pieces.
   */
  @Override
  public Optional<StartPrimitives<?>> startPrimitives(boolean nonBlocking, SendLimits limits) {
    return nonBlocking ? Optional.empty() : Optional.of(new LocalStarts());
  }

  /** A prepared local start: the request without local mode's own parameters, and what it asks for. */
  private record Prepared(StartRunRequest request, String target, StartKey key, Duration duration, boolean fails,
      String hash, String hashAsNamed) {

    /** Whether a kept run's request hash is this request's: over the canonical target, or as named (earlier versions). */
    boolean sameRequest(String kept) {
      return hash.equals(kept) || hashAsNamed.equals(kept);
    }
  }

  /**
   * The request with the workflow named by another target of it: a key's request is hashed over the
   * canonical target, so that a key's run started through one form of a workflow's name is the run of the
   * same request through the other, as on the service.
   */
  private static StartRunRequest naming(StartRunRequest request, WorkflowTarget target) {
    if (target.equals(request.target())) {
      return request;
    }
    StartRunRequest.Builder builder = StartRunRequest.builder(target).parameters(request.parameters());
    request.input().ifPresent(builder::input);
    request.idempotencyKey().ifPresent(builder::idempotencyKey);
    request.options().ifPresent(builder::options);
    request.keyReusePolicy().ifPresent(builder::keyReusePolicy);
    request.inFlightPolicy().ifPresent(builder::inFlightPolicy);
    return builder.build();
  }

  private final class LocalStarts implements StartPrimitives<Prepared> {
    @Override
    public Dedupe dedupe(Prepared prepared) {
      return Dedupe.TOKEN;
    }

    @Override
    public boolean canLookUp(Prepared prepared) {
      return true;
    }

    @Override
    public CompletableFuture<Prepared> prepare(StartRunRequest request, StartKey key) {
      return AsyncSupport.call(() -> {
        StartRunRequest without = withoutLocalParameters(request);
        // Hashed with local mode's own parameters: the key with another duration or outcome is another request.
        return new Prepared(without, request.target().toString(), key, duration(request), fails(request),
            RequestHash.of(naming(request, fake.canonical(request.target()))), RequestHash.of(request));
      });
    }

    @Override
    public CompletableFuture<Optional<RunHandle>> lookUp(Prepared prepared) {
      return AsyncSupport.call(() -> keyed(store.read(), prepared).map(run -> RunHandle.parse(run.handle())));
    }

    @Override
    public CompletableFuture<RunHandle> startOnce(Prepared prepared) {
      return AsyncSupport.call(() -> {
        RunHandle fresh = newHandle(prepared.request());
        return RunHandle.parse(store.update(runs -> {
          Optional<LocalRun> existing = keyed(runs, prepared);
          if (existing.isPresent()) {
            return LocalStore.Changed.unchanged(existing.get().handle());
          }
          fake.openRunKey(fresh).ifPresent(unique -> runs.stream()
              .filter(run -> handleOf(run).filter(kept -> kept.backend().equals(id())
                  && fake.openRunKey(kept).filter(unique::equals).isPresent()).isPresent()
                  && !status(run).state().isTerminal())
              .findFirst().ifPresent(open -> {
                throw new ConflictException(ErrorContext.of(RunHandle.parse(open.handle())), "the service keeps one "
                    + "open run per " + UserText.quote(unique) + ", and " + UserText.quote(open.handle())
                    + " is open", null);
              }));
          String handle = fresh.toString();
          // Runs that ended more than a week ago are dropped, so that the file does not grow without end.
          long weekAgo = clock.millis() - Duration.ofDays(7).toMillis();
          runs.removeIf(run -> run.startedAt() + run.durationMillis() < weekAgo);
          runs.add(new LocalRun(handle, prepared.target(), prepared.key().value(), clock.millis(),
              prepared.duration().toMillis(), prepared.fails(), null, prepared.hash(), null));
          return new LocalStore.Changed<>(runs, handle);
        }));
      });
    }

    /** The run the key started for the target; another request under a caller's key is a conflict. */
    private Optional<LocalRun> keyed(List<LocalRun> runs, Prepared prepared) {
      Optional<LocalRun> existing = runs.stream().filter(run -> sameTarget(run, prepared.request().target())
          && prepared.key().value().equals(run.idempotencyKey()) && handleOf(run).isPresent()).findFirst();
      if (existing.isPresent() && existing.get().requestHash() != null
          && !prepared.sameRequest(existing.get().requestHash())) {
        throw new ConflictException(ErrorContext.of(RunHandle.parse(existing.get().handle())), "idempotency key "
            + UserText.quote(prepared.key().value()) + " already started " + UserText.quote(existing.get().handle())
            + " with another request", null);
      }
      return existing;
    }

    @Override
    public RuntimeException mapFailure(Throwable failure, ErrorContext context, Operation operation) {
      Throwable cause = Futures.unwrap(failure);
      return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }
  }

  /**
   * The handle the service would give a run of the request: the fake starts one (its target defined
   * first), so that local handles look like the service's. A key's run is named by the key, as the
   * service names it (a workflow or execution id derived from the key).
   */
  private RunHandle newHandle(StartRunRequest request) {
    fake.define(request.target(), FakeBackend.Runs.succeedAfter(Duration.ZERO));
    return namer().start(request);
  }

  /** A launcher over the fake alone, which starts the runs that name local ones. */
  private synchronized io.wflaunch.WorkflowLauncher namer() {
    if (namer == null) {
      // The fake answers at once and never loses an answer: nothing to pause for.
      namer = io.wflaunch.WorkflowLauncher.builder().backend(real).clock(clock)
          .startPolicy(io.wflaunch.StartPolicy.DEFAULT.withoutPauses()).build();
    }
    return namer;
  }

  @Override
  public synchronized void close() {
    if (namer != null) {
      namer.close();
    }
  }

  private static StartRunRequest withoutLocalParameters(StartRunRequest request) {
    StartRunRequest.Builder without = StartRunRequest.builder(request.target())
        .input(request.input().orElse(null)).idempotencyKey(request.idempotencyKey().orElse(null))
        .options(request.options().orElse(null));
    request.parameters().forEach((name, value) -> {
      if (!name.equals("duration") && !name.equals("fail")) {
        without.parameter(name, value);
      }
    });
    return without.build();
  }

  @Override
  public RunStatus getRun(RunHandle handle) {
    // Named as asked: a run kept under another form of its handle answers to the form it was read by.
    return status(find(handle), handle);
  }

  @Override
  public void stop(RunHandle handle) {
    if (!fake.stops()) {
      throw new OperationNotSupportedException(ErrorContext.of(handle), "stop",
          "backend " + id() + " cannot stop runs");
    }
    RunStatus before = store.update(runs -> {
      for (int i = 0; i < runs.size(); i++) {
        LocalRun run = runs.get(i);
        if (sameHandle(run, handle)) {
          RunStatus status = status(run);
          if (status.state().isTerminal()) {
            return LocalStore.Changed.unchanged(status);
          }
          runs.set(i, run.stopped(clock.millis()));
          return new LocalStore.Changed<>(runs, status);
        }
      }
      return LocalStore.Changed.unchanged(null);
    });
    if (before == null) {
      throw notFound(handle);
    }
    if (before.state().isTerminal() && !fake.acceptsStopOfEndedRuns()) {
      throw new ConflictException(ErrorContext.of(handle), "the run has already ended (" + before.state() + ")", null);
    }
  }

  /**
   * Re-runs a kept run as the backend's service would: the real adapter is asked to re-run a failed run of
   * the same workflow on the fake, which says whether the service re-runs in place (the same handle) or
   * as a new run (a new handle, named as the service names it), or cannot re-run at all
   * ({@link OperationNotSupportedException}). The kept run then runs again for its duration and succeeds:
   * in place, the run itself; otherwise a new run of the same target, listed and read like any other.
   * Asking again returns the re-run, in any process, as the service's look-up (a new run, whatever became
   * of it) or client token (a re-run in place, while it is under way) does; a run that succeeded, or is
   * still running and was never re-run, is a conflict.
   */
  @Override
  public RunHandle retry(RunHandle handle) {
    LocalRun kept = find(handle);
    Optional<RunHandle> already = rerunOf(kept, store.read());
    if (already.isPresent()) {
      return already.get();
    }
    refuseUnlessEnded(kept, handle);
    WorkflowTarget target = WorkflowTarget.parse(kept.target());
    RunHandle asked = RunHandle.parse(kept.handle());
    RunHandle onFake = rerunOnFake(target, handle);
    String result = store.update(runs -> {
      for (int i = 0; i < runs.size(); i++) {
        LocalRun run = runs.get(i);
        if (!run.handle().equals(kept.handle())) {
          continue;
        }
        // Another process may have re-run it meanwhile: its re-run is the answer.
        Optional<RunHandle> meanwhile = rerunOf(run, runs);
        if (meanwhile.isPresent()) {
          return LocalStore.Changed.unchanged(meanwhile.get().toString());
        }
        refuseUnlessEnded(run, handle);
        if (onFake == null) {
          runs.set(i, run.rerunInPlace(clock.millis()));
          return new LocalStore.Changed<>(runs, run.handle());
        }
        String rerun = onFake.toString();
        runs.set(i, run.retriedAs(rerun));
        runs.add(new LocalRun(rerun, run.target(), null, clock.millis(), run.durationMillis(), false, null,
            run.requestHash(), null));
        return new LocalStore.Changed<>(runs, rerun);
      }
      return LocalStore.Changed.unchanged(null);
    });
    if (result == null) {
      throw notFound(handle);
    }
    RunHandle rerun = RunHandle.parse(result);
    // A re-run in place answers to the form of the handle it was asked by.
    return rerun.equals(asked) ? handle : rerun;
  }

  /**
   * The re-run of a kept run, as the service answers a second retry: a new run linked to the first (a
   * resumed workflow run or a retried job run) is the answer whatever became of it, since the service finds it by its link
   * (retry that run's handle to re-run it again); a re-run in place is the answer while it is under way,
   * and once it has failed again the run can be re-run anew (a later failure, another token).
   */
  private Optional<RunHandle> rerunOf(LocalRun run, List<LocalRun> runs) {
    if (run.retriedAs() == null) {
      return Optional.empty();
    }
    if (!run.retriedAs().equals(run.handle())) {
      return runs.stream().filter(other -> other.handle().equals(run.retriedAs())).findFirst()
          .map(rerun -> RunHandle.parse(rerun.handle()));
    }
    return status(run).state().isTerminal() ? Optional.empty() : Optional.of(RunHandle.parse(run.handle()));
  }

  /** Refuses a re-run of a run that succeeded or is still running. */
  private void refuseUnlessEnded(LocalRun run, RunHandle handle) {
    RunState state = status(run).state();
    if (!state.isTerminal()) {
      throw new ConflictException(ErrorContext.of(handle), "the run is still running (" + state
          + "): only a run that failed, was stopped or timed out can be re-run", null);
    }
    if (state.isSuccessful()) {
      throw new ConflictException(ErrorContext.of(handle), "the run succeeded: only a run that failed, was stopped "
          + "or timed out can be re-run", null);
    }
  }

  /**
   * Re-runs a failed run of the target on the fake: null when the service re-runs in place, else the new
   * run's handle; refused as the service refuses (a backend that cannot re-run throws
   * {@link OperationNotSupportedException}).
   */
  private RunHandle rerunOnFake(WorkflowTarget target, RunHandle asked) {
    // A workflow whose runs fail as the service's re-runnable runs do, where the fake scripts one for its
    // contract suite (a workflow run that ends completed with failed steps, say); else the target,
    // defined to fail.
    Optional<WorkflowTarget> scripted = fake.service(ContractScripting.class)
        .map(scripting -> scripting.createWorkflow(ContractScripting.Outcome.FAIL, Duration.ZERO))
        .filter(created -> created.backend().equals(id()));
    if (scripted.isEmpty()) {
      fake.define(target, FakeBackend.Runs.failAfter(Duration.ZERO, "a local run to re-run"));
    }
    RunHandle failed = namer().start(StartRunRequest.builder(scripted.orElse(target)).build());
    // Past the fake's starting phases: its run has failed.
    if (fakeClock != null) {
      fakeClock.skip(Duration.ofHours(1));
    }
    RunHandle rerun;
    try {
      rerun = namer().retry(failed);
    } catch (OperationNotSupportedException e) {
      // Named by the run asked about, not by the fake's.
      throw new OperationNotSupportedException(ErrorContext.of(asked), e.operation(),
          "backend " + id() + " cannot re-run a run from where it failed");
    } catch (WorkflowLaunchException e) {
      throw new WorkflowLaunchException(ErrorContext.of(asked), "local mode cannot re-run the run on the backend's "
          + "fake: " + e.getMessage(), false, e);
    }
    if (rerun.equals(failed)) {
      return null;
    }
    // A new run of the target, named as the service names one.
    return scripted.isEmpty() ? rerun : newHandle(StartRunRequest.builder(target).build());
  }

  /**
   * The fakes' clock, which a re-run moves ahead: the fakes only name runs and say how the service
   * re-runs them, so their time may run ahead of the wall clock that the kept runs follow.
   */
  static final class FakeClock extends Clock {
    private final Clock base;
    private volatile Duration ahead = Duration.ZERO;

    FakeClock(Clock base) {
      this.base = base;
    }

    synchronized void skip(Duration by) {
      ahead = ahead.plus(by);
    }

    @Override
    public java.time.ZoneId getZone() {
      return base.getZone();
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return base.instant().plus(ahead);
    }
  }

  @Override
  public List<RunStatus> listRuns(WorkflowTarget target, int limit) {
    List<RunStatus> statuses = new ArrayList<>();
    store.read().stream().filter(run -> sameTarget(run, target) && handleOf(run).isPresent())
        .sorted(Comparator.comparingLong(LocalRun::startedAt).reversed())
        .limit(limit)
        .forEach(run -> statuses.add(status(run)));
    return statuses;
  }

  // ---- runs ----

  private LocalRun find(RunHandle handle) {
    return store.read().stream().filter(run -> sameHandle(run, handle)).findFirst()
        .orElseThrow(() -> notFound(handle));
  }

  /**
   * Whether a kept run is the handle's: compared as handles, not as text, so that runs kept with the
   * strictly escaped text of earlier versions ({@code %3A} for {@code :}) are found by today's.
   */
  private boolean sameHandle(LocalRun run, RunHandle handle) {
    if (handle.toString().equals(run.handle())) {
      return true;
    }
    Optional<RunHandle> kept = handleOf(run).filter(parsed -> parsed.backend().equals(handle.backend()));
    if (kept.isEmpty()) {
      return false;
    }
    try {
      return fake.canonical(kept.get()).equals(fake.canonical(handle));
    } catch (RuntimeException unreadable) {
      skip(run);
      return false;
    }
  }

  /** Whether a kept run was started for the target, compared as targets (see {@link #sameHandle}). */
  private boolean sameTarget(LocalRun run, WorkflowTarget target) {
    if (target.toString().equals(run.target())) {
      return true;
    }
    try {
      WorkflowTarget kept = WorkflowTarget.parse(run.target());
      return kept.equals(target) || fake.canonical(kept).equals(fake.canonical(target));
    } catch (RuntimeException unreadable) {
      skip(run);
      return false;
    }
  }

  /**
   * A kept run's handle, or empty for an entry that no longer parses (written by another version, or by
   * hand): such an entry is skipped, never the end of every look-up.
   */
  private Optional<RunHandle> handleOf(LocalRun run) {
    try {
      return Optional.of(RunHandle.parse(run.handle()));
    } catch (RuntimeException unreadable) {
      skip(run);
      return Optional.empty();
    }
  }

  private void skip(LocalRun run) {
    skipped.accept("local mode skipped a run kept in " + UserText.quote(store.directory().resolve("runs.json").toString())
        + " that it cannot read (handle " + (run.handle() == null ? "missing" : UserText.quote(run.handle()))
        + "); 'wflaunch local reset' removes every kept run");
  }

  /**
   * The run is not in this directory: it was started in another local directory (another
   * {@code --local-dir} or {@code WFLAUNCH_LOCAL_DIR}), or it ended more than a week ago and was dropped,
   * or the directory was reset.
   */
  private RunNotFoundException notFound(RunHandle handle) {
    return new RunNotFoundException(ErrorContext.of(handle), "local mode has no such run in "
        + UserText.quote(store.directory().toString()) + ": it may have been started with another --local-dir or "
        + "WFLAUNCH_LOCAL_DIR, or dropped a week after it ended, or removed by 'wflaunch local reset'", null);
  }

  /**
   * The run's state at the clock's time, with what local mode knows of it as details: the target, what
   * the fake says the service's statuses show of it ({@link FakeBackend#targetDetails}: a workflow's
   * name where the handle holds its id), the idempotency key, how long it runs for and whether it was
   * started to fail (never parameter values, which local mode does not keep).
   */
  RunStatus status(LocalRun run) {
    return status(run, RunHandle.parse(run.handle()));
  }

  /** {@link #status(LocalRun)} of a run read by {@code handle}, one of its handle's forms. */
  private RunStatus status(LocalRun run, RunHandle handle) {
    Instant started = Instant.ofEpochMilli(run.startedAt());
    Instant end = started.plusMillis(run.durationMillis());
    Instant now = clock.instant();
    RunStatus.Builder status;
    if (run.stopRequestedAt() != null && run.stopRequestedAt() < end.toEpochMilli()) {
      Instant stopped = Instant.ofEpochMilli(run.stopRequestedAt());
      status = RunStatus.builder(handle, RunState.CANCELLED, fake.rawStatus(RunState.CANCELLED)).startedAt(started).endedAt(stopped)
          .updatedAt(stopped).reason("stopped");
    } else if (now.isBefore(end)) {
      status = RunStatus.builder(handle, RunState.RUNNING, fake.rawStatus(RunState.RUNNING)).startedAt(started).updatedAt(started);
    } else {
      status = (run.fails()
          ? RunStatus.builder(handle, RunState.FAILED, fake.rawStatus(RunState.FAILED)).reason("the run was started with fail=true")
          : RunStatus.builder(handle, RunState.SUCCEEDED, fake.rawStatus(RunState.SUCCEEDED))).startedAt(started).endedAt(end).updatedAt(end);
    }
    String key = run.idempotencyKey() == null || run.idempotencyKey().startsWith(StartKey.GENERATED_PREFIX) ? null
        : run.idempotencyKey();
    status.detail("target", run.target());
    fake.targetDetails(WorkflowTarget.parse(run.target())).forEach(status::detail);
    return status.detail("idempotencyKey", key)
        .detail("runsFor", java.time.Duration.ofMillis(run.durationMillis()).toString())
        .detail("startedToFail", Boolean.toString(run.fails())).build();
  }

  private static Duration duration(StartRunRequest request) {
    String text = request.parameters().get("duration");
    if (text == null) {
      return DEFAULT_DURATION;
    }
    Duration duration;
    try {
      String plain = text.strip().toLowerCase(Locale.ROOT);
      duration = plain.startsWith("p") ? Duration.parse(plain.toUpperCase(Locale.ROOT))
          : plain.endsWith("ms") ? Duration.ofMillis(Long.parseLong(plain.substring(0, plain.length() - 2)))
          : plain.endsWith("s") ? Duration.ofSeconds(Long.parseLong(plain.substring(0, plain.length() - 1)))
          : plain.endsWith("m") ? Duration.ofMinutes(Long.parseLong(plain.substring(0, plain.length() - 1)))
          : plain.endsWith("h") ? Duration.ofHours(Long.parseLong(plain.substring(0, plain.length() - 1)))
          : Duration.ofSeconds(Long.parseLong(plain));
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw new InvalidRequestException(ErrorContext.of(request.target()), "parameters.duration",
          "in local mode must be a duration such as 5s, 2m, 1h or PT90S, found " + UserText.quote(text));
    }
    if (duration.isNegative() || duration.compareTo(MAX_DURATION) > 0) {
      throw new InvalidRequestException(ErrorContext.of(request.target()), "parameters.duration",
          "in local mode must be 0 to 1 hour, found " + duration);
    }
    return duration;
  }

  private static boolean fails(StartRunRequest request) {
    String text = request.parameters().get("fail");
    if (text == null || text.equalsIgnoreCase("false")) {
      return false;
    }
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    throw new InvalidRequestException(ErrorContext.of(request.target()), "parameters.fail",
        "in local mode must be true or false, found " + UserText.quote(text));
  }
}
