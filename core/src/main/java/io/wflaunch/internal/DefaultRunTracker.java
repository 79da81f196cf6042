package io.wflaunch.internal;

import io.wflaunch.spi.support.Futures;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.CancelledException;
import io.wflaunch.ErrorContext;
import io.wflaunch.GiveUpStop;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.RunTracker;
import io.wflaunch.ThrottledException;
import io.wflaunch.TrackerOptions;
import io.wflaunch.WaitOptions;
import io.wflaunch.WaitTimeoutException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.observe.LaunchCall;
import io.wflaunch.spi.observe.LaunchObserver;
import io.wflaunch.spi.WorkflowBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's {@link RunTracker}: one {@link Poller} per backend. Tracked runs wait in a queue
 * ordered by when they are next due; one scheduled tick per backend takes every run due (and those
 * due within half their interval), reads them in one batched read, reads the ones the listings did
 * not show one by one, and puts back those that have not ended. At most one read per backend is in
 * flight; the queue and the tick are guarded by the poller's lock, and a run taken out for a read is
 * touched only by that read until it is put back.
 *
 * <p>A wait that gives up on a run (its deadline passed, or its future was cancelled) whose options ask
 * for it sends one stop of the run, within the backend's budget, and ends once the stop is answered;
 * closing sends no stop.
 */
public final class DefaultRunTracker implements RunTracker {

  private static final Logger log = LoggerFactory.getLogger(DefaultRunTracker.class);

  /**
   * How long after its deadline a wait still waiting for the budget or a read of other runs is ended by
   * the deadline timer; a poll due at the deadline reads the run one last time before, and a wait whose
   * run is being read then is settled by that read.
   */
  static final long DEADLINE_SLACK_NANOS = 1_000_000_000L;

  /** Listings that miss a run this many times in a row leave it to single reads. */
  static final int SINGLE_AFTER_MISSES = 3;

  private final Map<String, Poller> pollers;
  private final java.util.function.Consumer<RunHandle> check;
  private final Clock clock;
  private final LaunchObserver observer;

  /**
   * Creates pollers for the backends.
   * @param backends the launcher's backends by id
   * @param options the request budgets
   * @param clock the launcher's clock
   * @param scheduler times the ticks
   * @param readExecutor runs blocking reads
   * @param random the jitter's source
   * @param check checks a handle as the launcher does, throwing {@link io.wflaunch.InvalidRequestException}
   * @param callbacks runs the listeners and completes the callers' futures, off the read's own thread
   */
  public DefaultRunTracker(Map<String, WorkflowBackend> backends, TrackerOptions options, Clock clock,
      ScheduledExecutorService scheduler, Executor readExecutor, RandomGenerator random,
      java.util.function.Consumer<RunHandle> check, Executor callbacks) {
    this(backends, options, clock, scheduler, readExecutor, random, check, callbacks,
        new Observing(java.util.List.of()), io.wflaunch.StartPolicy.DEFAULT.consistencyWindow());
  }

  /**
   * Creates pollers for the backends, telling {@code observer} of each run a wait saw end; a run not
   * found within {@code grace} of its start (or, never seen, of its wait's start) is read again rather
   * than reported missing, since a backend's reads may lag its starts.
   */
  public DefaultRunTracker(Map<String, WorkflowBackend> backends, TrackerOptions options, Clock clock,
      ScheduledExecutorService scheduler, Executor readExecutor, RandomGenerator random,
      java.util.function.Consumer<RunHandle> check, Executor callbacks, io.wflaunch.spi.observe.LaunchObserver observer,
      Duration grace) {
    this.check = check;
    this.clock = clock;
    this.observer = observer;
    Map<String, Poller> byId = new LinkedHashMap<>();
    long graceNanos = PollSchedule.saturatedNanos(grace);
    backends.forEach((id, backend) -> byId.put(id,
        new Poller(backend, options, clock, scheduler, readExecutor, random, callbacks, observer, graceNanos)));
    this.pollers = byId;
  }

  @Override
  public CompletableFuture<RunStatus> track(RunHandle handle, WaitOptions options) {
    Objects.requireNonNull(handle, "handle");
    Objects.requireNonNull(options, "options");
    check.accept(handle);
    return pollers.get(handle.backend()).track(handle, options);
  }

  @Override
  public int trackedRuns() {
    return pollers.values().stream().mapToInt(p -> p.live.get()).sum();
  }

  @Override
  public int trackedRuns(String backendId) {
    Poller poller = pollers.get(backendId);
    return poller == null ? 0 : poller.live.get();
  }

  @Override
  public long requestsSent(String backendId) {
    Poller poller = pollers.get(backendId);
    return poller == null ? 0 : poller.requests.get();
  }

  @Override
  public double currentRate(String backendId) {
    Poller poller = pollers.get(backendId);
    return poller == null ? 0 : poller.budget.rate();
  }

  /**
   * Starts taking run events from {@code source}: the pollers of backends whose type publishes events
   * index their runs by handle and, while the source receives, poll them on its safety interval.
   *
   * @param source the source, started here
   */
  public void listen(io.wflaunch.spi.events.RunEventSource source) {
    long safety = PollSchedule.saturatedNanos(source.safetyInterval());
    if (safety <= 0) {
      throw new IllegalArgumentException("the event source's safetyInterval must be positive, found "
          + source.safetyInterval());
    }
    RunEventHub hub = new RunEventHub(pollers.values(), clock, observer);
    for (Poller poller : pollers.values()) {
      if (RunEventHub.publishes(poller.backend.type())) {
        poller.listen(safety);
      }
    }
    source.start(hub);
  }

  /** Fails every tracked run with {@code failure} and stops the ticks. */
  public void close(WorkflowLaunchException failure) {
    pollers.values().forEach(poller -> poller.close(failure));
  }

  static long epochNanos(Clock clock) {
    Instant now = clock.instant();
    return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
  }

