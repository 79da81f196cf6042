package io.wflaunch;

import io.wflaunch.internal.DefaultWorkflowLauncher;
import io.wflaunch.spi.WorkflowBackend;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;

/**
 * The entry point: starts and tracks workflow runs on every backend it was built with.
 *
 * <pre>{@code
 * try (WorkflowLauncher launcher = WorkflowLauncher.builder()
 *     .backend(memoryBackend)                    // a WorkflowBackend whose id is "memory"
 *     .backend(otherBackend)                     // and more, each under its own id
 *     .build()) {
 *   RunHandle run = launcher.start(StartRunRequest.builder(WorkflowTarget.parse("memory:nightly-etl"))
 *       .parameter("date", "2026-11-23")
 *       .idempotencyKey("nightly-etl-2026-11-23")
 *       .build());
 *   store(run.toString());                      // resume later with RunHandle.parse(...)
 *   RunStatus done = launcher.awaitCompletion(run, WaitOptions.DEFAULT);
 * }
 * }</pre>
 *
 * <p>Calls are routed by the backend id of the target or handle. Every target, handle and request is
 * checked before anything is sent: a call that fails validation sends nothing. Failures are
 * {@link WorkflowLaunchException} subtypes; the async forms return futures that fail with them
 * (wrapped in a {@link java.util.concurrent.CompletionException} where the future API does so).
 *
 * <p>Safe for use by several threads at once. Closing the launcher closes its backends and fails the
 * waits still in progress.
 */
public interface WorkflowLauncher extends AutoCloseable {

  /**
   * Starts building a launcher.
   *
   * @return a builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a run, exactly once: with an idempotency key, starting again with the same key returns the
   * first run's handle instead of starting another; with or without one, an answer the service lost is
   * settled by looking the run up (or, where the service deduplicates by token, by sending the same
   * start again), never by a blind second start. Retries and look-ups follow the launcher's
   * {@link StartPolicy}. Whatever a failure's kind, its {@link WorkflowLaunchException#outcomeUnknown()}
   * says whether a run may exist.
   *
   * <p>On a launcher with an {@link io.wflaunch.spi.store.IdempotencyStore}, a keyed start first claims its key
   * in the store, so that starts with the key in any process sharing the store return one run; the
   * {@link IdempotencyPolicy} and the request's own policies say what the key means once its run ended
   * and while it is in flight, and a key reused with a different request is a conflict.
   *
   * @param request what to start
   * @return the run's handle
   * @throws InvalidRequestException if the target's backend is not registered or the request breaks
   *     one of its backend's rules; nothing was sent
   * @throws ConfigurationException if the backend's client lacks credentials, a region or a token;
   *     nothing was sent
   * @throws WorkflowNotFoundException if the workflow does not exist
   * @throws AccessDeniedException if the credentials may not start it
   * @throws ConflictException if the key (or the id derived from it) already names a run this start may
   *     not return, such as a run of another workflow; with an idempotency store, if the key was used
   *     with a different request, its ended run is refused by {@link KeyReusePolicy#REJECT_DUPLICATE}, or
   *     it is in flight ({@link InFlightPolicy}; then {@link WorkflowLaunchException#retryable()})
   * @throws LimitExceededException if a quota or concurrency limit refused the run
   * @throws ThrottledException if the service throttled the call
   * @throws BackendUnavailableException if the service could not be reached or failed
   * @throws CancelledException if the calling thread was interrupted
   * @throws WorkflowLaunchException for any other failure
   */
  RunHandle start(StartRunRequest request);

  /**
   * Reads a run's current status.
   *
   * @param handle the run
   * @return its status
   * @throws InvalidRequestException if the handle's backend is not registered or its parts are
   *     malformed for that backend
   * @throws RunNotFoundException if the run does not exist
   * @throws AccessDeniedException if the credentials may not read it
   * @throws ThrottledException if the service throttled the call
   * @throws BackendUnavailableException if the service could not be reached or failed
   * @throws WorkflowLaunchException for any other failure
   */
  RunStatus getRun(RunHandle handle);

  /**
   * Reads the status of several runs, possibly on several backends, batching where a backend can.
   *
   * @param handles the runs
   * @return one status per handle, in the order given
   * @throws InvalidRequestException if a handle's backend is not registered or its parts are malformed
   * @throws RunNotFoundException if one of the runs does not exist (use {@link #getRun} per handle to
   *     isolate it)
   * @throws WorkflowLaunchException for any other failure, as for {@link #getRun}
   */
  List<RunStatus> getRuns(Collection<RunHandle> handles);

