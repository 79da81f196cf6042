package io.wflaunch.internal;

import io.wflaunch.spi.support.Futures;

import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.spi.support.AsyncSupport;
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

  /** The failure of a start on a backend that supplies no start primitives, before anything is sent. */
  private static io.wflaunch.OperationNotSupportedException cannotStart(WorkflowBackend backend,
      StartRunRequest request) {
    return new io.wflaunch.OperationNotSupportedException(ErrorContext.of(request.target()), "start",
        "backend " + backend.id() + " supplies no start primitives, so it cannot start runs");
  }

  /** The environment of backends used outside a launcher: the default policy, timer and clock. */
  static Env defaultEnv(StartPolicy policy) {
    return new Env(policy, defaultTimer(), DEFAULT_RANDOM, java.time.Clock.systemUTC());
  }

  /**
   * Starts on the calling thread: the protocol over the blocking primitives. An interrupt of the thread, or a cancel of {@code watch}, stops the protocol before
   * its next request.
   */
  public static RunHandle start(WorkflowBackend backend, StartRunRequest request, Env env, StartNote note,
      CompletableFuture<?> watch) {
    SendLimits limits = env.limits();
    StartPrimitives<?> primitives = backend.startPrimitives(false, limits).orElseThrow(() -> cannotStart(backend, request));
    return AsyncSupport.join(protocol(primitives, request, env, StartProtocol.Pauses.blocking(env.timer()),
        watch, true, note, limits).run());
  }

  /**
   * Starts without blocking: the protocol over the non-blocking primitives; without them, the protocol
   * over the blocking ones, each call on {@code executor} and no thread held while it pauses; without
   * either, a failure saying the backend cannot start runs. Once {@code watch} is cancelled the protocol sends nothing
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
      return CompletableFuture.failedFuture(cannotStart(backend, request));
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
