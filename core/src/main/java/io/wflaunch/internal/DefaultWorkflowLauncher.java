package io.wflaunch.internal;

import io.wflaunch.spi.support.Futures;

import io.wflaunch.BulkOptions;
import io.wflaunch.CancelledException;
import io.wflaunch.StartResult;
import io.wflaunch.ErrorContext;
import io.wflaunch.GiveUpStop;
import io.wflaunch.IdempotencyPolicy;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.RunTracker;
import io.wflaunch.TrackerOptions;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.store.IdempotencyStore;
import io.wflaunch.spi.observe.LaunchCall;
import io.wflaunch.spi.observe.LaunchObserver;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.WorkflowBackend;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one implementation of {@link WorkflowLauncher}; build it with {@link WorkflowLauncher#builder()}. */
public final class DefaultWorkflowLauncher implements WorkflowLauncher {

  private static final Logger log = LoggerFactory.getLogger(DefaultWorkflowLauncher.class);
  private static final int DEFAULT_IO_THREADS = 16;

  private final Map<String, WorkflowBackend> backends;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final Executor executor;
  private final boolean ownsExecutor;
  private final RandomGenerator random;
  private final StartPolicy startPolicy;
  private final IdempotencyStore idempotencyStore;
  private final IdempotencyPolicy idempotencyPolicy;
  private final PauseTimer pauses;
  private final DefaultRunTracker tracker;
  private volatile io.wflaunch.spi.events.RunEventSource eventSource;
  private final ExecutorService ownedReadPool;
  private final Observing observing;
  private final Starts.Env startEnv;
  private final StartFlights flights = new StartFlights();
  /** The re-runs in flight, by the handle of the run re-run. */
  private final Map<RunHandle, CompletableFuture<RunHandle>> retries = new java.util.concurrent.ConcurrentHashMap<>();
  private final Set<BulkStarts> bulks = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Map<CompletableFuture<?>, Supplier<CancelledException>> handedOut =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  public DefaultWorkflowLauncher(List<WorkflowBackend> backends, Clock clock,
      ScheduledExecutorService scheduler, Executor executor, RandomGenerator random, StartPolicy startPolicy,
      IdempotencyStore idempotencyStore, IdempotencyPolicy idempotencyPolicy, TrackerOptions trackerOptions) {
    this(backends, clock, scheduler, executor, random, startPolicy, idempotencyStore, idempotencyPolicy,
        trackerOptions, List.of());
  }

  public DefaultWorkflowLauncher(List<WorkflowBackend> backends, Clock clock,
      ScheduledExecutorService scheduler, Executor executor, RandomGenerator random, StartPolicy startPolicy,
      IdempotencyStore idempotencyStore, IdempotencyPolicy idempotencyPolicy, TrackerOptions trackerOptions,
      List<LaunchObserver> observers) {
    this.observing = new Observing(observers);
    Map<String, WorkflowBackend> byId = new LinkedHashMap<>();
    backends.forEach(backend -> byId.put(backend.id(), backend));
    this.backends = Collections.unmodifiableMap(byId);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ownsScheduler = scheduler == null;
    this.scheduler = ownsScheduler ? newScheduler() : scheduler;
    this.ownsExecutor = executor == null;
    this.executor = ownsExecutor ? newExecutor() : executor;
    this.random = random != null ? random : Starts.DEFAULT_RANDOM;
    this.startPolicy = Objects.requireNonNull(startPolicy, "startPolicy");
    this.idempotencyStore = idempotencyStore;
    this.idempotencyPolicy = Objects.requireNonNull(idempotencyPolicy, "idempotencyPolicy");
    this.pauses = new PauseTimer(this.scheduler);
    this.startEnv = new Starts.Env(this.startPolicy, pauses, this.random, clock);
    this.ownedReadPool = ownsExecutor ? newPool(trackerOptions.readThreads(), "wflaunch-tracker") : null;
    this.tracker = new DefaultRunTracker(this.backends, trackerOptions, clock, this.scheduler,
        ownsExecutor ? ownedReadPool : executor, this.random, this::backendFor, this.executor, observing,
        startPolicy.consistencyWindow());
  }

  /**
   * Tells the observers that the launcher is ready; called once by the builder after construction.
   *
   * @return this launcher
   */
  public DefaultWorkflowLauncher announce() {
    observing.launcherBuilt(this);
    return this;
  }

  /**
   * Starts taking run events from {@code source}, if one is given; called once by the builder. The
   * launcher closes the source when it closes.
   *
   * @param source the event source, or null for none
   * @return this launcher
   */
  public DefaultWorkflowLauncher listen(io.wflaunch.spi.events.RunEventSource source) {
    if (source != null) {
      try {
        tracker.listen(source);
      } catch (RuntimeException e) {
        // A source that would not start (one another launcher started, say) is not this launcher's to close.
        close();
        throw e;
      }
      this.eventSource = source;
    }
    return this;
  }

  @Override
  public RunHandle start(StartRunRequest request) {
    Objects.requireNonNull(request, "request");
    StartNote note = new StartNote();
    return observed(startCall(request), () -> startBlocking(request, note), Optional::ofNullable, note);
  }

  /**
   * A blocking start: runs the start on this thread when no other call of this launcher is starting the
   * request's key, else waits for that call's outcome.
   */
  private RunHandle startBlocking(StartRunRequest request, StartNote note) {
    WorkflowBackend backend = checkedForStart(request);
    for (;;) {
      StartFlights.Seat seat = flights.enter(request, note);
      StartFlights.Flight flight = seat.flight();
      if (seat.leader()) {
        RunHandle handle;
        try {
          handle = startNow(backend, request, note, flight.watch);
        } catch (Throwable e) {
          // Whatever ends the start (an Error too) ends its flight, or later starts of the key would wait on it.
          flights.finish(flight, null, e);
          throw e;
        }
        flights.finish(flight, handle, null);
        return handle;
      }
      try {
        // A flight every caller had left still answers with its run when it started one; if it failed,
        // the key is started afresh below.
        RunHandle handle = flight.outcome.get();
        note.existing();
        return handle;
      } catch (InterruptedException e) {
        if (seat.joined()) {
          flight.leave();
        }
        Thread.currentThread().interrupt();
        throw new CancelledException(ErrorContext.of(request.target()).withOutcomeUnknown(flight.note.mayHaveStarted()),
            "interrupted while another call of this launcher was starting the same key", e);
      } catch (ExecutionException e) {
        if (closed.get()) {
          throw StartFlights.closed(flight);
        }
        if (!seat.joined() || StartFlights.retryAfter(e)) {
          continue;
        }
        throw StartFlights.forJoiner(e, request);
      }
    }
  }

  /** Runs one start on this thread, through the idempotency store when the request has a key. */
  private RunHandle startNow(WorkflowBackend backend, StartRunRequest request, StartNote note,
      CompletableFuture<Void> watch) {
    if (throughStore(request)) {
      note.recordedByStore();
      IdempotentStart.Calls calls = IdempotentStart.Calls.blocking(
          keyed -> Starts.start(backend, keyed, startEnv, note, watch), backend::getRun);
      return AsyncSupport.join(new IdempotentStart(idempotencyStore, idempotencyPolicy, request, clock, calls,
          StartProtocol.Pauses.blocking(pauses), random, watch).noting(note).run());
    }
    return Starts.start(backend, request, startEnv, note, watch);
  }

  @Override
  public RunStatus getRun(RunHandle handle) {
    Objects.requireNonNull(handle, "handle");
    return observed(handleCall(Operation.GET_RUN, handle), () -> backendFor(handle).getRun(handle),
        status -> Optional.of(handle), null);
  }

  @Override
  public List<RunStatus> getRuns(Collection<RunHandle> handles) {
    Batches batches = observedChecks(() -> batches(handles));
    batches.byBackend.forEach((backend, batch) -> batches.fill(backend, batch,
        observed(batchCall(backend, batch), () -> backend.getRuns(batch), statuses -> Optional.empty(), null)));
    return batches.results();
  }

  @Override
  public void stop(RunHandle handle) {
    Objects.requireNonNull(handle, "handle");
    observed(handleCall(Operation.STOP, handle), () -> {
      backendFor(handle).stop(handle);
      return handle;
    }, Optional::ofNullable, null);
  }

  @Override
  public RunHandle retry(RunHandle handle) {
    Objects.requireNonNull(handle, "handle");
    return observed(handleCall(Operation.RETRY, handle), () -> {
      WorkflowBackend backend = backendFor(handle);
      CompletableFuture<RunHandle> rerun = retryFlight(handle, () -> {
        try {
          return CompletableFuture.completedFuture(backend.retry(handle));
        } catch (RuntimeException | Error e) {
          return CompletableFuture.failedFuture(e);
        }
      });
      try {
        return rerun.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancelledException(ErrorContext.of(handle).withOutcomeUnknown(true),
            "interrupted while another call of this launcher was re-running the run", e);
      } catch (ExecutionException e) {
        throw Futures.rethrow(e);
      }
    }, Optional::ofNullable, null);
  }

  /**
   * The re-run of {@code handle} in flight in this launcher, or a new one that {@code send} begins: one
   * backend call answers every caller that asks while it is in flight; a call after it has ended sends
   * again (the backend's retry is idempotent, so it answers with the same re-run while that is under
   * way). Each caller gets its own future, so that one caller's cancel leaves the others their answer.
   */
  private CompletableFuture<RunHandle> retryFlight(RunHandle handle, Supplier<CompletableFuture<RunHandle>> send) {
    CompletableFuture<RunHandle> mine = new CompletableFuture<>();
    CompletableFuture<RunHandle> flight = retries.putIfAbsent(handle, mine);
    if (flight == null) {
      flight = mine;
      CompletableFuture<RunHandle> sent;
      try {
        sent = send.get();
      } catch (RuntimeException | Error e) {
        sent = CompletableFuture.failedFuture(e);
      }
      // Out of the map before its callers hear: a call that comes after the answer sends again.
      sent.whenComplete((rerun, failure) -> {
        retries.remove(handle, mine);
        if (failure != null) {
          mine.completeExceptionally(Futures.unwrap(failure));
        } else {
          mine.complete(rerun);
        }
      });
    }
    return flight.thenApply(Function.identity());
  }

  @Override
  public List<RunStatus> listRuns(WorkflowTarget target, int limit) {
    Objects.requireNonNull(target, "target");
    return observed(listCall(target), () -> backendForList(target, limit).listRuns(target, limit),
        statuses -> Optional.empty(), null);
  }

  @Override
  public RunStatus awaitCompletion(RunHandle handle, WaitOptions options) {
    CompletableFuture<RunStatus> wait = awaitCompletionAsync(handle, options);
    try {
      return wait.get();
    } catch (InterruptedException e) {
      boolean gaveUp = wait.cancel(false);
      Thread.currentThread().interrupt();
      throw new CancelledException(ErrorContext.of(handle), "interrupted while waiting for the run to end", e,
          gaveUp && options.stopOnGiveUp() ? GiveUpStop.SENT : GiveUpStop.NOT_ASKED);
    } catch (ExecutionException e) {
      throw Futures.rethrow(e);
    }
  }

  @Override
  public CompletableFuture<RunHandle> startAsync(StartRunRequest request) {
    Objects.requireNonNull(request, "request");
    Caller caller = new Caller();
    CompletableFuture<RunHandle> result = new CompletableFuture<>();
    CompletableFuture<RunHandle> outcome = startAsync(request, caller);
    result.whenComplete((handle, failure) -> {
      if (result.isCancelled()) {
        caller.leave();
      }
    });
    Starts.relay(outcome, result, request);
    return result;
  }

  /**
   * Starts without blocking for one caller: the returned future always says what the start did (the
   * run's handle, or a failure saying whether a run may exist), also after {@code caller} left; the
   * observation of the call has ended when it completes.
   */
  CompletableFuture<RunHandle> startAsync(StartRunRequest request, Caller caller) {
    StartNote note = new StartNote();
    // Observed is what the start did, which a caller's cancel does not change: a run may exist after it.
    return observedAsync(startCall(request), on -> {
      WorkflowBackend backend;
      try {
        backend = checkedForStart(request);
      } catch (WorkflowLaunchException e) {
        return CompletableFuture.failedFuture(e);
      }
      return enterAsync(backend, request, on, note, caller);
    }, Optional::ofNullable, note);
  }

  /**
   * Joins the start of the request's key in progress in this launcher, or begins it; a caller whose
   * flight stopped before it sent anything (its callers left) begins again.
   */
  private CompletableFuture<RunHandle> enterAsync(WorkflowBackend backend, StartRunRequest request, Executor on,
      StartNote note, Caller caller) {
    StartFlights.Seat seat;
    try {
      seat = flights.enter(request, note);
    } catch (WorkflowLaunchException e) {
      return CompletableFuture.failedFuture(e);
    }
    StartFlights.Flight flight = seat.flight();
    if (seat.leader()) {
      caller.seat(flight);
      CompletableFuture<RunHandle> run;
      try {
        run = startAsyncNow(backend, request, on, note, flight.watch);
      } catch (Throwable e) {
        // Whatever ends the start (an Error too) ends its flight, or later starts of the key would wait on it.
        run = CompletableFuture.failedFuture(e);
      }
      run.whenComplete((handle, failure) -> flights.finish(flight, handle, failure));
      return flight.outcome;
    }
    if (seat.joined()) {
      caller.seat(flight);
    }
    // A joined flight answers for this caller too; one every caller had left is only waited out: its run
    // when it started one, else the key is started afresh (as after a joined flight that sent nothing).
    return flight.outcome.handle((handle, failure) -> {
      if (failure == null) {
        note.existing();
        return CompletableFuture.completedFuture(handle);
      }
      if (closed.get()) {
        return CompletableFuture.<RunHandle>failedFuture(StartFlights.closed(flight));
      }
      if (!seat.joined() || StartFlights.retryAfter(failure)) {
        return caller.hasLeft() ? CompletableFuture.<RunHandle>failedFuture(new CancelledException(
            ErrorContext.of(request.target()), "the start was cancelled before it sent anything", null))
            : enterAsync(backend, request, on, note, caller);
      }
      return CompletableFuture.<RunHandle>failedFuture(StartFlights.forJoiner(failure, request));
    }).thenCompose(Function.identity());
  }

  /** Runs one start without blocking, through the idempotency store when the request has a key. */
  private CompletableFuture<RunHandle> startAsyncNow(WorkflowBackend backend, StartRunRequest request, Executor on,
      StartNote note, CompletableFuture<Void> watch) {
    if (!throughStore(request)) {
      return Starts.startAsync(backend, request, startEnv, on, watch, note);
    }
    note.recordedByStore();
    IdempotentStart.Calls calls = IdempotentStart.Calls.async(
        keyed -> Starts.startAsync(backend, keyed, startEnv, on, watch, note),
        handle -> AsyncSupport.defer(() -> backend.getRunAsync(handle, on)), on);
    return new IdempotentStart(idempotencyStore, idempotencyPolicy, request, clock, calls,
        pause -> pauses.after(pause).thenRunAsync(() -> { }, on), random, watch).noting(note).run();
  }

  /**
   * One caller of an async start: the flight it waits for, and whether it has left (cancelled). A
   * caller that leaves takes its place out of the flight, so that a start every caller left stops
   * before its next request.
   */
  static final class Caller {
    private StartFlights.Flight flight;
    private boolean left;

    synchronized void seat(StartFlights.Flight flight) {
      this.flight = flight;
      if (left) {
        flight.leave();
      }
    }

    void leave() {
      StartFlights.Flight current;
      synchronized (this) {
        if (left) {
          return;
        }
        left = true;
        current = flight;
      }
      if (current != null) {
        current.leave();
      }
    }

    synchronized boolean hasLeft() {
      return left;
    }
  }

  @Override
  public CompletableFuture<RunStatus> getRunAsync(RunHandle handle) {
    Objects.requireNonNull(handle, "handle");
    return observedAsync(handleCall(Operation.GET_RUN, handle),
        on -> checkedThen(() -> backendFor(handle), backend -> backend.getRunAsync(handle, on)),
        status -> Optional.of(handle), null, () -> closedDuring("the read", ErrorContext.of(handle), false));
  }

  @Override
  public CompletableFuture<List<RunStatus>> getRunsAsync(Collection<RunHandle> handles) {
    return checkedThen(() -> observedChecks(() -> batches(handles)), batches -> {
      List<CompletableFuture<?>> calls = new ArrayList<>();
      batches.byBackend.forEach((backend, batch) -> calls.add(observedAsync(batchCall(backend, batch),
          on -> backend.getRunsAsync(batch, on), statuses -> Optional.<RunHandle>empty(), null,
          () -> closedDuring("the reads", ErrorContext.empty(), false))
          .thenAccept(statuses -> batches.fill(backend, batch, statuses))));
      return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(done -> batches.results());
    });
  }

  @Override
  public CompletableFuture<Void> stopAsync(RunHandle handle) {
    Objects.requireNonNull(handle, "handle");
    // A stop request that was sent may have been accepted: closing cannot tell.
    return observedAsync(handleCall(Operation.STOP, handle),
        on -> checkedThen(() -> backendFor(handle), backend -> backend.stopAsync(handle, on)),
        stopped -> Optional.of(handle), null, () -> closedDuring("the stop", ErrorContext.of(handle), true));
  }

  @Override
  public CompletableFuture<RunHandle> retryAsync(RunHandle handle) {
    Objects.requireNonNull(handle, "handle");
    // A re-run request that was sent may have begun a re-run: closing cannot tell.
    return observedAsync(handleCall(Operation.RETRY, handle),
        on -> checkedThen(() -> backendFor(handle),
            backend -> retryFlight(handle, () -> backend.retryAsync(handle, on))),
        Optional::ofNullable, null, () -> closedDuring("the retry", ErrorContext.of(handle), true));
  }

  @Override
  public CompletableFuture<List<RunStatus>> listRunsAsync(WorkflowTarget target, int limit) {
    Objects.requireNonNull(target, "target");
    return observedAsync(listCall(target),
        on -> checkedThen(() -> backendForList(target, limit), backend -> backend.listRunsAsync(target, limit, on)),
        statuses -> Optional.empty(), null, () -> closedDuring("the listing", ErrorContext.of(target), false));
  }

  private static CancelledException closedDuring(String what, ErrorContext context, boolean mayHaveTakenEffect) {
    return new CancelledException(context.withOutcomeUnknown(mayHaveTakenEffect), "the launcher was closed during "
        + what, null);
  }

  // ---- observation ----

  /** Runs a blocking call as one observed call (or just runs it when nothing observes). */
  private <T> T observed(LaunchCall call, Supplier<T> work, Function<T, Optional<RunHandle>> runOf, StartNote note) {
    if (!observing.active()) {
      return work.get();
    }
    LaunchObserver.Observation observation = observing.callStarted(call);
    if (note != null) {
      note.within(observation::open);
    }
    T result;
    try (LaunchObserver.Scope scope = observation.open()) {
      result = work.get();
    } catch (RuntimeException | Error e) {
      observation.failed(e);
      throw e;
    }
    observation.succeeded(runOf.apply(result), note != null && note.isExisting());
    return result;
  }

  /**
   * Runs the checks of a batch read; when they fail, the call is observed as one failed
   * {@code GET_RUNS} call (on {@link LaunchCall#UNREGISTERED} when no backend can be named).
   */
  private <C> C observedChecks(Supplier<C> checks) {
    try {
      return checks.get();
    } catch (WorkflowLaunchException e) {
      if (observing.active()) {
        String backend = e.backendId().map(this::backendTag).orElse(LaunchCall.UNREGISTERED);
        observing.callStarted(new LaunchCall(Operation.GET_RUNS, backend, Optional.empty(), Optional.empty(), 0,
            false)).failed(e);
      }
      throw e;
    }
  }

  /**
   * Starts an async call as one observed call, the observation current while it is sent and on the
   * executor its steps run on, and ended when the returned future completes.
   */
  private <T> CompletableFuture<T> observedAsync(LaunchCall call, Function<Executor, CompletableFuture<T>> work,
      Function<T, Optional<RunHandle>> runOf, StartNote note) {
    return observedAsync(call, work, runOf, note, null);
  }

  /**
   * As {@link #observedAsync(LaunchCall, Function, Function, StartNote)}; the call's own future (inside
   * the observation) is handed out for closing with {@code onClose}, so that a close ends the observation
   * before the caller's future.
   */
  private <T> CompletableFuture<T> observedAsync(LaunchCall call, Function<Executor, CompletableFuture<T>> work,
      Function<T, Optional<RunHandle>> runOf, StartNote note, Supplier<CancelledException> onClose) {
    if (!observing.active()) {
      CompletableFuture<T> future = work.apply(executor);
      return onClose == null ? future : handedOut(future, onClose);
    }
    LaunchObserver.Observation observation = observing.callStarted(call);
    if (note != null) {
      note.within(observation::open);
    }
    CompletableFuture<T> future;
    try (LaunchObserver.Scope scope = observation.open()) {
      future = work.apply(observation.wrap(executor));
    } catch (RuntimeException | Error e) {
      observation.failed(e);
      throw e;
    }
    if (onClose != null) {
      handedOut(future, onClose);
    }
    // The caller's future completes after the observation has ended, so that a caller who has its
    // answer finds the call's metrics and span complete; a cancel of it still reaches the call.
    CompletableFuture<T> observedEnd = future.whenComplete((result, failure) -> {
      if (failure != null) {
        observation.failed(Futures.unwrap(failure));
      } else {
        observation.succeeded(runOf.apply(result), note != null && note.isExisting());
      }
    });
    observedEnd.whenComplete((result, failure) -> {
      if (observedEnd.isCancelled()) {
        future.cancel(false);
      }
    });
    return observedEnd;
  }

  /**
   * Registers a future handed to a caller, so that closing the launcher completes it (with the failure
   * {@code onClose} makes) if it has not completed by then.
   */
  private <T> CompletableFuture<T> handedOut(CompletableFuture<T> future, Supplier<CancelledException> onClose) {
    if (future.isDone()) {
      return future;
    }
    handedOut.put(future, onClose);
    future.whenComplete((result, failure) -> handedOut.remove(future));
    if (closed.get()) {
      future.completeExceptionally(onClose.get());
    }
    return future;
  }

  private LaunchCall startCall(StartRunRequest request) {
    return new LaunchCall(Operation.START, backendTag(request.target().backend()), Optional.of(request.target()),
        Optional.empty(), 0, request.idempotencyKey().isPresent());
  }

  private LaunchCall handleCall(Operation operation, RunHandle handle) {
    return new LaunchCall(operation, backendTag(handle.backend()), Optional.empty(), Optional.of(handle),
        operation == Operation.GET_RUN ? 1 : 0, false);
  }

  private LaunchCall listCall(WorkflowTarget target) {
    return new LaunchCall(Operation.LIST_RUNS, backendTag(target.backend()), Optional.of(target), Optional.empty(),
        0, false);
  }

  private static LaunchCall batchCall(WorkflowBackend backend, List<RunHandle> batch) {
    return new LaunchCall(Operation.GET_RUNS, backend.id(), Optional.empty(), Optional.empty(), batch.size(), false);
  }

  private String backendTag(String backendId) {
    return backends.containsKey(backendId) ? backendId : LaunchCall.UNREGISTERED;
  }

  @Override
  public CompletableFuture<RunStatus> awaitCompletionAsync(RunHandle handle, WaitOptions options) {
    Objects.requireNonNull(options, "options");
    return checkedThen(() -> backendFor(handle), backend -> tracker.track(handle, options));
  }

  @Override
  public List<RunStatus> awaitAll(Collection<RunHandle> handles, WaitOptions options) {
    CompletableFuture<List<RunStatus>> wait = awaitAllAsync(handles, options);
    try {
      return wait.get();
    } catch (InterruptedException e) {
      boolean gaveUp = wait.cancel(false);
      Thread.currentThread().interrupt();
      throw new CancelledException(ErrorContext.empty(), "interrupted while waiting for the runs to end", e,
          gaveUp && options.stopOnGiveUp() ? GiveUpStop.SENT : GiveUpStop.NOT_ASKED);
    } catch (ExecutionException e) {
      throw Futures.rethrow(e);
    }
  }

  @Override
  public CompletableFuture<List<RunStatus>> awaitAllAsync(Collection<RunHandle> handles, WaitOptions options) {
    Objects.requireNonNull(handles, "handles");
    Objects.requireNonNull(options, "options");
    List<RunHandle> checked = new ArrayList<>(handles.size());
    try {
      handles.forEach(handle -> {
        backendFor(handle);
        checked.add(handle);
      });
    } catch (WorkflowLaunchException e) {
      return CompletableFuture.failedFuture(e);
    }
    List<CompletableFuture<RunStatus>> waits = new ArrayList<>(checked.size());
    checked.forEach(handle -> waits.add(tracker.track(handle, options)));
    CompletableFuture<List<RunStatus>> all = DefaultRunTracker.all(waits);
    all.whenComplete((statuses, failure) -> {
      if (all.isCancelled()) {
        waits.forEach(wait -> wait.cancel(false));
      }
    });
    return all;
  }

  @Override
  public List<StartResult> startAll(Iterable<StartRunRequest> requests, BulkOptions options) {
    CompletableFuture<List<StartResult>> all = startAllAsync(requests, options);
    try {
      return all.get();
    } catch (InterruptedException e) {
      all.cancel(false);
      Thread.currentThread().interrupt();
      throw new CancelledException(ErrorContext.empty(), "interrupted while starting the runs", e);
    } catch (ExecutionException e) {
      throw Futures.rethrow(e);
    }
  }

  @Override
  public CompletableFuture<List<StartResult>> startAllAsync(Iterable<StartRunRequest> requests, BulkOptions options) {
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(options, "options");
    if (closed.get()) {
      throw new IllegalStateException("the launcher is closed");
    }
    BulkStarts bulk = new BulkStarts(requests, options, this::startAsync, clock, scheduler, random);
    bulks.add(bulk);
    bulk.done().whenComplete((results, failure) -> bulks.remove(bulk));
    if (closed.get()) {
      bulk.close();
    }
    return bulk.run();
  }

  @Override
  public RunTracker tracker() {
    return tracker;
  }

  @Override
  public RunHandle parseHandle(String text) {
    RunHandle handle = RunHandle.parse(text);
    return registered(handle.backend(), "handle", ErrorContext.of(handle)).parseHandle(handle);
  }

  @Override
  public WorkflowTarget parseTarget(String text) {
    WorkflowTarget target = WorkflowTarget.parse(text);
    return registered(target.backend(), "target", ErrorContext.of(target)).parseTarget(target);
  }

  @Override
  public Set<String> backendIds() {
    return backends.keySet();
  }

  @Override
  public <B extends WorkflowBackend> B backend(String id, Class<B> type) {
    Objects.requireNonNull(type, "type");
    return type.cast(registered(Objects.requireNonNull(id, "id"), "backend", ErrorContext.empty()));
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // Every future handed out completes here, without waiting for requests in flight: starts say whether
    // a start request may have started a run, waits and reads fail as cancelled.
    // The bulks first, so that none pulls another request once the starts in flight are ended.
    for (BulkStarts bulk : List.copyOf(bulks)) {
      bulk.stopPulling();
    }
    flights.closeAll();
    for (BulkStarts bulk : List.copyOf(bulks)) {
      bulk.close();
    }
    handedOut.forEach((future, onClose) -> future.completeExceptionally(onClose.get()));
    // The tracker first: a source that says it stopped receiving as it closes then moves no run.
    tracker.close(new CancelledException(ErrorContext.empty(), "the launcher was closed during the wait", null));
    io.wflaunch.spi.events.RunEventSource source = eventSource;
    if (source != null) {
      try {
        source.close();
      } catch (RuntimeException e) {
        log.warn("Closing the run event source failed", e);
      }
    }
    pauses.close();
    for (WorkflowBackend backend : backends.values()) {
      try {
        backend.close();
      } catch (Exception e) {
        log.warn("Closing backend {} failed", backend.id(), e);
      }
    }
    observing.launcherClosed(this);
    if (ownsScheduler) {
      scheduler.shutdownNow();
    }
    if (ownsExecutor) {
      ((ExecutorService) executor).shutdown();
      ownedReadPool.shutdown();
    }
  }

  private WorkflowBackend checkedForStart(StartRunRequest request) {
    WorkflowTarget target = request.target();
    WorkflowBackend backend = registered(target.backend(), "target", ErrorContext.of(target));
    backend.parseTarget(target);
    backend.validate(request);
    if (idempotencyStore == null) {
      request.keyReusePolicy().ifPresent(policy -> {
        throw new InvalidRequestException(ErrorContext.of(target), "keyReusePolicy",
            "needs a launcher with an idempotency store (WorkflowLauncher.Builder.idempotencyStore)");
      });
      request.inFlightPolicy().ifPresent(policy -> {
        throw new InvalidRequestException(ErrorContext.of(target), "inFlightPolicy",
            "needs a launcher with an idempotency store (WorkflowLauncher.Builder.idempotencyStore)");
      });
    }
    return backend;
  }

  private boolean throughStore(StartRunRequest request) {
    return idempotencyStore != null && request.idempotencyKey().isPresent();
  }

  private WorkflowBackend backendFor(RunHandle handle) {
    Objects.requireNonNull(handle, "handle");
    WorkflowBackend backend = registered(handle.backend(), "handle", ErrorContext.of(handle));
    backend.parseHandle(handle);
    return backend;
  }

  private WorkflowBackend backendForList(WorkflowTarget target, int limit) {
    Objects.requireNonNull(target, "target");
    WorkflowBackend backend = registered(target.backend(), "target", ErrorContext.of(target));
    if (limit < 1) {
      throw new InvalidRequestException(ErrorContext.of(target), "limit", "must be at least 1, found " + limit);
    }
    backend.parseTarget(target);
    return backend;
  }

  private WorkflowBackend registered(String backendId, String field, ErrorContext context) {
    if (closed.get()) {
      throw new IllegalStateException("the launcher is closed");
    }
    WorkflowBackend backend = backends.get(backendId);
    if (backend == null) {
      throw new InvalidRequestException(context, field,
          "names backend '" + backendId + "', which is not registered; registered backends: " + backends.keySet());
    }
    return backend;
  }

  /** Runs the checks; their failure becomes a failed future, as every async failure is. */
  private static <C, T> CompletableFuture<T> checkedThen(
      Supplier<C> check, java.util.function.Function<C, CompletableFuture<T>> call) {
    C checked;
    try {
      checked = check.get();
    } catch (WorkflowLaunchException e) {
      return CompletableFuture.failedFuture(e);
    }
    return call.apply(checked);
  }

  private Batches batches(Collection<RunHandle> handles) {
    Objects.requireNonNull(handles, "handles");
    Batches batches = new Batches(handles.size());
    int position = 0;
    for (RunHandle handle : handles) {
      batches.add(backendFor(handle), handle, position++);
    }
    return batches;
  }

  /** The handles of one getRuns call grouped by backend, and where each answer goes. */
  private static final class Batches {
    final Map<WorkflowBackend, List<RunHandle>> byBackend = new LinkedHashMap<>();
    final Map<WorkflowBackend, List<Integer>> positions = new LinkedHashMap<>();
    final RunStatus[] results;

    Batches(int size) {
      results = new RunStatus[size];
    }

    void add(WorkflowBackend backend, RunHandle handle, int position) {
      byBackend.computeIfAbsent(backend, b -> new ArrayList<>()).add(handle);
      positions.computeIfAbsent(backend, b -> new ArrayList<>()).add(position);
    }

    void fill(WorkflowBackend backend, List<RunHandle> batch, List<RunStatus> statuses) {
      if (statuses.size() != batch.size()) {
        throw new IllegalStateException("backend " + backend.id() + " answered " + statuses.size()
            + " statuses for " + batch.size() + " handles");
      }
      List<Integer> at = positions.get(backend);
      for (int i = 0; i < statuses.size(); i++) {
        results[at.get(i)] = statuses.get(i);
      }
    }

    List<RunStatus> results() {
      return List.of(results);
    }
  }

  private static ScheduledExecutorService newScheduler() {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("wflaunch-scheduler"));
    scheduler.setRemoveOnCancelPolicy(true);
    return scheduler;
  }

  private static ExecutorService newExecutor() {
    return newPool(DEFAULT_IO_THREADS, "wflaunch-io");
  }

  private static ExecutorService newPool(int threads, String name) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemonThreads(name));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
