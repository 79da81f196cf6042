package io.wflaunch.internal;

import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.spi.AsyncSupport;
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
   * Starts on the calling thread: the protocol over the blocking primitives, or the backend's own
   * blocking start.
   */
  public static RunHandle start(WorkflowBackend backend, StartRunRequest request, StartPolicy policy,
      PauseTimer timer, RandomGenerator random) {
    return start(backend, request, policy, timer, random, new StartNote());
  }

  /**
   * Starts on the calling thread, as {@link #start(WorkflowBackend, StartRunRequest, StartPolicy,
   * PauseTimer, RandomGenerator)} does, noting whether the run was there before the start.
   */
  public static RunHandle start(WorkflowBackend backend, StartRunRequest request, StartPolicy policy,
      PauseTimer timer, RandomGenerator random, StartNote note) {
    Optional<StartPrimitives<?>> primitives = backend.startPrimitives(false);
    if (primitives.isEmpty()) {
      return backend.start(request);
    }
    return AsyncSupport.join(protocol(primitives.get(), request, policy, StartProtocol.Pauses.blocking(timer),
        random, new CompletableFuture<>(), true, note).run());
  }

  /** The protocol over blocking primitives, on the calling thread. */
  public static RunHandle run(StartPrimitives<?> primitives, StartRunRequest request, StartPolicy policy,
      PauseTimer timer, RandomGenerator random) {
    return AsyncSupport.join(protocol(primitives, request, policy, StartProtocol.Pauses.blocking(timer),
        random, new CompletableFuture<>(), true, new StartNote()).run());
  }

  /**
   * Starts without blocking the caller: the protocol over the non-blocking primitives; without them,
   * the protocol over the blocking ones, each call on {@code executor} and no thread held while it
   * pauses; without either, the backend's own async start.
   * Cancelling the returned future stops the protocol before its next request.
   */
  public static CompletableFuture<RunHandle> startAsync(WorkflowBackend backend, StartRunRequest request,
      StartPolicy policy, PauseTimer timer, Executor executor, RandomGenerator random) {
    CompletableFuture<RunHandle> result = new CompletableFuture<>();
    relay(startAsync(backend, request, policy, timer, executor, random, result), result, request);
    return result;
  }

  /**
   * Starts without blocking, as {@link #startAsync(WorkflowBackend, StartRunRequest, StartPolicy,
   * PauseTimer, Executor, RandomGenerator)} does, but watching {@code caller} for cancellation: once it
   * is cancelled the protocol sends nothing more, and the returned future still says what it did (the
   * handle of a run it started, or a failure whose outcome flag is true).
   */
  public static CompletableFuture<RunHandle> startAsync(WorkflowBackend backend, StartRunRequest request,
      StartPolicy policy, PauseTimer timer, Executor executor, RandomGenerator random, CompletableFuture<?> caller) {
    return startAsync(backend, request, policy, timer, executor, random, caller, new StartNote());
  }

  /**
   * Starts without blocking, watching {@code caller} for cancellation, and noting whether the run was
   * there before the start.
   */
  public static CompletableFuture<RunHandle> startAsync(WorkflowBackend backend, StartRunRequest request,
      StartPolicy policy, PauseTimer timer, Executor executor, RandomGenerator random, CompletableFuture<?> caller,
      StartNote note) {
    Optional<StartPrimitives<?>> nonBlocking = backend.startPrimitives(true);
    if (nonBlocking.isPresent()) {
      return protocol(nonBlocking.get(), request, policy, StartProtocol.Pauses.scheduled(timer), random, caller,
          false, note).run();
    }
    Optional<StartPrimitives<?>> blocking = backend.startPrimitives(false);
    if (blocking.isEmpty()) {
      return AsyncSupport.defer(() -> backend.startAsync(request, executor));
    }
    // Blocking calls run on the executor; pauses hold no thread and hand the next step back to it.
    StartProtocol.Pauses onExecutor = pause -> pause.isZero() || pause.isNegative()
        ? CompletableFuture.completedFuture(null)
        : timer.after(pause).thenRunAsync(() -> { }, executor);
    CompletableFuture<RunHandle> outcome = new CompletableFuture<>();
    try {
      executor.execute(() -> protocol(blocking.get(), request, policy, onExecutor, random, caller, false, note).run()
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

  private static <P> StartProtocol<P> protocol(StartPrimitives<P> primitives, StartRunRequest request,
      StartPolicy policy, StartProtocol.Pauses pauses, RandomGenerator random, CompletableFuture<?> caller,
      boolean blocking, StartNote note) {
    return new StartProtocol<>(primitives, request, policy, pauses, random, caller, blocking).noting(note);
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