  static long plusSaturated(long nanos, long add) {
    long sum = nanos + add;
    return ((nanos ^ sum) & (add ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /** One tracked run: the future handed to the caller, and the little the tracker keeps. */
  static final class Tracked extends CompletableFuture<RunStatus> {
    private static final java.lang.invoke.VarHandle LEFT;
    private static final java.lang.invoke.VarHandle GIVEN_UP;

    static {
      try {
        LEFT = java.lang.invoke.MethodHandles.lookup().findVarHandle(Tracked.class, "left", int.class);
        GIVEN_UP = java.lang.invoke.MethodHandles.lookup().findVarHandle(Tracked.class, "givenUp", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final Poller poller;
    final RunHandle handle;
    final WaitOptions options;
    final long deadline;
    /** When the wait began: a run never seen is given the grace from then. */
    final long since;
    long due;
    long startedSecond = Long.MIN_VALUE;
    String rawStatus;
    byte state = -1;
    byte step;
    byte misses;
    /**
     * An event told of the run's end: read it on its own at the next tick. Set under the poller's lock while
     * the run is queued, cleared by the read that takes it.
     */
    boolean hinted;
    /**
     * An event came while the run was being read: read it again at once unless that read saw it end.
     * Guarded by the poller's lock.
     */
    boolean rehint;
    /** When the last event telling of the run's end happened (epoch nanos), zero when none did. */
    volatile long eventAt;
    /** Until when reads follow the wait's own schedule after an event (a read may lag the event). */
    volatile long hintedUntil = Long.MIN_VALUE;
    /**
     * When the run's last read was answered (epoch nanos): a safety poll comes at most a safety interval after
     * it. Set by the read before it requeues the run; a failed read keeps its wait's own retries.
     */
    long lastRead = Long.MIN_VALUE;
    /** When an event last told of the run's end (epoch nanos, the tracker's clock). Guarded by the poller's lock. */
    long hintedAt = Long.MIN_VALUE;
    @SuppressWarnings("unused") // through LEFT
    private volatile int left;
    @SuppressWarnings("unused") // through GIVEN_UP
    private volatile int givenUp;

    Tracked(Poller poller, RunHandle handle, WaitOptions options, long deadline, long due) {
      this.poller = poller;
      this.handle = handle;
      this.options = options;
      this.deadline = deadline;
      this.due = due;
      this.since = due;
    }

    @Override
    public boolean complete(RunStatus value) {
      leave();
      return super.complete(value);
    }

    @Override
    public boolean completeExceptionally(Throwable failure) {
      leave();
      return super.completeExceptionally(failure);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      leave();
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled && giveUp()) {
        poller.cancelled(this);
      }
      return cancelled;
    }

    /**
     * Claims the one giving-up of this wait (a timeout, a cancel or a close): true for the first caller
     * only, so that one stop at most is sent and the listener is told once.
     */
    boolean giveUp() {
      return GIVEN_UP.compareAndSet(this, 0, 1);
    }

    /** Counts the run out of the tracker once, before its future completes, so that callers see it gone. */
    private void leave() {
      if (!isDone() && LEFT.compareAndSet(this, 0, 1)) {
        poller.live.decrementAndGet();
        poller.unindex(this);
        if (deadline != Long.MAX_VALUE) {
          poller.deadlineLeft();
        }
      }
    }

    /** Whether the wait has ended or is ending (counted out of the tracker). */
    boolean gone() {
      return (int) LEFT.getVolatile(this) == 1 || isDone();
    }

    /** What the tracker remembers of the last status: handle, state and raw status only. */
    RunStatus lastSeen() {
      return state < 0 ? null : RunStatus.builder(handle, RunState.values()[state], rawStatus).build();
    }
  }

  /**
   * One task of a poller on the scheduler, which can be moved earlier or cancelled: the next read and
   * the deadline timer. Guarded by the poller's lock.
   */
  private static final class Alarm {
    private final ScheduledExecutorService scheduler;
    private final Runnable task;
    private ScheduledFuture<?> future;
    private long at = Long.MAX_VALUE;

    Alarm(ScheduledExecutorService scheduler, Runnable task) {
      this.scheduler = scheduler;
      this.task = task;
    }

    /** Makes the task run no later than {@code at}; false when the scheduler refused it. */
    boolean noLaterThan(long at, long now) {
      if (future != null && this.at <= at) {
        return true;
      }
      cancel();
      try {
        future = scheduler.schedule(task, Math.max(0, at - now), TimeUnit.NANOSECONDS);
        this.at = at;
        return true;
      } catch (RejectedExecutionException e) {
        return false;
      }
    }

    boolean armed() {
      return future != null;
    }

    /** Called by the task when it runs: nothing is scheduled any more. */
    void fired() {
      future = null;
      at = Long.MAX_VALUE;
    }

    void cancel() {
      if (future != null) {
        future.cancel(false);
      }
      fired();
    }
  }

  /** The tracker of one backend. */
  static final class Poller {
    private final WorkflowBackend backend;
    private final TrackerOptions options;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Executor readExecutor;
    private final RandomGenerator random;
    private final Executor callbacks;
    private final io.wflaunch.spi.observe.LaunchObserver observer;
    final RequestBudget budget;
    final AtomicInteger live = new AtomicInteger();
    final AtomicLong requests = new AtomicLong();
    private final Map<String, String> rawStatuses = new ConcurrentHashMap<>();
    /** Waits that gave up and wait for their stop's answer: closing ends them. */
    private final Map<Tracked, Stop> stopping = new ConcurrentHashMap<>();

    private final Object lock = new Object();
    private final PriorityQueue<Tracked> queue = new PriorityQueue<>(Comparator.comparingLong(t -> t.due));
    private final Alarm tick;
    private List<Tracked> inFlight = List.of();
    private boolean reading;
    private WorkflowLaunchException closedWith;

    /** What a read decided for the callers (listener calls, completions), run once the read is over. */
    private final List<Runnable> pending = new ArrayList<>();
    private boolean refused;
    private final long graceNanos;

    /**
     * Waits with a deadline, soonest first: their timer fires whatever the budget's debt or a read of other
     * runs in flight.
     */
    private final PriorityQueue<Tracked> deadlines = new PriorityQueue<>(Comparator.comparingLong(t -> t.deadline));
    private final Alarm deadlineTick;
    /** The runs the last {@link #take} took for a safety poll. Guarded by the lock. */
    private int safetyPolls;

    /**
     * The runs tracked, by handle (a {@link Tracked} or, for several waits of one run, an array of them),
     * when the backend's engine publishes run events and a source delivers them; else null. Guarded by the
     * lock.
     */
    private Map<RunHandle, Object> index;
    /** The safety interval while a source delivers events; zero when it does not. */
    private volatile long safetyNanos;
    private volatile boolean eventsLive;

    Poller(WorkflowBackend backend, TrackerOptions options, Clock clock, ScheduledExecutorService scheduler,
        Executor readExecutor, RandomGenerator random, Executor callbacks, io.wflaunch.spi.observe.LaunchObserver observer,
        long graceNanos) {
      this.graceNanos = graceNanos;
      this.tick = new Alarm(scheduler, this::tick);
      this.deadlineTick = new Alarm(scheduler, this::expireDue);
      this.callbacks = callbacks;
      this.observer = observer;
      this.backend = backend;
      this.options = options;
      this.clock = clock;
      this.scheduler = scheduler;
      this.readExecutor = readExecutor;
      this.random = random;
      this.budget = new RequestBudget(options.rateOf(backend.id()), options.burst(), epochNanos(clock));
    }

    Tracked track(RunHandle handle, WaitOptions waitOptions) {
      long now = epochNanos(clock);
      long deadline = plusSaturated(now, PollSchedule.saturatedNanos(waitOptions.timeout()));
      Tracked run = new Tracked(this, handle, waitOptions, deadline, now);
      WorkflowLaunchException closed;
      synchronized (lock) {
        live.incrementAndGet();
        closed = closedWith;
        if (closed == null) {
          queue.add(run);
          if (index != null) {
            index.merge(handle, run, Poller::withRun);
          }
          wake(now, now);
          if (deadline != Long.MAX_VALUE) {
            if (deadlines.size() > 64 && deadlines.size() > 2 * live.get()) {
              // Waits that ended early (cancelled) leave their place behind; drop them now and then.
              deadlines.removeIf(Tracked::gone);
            }
            deadlines.add(run);
            armDeadline(now);
          }
        }
      }
      if (closed != null) {
        run.completeExceptionally(closed);
      }
      afterWake();
      return run;
    }

    String id() {
      return backend.id();
    }

    String type() {
      return backend.type();
    }

    /** Indexes runs by handle from now on, and polls them every {@code safety} while events come. */
    void listen(long safety) {
      synchronized (lock) {
        if (index == null) {
          index = new java.util.HashMap<>();
          for (Tracked run : queue) {
            if (!run.gone()) {
              index.merge(run.handle, run, Poller::withRun);
            }
          }
          for (Tracked run : inFlight) {
            if (!run.gone()) {
              index.merge(run.handle, run, Poller::withRun);
            }
          }
        }
        safetyNanos = safety;
      }
    }

    private static Object withRun(Object present, Object added) {
      Tracked[] runs = present instanceof Tracked one ? new Tracked[] {one} : (Tracked[]) present;
      Tracked[] more = java.util.Arrays.copyOf(runs, runs.length + 1);
      more[runs.length] = (Tracked) added;
      return more;
    }

    /** A wait ended: its run leaves the index. */
    void unindex(Tracked run) {
      if (safetyNanos == 0) {
        return;
      }
      synchronized (lock) {
        if (index == null) {
          return;
        }
        Object present = index.get(run.handle);
        if (present == run) {
          index.remove(run.handle);
        } else if (present instanceof Tracked[] runs) {
          Tracked[] left = java.util.Arrays.stream(runs).filter(other -> other != run).toArray(Tracked[]::new);
          if (left.length == 0) {
            index.remove(run.handle);
          } else {
            index.put(run.handle, left.length == 1 ? left[0] : left);
          }
        }
      }
    }

    /**
     * An event about {@code handle}: whether a wait here tracks the run; when the event tells of an end,
     * each such wait's run is read on its own at the next tick (or again at once, if a read of it is out).
     */
    boolean hint(RunHandle handle, RunState state, long eventNanos) {
      boolean tracked = false;
      synchronized (lock) {
        Object present = index == null ? null : index.get(handle);
        if (present == null) {
          return false;
        }
        long now = epochNanos(clock);
        for (Tracked run : present instanceof Tracked one ? new Tracked[] {one} : (Tracked[]) present) {
          if (run.gone()) {
            continue;
          }
          tracked = true;
          if (!state.isTerminal()) {
            continue;
          }
          run.eventAt = eventNanos;
          run.hintedAt = now;
          run.hintedUntil = plusSaturated(now, graceNanos);
          if (run.hinted) {
            continue;
          }
          if (queue.remove(run)) {
            run.hinted = true;
            run.due = now;
            // Should the read lag the event, the next ones come soon, at the wait's shortest intervals.
            run.step = 0;
            queue.add(run);
          } else {
            // Being read: the read may have been answered before the run ended.
            run.rehint = true;
          }
        }
        if (tracked && closedWith == null) {
          wake(now, now);
        }
      }
      afterWake();
      return tracked;
    }

    /**
     * Whether the event source receives: while it does, runs are read on the safety interval (runs already
     * read once and waiting for their next read move to it at once); when it stops, runs waiting for a safety
     * poll are brought back to their waits' own schedules.
     */
    void eventsLive(boolean live) {
      if (safetyNanos == 0 || eventsLive == live) {
        return;
      }
      synchronized (lock) {
        eventsLive = live;
        if (closedWith != null) {
          return;
        }
        long now = epochNanos(clock);
        List<Tracked> all = new ArrayList<>(queue);
        queue.clear();
        for (Tracked run : all) {
          if (run.gone()) {
            continue;
          }
          if (!live) {
            run.due = Math.min(run.due, plusSaturated(now, PollSchedule.intervalNanos(run.options, run.step)));
          } else {
            toSafetyPoll(run, now);
          }
          queue.add(run);
        }
        if (live) {
          return;
        }
        Tracked next = firstLive();
        if (next != null) {
          wake(next.due, now);
        }
      }
      afterWake();
    }

    /**
     * While events come, moves the next read of a run seen before and told of by no event from its wait's own
     * schedule to the safety poll: a safety interval (drawn as after a read) after its last read, never beyond
     * its deadline, never earlier than it was. A run never read keeps its first read, one an event told of the
     * reads that follow it (until one is answered after the event: a failed one is retried on the wait's
     * schedule), and one already on the safety poll its draw. Called under the lock.
     */
    private void toSafetyPoll(Tracked run, long now) {
      if (run.state < 0 || run.hinted || run.lastRead == Long.MIN_VALUE || now < run.hintedUntil
          || run.hintedAt >= run.lastRead || run.due >= plusSaturated(run.lastRead, safetyNanos - safetyNanos / 5)) {
        return;
      }
      long safetyDue = Math.min(plusSaturated(run.lastRead, pauseAfterRead(run, 0, now)), run.deadline);
      run.due = Math.max(run.due, safetyDue);
    }

    /** The pause before a run's next read: its wait's own, or the safety interval while events come. */
    private long pauseAfterRead(Tracked run, long pause, long now) {
      if (eventsLive && now >= run.hintedUntil) {
        long safety = safetyNanos;
        // Drawn within the interval's last fifth, never beyond it: a lost event costs at most the interval.
        return Math.max(pause, safety - (long) (safety * 0.2 * random.nextDouble()));
      }
      return pause;
    }

    void close(WorkflowLaunchException failure) {
      List<Tracked> failing;
      synchronized (lock) {
        if (closedWith != null) {
          return;
        }
        closedWith = failure;
        tick.cancel();
        deadlineTick.cancel();
        failing = new ArrayList<>(queue);
        failing.addAll(inFlight);
        queue.clear();
        deadlines.clear();
      }
      for (Tracked run : failing) {
        if (!run.isDone() && run.giveUp()) {
          GiveUpStop stop = run.options.stopOnGiveUp() ? GiveUpStop.NOT_SENT : GiveUpStop.NOT_ASKED;
          notify(run, () -> run.options.listener().onGiveUp(run.handle, stop, Optional.empty()));
          run.completeExceptionally(stop == GiveUpStop.NOT_ASKED ? failure
              : new CancelledException(ErrorContext.of(run.handle), "the launcher was closed during the wait", null,
                  stop));
        }
      }
      // A stop that went out may never be answered now: its wait ends here, its listener told when it is.
      // One still waiting for the budget never goes out: its task is cancelled and sendStop sends nothing.
      stopping.forEach((run, stop) -> {
        GiveUpStop given = stop.sent ? GiveUpStop.SENT : GiveUpStop.NOT_SENT;
        if (!stop.sent) {
          ScheduledFuture<?> scheduled = stop.scheduled;
          if (scheduled != null) {
            scheduled.cancel(false);
          }
        }
        run.completeExceptionally(new CancelledException(ErrorContext.of(run.handle),
            "the launcher was closed during the wait", null, given));
        if (!stop.sent) {
          stop.outcome.complete(new GivenUp(GiveUpStop.NOT_SENT, Optional.empty()));
        }
      });
    }

    /** Makes sure a tick is scheduled no later than {@code at}. Called under the lock. */
    private void wake(long at, long now) {
      if (!reading && closedWith == null && !tick.noLaterThan(at, now)) {
        refused = true;
      }
    }

    /**
     * Makes sure the deadline timer fires at the soonest deadline of a wait in progress, plus
     * {@link #DEADLINE_SLACK_NANOS} (a poll due at the deadline reads the run one last time first), and
     * that no timer is left when no wait has a deadline. Called under the lock.
     */
    private void armDeadline(long now) {
      while (!deadlines.isEmpty() && deadlines.peek().gone()) {
        deadlines.poll();
      }
      Tracked first = deadlines.peek();
      if (first == null || closedWith != null) {
        deadlineTick.cancel();
      } else if (!deadlineTick.noLaterThan(plusSaturated(first.deadline, DEADLINE_SLACK_NANOS), now)) {
        // An earlier timer is kept: it re-arms for the next deadline when it fires.
        refused = true;
      }
    }

    /** A wait with a deadline ended: the timer follows the next deadline, or goes when none is left. */
    void deadlineLeft() {
      synchronized (lock) {
        if (deadlineTick.armed() && (deadlines.isEmpty() || deadlines.peek().gone())) {
          armDeadline(epochNanos(clock));
        }
      }
    }

    /**
     * Ends the waits whose deadline has come while they wait for the budget or the next poll. A wait whose
     * run is being read is left to that read for {@link #DEADLINE_SLACK_NANOS} more: the run may just have
     * ended, and a wait that saw it end neither times out nor stops it; the read's end times out the waits
     * it did not settle, and a read still out after that grace does not hold the wait any longer.
     */
    private void expireDue() {
      List<Tracked> expired = new ArrayList<>();
      List<Tracked> beingRead = new ArrayList<>();
      long now = epochNanos(clock);
      synchronized (lock) {
        deadlineTick.fired();
        while (!deadlines.isEmpty() && (deadlines.peek().gone() || deadlines.peek().deadline <= now)) {
          Tracked run = deadlines.poll();
          if (run.gone()) {
            continue;
          }
          (inFlight.contains(run) ? beingRead : expired).add(run);
        }
        armDeadline(now);
      }
      afterWake();
      for (Tracked run : beingRead) {
        try {
          scheduler.schedule(() -> onCallbacks(() -> timedOut(run, run.lastSeen())), DEADLINE_SLACK_NANOS,
              TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
          expired.add(run);
        }
      }
      if (expired.isEmpty()) {
        return;
      }
      onCallbacks(() -> expired.forEach(run -> timedOut(run, run.lastSeen())));
    }

    /** After the lock is released: a scheduler that refused the next read fails the waits, as closing does. */
    private void afterWake() {
      boolean failing;
      synchronized (lock) {
        failing = refused;
        refused = false;
      }
      if (failing) {
        close(new WorkflowLaunchException(ErrorContext.of(backend.id()),
            "the launcher's scheduler refused the tracker's next read (is it shut down?)", false, null));
      }
    }

    private void tick() {
      List<Tracked> listed = new ArrayList<>();
      List<Tracked> singles = new ArrayList<>();
      List<Tracked> expired = new ArrayList<>();
      int safetyPolled = 0;
      long now = epochNanos(clock);
      synchronized (lock) {
        tick.fired();
        if (reading || closedWith != null) {
          return;
        }
        Tracked head = firstLive();
        if (head == null) {
          return;
        }
        long untilBudget = budget.nanosUntilOne(now);
        if (head.due > now || untilBudget > 0) {
          wake(Math.max(head.due, now + untilBudget), now);
        } else {
          take(head, now, listed, singles, expired);
          safetyPolled = safetyPolls;
          if (!listed.isEmpty() || !singles.isEmpty()) {
            reading = true;
            List<Tracked> taken = new ArrayList<>(listed);
            taken.addAll(singles);
            inFlight = taken;
          } else {
            Tracked next = firstLive();
            if (next != null) {
              wake(next.due, now);
            }
          }
        }
      }
      afterWake();
      if (safetyPolled > 0) {
        observer.safetyPolled(backend.id(), safetyPolled);
      }
      if (!expired.isEmpty()) {
        onCallbacks(() -> expired.forEach(run -> timedOut(run, run.lastSeen())));
      }
      if (listed.isEmpty() && singles.isEmpty()) {
        return;
      }
      CompletableFuture<List<Tracked>> listing = listed.isEmpty()
          ? CompletableFuture.completedFuture(List.of())
          : readListed(listed);
      listing.whenComplete((missed, error) -> {
        List<Tracked> toRead = new ArrayList<>(singles);
        if (error != null) {
          WorkflowLaunchException failure = new WorkflowLaunchException(ErrorContext.of(backend.id()),
              "reading runs of backend " + backend.id() + " failed", false, Futures.unwrap(error));
          listed.forEach(run -> later(() -> run.completeExceptionally(failure)));
        } else {
          toRead.addAll(missed);
        }
        CompletableFuture<Void> reads;
        try {
          reads = readSingles(toRead);
        } catch (RuntimeException e) {
          reads = CompletableFuture.failedFuture(e);
        }
        reads.whenComplete((ignored, failure) -> finishRead());
      });
    }

    /**
     * Takes the runs due (and those due within half the head's interval, or within a fifth of the safety interval
     * for a safety poll) out of the queue: runs the listings show, and as many runs read on their own as the budget
     * allows; runs past their deadline that must wait for the budget time out instead. Called under the lock.
     */
    private void take(Tracked head, long now, List<Tracked> listed, List<Tracked> singles, List<Tracked> expired) {
      safetyPolls = 0;
      long reach = PollSchedule.intervalNanos(head.options, head.step) / 2;
      if (eventsLive && !head.hinted && head.state >= 0 && now >= head.hintedUntil) {
        // A safety poll: those falling due within the interval's jitter ride along, so that the runs of one
        // workflow come to be read together on the safety interval as they do on the waits' own.
        reach = Math.max(reach, safetyNanos / 5);
      }
      // A tick for runs events told of reads those on their own, leaving the others to the next tick, where
      // the first of them leads a read of all falling due with it.
      boolean forEvents = head.hinted;
      long horizon = forEvents ? now : plusSaturated(now, reach);
      int singlesAllowed = Math.max(1, budget.available(now) - 1);
      List<Tracked> skipped = new ArrayList<>();
      while (!queue.isEmpty() && queue.peek().due <= horizon && listed.size() + singles.size() < options.maxBatch()) {
        Tracked run = queue.poll();
        if (run.gone()) {
          continue;
        }
        if (run.hinted) {
          if (singles.size() < singlesAllowed) {
            singles.add(run);
          } else {
            skipped.add(run);
          }
          continue;
        }
        if (forEvents) {
          skipped.add(run);
          continue;
        }
        boolean safetyPoll = run.state >= 0 && eventsLive && now >= run.hintedUntil;
        if (run.misses < SINGLE_AFTER_MISSES) {
          listed.add(run);
          safetyPolls += safetyPoll ? 1 : 0;
        } else if (singles.size() < singlesAllowed) {
          singles.add(run);
          safetyPolls += safetyPoll ? 1 : 0;
        } else if (run.deadline <= now) {
          expired.add(run);
        } else {
          skipped.add(run);
        }
      }
      queue.addAll(skipped);
    }

    /** Skips cancelled runs at the head of the queue. Called under the lock. */
    private Tracked firstLive() {
      while (!queue.isEmpty() && queue.peek().gone()) {
        queue.poll();
      }
      return queue.peek();
    }

    /**
     * One batched read of {@code runs}; settles the ones it saw (or all of them, when the read was
     * throttled or the backend unavailable) and answers the ones left to single reads.
     */
    private CompletableFuture<List<Tracked>> readListed(List<Tracked> runs) {
      List<RunHandle> handles = new ArrayList<>(runs.size());
      Map<RunHandle, List<Tracked>> byHandle = new LinkedHashMap<>();
      Optional<Instant> oldest = Optional.of(Instant.MAX);
      for (Tracked run : runs) {
        if (byHandle.computeIfAbsent(run.handle, h -> new ArrayList<>(1)).size() == 0) {
          handles.add(run.handle);
        }
        byHandle.get(run.handle).add(run);
        if (run.startedSecond == Long.MIN_VALUE) {
          oldest = Optional.empty();
        } else if (oldest.isPresent() && run.startedSecond < oldest.get().getEpochSecond()) {
          oldest = Optional.of(Instant.ofEpochSecond(run.startedSecond));
        }
      }
      if (oldest.isPresent() && oldest.get().equals(Instant.MAX)) {
        oldest = Optional.empty();
      }
      CompletableFuture<BatchRead> read;
      try {
        read = backend.readRunsAsync(List.copyOf(handles), oldest, readExecutor);
      } catch (RuntimeException e) {
        read = CompletableFuture.failedFuture(e);
      }
      return read.handle((answer, error) -> {
        long now = epochNanos(clock);
        if (error != null) {
          Throwable raw = Futures.unwrap(error);
          spend(now, sent(raw));
          Throwable cause = reported(raw);
          if (ridden(cause)) {
            runs.forEach(run -> failed(run, (WorkflowLaunchException) cause, now));
            return List.<Tracked>of();
          }
          log.debug("Listing runs of backend {} failed; reading them one by one", backend.id(), cause);
          return runs;
        }
        spend(now, answer.requests());
        boolean throttled = false;
        for (WorkflowLaunchException failure : answer.failures().values()) {
          throttled |= failure instanceof ThrottledException;
        }
        if (throttled) {
          budget.throttled();
        } else if (answer.requests() > 0) {
          budget.answered();
        }
        List<Tracked> missed = new ArrayList<>();
        byHandle.forEach((handle, same) -> {
          RunStatus status = answer.statuses().get(handle);
          WorkflowLaunchException listingFailed = status == null ? answer.failures().get(handle) : null;
          for (Tracked run : same) {
            if (listingFailed != null) {
              // This run's listing was throttled or unavailable: back off for it; the others keep their answers.
              failed(run, listingFailed, now);
            } else if (status == null) {
              run.misses++;
              missed.add(run);
            } else {
              run.misses = 0;
              answered(run, status, now);
            }
          }
        });
        return missed;
      });
    }

    /** Reads each run with a single get, within the budget; those past it wait for the next tick. */
    private CompletableFuture<Void> readSingles(List<Tracked> runs) {
      if (runs.isEmpty()) {
        return CompletableFuture.completedFuture(null);
      }
      int allowed = Math.max(1, budget.available(epochNanos(clock)));
      List<CompletableFuture<?>> reads = new ArrayList<>();
      for (int i = 0; i < runs.size(); i++) {
        Tracked run = runs.get(i);
        if (i >= allowed) {
          requeue(run);
          continue;
        }
        CompletableFuture<BatchRead> read;
        try {
          read = backend.readRunAsync(run.handle, readExecutor);
        } catch (RuntimeException e) {
          read = CompletableFuture.failedFuture(e);
        }
        reads.add(read.handle((answer, error) -> {
          long now = epochNanos(clock);
          RunStatus status = error == null ? answer.statuses().get(run.handle) : null;
          if (error == null && status == null) {
            error = new IllegalStateException("backend " + backend.id() + " read " + run.handle + " without its status");
          }
          if (error == null) {
            spend(now, Math.max(1, answer.requests()));
            budget.answered();
            answered(run, status, now);
          } else {
            Throwable raw = Futures.unwrap(error);
            spend(now, sent(raw));
            Throwable cause = reported(raw);
            if (ridden(cause)) {
              failed(run, (WorkflowLaunchException) cause, now);
            } else if (cause instanceof RunNotFoundException notFound && young(run, now)) {
              // Reads may lag starts: a run this young is not missing yet.
              failed(run, notFound, now);
            } else {
              later(() -> run.completeExceptionally(cause));
            }
          }
          return null;
        }));
      }
      return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new));
    }

    /** The requests a failed read sent: what it says, else one. */
    private static int sent(Throwable failure) {
      return failure instanceof BatchRead.Failed counted ? counted.requests() : 1;
    }

    /** The failure a read reports, without the wrapper that counts its requests. */
    private static Throwable reported(Throwable failure) {
      return failure instanceof BatchRead.Failed counted && counted.getCause() != null
          ? Futures.unwrap(counted.getCause()) : failure;
    }

    /**
     * Whether a run is still within the grace of a lagging read: started (or, never seen, waited for)
     * less than the consistency window ago.
     */
    private boolean young(Tracked run, long now) {
      long from = run.startedSecond != Long.MIN_VALUE ? run.startedSecond * 1_000_000_000L
          : run.state < 0 ? run.since : Long.MIN_VALUE;
      return from != Long.MIN_VALUE && now - from < graceNanos;
    }

    private void spend(long now, int count) {
      budget.spend(now, count);
      requests.addAndGet(count);
    }

    private boolean ridden(Throwable cause) {
      if (cause instanceof ThrottledException) {
        budget.throttled();
        return true;
      }
      return cause instanceof BackendUnavailableException;
    }

    private void answered(Tracked run, RunStatus status, long now) {
      run.hinted = false;
      run.lastRead = now;
      if (run.gone()) {
        return;
      }
      RunStatus previous = run.lastSeen();
      run.startedSecond = status.startedAt().map(Instant::getEpochSecond).orElse(run.startedSecond);
      if (previous == null || previous.state() != status.state()) {
        later(() -> notify(run, () -> run.options.listener().onStateChange(Optional.ofNullable(previous), status)));
      }
      run.state = (byte) status.state().ordinal();
      run.rawStatus = canonical(status.rawStatus());
      if (status.state().isTerminal()) {
        long eventAt = run.eventAt;
        later(() -> {
          // Told once the wait's future took the status: a wait cancelled meanwhile saw nothing end.
          if (run.complete(status)) {
            observer.runEnded(status);
            if (eventAt != 0) {
              observer.eventNoticed(status, Duration.ofNanos(Math.max(0, epochNanos(clock) - eventAt)));
            }
          }
        });
        return;
      }
      if (now >= run.deadline) {
        later(() -> timedOut(run, status));
        return;
      }
      long pause = Math.min(pauseAfterRead(run, PollSchedule.pauseNanos(run.options, run.step, random), now),
          run.deadline - now);
      run.step = (byte) Math.min(PollSchedule.MAX_STEP, run.step + 1);
      later(() -> notify(run, () -> run.options.listener().onPoll(status, Duration.ofNanos(pause))));
      run.due = now + pause;
      requeue(run);
    }

    private void failed(Tracked run, WorkflowLaunchException failure, long now) {
      run.hinted = false;
      if (run.gone()) {
        return;
      }
      if (now >= run.deadline) {
        RunStatus last = run.lastSeen();
        later(() -> timedOut(run, last));
        return;
      }
      run.step = (byte) Math.min(PollSchedule.MAX_STEP, run.step + 1);
      long pause = Math.min(PollSchedule.failurePauseNanos(run.options, run.step, random), run.deadline - now);
      run.step = (byte) Math.min(PollSchedule.MAX_STEP, run.step + 1);
      later(() -> notify(run, () -> run.options.listener().onPollFailure(failure, Duration.ofNanos(pause))));
      run.due = now + pause;
      requeue(run);
    }

    /**
     * Ends a wait whose deadline has passed: at once when its options ask for no stop, else once the
     * stop it sends is answered. Runs on the callback executor.
     */
    private void timedOut(Tracked run, RunStatus last) {
      if (run.isDone() || !run.giveUp()) {
        return;
      }
      if (!run.options.stopOnGiveUp()) {
        notify(run, () -> run.options.listener().onGiveUp(run.handle, GiveUpStop.NOT_ASKED, Optional.empty()));
        run.completeExceptionally(
            new WaitTimeoutException(ErrorContext.of(run.handle), run.options.timeout(), last, GiveUpStop.NOT_ASKED));
        return;
      }
      // Out of the tracker now: no poll reads the run while its stop is on its way.
      run.leave();
      stopGivenUp(run).thenAccept(given -> onCallbacks(() -> {
        WaitTimeoutException timeout = new WaitTimeoutException(ErrorContext.of(run.handle), run.options.timeout(),
            last, given.stop());
        given.failure().ifPresent(timeout::addSuppressed);
        notify(run, () -> run.options.listener().onGiveUp(run.handle, given.stop(), given.failure()));
        run.completeExceptionally(timeout);
      }));
    }

    /** A wait whose future was cancelled: its listener is told, after the stop its options ask for. */
    void cancelled(Tracked run) {
      if (!run.options.stopOnGiveUp()) {
        onCallbacks(() -> notify(run,
            () -> run.options.listener().onGiveUp(run.handle, GiveUpStop.NOT_ASKED, Optional.empty())));
        return;
      }
      stopGivenUp(run).thenAccept(given -> onCallbacks(() -> notify(run,
          () -> run.options.listener().onGiveUp(run.handle, given.stop(), given.failure()))));
    }

    /** What a give-up's stop came to, and its failure if it failed. */
    private record GivenUp(GiveUpStop stop, Optional<WorkflowLaunchException> failure) {}

    /** One give-up's stop: whether its request went out (set under the lock), and its task while it waits. */
    private static final class Stop {
      final CompletableFuture<GivenUp> outcome = new CompletableFuture<>();
      volatile boolean sent;
      volatile ScheduledFuture<?> scheduled;
    }

    /**
     * Sends one stop of a run a wait gave up on, as soon as the budget has a request for it, observed as a
     * stop call; the future always completes, with what the stop came to.
     */
    private CompletableFuture<GivenUp> stopGivenUp(Tracked run) {
      Stop stop = new Stop();
      CompletableFuture<GivenUp> outcome = stop.outcome;
      stopping.put(run, stop);
      outcome.whenComplete((given, error) -> stopping.remove(run));
      long now = epochNanos(clock);
      long wait;
      synchronized (lock) {
        wait = closedWith != null ? -1 : budget.nanosUntilOne(now);
      }
      if (wait < 0) {
        outcome.complete(new GivenUp(GiveUpStop.NOT_SENT, Optional.empty()));
      } else if (wait == 0) {
        sendStop(run, stop);
      } else {
        try {
          stop.scheduled = scheduler.schedule(() -> sendStop(run, stop), wait, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
          outcome.complete(new GivenUp(GiveUpStop.NOT_SENT, Optional.empty()));
        }
      }
      return outcome;
    }

    /** Sends a give-up's stop, unless the tracker closed meanwhile (a caller's scheduler outlives it). */
    private void sendStop(Tracked run, Stop given) {
      CompletableFuture<GivenUp> outcome = given.outcome;
      synchronized (lock) {
        if (closedWith == null) {
          given.sent = true;
        }
      }
      if (!given.sent) {
        outcome.complete(new GivenUp(GiveUpStop.NOT_SENT, Optional.empty()));
        return;
      }
      spend(epochNanos(clock), 1);
      LaunchObserver.Observation observation = observer.callStarted(new LaunchCall(Operation.STOP, backend.id(),
          Optional.empty(), Optional.of(run.handle), 0, false));
      CompletableFuture<Void> stop;
      try (LaunchObserver.Scope scope = observation.open()) {
        stop = backend.stopAsync(run.handle, observation.wrap(readExecutor));
      } catch (RuntimeException e) {
        stop = CompletableFuture.failedFuture(e);
      }
      stop.whenComplete((stopped, error) -> {
        if (error == null) {
          budget.answered();
          observation.succeeded(Optional.of(run.handle), false);
          outcome.complete(new GivenUp(GiveUpStop.ACKNOWLEDGED, Optional.empty()));
          return;
        }
        Throwable raw = Futures.unwrap(error);
        if (raw instanceof ThrottledException) {
          budget.throttled();
        }
        observation.failed(raw);
        WorkflowLaunchException failure = raw instanceof WorkflowLaunchException known ? known
            : new WorkflowLaunchException(ErrorContext.of(run.handle).withOutcomeUnknown(true), "the stop failed",
                false, raw);
        outcome.complete(new GivenUp(giveUpStopAfter(failure), Optional.of(failure)));
      });
    }

    /** Runs on the callback executor, or here when it refuses (the launcher is closing). */
    private void onCallbacks(Runnable task) {
      try {
        callbacks.execute(task);
      } catch (RejectedExecutionException e) {
        task.run();
      }
    }

    /** Keeps a caller's callback until the read is over. */
    private void later(Runnable callback) {
      synchronized (pending) {
        pending.add(callback);
      }
    }

    private void requeue(Tracked run) {
      WorkflowLaunchException closed;
      synchronized (lock) {
        closed = closedWith;
        if (closed == null && !run.gone()) {
          if (run.rehint) {
            // An event came during the read, which may have been answered before the run ended.
            run.rehint = false;
            run.hinted = true;
            run.step = 0;
            run.due = Math.min(run.due, epochNanos(clock));
          } else if (safetyNanos != 0 && !eventsLive) {
            // Events stopped during the read, whose pause may have been raised to the safety interval: one longer
            // than any pause of the wait's own (at most 1.2 times its interval) is brought back to its interval.
            long now = epochNanos(clock);
            long interval = PollSchedule.intervalNanos(run.options, run.step);
            if (run.due - now > interval + interval / 5) {
              run.due = plusSaturated(now, interval);
            }
          } else if (safetyNanos != 0) {
            // Events may have started coming during the read, whose pause was then the wait's own.
            toSafetyPoll(run, epochNanos(clock));
          }
          queue.add(run);
        }
      }
      if (closed != null) {
        later(() -> run.completeExceptionally(closed));
      }
    }

    /**
     * Ends a read: schedules the next one, then hands the callers' callbacks, in order, to the callback
     * executor, so that a caller that blocks in one (say, waiting for another run) never holds up reads.
     */
    private void finishRead() {
      List<Tracked> overdue = new ArrayList<>();
      synchronized (lock) {
        long end = epochNanos(clock);
        for (Tracked run : inFlight) {
          // Left by the deadline timer to this read, which did not settle them (the budget held them back).
          if (run.deadline <= end && !run.gone()) {
            overdue.add(run);
          }
        }
        reading = false;
        inFlight = List.of();
        Tracked next = firstLive();
        if (next != null) {
          long now = epochNanos(clock);
          wake(Math.max(next.due, now + budget.nanosUntilOne(now)), now);
        }
      }
      afterWake();
      List<Runnable> callbacksOfRead;
      synchronized (pending) {
        // After the read's own callbacks: a wait one of them ended is not timed out again.
        overdue.forEach(run -> pending.add(() -> timedOut(run, run.lastSeen())));
        callbacksOfRead = List.copyOf(pending);
        pending.clear();
      }
      if (callbacksOfRead.isEmpty()) {
        return;
      }
      Runnable all = () -> callbacksOfRead.forEach(Runnable::run);
      try {
        callbacks.execute(all);
      } catch (RejectedExecutionException e) {
        all.run();
      }
    }

    private String canonical(String raw) {
      if (rawStatuses.size() < 256) {
        return rawStatuses.computeIfAbsent(raw, r -> r);
      }
      String known = rawStatuses.get(raw);
      return known != null ? known : raw;
    }

    private static void notify(Tracked run, Runnable call) {
      try {
        call.run();
      } catch (RuntimeException e) {
        log.warn("Wait listener for {} threw; the wait goes on", run.handle, e);
      }
    }
  }

  /**
   * What a failed stop of a run given up on came to: not supported, not acknowledged (it may have taken
   * effect), not sent (it never reached the service), or refused.
   *
   * @param failure the stop's failure
   * @return what it came to
   */
  static GiveUpStop giveUpStopAfter(WorkflowLaunchException failure) {
    if (failure instanceof OperationNotSupportedException) {
      return GiveUpStop.NOT_SUPPORTED;
    }
    if (failure.outcomeUnknown()) {
      return GiveUpStop.NOT_ACKNOWLEDGED;
    }
    return failure instanceof BackendUnavailableException ? GiveUpStop.NOT_SENT : GiveUpStop.REFUSED;
  }

  /**
   * Waits for every future and answers their statuses in order, or fails with the first failure in
   * order, the others attached as suppressed (at most ten).
   * @param waits the waits, in the caller's order
   * @return a future of the statuses
   */
  static CompletableFuture<List<RunStatus>> all(Collection<CompletableFuture<RunStatus>> waits) {
    CompletableFuture<?>[] array = waits.toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(array).handle((done, ignored) -> {
      List<RunStatus> statuses = new ArrayList<>(array.length);
      WorkflowLaunchException first = null;
      int suppressed = 0;
      for (CompletableFuture<?> wait : array) {
        try {
          statuses.add((RunStatus) wait.join());
        } catch (RuntimeException e) {
          Throwable cause = Futures.unwrap(e);
          WorkflowLaunchException failure = cause instanceof WorkflowLaunchException w ? w
              : new WorkflowLaunchException(ErrorContext.empty(), "the wait failed", false, cause);
          if (first == null) {
            first = failure;
          } else if (suppressed++ < 10) {
            first.addSuppressed(failure);
          }
        }
      }
      if (first != null) {
        throw new java.util.concurrent.CompletionException(first);
      }
      return List.copyOf(statuses);
    });
  }
}
