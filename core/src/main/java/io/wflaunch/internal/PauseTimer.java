package io.wflaunch.internal;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The timers of the start protocol's pauses on one scheduler. It knows every pause in progress, so
 * that closing the launcher ends them (with a {@link RejectedExecutionException}) instead of leaving
 * starts waiting on timers a shut-down scheduler will never fire.
 */
public final class PauseTimer {

  private final ScheduledExecutorService scheduler;
  private final Set<CompletableFuture<Void>> pending = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public PauseTimer(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /** A future that completes after {@code pause}, at once for none. */
  CompletableFuture<Void> after(Duration pause) {
    if (pause.isZero() || pause.isNegative()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> over = new CompletableFuture<>();
    pending.add(over);
    over.whenComplete((done, failure) -> pending.remove(over));
    if (closed) {
      // Added after close() swept the pending pauses (or close() sees it: either way it ends now).
      over.completeExceptionally(new RejectedExecutionException("the launcher was closed"));
      return over;
    }
    try {
      scheduler.schedule(() -> over.complete(null), pause.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      over.completeExceptionally(e);
    }
    return over;
  }

  /** How many pauses are in progress. */
  int pendingCount() {
    return pending.size();
  }

  /** Ends every pause in progress with a failure: the launcher is closing. */
  public void close() {
    closed = true;
    for (CompletableFuture<Void> pause : List.copyOf(pending)) {
      pause.completeExceptionally(new RejectedExecutionException("the launcher was closed"));
    }
  }
}
