package io.wflaunch.internal;

import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.spi.AsyncSupport;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartPrimitives;
import io.wflaunch.spi.WorkflowBackend;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a start: the {@link StartProtocol} over a backend's {@link StartPrimitives} when it has them,
 * else the backend's own start. Used by the launcher with its policy, scheduler and executor, and by
 * backends called directly (outside a launcher) with the defaults.
 */
public final class Starts {

  private static final Logger log = LoggerFactory.getLogger(Starts.class);

  private Starts() {}

  /** The pauses of backends used outside a launcher: one daemon thread, made when first needed. */
  private static final class DefaultScheduler {
    static final ScheduledExecutorService INSTANCE = newScheduler();
    static final PauseTimer TIMER = new PauseTimer(INSTANCE);

    private static ScheduledExecutorService newScheduler() {
      ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "wflaunch-start-pauses");
        thread.setDaemon(true);
        return thread;
      });
      scheduler.setRemoveOnCancelPolicy(true);
      return scheduler;
    }
  }

  /** The random source of jitter for backends used outside a launcher. */
  public static final RandomGenerator DEFAULT_RANDOM = () -> ThreadLocalRandom.current().nextLong();

  /**
   * The timer backends used outside a launcher pause on.
   *
   * @return a timer on a shared daemon scheduler
   */
  public static PauseTimer defaultTimer() {
    return DefaultScheduler.TIMER;
  }

  /**
   * What a start runs with: the policy, the timer its pauses run on, the jitter, and the clock its
   * deadline is measured with.
   *
   * @param policy the start policy
   * @param timer the pause timer
   * @param random the jitter
   * @param clock the clock
   */
  public record Env(StartPolicy policy, PauseTimer timer, RandomGenerator random, java.time.Clock clock) {

    /** The limits of one start beginning now. */
    SendLimits limits() {
      return SendLimits.until(policy.requestTimeout(), clock, clock.instant().plus(policy.startTimeout()));
    }
  }

  /** The environment of backends used outside a launcher: the default policy, timer and clock. */
  static Env defaultEnv(StartPolicy policy) {
    return new Env(policy, defaultTimer(), DEFAULT_RANDOM, java.time.Clock.systemUTC());
  }

  /**
   * Starts on the calling thread: the protocol over the blocking primitives, or the backend's own
   * blocking start. An interrupt of the thread, or a cancel of {@code watch}, stops the protocol before
   * its next request.
   */
  public static RunHandle start(WorkflowBackend backend, StartRunRequest request, Env env, StartNote note,
      CompletableFuture<?> watch) {
    SendLimits limits = env.limits();
    Optional<StartPrimitives<?>> primitives = backend.startPrimitives(false, limits);
    if (primitives.isEmpty()) {
      // A backend's own start: the guard (an idempotency store's lease check) still runs before it.
      AsyncSupport.join(note.beforeStart());
      note.mayHaveStarted(true);
      return backend.start(request);
    }
    return AsyncSupport.join(protocol(primitives.get(), request, env, StartProtocol.Pauses.blocking(env.timer()),
        watch, true, note, limits).run());
  }

  /**
   * The protocol over a backend's blocking primitives, on the calling thread, for a backend used
   * outside a launcher (with the default policy).
   *
   * @throws UnsupportedOperationException if the backend has no primitives
   */
  public static RunHandle run(WorkflowBackend backend, StartRunRequest request) {
    Env env = defaultEnv(StartPolicy.DEFAULT);
    SendLimits limits = env.limits();
    StartPrimitives<?> primitives = backend.startPrimitives(false, limits).orElseThrow(
        () -> new UnsupportedOperationException("backend " + backend.id() + " supplies neither start primitives nor "
            + "its own start"));
    return AsyncSupport.join(protocol(primitives, request, env, StartProtocol.Pauses.blocking(env.timer()),
        new CompletableFuture<>(), true, new StartNote(), limits).run());
  }

  /**
   * Starts without blocking the caller, for a backend used outside a launcher: the protocol over the
   * non-blocking primitives, or over the blocking ones on {@code executor}. Cancelling the returned
   * future stops the protocol before its next request.
   */
  public static CompletableFuture<RunHandle> startAsync(WorkflowBackend backend, StartRunRequest request,
      StartPolicy policy, PauseTimer timer, Executor executor, RandomGenerator random) {
    CompletableFuture<RunHandle> result = new CompletableFuture<>();
    relay(startAsync(backend, request, new Env(policy, timer, random, java.time.Clock.systemUTC()), executor, result,
        new StartNote()), result, request);
    return result;
  }

  /**
   * Starts without blocking: the protocol over the non-blocking primitives; without them, the protocol
   * over the blocking ones, each call on {@code executor} and no thread held while it pauses; without
   * either, the backend's own async start. Once {@code watch} is cancelled the protocol sends nothing
   * more, and the returned future still says what it did (the handle of a run it started, or a failure
   * whose outcome flag is true when a run may exist).
   */
  public static CompletableFuture<RunHandle> startAsync(WorkflowBackend backend, StartRunRequest request, Env env,
      Executor executor, CompletableFuture<?> watch, StartNote note) {
    SendLimits limits = env.limits();
    Optional<StartPrimitives<?>> nonBlocking = backend.startPrimitives(true, limits);
    if (nonBlocking.isPresent()) {
      return protocol(nonBlocking.get(), request, env, StartProtocol.Pauses.scheduled(env.timer()), watch, false,
          note, limits).run();
    }
    Optional<StartPrimitives<?>> blocking = backend.startPrimitives(false, limits);
    if (blocking.isEmpty()) {
      // A backend's own start: the guard (an idempotency store's lease check) still runs before it.
      return AsyncSupport.defer(note::beforeStart).thenCompose(allowed -> {
        if (watch.isCancelled()) {
          return CompletableFuture.<RunHandle>failedFuture(new io.wflaunch.CancelledException(
              ErrorContext.of(request.target()), "the start was cancelled", null));
        }
        note.mayHaveStarted(true);
        return AsyncSupport.defer(() -> backend.startAsync(request, executor));
      });
    }
    // Blocking calls run on the executor; pauses hold no thread and hand the next step back to it.
    StartProtocol.Pauses onExecutor = pause -> pause.isZero() || pause.isNegative()
        ? CompletableFuture.completedFuture(null)
        : env.timer().after(pause).thenRunAsync(() -> { }, executor);
    CompletableFuture<RunHandle> outcome = new CompletableFuture<>();
    try {
      executor.execute(() -> protocol(blocking.get(), request, env, onExecutor, watch, false, note, limits).run()
          .whenComplete((handle, failure) -> {
            if (failure != null) {
              outcome.completeExceptionally(Futures.unwrap(failure));
            } else {
              outcome.complete(handle);
            }
          }));
    } catch (RejectedExecutionException e) {
      outcome.completeExceptionally(new WorkflowLaunchException(ErrorContext.of(request.target()),
          "the launcher's executor refused the start (is the launcher closed?)", false, e));
    }
    return outcome;
  }

  private static <P> StartProtocol<P> protocol(StartPrimitives<P> primitives, StartRunRequest request, Env env,
      StartProtocol.Pauses pauses, CompletableFuture<?> watch, boolean blocking, StartNote note, SendLimits limits) {
    return new StartProtocol<>(primitives, request, env.policy(), pauses, env.random(), watch, blocking, limits)
        .noting(note);
  }

  /**
   * Hands the protocol's outcome to the caller's future. A caller that cancelled cannot learn it, so
   * a run that was started all the same, or may have been, is logged.
   */
  static void relay(CompletableFuture<RunHandle> from, CompletableFuture<RunHandle> to,
      StartRunRequest request) {
    from.whenComplete((handle, failure) -> {
      if (to.isCancelled()) {
        if (handle != null) {
          log.warn("The start of {} was cancelled, but it had already started run {}", request.target(), handle);
        } else if (Futures.unwrap(failure) instanceof WorkflowLaunchException launch && launch.outcomeUnknown()) {
          log.warn("The start of {} was cancelled after a start request whose outcome is unknown: a run may exist",
              request.target());
        }
        return;
      }
      if (failure != null) {
        to.completeExceptionally(Futures.unwrap(failure));
      } else {
        to.complete(handle);
      }
    });
  }
}
