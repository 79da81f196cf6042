package io.wflaunch.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler on virtual time for core's tests (the testkit's {@code VirtualScheduler} depends on core):
 * tasks run on the test's thread when it advances the clock, nothing sleeps.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

  private final PriorityQueue<Task<?>> tasks = new PriorityQueue<>();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private long sequence;
  private boolean shutdown;

  /** A clock that reads this scheduler's virtual time. */
  Clock clock() {
    return new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now;
      }
    };
  }

  /** Moves time forward by {@code step}, running each task as its time comes, in order. */
  void advanceBy(Duration step) {
    Instant until = now.plus(step);
    while (!tasks.isEmpty() && !tasks.peek().at.isAfter(until)) {
      Task<?> task = tasks.poll();
      if (task.at.isAfter(now)) {
        now = task.at;
      }
      task.run();
    }
    now = until;
  }

  /** The tasks scheduled and not cancelled. */
  long pending() {
    return tasks.stream().filter(t -> !t.isCancelled()).count();
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return add(new Task<>(() -> {
      command.run();
      return null;
    }, now.plusNanos(unit.toNanos(Math.max(0, delay)))));
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return add(new Task<>(callable, now.plusNanos(unit.toNanos(Math.max(0, delay)))));
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  private <V> Task<V> add(Task<V> task) {
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException("shut down");
    }
    tasks.add(task);
    return task;
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> left = List.copyOf(tasks);
    tasks.clear();
    return left;
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown && tasks.isEmpty();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
    final Instant at;
    final long order = sequence++;

    Task(Callable<V> callable, Instant at) {
      super(callable);
      this.at = at;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(Duration.between(now, at));
    }

    @Override
    public int compareTo(Delayed other) {
      Task<?> that = (Task<?>) other;
      int byTime = at.compareTo(that.at);
      return byTime != 0 ? byTime : Long.compare(order, that.order);
    }
  }
}
