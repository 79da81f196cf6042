package io.wflaunch.eventbridge.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler of an SDK call's timeout timer, which can also fire the timers it holds at once. Given to a
 * request (as its client override's scheduled executor, with an API call timeout), it lets a caller end
 * the call now: the SDK's timeout task aborts the HTTP request in flight, which an interrupt alone does not
 * do to a thread blocked reading a socket.
 */
public final class EarlyTimeouts extends ScheduledThreadPoolExecutor {

  private final Map<ScheduledFuture<?>, Runnable> pending = new ConcurrentHashMap<>();

  /**
   * A scheduler of one daemon thread.
   *
   * @param threadName the thread's name
   */
  public EarlyTimeouts(String threadName) {
    super(1, task -> {
      Thread thread = new Thread(task, threadName);
      thread.setDaemon(true);
      return thread;
    });
    setRemoveOnCancelPolicy(true);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    ScheduledFuture<?> future = super.schedule(() -> {
      try {
        command.run();
      } finally {
        forgetDone();
      }
    }, delay, unit);
    pending.put(future, command);
    forgetDone();
    return future;
  }

  /** Runs every timer still pending now, on the calling thread; each runs at most once. */
  public void fireAll() {
    pending.forEach((future, command) -> {
      if (future.cancel(false)) {
        pending.remove(future);
        command.run();
      }
    });
  }

  private void forgetDone() {
    pending.keySet().removeIf(ScheduledFuture::isDone);
  }
}
