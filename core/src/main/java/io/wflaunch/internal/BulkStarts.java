package io.wflaunch.internal;

import io.wflaunch.spi.support.Futures;

import io.wflaunch.BulkOptions;
import io.wflaunch.CancelledException;
import io.wflaunch.ErrorContext;
import io.wflaunch.LimitExceededException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartResult;
import io.wflaunch.StartRunRequest;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLaunchException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link io.wflaunch.WorkflowLauncher#startAll}: pulls requests from the caller's iterator only as
 * slots (concurrency) and tokens (rate) allow, starts each through the launcher's start, waits and
 * tries again when a start is refused by a concurrency limit or throttled, and gathers the results in
 * request order. The iterator, the counters and the results are guarded by this object's lock.
 */
final class BulkStarts {

  private static final Logger log = LoggerFactory.getLogger(BulkStarts.class);
  private static final long FIRST_RETRY_NANOS = Duration.ofSeconds(1).toNanos();
  private static final long LAST_RETRY_NANOS = Duration.ofSeconds(30).toNanos();

  private final Iterator<StartRunRequest> source;
  private final BulkOptions options;
  private final Starter start;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final RandomGenerator random;
  private final RequestBudget rate;
  private final List<StartResult> results = new ArrayList<>();
  private final Map<Integer, DefaultWorkflowLauncher.Caller> inFlightStarts = new ConcurrentHashMap<>();
  private final CompletableFuture<List<StartResult>> done = new CompletableFuture<>();

  private final java.util.PriorityQueue<Waiter> waiting =
      new java.util.PriorityQueue<>(java.util.Comparator.comparingInt(Waiter::index));
  private int waitStep;
  private boolean retryScheduled;
  private int inFlight;
  private boolean pumping;
  private boolean pumpAgain;
  private int started;
  private int failed;
  private boolean exhausted;
  private boolean pumpScheduled;
  private Throwable sourceFailure;
  private boolean closing;

  /** Starts one request for one caller; the future says what the start did, also after the caller left. */
  @FunctionalInterface
  interface Starter {
    CompletableFuture<RunHandle> start(StartRunRequest request, DefaultWorkflowLauncher.Caller caller);
  }

  BulkStarts(Iterable<StartRunRequest> requests, BulkOptions options, Starter start, Clock clock,
      ScheduledExecutorService scheduler, RandomGenerator random) {
    this.source = requests.iterator();
    this.options = options;
    this.start = start;
    this.clock = clock;
    this.scheduler = scheduler;
    this.random = random;
    this.rate = new RequestBudget(options.startsPerSecond(), 1, DefaultRunTracker.epochNanos(clock));
    done.whenComplete((list, failure) -> {
      if (done.isCancelled()) {
        stopAll();
      }
    });
  }

  /**
   * Stops pulling requests, ends every waiting request with a {@link CancelledException}, and asks the
   * starts in flight to send nothing more: each of them still reports what it did (its run's handle,
   * or whether a run may exist).
   */
  private void stopAll() {
    List<Waiter> stopped;
    synchronized (this) {
      exhausted = true;
      stopped = new ArrayList<>(waiting);
      waiting.clear();
    }
    inFlightStarts.values().forEach(DefaultWorkflowLauncher.Caller::leave);
    for (Waiter waiter : stopped) {
      settle(waiter.index(), waiter.request(), null, stopped(waiter.request(), waiter.refusal()));
    }
  }

  /** The result of a request that waited to be tried again when startAll was cancelled or closed. */
  private CancelledException stopped(StartRunRequest request, WorkflowLaunchException refusal) {
    boolean mayExist = refusal != null && refusal.outcomeUnknown();
    return new CancelledException(ErrorContext.of(request.target()).withOutcomeUnknown(mayExist),
        (isClosing() ? "the launcher was closed" : "startAll was cancelled") + " while this request waited to be "
            + "tried again" + (mayExist ? "; its last start's outcome is unknown, so a run may exist" : ""), refusal);
  }

  /**
   * Ends this startAll because the launcher is closing: waiting requests fail at once, the starts in
   * flight were ended by the launcher, and the bulk future fails with a {@link CancelledException}.
   */
  void close() {
    stopPulling();
    stopAll();
    pump();
  }

  /** Marks this startAll as closing: no request is pulled, started or put back to wait from now on. */
  void stopPulling() {
    synchronized (this) {
      closing = true;
      exhausted = true;
    }
  }

  /** Completes when this startAll has ended, however it ended. */
  CompletableFuture<List<StartResult>> done() {
    return done;
  }

