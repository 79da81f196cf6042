package io.wflaunch.spi.support;

import io.wflaunch.spi.support.Futures;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Helpers for adapters that write each operation once, as a composition of futures, and run it over
 * either a blocking or a non-blocking SDK client. Over a blocking client every call returns an already
 * completed future ({@link #call}), so the whole composition runs on the caller's thread and
 * {@link #join} returns its result; over a non-blocking client nothing blocks.
 */
public final class AsyncSupport {

  private AsyncSupport() {}

  /**
   * Runs a blocking call now and returns its outcome as a completed future.
   *
   * @param call the call
   * @param <T> its result type
   * @return a future completed with the result, or failed with what the call threw
   */
  public static <T> CompletableFuture<T> call(Supplier<T> call) {
    try {
      return CompletableFuture.completedFuture(call.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Runs {@code start}, turning anything it throws into a failed future, for compositions whose
   * first step may throw before returning a future.
   *
   * @param start the step that returns a future
   * @param <T> its result type
   * @return the future, or a failed one
   */
  public static <T> CompletableFuture<T> defer(Supplier<CompletableFuture<T>> start) {
    try {
      return start.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * The result of a future, rethrowing its failure unwrapped (a {@link io.wflaunch.WorkflowLaunchException}
   * as itself, not inside a {@link CompletionException}).
   *
   * @param future the future, normally already completed
   * @param <T> its result type
   * @return the result
   */
  public static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw Futures.rethrow(e);
    }
  }

  /**
   * A future that fails with what {@code mapper} makes of the original failure, or succeeds as the
   * original does.
   *
   * @param future the original future
   * @param mapper turns the unwrapped failure into the exception to report
   * @param <T> the result type
   * @return the mapped future
   */
  public static <T> CompletableFuture<T> mapFailure(
      CompletableFuture<T> future, Function<Throwable, ? extends RuntimeException> mapper) {
    return future.handle((value, error) -> {
      if (error != null) {
        throw mapper.apply(Futures.unwrap(error));
      }
      return value;
    });
  }

  /**
   * The cause inside {@link CompletionException} and {@link java.util.concurrent.ExecutionException}
   * wrappers.
   *
   * @param error a failure from a future
   * @return the unwrapped failure
   */
  public static Throwable unwrap(Throwable error) {
    return Futures.unwrap(error);
  }

  /**
   * A pause between attempts: blocks the calling thread when {@code blocking} (the composition then
   * runs on the caller's thread anyway), otherwise completes later without holding a thread. An
   * interrupted blocking pause fails with a {@link java.util.concurrent.CancellationException} and
   * leaves the thread's interrupt flag set.
   *
   * @param pause how long
   * @param blocking whether the composition runs over a blocking client
   * @return a future completing after the pause
   */
  public static CompletableFuture<Void> pause(Duration pause, boolean blocking) {
    if (pause.isZero() || pause.isNegative()) {
      return CompletableFuture.completedFuture(null);
    }
    if (!blocking) {
      return CompletableFuture.runAsync(() -> { },
          CompletableFuture.delayedExecutor(pause.toNanos(), TimeUnit.NANOSECONDS));
    }
    try {
      Thread.sleep(pause.toMillis(), pause.toNanosPart() % 1_000_000);
      return CompletableFuture.completedFuture(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CancellationException cancelled = new CancellationException("interrupted while pausing between attempts");
      cancelled.initCause(e);
      return CompletableFuture.failedFuture(cancelled);
    }
  }
}
