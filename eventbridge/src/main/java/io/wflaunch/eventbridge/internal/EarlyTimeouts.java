package io.wflaunch.eventbridge.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler of an SDK call's timeout timer, which can also fire the timers it holds at once. Given to a
 * request (as its client override's scheduled executor, with an API call timeout), it lets a caller end
 * the call now: the SDK's timeout task aborts the HTTP request in flight, which an interrupt alone does not
 * do to a thread blocked reading a socket.
 *
 * <p>An HTTP client may miss an abort that comes before its request connects (the JDK's URL connection
 * client does: its abort only closes a connection already open), so a timer fired once can be fired again:
 * the SDK's timeout task aborts the call's request each time it runs, until the call has ended.
 */
public final class EarlyTimeouts extends ScheduledThreadPoolExecutor {

  private final Map<ScheduledFuture<?>, Runnable> pending = new ConcurrentHashMap<>();
  private final List<Runnable> fired = new CopyOnWriteArrayList<>();

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

  /**
   * Runs every timer still pending now, on the calling thread, and again every timer an earlier call fired
   * (the SDK's timeout task of a call that has ended does nothing).
   */
  public void fireAll() {
    fired.forEach(Runnable::run);
    pending.forEach((future, command) -> {
      if (future.cancel(false)) {
        pending.remove(future);
        fired.add(command);
        command.run();
      }
    });
  }

  private void forgetDone() {
    pending.keySet().removeIf(ScheduledFuture::isDone);
  }
}