  /**
   * Asks the backend to stop a run and returns once the request is accepted.
   *
   * @param handle the run
   * @throws InvalidRequestException if the handle's backend is not registered or its parts are
   *     malformed
   * @throws OperationNotSupportedException if the backend cannot stop runs (its service has no stop)
   * @throws RunNotFoundException if the run does not exist
   * @throws ConflictException if the run cannot be stopped in its current state
   * @throws WorkflowLaunchException for any other failure
   */
  void stop(RunHandle handle);

  /**
   * Re-runs a failed, stopped or timed-out run from where it failed, where its service can: in place
   * (the same handle) or as a new run linked to the first (a new handle); each backend's page says
   * which. Idempotent like a start, within each backend's safeguard: calling it again for the same run
   * returns the re-run the first call began instead of beginning another. Backends that send a client
   * token derived from the run do so, also from another process, while the service remembers the
   * token; backends that look for the re-run before sending do so within their look-up's reach (the
   * pages it scans and how far back it looks), and two processes that retry one run at the same instant
   * can both find nothing and both re-run it (see docs/exactly-once.md, "Re-running a failed run").
   *
   * @param handle the run that failed
   * @return the handle to track the re-run by: {@code handle} itself when the service re-runs in place
   * @throws InvalidRequestException if the handle's backend is not registered or its parts are
   *     malformed
   * @throws OperationNotSupportedException if the backend cannot re-run runs
   * @throws RunNotFoundException if the run does not exist
   * @throws ConflictException if the run's state does not allow a re-run (it succeeded, or is still
   *     running and was never re-run where the service tells the two apart), or the service's window for
   *     re-running it has passed
   * @throws WorkflowLaunchException for any other failure; {@code outcomeUnknown()} says whether a
   *     re-run may have begun
   */
  RunHandle retry(RunHandle handle);

  /**
   * Lists a workflow's runs, newest first.
   *
   * @param target the workflow
   * @param limit the most runs to return, positive
   * @return up to {@code limit} statuses, newest first
   * @throws InvalidRequestException if the limit is not positive, or the target's backend is not
   *     registered or its parts are malformed
   * @throws WorkflowNotFoundException if the workflow does not exist
   * @throws WorkflowLaunchException for any other failure
   */
  List<RunStatus> listRuns(WorkflowTarget target, int limit);

  /**
   * Polls a run until it reaches a terminal state, as {@link WaitOptions} describes, through the
   * launcher's {@link #tracker() tracker}, so that the polls of runs waited for at the same time are
   * read together. Throttling and unavailability while polling are ridden out until the deadline.
   * With {@link WaitOptions#stopOnGiveUp()}, a run still under way at the deadline, or when the thread
   * is interrupted, is sent a stop first, and the exception says what became of it.
   *
   * @param handle the run
   * @param options how to poll and for how long
   * @return the terminal status (which may be FAILED, CANCELLED and so on: check
   *     {@link RunState#isSuccessful()})
   * @throws InvalidRequestException if the handle's backend is not registered or its parts are
   *     malformed
   * @throws WaitTimeoutException if no terminal state was seen before the deadline; its
   *     {@link WaitTimeoutException#giveUpStop() giveUpStop()} says whether the run was stopped
   * @throws RunNotFoundException if the run does not exist
   * @throws AccessDeniedException if the credentials may not read it
   * @throws WorkflowLaunchException if the thread is interrupted (the interrupt flag is set again), or
   *     for any other failure that is not ridden out
   */
  RunStatus awaitCompletion(RunHandle handle, WaitOptions options);

  /**
   * Async form of {@link #start}. Cancelling the future stops the start protocol before its next
   * request; a request already sent may still start a run (the launcher logs a warning when one may
   * have).
   *
   * @param request what to start
   * @return a future of the handle, failing as {@link #start} throws
   */
  CompletableFuture<RunHandle> startAsync(StartRunRequest request);

  /**
   * Async form of {@link #getRun}.
   *
   * @param handle the run
   * @return a future of its status, failing as {@link #getRun} throws
   */
  CompletableFuture<RunStatus> getRunAsync(RunHandle handle);

  /**
   * Async form of {@link #getRuns}.
   *
   * @param handles the runs
   * @return a future of one status per handle in the order given, failing as {@link #getRuns} throws
   */
  CompletableFuture<List<RunStatus>> getRunsAsync(Collection<RunHandle> handles);

