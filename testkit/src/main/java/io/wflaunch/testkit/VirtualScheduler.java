package io.wflaunch.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A {@link ScheduledExecutorService} on virtual time, with the {@link Clock} that goes with it, so that
 * tests of waits and timeouts never sleep.
 *
 * <p>Nothing runs by itself: the test drives time with {@link #advanceBy(Duration)},
 * {@link #advanceUntil(BooleanSupplier, Duration)} or {@link #runDueTasks()}, and every due task runs
 * on the calling thread, in order of due time (then of submission), with the clock set to the task's
 * due time. {@link #execute(Runnable)} queues a task due now. Pass the same instance as the launcher's
 * scheduler and executor and its {@link #clock()} to the launcher and to the fakes:
 *
 * <pre>{@code
 * VirtualScheduler time = new VirtualScheduler();
 * InMemoryWorkflowBackend backend = InMemoryWorkflowBackend.builder().clock(time.clock())
 *     .workflow("etl", RunScript.succeedsAfter(Duration.ofMinutes(5))).build();
 * WorkflowLauncher launcher = WorkflowLauncher.builder().backend(backend)
 *     .clock(time.clock()).scheduler(time).executor(time).build();
 * CompletableFuture<RunStatus> done = launcher.awaitCompletionAsync(handle, WaitOptions.DEFAULT);
 * time.advanceUntil(done::isDone, Duration.ofHours(1));
 * }</pre>
 *
 * <p>For code under test that blocks (the synchronous {@code awaitCompletion}), call
 * {@link #autoAdvance()}: a daemon thread then runs each queued task as soon as it is queued, jumping
 * the clock to its due time, so a blocking wait of an hour ends at once. Safe for use by several
 * threads.
 */
public final class VirtualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

  /** The instant virtual time starts at unless told otherwise. */
  public static final Instant DEFAULT_ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

  private final Instant origin;
  private final Object lock = new Object();
  private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
  private volatile long nowNanos;
  private long sequence;
  private boolean shutdown;
  private Thread driver;

  /** Virtual time starting at {@link #DEFAULT_ORIGIN}. */
  public VirtualScheduler() {
    this(DEFAULT_ORIGIN);
  }

  /**
   * Virtual time starting at {@code origin}.
   *
   * @param origin the first instant of virtual time
   */
  public VirtualScheduler(Instant origin) {
    this.origin = Objects.requireNonNull(origin, "origin");
  }

  /**
   * The clock that reads this scheduler's virtual time, in UTC.
   *
   * @return the clock
   */
  public Clock clock() {
    return new VirtualClock(ZoneOffset.UTC);
  }

  /**
   * The current virtual instant.
   *
   * @return now, in virtual time
   */
  public Instant now() {
    return origin.plusNanos(nowNanos);
  }

  /**
   * Runs every task already due, including tasks they queue that are due now.
   *
   * @return how many tasks ran
   */
  public int runDueTasks() {
    int ran = 0;
    while (runNext(nowNanos)) {
      ran++;
    }
    return ran;
  }

  /**
   * Moves virtual time forward, running every task that falls due on the way, in order.
   *
   * @param duration how far to move, not negative
   */
  public void advanceBy(Duration duration) {
    long target = nowNanos + nonNegativeNanos(duration);
    while (runNext(target)) {
      // each task may queue more
    }
    synchronized (lock) {
      nowNanos = Math.max(nowNanos, target);
    }
  }

  /**
   * Runs queued tasks in order, jumping virtual time to each, until {@code done} holds, nothing is
   * queued, or the next task is due more than {@code limit} after the current time.
   *
   * @param done the condition to reach, such as {@code future::isDone}
   * @param limit how far virtual time may move
   * @return whether {@code done} holds at the end
   */
  public boolean advanceUntil(BooleanSupplier done, Duration limit) {
    long target = nowNanos + nonNegativeNanos(limit);
    while (!done.getAsBoolean()) {
      if (!runNext(target)) {
        break;
      }
    }
    return done.getAsBoolean();
  }

  /**
   * How many tasks are queued and not cancelled.
   *
   * @return the number of pending tasks
   */
  public int pendingTasks() {
    synchronized (lock) {
      return (int) queue.stream().filter(task -> !task.isCancelled()).count();
    }
  }

  /**
   * Starts a daemon thread that runs each task as soon as it is queued, jumping the clock to its due
   * time. Use it when the code under test blocks the test thread; stop it with {@link #shutdown()}.
   *
   * @return this scheduler
   */
  public VirtualScheduler autoAdvance() {
    synchronized (lock) {
      if (driver == null) {
        driver = new Thread(this::drive, "virtual-time");
        driver.setDaemon(true);
        driver.start();
      }
    }
    return this;
  }

  private void drive() {
    while (true) {
      Task<?> task;
      synchronized (lock) {
        while (queue.isEmpty() && !shutdown) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (shutdown) {
          return;
        }
        task = queue.poll();
        nowNanos = Math.max(nowNanos, task.due);
      }
      task.run();
    }
  }

  private boolean runNext(long untilNanos) {
    Task<?> task;
    synchronized (lock) {
      task = queue.peek();
      if (task == null || task.due > untilNanos) {
        return false;
      }
      queue.poll();
      nowNanos = Math.max(nowNanos, task.due);
    }
    task.run();
    return true;
  }

  private <V> Task<V> enqueue(Task<V> task) {
    synchronized (lock) {
      if (shutdown) {
        throw new RejectedExecutionException("the virtual scheduler is shut down");
      }
      queue.add(task);
      lock.notifyAll();
    }
    return task;
  }

  private long dueAfter(long delay, TimeUnit unit) {
    return nowNanos + Math.max(0, unit.toNanos(delay));
  }

  private long nextSequence() {
    synchronized (lock) {
      return sequence++;
    }
  }

  private static long nonNegativeNanos(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("cannot move virtual time backwards: " + duration);
    }
    return duration.toNanos();
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return enqueue(new Task<>(Executors.callable(command), dueAfter(delay, unit), 0));
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return enqueue(new Task<>(callable, dueAfter(delay, unit), 0));
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    if (period <= 0) {
      throw new IllegalArgumentException("period must be positive");
    }
    return enqueue(new Task<>(Executors.callable(command), dueAfter(initialDelay, unit), unit.toNanos(period)));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    if (delay <= 0) {
      throw new IllegalArgumentException("delay must be positive");
    }
    return enqueue(new Task<>(Executors.callable(command), dueAfter(initialDelay, unit), -unit.toNanos(delay)));
  }

  @Override
  public void shutdown() {
    synchronized (lock) {
      shutdown = true;
      lock.notifyAll();
    }
  }

  @Override
  public List<Runnable> shutdownNow() {
    synchronized (lock) {
      shutdown = true;
      List<Runnable> pending = new ArrayList<>(queue);
      queue.clear();
      lock.notifyAll();
      return pending;
    }
  }

  @Override
  public boolean isShutdown() {
    synchronized (lock) {
      return shutdown;
    }
  }

  @Override
  public boolean isTerminated() {
    synchronized (lock) {
      return shutdown && queue.isEmpty();
    }
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  private final class Task<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
    private long due;
    private final long seq;
    /** Zero for one-shot tasks; positive for a fixed rate, negative for a fixed delay. */
    private final long period;

    Task(Callable<V> callable, long due, long period) {
      super(callable);
      this.due = due;
      this.seq = nextSequence();
      this.period = period;
    }

    @Override
    public boolean isPeriodic() {
      return period != 0;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - nowNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      if (other instanceof Task<?> task) {
        int byDue = Long.compare(due, task.due);
        return byDue != 0 ? byDue : Long.compare(seq, task.seq);
      }
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public void run() {
      if (!isPeriodic()) {
        super.run();
      } else if (runAndReset()) {
        due = period > 0 ? due + period : nowNanos - period;
        synchronized (lock) {
          if (!shutdown) {
            queue.add(this);
            lock.notifyAll();
          }
        }
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        synchronized (lock) {
          queue.remove(this);
        }
      }
      return cancelled;
    }
  }

  private final class VirtualClock extends Clock {
    private final ZoneId zone;

    VirtualClock(ZoneId zone) {
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return new VirtualClock(zone);
    }

    @Override
    public Instant instant() {
      return now();
    }
  }
}