  CompletableFuture<List<StartResult>> run() {
    pump();
    return done;
  }

  /**
   * Begins as many starts as slots and tokens allow, then finishes when nothing is left. Re-entrant
   * calls (a start that settles at once calls back here) only ask the running pump to go round again,
   * so the stack does not grow with the number of requests.
   */
  private void pump() {
    synchronized (this) {
      if (pumping) {
        pumpAgain = true;
        return;
      }
      pumping = true;
    }
    for (;;) {
      pumpOnce();
      synchronized (this) {
        if (!pumpAgain) {
          pumping = false;
          return;
        }
        pumpAgain = false;
      }
    }
  }

  private void pumpOnce() {
    List<Runnable> launches = new ArrayList<>();
    boolean finished;
    boolean retry;
    synchronized (this) {
      pumpScheduled = false;
      retry = !waiting.isEmpty() && !retryScheduled;
      while (!exhausted && waiting.isEmpty() && inFlight < options.concurrency()) {
        long now = DefaultRunTracker.epochNanos(clock);
        long wait = rate.nanosUntilOne(now);
        if (wait > 0) {
          schedulePump(wait);
          break;
        }
        StartRunRequest request;
        try {
          if (!source.hasNext()) {
            exhausted = true;
            break;
          }
          request = java.util.Objects.requireNonNull(source.next(), "a request of startAll is null");
        } catch (RuntimeException e) {
          sourceFailure = e;
          exhausted = true;
          break;
        }
        int index = results.size();
        results.add(null);
        inFlight++;
        rate.spend(now, 1);
        long deadline = DefaultRunTracker.plusSaturated(now, PollSchedule.saturatedNanos(options.maxWait()));
        launches.add(() -> attempt(new Waiter(index, request, deadline, null)));
      }
      finished = exhausted && inFlight == 0 && !done.isDone();
    }
    launches.forEach(Runnable::run);
    if (retry) {
      retryWaiting(currentInterval());
    }
    if (finished) {
      finish();
    }
  }

  /** The pause before the next try of the oldest waiting request. */
  private synchronized long currentInterval() {
    long interval = Math.min(LAST_RETRY_NANOS, FIRST_RETRY_NANOS << Math.min(waitStep, 10));
    return (long) (interval * (0.8 + 0.4 * random.nextDouble()));
  }