  /**
   * Async form of {@link #stop}.
   *
   * @param handle the run
   * @return a future that completes when the stop is accepted, failing as {@link #stop} throws
   */
  CompletableFuture<Void> stopAsync(RunHandle handle);

  /**
   * Async form of {@link #retry}.
   *
   * @param handle the run that failed
   * @return a future of the re-run's handle, failing as {@link #retry} throws
   */
  CompletableFuture<RunHandle> retryAsync(RunHandle handle);

  /**
   * Async form of {@link #listRuns}.
   *
   * @param target the workflow
   * @param limit the most runs to return, positive
   * @return a future of up to {@code limit} statuses, newest first, failing as {@link #listRuns} throws
   */
  CompletableFuture<List<RunStatus>> listRunsAsync(WorkflowTarget target, int limit);

  /**
   * Async form of {@link #awaitCompletion}. Holds no thread while waiting: the tracker schedules one
   * read per backend on the launcher's shared scheduler. Cancelling the future stops the polling and,
   * with {@link WaitOptions#stopOnGiveUp()}, sends a stop of the run, whose answer the options'
   * listener hears ({@link WaitListener#onGiveUp}).
   *
   * @param handle the run
   * @param options how to poll and for how long
   * @return a future of the terminal status, failing as {@link #awaitCompletion} throws
   */
  CompletableFuture<RunStatus> awaitCompletionAsync(RunHandle handle, WaitOptions options);

  /**
   * Tracks a run until it ends with the {@link WaitOptions#DEFAULT default wait options}: the same as
   * {@code awaitCompletionAsync(handle, WaitOptions.DEFAULT)}.
   *
   * @param handle the run
   * @return a future of the terminal status, failing as {@link #awaitCompletion} throws
   */
  default CompletableFuture<RunStatus> track(RunHandle handle) {
    return awaitCompletionAsync(handle, WaitOptions.DEFAULT);
  }

  /**
   * Waits until every run has ended, polling them together through the {@link #tracker() tracker}:
   * one batched read per backend and workflow for all the runs due, within each backend's request
   * budget. A run that fails (FAILED, CANCELLED and so on) is a status like any other; only a wait that
   * cannot finish (timeout, missing run, access denied) is a failure.
   *
   * @param handles the runs, possibly on several backends
   * @param options how to poll each run and for how long
   * @return the terminal statuses, in the order of {@code handles}
   * @throws InvalidRequestException if a handle's backend is not registered or its parts are
   *     malformed; nothing was tracked
   * @throws WaitTimeoutException if a run did not end before the deadline (the first such run in
   *     order; the failures of up to ten other runs are attached as suppressed exceptions), once every
   *     wait is over; the statuses of the runs that did end are then not returned: to keep each run's
   *     outcome, track the runs one by one with {@link RunTracker#track} and collect the futures
   * @throws WorkflowLaunchException for any other failure of a wait, as {@link #awaitCompletion} throws
   */
  List<RunStatus> awaitAll(Collection<RunHandle> handles, WaitOptions options);

  /**
   * Async form of {@link #awaitAll}. Cancelling the future stops tracking the runs (and, with
   * {@link WaitOptions#stopOnGiveUp()}, stops each run still under way).
   *
   * @param handles the runs
   * @param options how to poll each run and for how long
   * @return a future of the terminal statuses in order, failing as {@link #awaitAll} throws
   */
  CompletableFuture<List<RunStatus>> awaitAllAsync(Collection<RunHandle> handles, WaitOptions options);

  /**
   * Starts many runs, at most {@link BulkOptions#concurrency()} at once and
   * {@link BulkOptions#startsPerSecond()} per second, taking requests from {@code requests} only as
   * starts can begin (so a lazily produced sequence is read at the pace of the starts). Each request is
   * started as {@link #start} starts it; a start refused by a concurrency limit (a workflow's most runs
   * at once, say) or throttled waits for a slot or for the rate and tries again, up to
   * {@link BulkOptions#maxWait()}.
   * One request's failure does not stop the others: it is that request's result.
   *
   * @param requests the requests, read once, in order
   * @param options concurrency, rate, how long to wait, and who is told of each result
   * @return one result per request, in the order of {@code requests}
   * @throws WorkflowLaunchException if reading {@code requests} failed (the results so far went to the
   *     listener), or if the calling thread was interrupted ({@link CancelledException}; the starts in
   *     flight are cancelled before their next request)
   */
  List<StartResult> startAll(Iterable<StartRunRequest> requests, BulkOptions options);

