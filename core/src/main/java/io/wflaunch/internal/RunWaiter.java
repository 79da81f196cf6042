package io.wflaunch.internal;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.ThrottledException;
import io.wflaunch.WaitListener;
import io.wflaunch.WaitOptions;
import io.wflaunch.WaitTimeoutException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.spi.WorkflowBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One wait for a run's completion. Polls one at a time: each poll is scheduled on the shared scheduler
 * only after the previous one has answered, so the fields below are handed from poll to poll with a
 * happens-before edge and need no locking, and no thread is held between polls.
 */
final class RunWaiter {

  private static final Logger log = LoggerFactory.getLogger(RunWaiter.class);

  private final WorkflowBackend backend;
  private final RunHandle handle;
  private final WaitOptions options;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Executor executor;
  private final Backoff backoff;
  private final Instant deadline;
  private final CompletableFuture<RunStatus> result = new CompletableFuture<>();

  private RunStatus last;
  private volatile ScheduledFuture<?> nextPoll;

  RunWaiter(WorkflowBackend backend, RunHandle handle, WaitOptions options, Clock clock,
      ScheduledExecutorService scheduler, Executor executor, RandomGenerator random) {
    this.backend = backend;
    this.handle = handle;
    this.options = options;
    this.clock = clock;
    this.scheduler = scheduler;
    this.executor = executor;
    this.backoff = new Backoff(options, random);
    this.deadline = plusSaturated(clock.instant(), options.timeout());
    result.whenComplete((status, error) -> {
      ScheduledFuture<?> pending = nextPoll;
      if (pending != null) {
        pending.cancel(false);
      }
    });
  }

  CompletableFuture<RunStatus> start() {
    poll();
    return result;
  }

  /** Ends the wait with {@code failure} if it has not ended yet. */
  void abort(WorkflowLaunchException failure) {
    result.completeExceptionally(failure);
  }

  private void poll() {
    if (result.isDone()) {
      return;
    }
    CompletableFuture<RunStatus> answer;
    try {
      answer = backend.getRunAsync(handle, executor);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete(this::onAnswer);
  }

  private void onAnswer(RunStatus status, Throwable error) {
    if (result.isDone()) {
      return;
    }
    if (error != null) {
      Throwable cause = Futures.unwrap(error);
      if (cause instanceof ThrottledException || cause instanceof BackendUnavailableException) {
        if (pauseOrTimeOut()) {
          Duration pause = clamp(backoff.afterFailure());
          notify(() -> options.listener().onPollFailure((WorkflowLaunchException) cause, pause));
          schedule(pause);
        }
      } else {
        result.completeExceptionally(cause);
      }
      return;
    }
    RunStatus previous = last;
    last = status;
    if (previous == null || previous.state() != status.state()) {
      notify(() -> options.listener().onStateChange(Optional.ofNullable(previous), status));
    }
    if (status.state().isTerminal()) {
      result.complete(status);
      return;
    }
    if (pauseOrTimeOut()) {
      Duration pause = clamp(backoff.afterPoll());
      notify(() -> options.listener().onPoll(status, pause));
      schedule(pause);
    }
  }

  /** False, after failing the wait, when the deadline has passed. */
  private boolean pauseOrTimeOut() {
    if (!clock.instant().isBefore(deadline)) {
      result.completeExceptionally(new WaitTimeoutException(ErrorContext.of(handle), options.timeout(), last));
      return false;
    }
    return true;
  }

  /** The pause, shortened so that the last poll happens at the deadline. */
  private Duration clamp(Duration pause) {
    Duration left = Duration.between(clock.instant(), deadline);
    return pause.compareTo(left) > 0 ? left : pause;
  }

  /** Schedules the next poll after {@code pause}, already cut short at the deadline. */
  private void schedule(Duration pause) {
    try {
      nextPoll = scheduler.schedule(this::poll, Backoff.saturatedNanos(pause), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new WorkflowLaunchException(ErrorContext.of(handle),
          "the launcher's scheduler refused the next poll (is the launcher closed?)", false, e));
    }
    if (result.isDone()) {
      nextPoll.cancel(false);
    }
  }

  private void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("Wait listener for {} threw; the wait goes on", handle, e);
    }
  }

  private static Instant plusSaturated(Instant start, Duration timeout) {
    try {
      return start.plus(timeout);
    } catch (ArithmeticException | java.time.DateTimeException e) {
      return Instant.MAX;
    }
  }
}