  private void schedulePump(long delayNanos) {
    if (pumpScheduled) {
      return;
    }
    pumpScheduled = true;
    try {
      scheduler.schedule(this::pump, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      pumpScheduled = false;
      sourceFailure = new IllegalStateException("the launcher's scheduler refused to time the next start", e);
      exhausted = true;
    }
  }

  /** A request between tries, and why its last try was refused. */
  private record Waiter(int index, StartRunRequest request, long deadline, WorkflowLaunchException refusal) {}

  private void attempt(Waiter waiter) {
    int index = waiter.index();
    StartRunRequest request = waiter.request();
    if (done.isDone() || isClosing()) {
      settle(index, request, null, new CancelledException(ErrorContext.of(request.target()),
          (isClosing() ? "the launcher was closed" : "startAll was cancelled") + " before this request was started",
          null));
      return;
    }
    DefaultWorkflowLauncher.Caller caller = new DefaultWorkflowLauncher.Caller();
    inFlightStarts.put(index, caller);
    if (done.isCancelled()) {
      // Cancelled between the check above and the registration: the cancel's sweep may have missed it.
      caller.leave();
    }
    CompletableFuture<RunHandle> future;
    try {
      future = start.start(request, caller);
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    future.whenComplete((handle, error) -> {
      inFlightStarts.remove(index);
      if (error == null) {
        synchronized (this) {
          waitStep = 0;
        }
        settle(index, request, handle, null);
        retryWaiting(0);
        return;
      }
      Throwable cause = Futures.unwrap(error);
      WorkflowLaunchException failure = cause instanceof WorkflowLaunchException w ? w
          : isClosing() ? new CancelledException(ErrorContext.of(request.target()), "the launcher was closed before "
              + "this request was started", cause)
          : new WorkflowLaunchException(ErrorContext.of(request.target()), "the start failed", false, cause);
      long now = DefaultRunTracker.epochNanos(clock);
      if (waitable(failure, request) && now < waiter.deadline()) {
        long pause = -1;
        synchronized (this) {
          // Checked under the lock that stopAll takes, so that a waiter is never added after it swept them.
          if (!done.isDone() && !closing) {
            waiting.add(new Waiter(index, request, waiter.deadline(), failure));
            pause = currentInterval();
            waitStep++;
          }
        }
        if (pause >= 0) {
          if (failure instanceof ThrottledException) {
            rate.throttled();
          }
          notifyWait(index, failure, Duration.ofNanos(pause));
          retryWaiting(pause);
          return;
        }
        settle(index, request, null, stopped(request, failure));
        return;
      }
      settle(index, request, null, failure);
    });
  }

  /**
   * Tries the oldest waiting request again after {@code pause}: waiters go one at a time, in request
   * order, so that none is starved by later ones; waiters past their deadline fail with their refusal.
   */
  private void retryWaiting(long pause) {
    synchronized (this) {
      if (retryScheduled || waiting.isEmpty() || closing) {
        return;
      }
      retryScheduled = true;
    }
    Runnable retry = () -> {
      List<Waiter> expired = new ArrayList<>();
      Waiter next;
      synchronized (this) {
        retryScheduled = false;
        long now = DefaultRunTracker.epochNanos(clock);
        while (!waiting.isEmpty() && (waiting.peek().deadline() <= now || done.isDone())) {
          expired.add(waiting.poll());
        }
        next = waiting.poll();
      }
      expired.forEach(w -> settle(w.index(), w.request(), null, w.refusal()));
      if (next == null) {
        pump();
        return;
      }
      long now = DefaultRunTracker.epochNanos(clock);
      long wait = rate.nanosUntilOne(now);
      if (wait > 0) {
        boolean putBack;
        synchronized (this) {
          putBack = !done.isDone() && !closing;
          if (putBack) {
            waiting.add(next);
          }
        }
        if (!putBack) {
          settle(next.index(), next.request(), null, stopped(next.request(), next.refusal()));
          return;
        }
        retryWaiting(wait);
        return;
      }
      rate.spend(now, 1);
      attempt(next);
    };
    try {
      if (pause == 0) {
        retry.run();
      } else {
        scheduler.schedule(retry, pause, TimeUnit.NANOSECONDS);
      }
    } catch (RejectedExecutionException rejected) {
      List<Waiter> failing;
      synchronized (this) {
        retryScheduled = false;
        failing = new ArrayList<>(waiting);
        waiting.clear();
      }
      failing.forEach(w -> settle(w.index(), w.request(), null, w.refusal()));
    }
  }

  /** A refusal worth waiting out: a concurrency limit or throttling, with no run that a retry could duplicate. */
  private static boolean waitable(WorkflowLaunchException failure, StartRunRequest request) {
    boolean kind = failure instanceof ThrottledException || failure instanceof LimitExceededException;
    return kind && failure.retryable() && (!failure.outcomeUnknown() || request.idempotencyKey().isPresent());
  }

  private void settle(int index, StartRunRequest request, RunHandle handle, WorkflowLaunchException failure) {
    StartResult result = new StartResult(index, request, Optional.ofNullable(handle), Optional.ofNullable(failure));
    int startedNow;
    int failedNow;
    synchronized (this) {
      results.set(index, result);
      inFlight--;
      if (handle != null) {
        started++;
      } else {
        failed++;
      }
      startedNow = started;
      failedNow = failed;
    }
    if (handle != null) {
      rate.answered();
    }
    try {
      options.listener().onResult(result, startedNow, failedNow);
    } catch (RuntimeException e) {
      log.warn("Bulk listener threw on the result of request {}; startAll goes on", index, e);
    }
    pump();
  }

  private synchronized boolean isClosing() {
    return closing;
  }

  private void notifyWait(int index, WorkflowLaunchException reason, Duration retryIn) {
    try {
      options.listener().onWait(index, reason, retryIn);
    } catch (RuntimeException e) {
      log.warn("Bulk listener threw on a wait of request {}; startAll goes on", index, e);
    }
  }

  private void finish() {
    List<StartResult> copy;
    Throwable failure;
    synchronized (this) {
      copy = List.copyOf(results);
      failure = sourceFailure;
    }
    if (isClosing()) {
      long started = copy.stream().filter(result -> result != null && result.started()).count();
      done.completeExceptionally(new CancelledException(ErrorContext.empty(), "the launcher was closed during startAll "
          + "after " + copy.size() + " requests, " + started + " of them started (each result went to the listener)",
          null));
    } else if (failure != null) {
      done.completeExceptionally(new WorkflowLaunchException(ErrorContext.empty(),
          "startAll stopped after " + copy.size() + " requests (their results went to the listener): "
              + failure.getMessage(), false, failure));
    } else {
      done.complete(copy);
    }
  }
}