  /**
   * Async form of {@link #startAll}: the requests are read on the threads that complete the starts.
   * Cancelling the future stops reading requests and cancels the starts in flight before their next
   * request.
   *
   * @param requests the requests, read once, in order
   * @param options concurrency, rate, how long to wait, and who is told of each result
   * @return a future of one result per request in order, failing as {@link #startAll} throws
   */
  CompletableFuture<List<StartResult>> startAllAsync(Iterable<StartRunRequest> requests, BulkOptions options);

  /**
   * The launcher's run tracker, through which every wait polls. Use {@link RunTracker#track} for a
   * future per run, and its counters to see how many runs it tracks and how many requests it sent.
   *
   * @return the tracker
   */
  RunTracker tracker();

  /**
   * Parses a handle string and checks its parts with the backend it names, which must be registered
   * here.
   *
   * @param text a handle string, as written by {@link RunHandle#toString()}
   * @return the handle
   * @throws InvalidRequestException (field {@code handle}) if the string is malformed, its backend is
   *     not registered, or its parts break that backend's rules
   */
  RunHandle parseHandle(String text);

  /**
   * Parses a target string and checks its parts with the backend it names, which must be registered
   * here.
   *
   * @param text a target string, such as {@code memory:nightly-etl}
   * @return the target
   * @throws InvalidRequestException (field {@code target}) if the string is malformed, its backend is
   *     not registered, or its parts break that backend's rules
   */
  WorkflowTarget parseTarget(String text);

  /**
   * The ids of the registered backends, in registration order.
   *
   * @return the backend ids
   */
  Set<String> backendIds();

  /**
   * A registered backend, for operations only that backend offers (a terminate beside the common stop,
   * say).
   *
   * @param id the backend id
   * @param type the backend's class
   * @param <B> that class
   * @return the backend
   * @throws InvalidRequestException if no backend has that id
   * @throws ClassCastException if the backend is not of that class
   */
  <B extends WorkflowBackend> B backend(String id, Class<B> type);

  /**
   * Closes every backend and the executors the launcher created, and fails the waits in progress.
   * Further calls throw {@link IllegalStateException}.
   */
  @Override
  void close();

  /** Builds a {@link WorkflowLauncher}. */
  final class Builder {
    private final List<WorkflowBackend> backends = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;
    private Executor executor;
    private RandomGenerator random;
    private StartPolicy startPolicy = StartPolicy.DEFAULT;
    private io.wflaunch.spi.store.IdempotencyStore idempotencyStore;
    private IdempotencyPolicy idempotencyPolicy = IdempotencyPolicy.DEFAULT;
    private TrackerOptions trackerOptions = TrackerOptions.DEFAULT;
    private final List<io.wflaunch.spi.observe.LaunchObserver> observers = new ArrayList<>();
    private io.wflaunch.spi.events.RunEventSource runEvents;

    private Builder() {}

    /**
     * Registers a backend under its {@link WorkflowBackend#id()}.
     *
     * @param backend the backend
     * @return this builder
     * @throws NullPointerException if {@code backend} is null
     * @throws IllegalArgumentException if a backend with the same id is already registered
     */
    public Builder backend(WorkflowBackend backend) {
      Objects.requireNonNull(backend, "backend");
      for (WorkflowBackend registered : backends) {
        if (registered.id().equals(backend.id())) {
          throw new IllegalArgumentException("two backends have the id '" + backend.id()
              + "': " + registered.getClass().getName() + " and " + backend.getClass().getName()
              + "; give one of them another id");
        }
      }
      backends.add(backend);
      return this;
    }

    /**
     * Sets the clock waits measure their deadline with. Defaults to the system clock (UTC); tests pass
     * a virtual clock together with a matching {@link #scheduler}.
     *
     * @param clock the clock
     * @return this builder
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the scheduler that times polls of async waits. The launcher does not shut a scheduler it
     * was given. Defaults to one daemon thread the launcher owns.
     *
     * @param scheduler the scheduler
     * @return this builder
     * @throws NullPointerException if {@code scheduler} is null
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Sets the executor that runs blocking backend calls for the async methods of backends without a
     * non-blocking client. The launcher does not shut an executor it was given. Defaults to a bounded
     * pool of daemon threads the launcher owns.
     *
     * @param executor the executor
     * @return this builder
     * @throws NullPointerException if {@code executor} is null
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sets the random source for backoff jitter. Defaults to {@link
     * java.util.concurrent.ThreadLocalRandom}; tests pass a seeded one.
     *
     * @param random the random source, shared by all waits (so safe for use by several threads
     *     when waits poll on several threads, as {@link java.util.Random} is)
     * @return this builder
     * @throws NullPointerException if {@code random} is null
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Sets how starts are retried and how an unknown outcome is settled (default
     * {@link StartPolicy#DEFAULT}).
     *
     * @param startPolicy the policy
     * @return this builder
     */
    public Builder startPolicy(StartPolicy startPolicy) {
      this.startPolicy = Objects.requireNonNull(startPolicy, "startPolicy");
      return this;
    }

