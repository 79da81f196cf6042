package io.wflaunch.internal;

import io.wflaunch.spi.support.Futures;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.CancelledException;
import io.wflaunch.ConfigurationException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.spi.support.Failures;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartKey;
import io.wflaunch.spi.StartPrimitives;
import io.wflaunch.spi.StartPrimitives.Dedupe;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one start protocol, run for every start on every backend that supplies {@link StartPrimitives}:
 *
 * <ol>
 *   <li>prepare the start with its key (the caller's, or one generated for this call);
 *   <li>with a caller's key, look for a run that already carries it, and return that run;
 *   <li>send the start once;
 *   <li>after an answer that leaves the outcome unknown (no response, a 5xx), or any later failure
 *       while an earlier attempt's outcome is unknown, settle it: look up to {@code lookUps} times
 *       over the consistency window; a run found is returned; a run proven absent may be started
 *       again; an undecided look-up ends the call with {@code outcomeUnknown()};
 *   <li>retry transient failures (throttling, unavailability) with full-jitter backoff, at most
 *       {@code maxAttempts} start requests in all; a backend whose service deduplicates by token is
 *       sent the same start again without looking; a concurrency limit is reported (retryable later);
 *   <li>on a backend that only looks up ({@link Dedupe#NONE}), after a start under a caller's key,
 *       read until the run is visible, so that a later start with the key finds it; when an
 *       idempotency store records the handle, those reads are left to the recorder, which runs them
 *       only if recording fails ({@link StartNote#confirmDeferred()}): later starts read the record
 *       first.
 * </ol>
 *
 * <p>Every request carries the policy's request timeout, and none is begun that could end after the
 * start's deadline ({@link StartPolicy#startTimeout()} from the protocol's creation): pauses are
 * shortened to fit, and a start that runs out of time fails with a {@link BackendUnavailableException}
 * saying what it knows. Before each start request, the start's guard runs (an idempotency store's
 * lease check, {@link StartNote#guardEachStart}); a guard that fails keeps the request from being sent.
 *
 * <p>The final failure is mapped with a context whose outcome flag is true exactly when some attempt
 * may have started a run that no look-up found or ruled out. One instance per start call; its steps
 * run one after another, each handing its state to the next through the futures that chain them.
 *
 * @param <P> the adapter's prepared start
 */
public final class StartProtocol<P> {

  private static final Logger log = LoggerFactory.getLogger(StartProtocol.class);

  /** Pauses between steps: blocking the caller's thread for a blocking start, scheduled otherwise. */
  @FunctionalInterface
  public interface Pauses {
    /**
     * A future completing after {@code pause}; failed with an {@link InterruptedException} when a
     * blocking pause is interrupted.
     */
    CompletableFuture<Void> pause(Duration pause);

    /**
     * Pauses timed by {@code timer} that block the calling thread until they end (so that a
     * virtual-time scheduler that runs tasks as they are queued ends them at once).
     */
    static Pauses blocking(PauseTimer timer) {
      return pause -> {
        CompletableFuture<Void> over = timer.after(pause);
        if (over.isDone()) {
          return over;
        }
        try {
          over.get();
          return over;
        } catch (InterruptedException e) {
          over.cancel(false);
          Thread.currentThread().interrupt();
          return CompletableFuture.failedFuture(e);
        } catch (ExecutionException e) {
          return CompletableFuture.failedFuture(e.getCause());
        }
      };
    }

    /** Pauses that hold no thread: the next step runs on the timer's scheduler thread. */
    static Pauses scheduled(PauseTimer timer) {
      return timer::after;
    }
  }

  /** How an attempt's failure bears on whether a run was started. */
  enum Delivery {
    /** The request surely never reached the service (no connection, no credentials). */
    NOT_SENT,
    /** The service answered that it did not start a run (a 4xx answer). */
    REFUSED,
    /** The request may have reached the service and started a run (no answer, a 5xx answer). */
    UNKNOWN
  }

  private enum Settled { FOUND, ABSENT, UNDECIDED }

  private final StartPrimitives<P> primitives;
  private final StartRunRequest request;
  private final StartPolicy policy;
  private final Pauses pauses;
  private final RandomGenerator random;
  private final Future<?> caller;
  private final boolean blocking;
  private final ErrorContext context;
  private final SendLimits limits;

  private StartKey key;
  private P prepared;
  private int attempts;
  private boolean maybeStarted;
  private boolean everUnknown;
  private boolean provenAbsent;
  private RuntimeException lookFailure;
  private RunHandle found;
  private StartNote note = new StartNote();

  /**
   * A protocol run for one start.
   *
   * @param primitives the backend's pieces
   * @param request the validated request
   * @param policy attempts and look-ups
   * @param pauses how to pause
   * @param random jitter
   * @param caller the future the caller holds; once it is cancelled the protocol sends nothing more
   * @param blocking whether the primitives block (so that an interrupted thread ends the start)
   * @param limits the start's request timeout and deadline, which {@code primitives} were made with
   */
  public StartProtocol(StartPrimitives<P> primitives, StartRunRequest request, StartPolicy policy, Pauses pauses,
      RandomGenerator random, Future<?> caller, boolean blocking, SendLimits limits) {
    this.limits = limits;
    this.primitives = primitives;
    this.request = request;
    this.policy = policy;
    this.pauses = pauses;
    this.random = random;
    this.caller = caller;
    this.blocking = blocking;
    this.context = ErrorContext.of(request.target());
  }

  /**
   * Where the protocol notes whether its run was there before it.
   *
   * @param note the note the caller reads once the protocol has ended
   * @return this protocol
   */
  public StartProtocol<P> noting(StartNote note) {
    this.note = note;
    return this;
  }

  /**
   * Runs the protocol.
   *
   * @return the run's handle, or the failure to report
   */
  public CompletableFuture<RunHandle> run() {
    key = StartKey.of(request);
    return step(() -> primitives.prepare(request, key))
        .exceptionallyCompose(failure -> CompletableFuture.failedFuture(read(failure)))
        .thenCompose(plan -> {
          prepared = plan;
          return key.fromCaller() && primitives.canLookUp(prepared) ? lookFirst(1) : attempt();
        })
        // Whatever path a failure took, it leaves as a WorkflowLaunchException saying what is known.
        .exceptionallyCompose(failure -> CompletableFuture.failedFuture(withOutcome(runtime(failure))));
  }

  // ---- before the first attempt ----

  /** The look for a run the caller's key already started: the first successful read decides. */
  private CompletableFuture<RunHandle> lookFirst(int read) {
    return step(() -> primitives.lookUp(prepared)).handle((run, failure) -> {
      if (failure == null) {
        if (run.isPresent()) {
          note.existing();
          return done(run.get(), "found by its key before starting");
        }
        return attempt();
      }
      RuntimeException mapped = read(failure);
      if (transientFailure(mapped) && read < policy.lookUps() && limits.roomForRequest()) {
        return pause(retryPause(read)).thenCompose(paused -> lookFirst(read + 1));
      }
      return CompletableFuture.<RunHandle>failedFuture(mapped);
    }).thenCompose(Function.identity());
  }

  // ---- attempts ----

  private CompletableFuture<RunHandle> attempt() {
    if (!limits.roomForRequest()) {
      return fail(outOfTime());
    }
    CompletableFuture<Void> guarded;
    try (io.wflaunch.spi.observe.LaunchObserver.Scope scope = note.open()) {
      guarded = note.beforeStart();
    } catch (RuntimeException e) {
      guarded = CompletableFuture.failedFuture(e);
    }
    return guarded.thenCompose(allowed -> {
      if (!limits.roomForRequest()) {
        return fail(outOfTime());
      }
      if (caller.isCancelled()) {
        return fail(cancelled("the start was cancelled", null));
      }
      attempts++;
      // Marked before the request leaves, so that whoever reads the note while it is out (the launcher
      // closing) knows a run may exist; a failure sets it to what the protocol then knows, before it
      // settles or tries again (a later attempt marks it anew).
      note.mayHaveStarted(true);
      return step(() -> primitives.startOnce(prepared)).handle((handle, failure) -> failure == null
          ? confirm(handle)
          : afterFailure(failure)).thenCompose(Function.identity());
    });
  }

  private CompletableFuture<RunHandle> afterFailure(Throwable failure) {
    Throwable raw = Futures.unwrap(failure);
    if (causedBy(raw, SendLimits.DeadlineReached.class)) {
      // Not sent: the step found no room for it.
      note.mayHaveStarted(maybeStarted);
      return fail(outOfTime());
    }
    if (raw instanceof CancelledException cancelled) {
      note.mayHaveStarted(maybeStarted);
      return fail(cancelled.withOutcomeUnknown(maybeStarted));
    }
    RuntimeException mapped = primitives.mapFailure(raw, context, Operation.START);
    Delivery delivery = delivery(raw, mapped);
    if (delivery == Delivery.UNKNOWN) {
      maybeStarted = true;
      everUnknown = true;
    }
    note.mayHaveStarted(maybeStarted);
    if (interrupted(raw, mapped)) {
      return fail(cancelled("the start was interrupted", raw));
    }
    if (primitives.alreadyStarted(raw) && primitives.canLookUp(prepared)) {
      // The id is open: ours for sure when only this call knows the key and the id comes from it,
      // possibly when an earlier attempt of this call may have started it (even if a look-up could not
      // see it then); under an id the caller chose, anyone's.
      if ((key.generated() && primitives.idFromKey(prepared)) || everUnknown) {
        maybeStarted = true;
        note.mayHaveStarted(true);
      }
      boolean ours = maybeStarted;
      return settle(0, 0).thenCompose(settled -> {
        if (settled != Settled.FOUND) {
          return fail(mapFinal(raw));
        }
        if (!ours) {
          note.existing();
        }
        return done(found, "already started; found by its key");
      });
    }
    if (maybeStarted && primitives.canLookUp(prepared)) {
      return settle(0, 0).thenCompose(settled -> switch (settled) {
        case FOUND -> done(found, "found by its key after attempt " + attempts + " failed: " + mapped.getMessage());
        case ABSENT -> {
          maybeStarted = false;
          note.mayHaveStarted(false);
          provenAbsent = true;
          yield retryOrFail(raw, mapped);
        }
        case UNDECIDED -> fail(mapFinal(raw));
      });
    }
    if (maybeStarted && primitives.dedupe(prepared) != Dedupe.TOKEN) {
      // Nothing can tell whether the run exists, and sending the start again could start another.
      return fail(mapFinal(raw));
    }
    return retryOrFail(raw, mapped);
  }

  private CompletableFuture<RunHandle> retryOrFail(Throwable raw, RuntimeException mapped) {
    if (transientFailure(mapped) && attempts < policy.maxAttempts()) {
      log.debug("Start of {} with {}: attempt {} failed ({}); trying again", request.target(), key, attempts,
          mapped.getMessage());
      return pause(retryPause(attempts)).thenCompose(paused -> attempt());
    }
    return fail(mapFinal(raw));
  }

  // ---- settling an unknown outcome ----

  /**
   * Reads until the run is found, {@code lookUps} successful reads found nothing (absent), or the
   * reads ran out or met an answer that cannot change (undecided).
   */
  private CompletableFuture<Settled> settle(int reads, int absentReads) {
    CompletableFuture<Void> before = reads == 0 ? CompletableFuture.completedFuture(null)
        : pause(policy.lookUpPauseBefore(Math.min(reads + 1, policy.lookUps())));
    return before.thenCompose(paused -> step(() -> primitives.lookUp(prepared))).handle((run, failure) -> {
      if (failure == null) {
        if (run.isPresent()) {
          found = run.get();
          return CompletableFuture.completedFuture(Settled.FOUND);
        }
        if (absentReads + 1 >= policy.lookUps()) {
          return CompletableFuture.completedFuture(Settled.ABSENT);
        }
        if (reads + 1 >= 2 * policy.lookUps()) {
          return CompletableFuture.completedFuture(Settled.UNDECIDED);
        }
        return settle(reads + 1, absentReads + 1);
      }
      if (causedBy(Futures.unwrap(failure), SendLimits.DeadlineReached.class)) {
        lookFailure = outOfTime();
        return CompletableFuture.completedFuture(Settled.UNDECIDED);
      }
      RuntimeException mapped = read(failure);
      if (mapped instanceof CancelledException) {
        return CompletableFuture.<Settled>failedFuture(withOutcome(mapped));
      }
      if (!transientFailure(mapped)) {
        // A definite answer of the look-up itself (another run owns the key, access denied): report it.
        return CompletableFuture.<Settled>failedFuture(withOutcome(mapped));
      }
      lookFailure = mapped;
      if (reads + 1 >= 2 * policy.lookUps()) {
        return CompletableFuture.completedFuture(Settled.UNDECIDED);
      }
      return settle(reads + 1, absentReads);
    }).thenCompose(Function.identity());
  }

  // ---- after a start under a caller's key, on a backend that only looks up ----

  /**
   * After a start under a caller's key, or one sent again because a look-up found no earlier run, on a
   * backend that only looks up: reads until the run shows, so that a later start with the key finds
   * it, and so that a second run carrying the key (an earlier one the listing had not shown) is
   * reported. Like a settlement, it gives up after {@code lookUps} successful reads that found nothing,
   * or {@code 2 × lookUps} reads in all: a failed read saw nothing, so it does not count as one that
   * found the run absent (the listing's lag is measured in reads that answer).
   */
  private CompletableFuture<RunHandle> confirm(RunHandle started) {
    if (primitives.dedupe(prepared) != Dedupe.NONE || !primitives.canLookUp(prepared) || (key.generated() && !provenAbsent)) {
      return done(started, "started");
    }
    if (note.isRecordedByStore()) {
      note.deferConfirmation(() -> confirm(started, 0, 0));
      return done(started, "started, to be recorded in the idempotency store");
    }
    return confirm(started, 0, 0);
  }

  private CompletableFuture<RunHandle> confirm(RunHandle started, int reads, int absentReads) {
    if (absentReads >= policy.lookUps() || reads >= 2 * policy.lookUps()) {
      log.warn("Run {} started with {} is not yet visible to look-ups after {} reads: a start with the same key "
          + "within the service's listing lag may start another run", started, key, reads);
      return done(started, "started");
    }
    return pause(policy.lookUpPauseBefore(Math.min(reads + 1, policy.lookUps())))
        .thenCompose(paused -> step(() -> primitives.lookUp(prepared)))
        .handle((run, failure) -> {
          if (failure == null && run.isPresent()) {
            if (!run.get().equals(started)) {
              log.warn("{} carries {} as well as run {}: another start of the key, at the same time or hidden "
                  + "longer than the consistency window by the listing, started it too", run.get(), key, started);
            }
            return done(started, "started and visible to look-ups");
          }
          if (failure != null && causedBy(Futures.unwrap(failure), SendLimits.DeadlineReached.class)) {
            log.warn("Run {} started with {} was not yet visible to look-ups when the start's time ran out: a start "
                + "with the same key within the service's listing lag may start another run", started, key);
            return done(started, "started");
          }
          if (failure != null && (isCancellation(failure) || interrupted(Futures.unwrap(failure), null))) {
            // The run exists and is ours; a cancelled confirmation changes nothing about that.
            return done(started, "started");
          }
          return confirm(started, reads + 1, failure == null ? absentReads + 1 : absentReads);
        }).thenCompose(Function.identity());
  }

  // ---- small steps ----

  /**
   * Runs one step unless the caller has cancelled; a step that throws instead of returning a failed
   * future fails the same way.
   */
  private <T> CompletableFuture<T> step(java.util.function.Supplier<CompletableFuture<T>> call) {
    if (caller.isCancelled()) {
      return CompletableFuture.failedFuture(cancelled("the start was cancelled", null));
    }
    if (blocking && Thread.currentThread().isInterrupted()) {
      return CompletableFuture.failedFuture(cancelled("the start's thread was interrupted",
          new InterruptedException()));
    }
    if (!limits.roomForRequest()) {
      return CompletableFuture.failedFuture(new SendLimits.DeadlineReached(limits));
    }
    try (io.wflaunch.spi.observe.LaunchObserver.Scope scope = note.open()) {
      return call.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<Void> pause(Duration wanted) {
    // A pause that would outlast the deadline is cut short; the next request then finds no room for it.
    Duration remaining = limits.remaining();
    Duration pause = wanted.compareTo(remaining) > 0 ? remaining : wanted;
    return pauses.pause(pause).exceptionallyCompose(failure -> CompletableFuture.failedFuture(
        isCancellation(failure) ? cancelled("the start was interrupted while pausing", Futures.unwrap(failure))
            : withOutcome(new WorkflowLaunchException(context,
                "could not pause between start attempts (is the launcher closed?)", false, Futures.unwrap(failure)))));
  }

  private Duration retryPause(int attempt) {
    long ceiling = Math.min(policy.maxRetryPause().toNanos(),
        policy.retryPause().toNanos() * (1L << Math.min(attempt - 1, 20)));
    return Duration.ofNanos((long) (random.nextDouble() * ceiling));
  }

  private CompletableFuture<RunHandle> done(RunHandle handle, String how) {
    log.debug("Start of {} with {}: {} {} after {} start request(s)", request.target(), key, how, handle, attempts);
    return CompletableFuture.completedFuture(handle);
  }

  private CompletableFuture<RunHandle> fail(RuntimeException failure) {
    if (lookFailure != null && lookFailure != failure) {
      failure.addSuppressed(lookFailure);
    }
    if (failure instanceof WorkflowLaunchException launch && launch.outcomeUnknown()) {
      log.debug("Start of {} with {} failed with an unknown outcome after {} start request(s)", request.target(),
          key, attempts);
    }
    return CompletableFuture.failedFuture(failure);
  }

  /**
   * The failure of a start that ran out of time: the next request could not end by the deadline, so it
   * was not sent. Retryable; its outcome flag says whether an earlier attempt may have started a run.
   */
  private RuntimeException outOfTime() {
    String last = lookFailure != null ? "; the last look-up failed: " + lookFailure.getMessage() : "";
    return new BackendUnavailableException(context.withOutcomeUnknown(maybeStarted), "the start did not finish within "
        + "its startTimeout of " + policy.startTimeout() + " (" + attempts + " start request(s) sent)" + last, maybeStarted,
        lookFailure);
  }

  /** The attempt's failure, mapped again with the outcome flag the protocol decided. */
  private RuntimeException mapFinal(Throwable raw) {
    return withOutcome(primitives.mapFailure(raw, context.withOutcomeUnknown(maybeStarted), Operation.START));
  }

  /** A read's failure: never outcome-unknown by itself. */
  private RuntimeException read(Throwable failure) {
    Throwable raw = Futures.unwrap(failure);
    if (causedBy(raw, SendLimits.DeadlineReached.class)) {
      return outOfTime();
    }
    if (raw instanceof WorkflowLaunchException launch) {
      return launch;
    }
    if (isCancellation(raw) || interrupted(raw, null)) {
      return cancelled("the start was interrupted", raw);
    }
    return primitives.mapFailure(raw, context, Operation.LOOK_UP);
  }

  /**
   * The failure as a {@link WorkflowLaunchException} whose outcome flag says what the protocol knows;
   * an exception that is not one (a bug in an adapter, say) is wrapped.
   */
  private RuntimeException withOutcome(RuntimeException failure) {
    if (failure instanceof WorkflowLaunchException launch) {
      return launch.withOutcomeUnknown(maybeStarted);
    }
    return new WorkflowLaunchException(context.withOutcomeUnknown(maybeStarted), String.valueOf(failure), false,
        failure);
  }

  /** The unwrapped failure as a runtime exception (a checked one wrapped). */
  private static RuntimeException runtime(Throwable failure) {
    Throwable raw = Futures.unwrap(failure);
    return raw instanceof RuntimeException runtime ? runtime : new java.util.concurrent.CompletionException(raw);
  }

  private CancelledException cancelled(String detail, Throwable cause) {
    if (blocking && cause != null) {
      Thread.currentThread().interrupt();
    }
    return new CancelledException(context.withOutcomeUnknown(maybeStarted), detail, cause);
  }

  private boolean interrupted(Throwable raw, RuntimeException mapped) {
    return mapped instanceof CancelledException || (blocking && Thread.currentThread().isInterrupted())
        || causedBy(raw, InterruptedException.class);
  }

  private static boolean isCancellation(Throwable failure) {
    Throwable raw = Futures.unwrap(failure);
    return raw instanceof CancellationException || raw instanceof InterruptedException
        || raw instanceof CancelledException || causedBy(raw, InterruptedException.class);
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether trying again in a moment can help: throttling and unavailability. A concurrency limit is
   * retryable too, but only later, when a run has ended: that is the caller's to decide.
   */
  private static boolean transientFailure(RuntimeException failure) {
    return failure instanceof ThrottledException || failure instanceof BackendUnavailableException;
  }

  /**
   * Whether a start's failure may have left a run behind: not when the request surely never left
   * (configuration, a refused connection) or the service refused it with a 4xx; otherwise (no answer,
   * a timeout, a 5xx, any answer the adapter maps to the service being unavailable) it may have. A
   * failure the adapter raised itself after reading an answer says so with its own outcome flag.
   */
  static Delivery delivery(Throwable raw, RuntimeException mapped) {
    if (mapped instanceof ConfigurationException || Failures.neverReachedService(raw)) {
      return Delivery.NOT_SENT;
    }
    if (raw instanceof WorkflowLaunchException judged && judged.httpStatus().isEmpty()) {
      return judged.outcomeUnknown() ? Delivery.UNKNOWN : Delivery.REFUSED;
    }
    if (mapped instanceof BackendUnavailableException) {
      // The service failed or timed out on its side (a service's own timeout error can answer 400): it
      // may have acted before it did.
      return Delivery.UNKNOWN;
    }
    if (mapped instanceof WorkflowLaunchException launch && launch.httpStatus().isPresent()) {
      return launch.httpStatus().getAsInt() < 500 ? Delivery.REFUSED : Delivery.UNKNOWN;
    }
    return Delivery.UNKNOWN;
  }
}