    /**
     * Sets the store that makes keyed starts idempotent across every launcher sharing it: across
     * processes and machines with {@code DynamoDbIdempotencyStore}, within one process with
     * {@link InMemoryIdempotencyStore}. Without one, a key is deduplicated only as far as the backend
     * can see it. The launcher does not close a store it was given.
     *
     * @param idempotencyStore the store
     * @return this builder
     * @throws NullPointerException if {@code idempotencyStore} is null
     */
    public Builder idempotencyStore(io.wflaunch.spi.store.IdempotencyStore idempotencyStore) {
      this.idempotencyStore = Objects.requireNonNull(idempotencyStore, "idempotencyStore");
      return this;
    }

    /**
     * Sets the default key reuse and in-flight policies, the claim lease, the wait for a key in flight
     * and the records' retention (default {@link IdempotencyPolicy#DEFAULT}); used with an
     * {@link #idempotencyStore}.
     *
     * @param idempotencyPolicy the policy
     * @return this builder
     * @throws NullPointerException if {@code idempotencyPolicy} is null
     */
    public Builder idempotencyPolicy(IdempotencyPolicy idempotencyPolicy) {
      this.idempotencyPolicy = Objects.requireNonNull(idempotencyPolicy, "idempotencyPolicy");
      return this;
    }

    /**
     * Sets the request budgets of the launcher's {@link RunTracker}. Defaults to
     * {@link TrackerOptions#DEFAULT}.
     *
     * @param trackerOptions the options
     * @return this builder
     * @throws NullPointerException if {@code trackerOptions} is null
     */
    public Builder trackerOptions(TrackerOptions trackerOptions) {
      this.trackerOptions = Objects.requireNonNull(trackerOptions, "trackerOptions");
      return this;
    }

    /**
     * Adds an observer of the launcher's calls and of the runs its waits see end: metrics, traces,
     * logs (see the {@code wflaunch-micrometer} and {@code wflaunch-opentelemetry} modules). Observers
     * are called in the order added; what one throws is logged and changes no call.
     *
     * @param observer the observer
     * @return this builder
     */
    public Builder observer(io.wflaunch.spi.observe.LaunchObserver observer) {
      observers.add(Objects.requireNonNull(observer, "observer"));
      return this;
    }

    /**
     * Ends waits on run events: state-change events the engines publish, delivered by {@code source}
     * (such as the {@code wflaunch-eventbridge} module's {@code SqsRunEvents}). On an event telling that
     * a tracked run ended, the tracker reads that run once, within the backend's budget, and the wait ends
     * on what the read answers; while the source is receiving, runs on engines with events are polled only
     * on its {@link io.wflaunch.spi.events.RunEventSource#safetyInterval() safety interval}, so a lost event
     * delays a wait by at most that. Runs on engines without events are polled as before. The launcher
     * starts the source once built and closes it when closed.
     *
     * @param source the event source
     * @return this builder
     * @throws NullPointerException if {@code source} is null
     */
    public Builder runEvents(io.wflaunch.spi.events.RunEventSource source) {
      this.runEvents = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Builds the launcher.
     *
     * @return the launcher
     * @throws IllegalStateException if no backend was registered
     * @throws IllegalArgumentException with an idempotency store, if the idempotency policy's lease does
     *     not outlast the start policy's longest start with its margin to spare
     *     ({@link IdempotencyPolicy#checkAgainst(StartPolicy)})
     */
    public WorkflowLauncher build() {
      if (backends.isEmpty()) {
        throw new IllegalStateException("register at least one backend with backend(...)");
      }
      if (idempotencyStore != null) {
        idempotencyPolicy.checkAgainst(startPolicy);
      }
      return new DefaultWorkflowLauncher(backends, clock, scheduler, executor, random, startPolicy,
          idempotencyStore, idempotencyPolicy, trackerOptions, observers).announce().listen(runEvents);
    }
  }
}
