package io.wflaunch.spring;

import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.spi.observe.LaunchObserver;
import io.wflaunch.spi.WorkflowBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether each of the launcher's backends is reachable: one cheap read per backend
 * ({@link WorkflowBackend#probe()}), all at once, each given a timeout. UP when every backend with a
 * probe answered, DOWN when one failed or did not answer in time (the details name the backend and the
 * failure's kind; the failure's message, which can name an account or role, goes to the log only). A
 * backend without a probe is UNKNOWN and leaves the whole UP.
 *
 * <p>An answer is reused for a time to live, so that frequent health checks do not become frequent
 * AWS requests; while one caller refreshes it, others get the previous answer rather than waiting.
 */
public class WflaunchHealthIndicator implements HealthIndicator, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(WflaunchHealthIndicator.class);

  private final WorkflowLauncher launcher;
  private final Duration timeToLive;
  private final Duration timeout;
  private final Clock clock;
  private final ReentrantLock refreshing = new ReentrantLock();
  private final ExecutorService probes = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "wflaunch-health");
    thread.setDaemon(true);
    return thread;
  });
  private volatile Answer answer;
  private final Map<String, CompletableFuture<Void>> inFlight = new java.util.concurrent.ConcurrentHashMap<>();
  /** Probes a check has already reported (as timed out) while they ran. */
  private final java.util.Set<CompletableFuture<Void>> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private record Answer(Health health, Instant until) { }

  /**
   * A health indicator over the launcher's backends.
   *
   * @param launcher the launcher
   * @param timeToLive how long an answer is reused
   * @param timeout how long a backend has to answer its probe
   * @param clock the clock the time to live is measured with
   */
  public WflaunchHealthIndicator(WorkflowLauncher launcher, Duration timeToLive, Duration timeout, Clock clock) {
    this.launcher = Objects.requireNonNull(launcher, "launcher");
    this.timeToLive = Objects.requireNonNull(timeToLive, "timeToLive");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Health health() {
    Answer last = answer;
    if (last != null && clock.instant().isBefore(last.until())) {
      return last.health();
    }
    if (last != null && !refreshing.tryLock()) {
      return last.health();
    }
    if (last == null) {
      refreshing.lock();
    }
    try {
      Answer current = answer;
      if (current != null && current != last && clock.instant().isBefore(current.until())) {
        return current.health();
      }
      Health health = probeAll();
      if (health == null) {
        // This caller was interrupted: its partial answer is not one to give others.
        return last != null ? last.health() : Health.unknown().build();
      }
      answer = new Answer(health, clock.instant().plus(timeToLive));
      return health;
    } finally {
      refreshing.unlock();
    }
  }

  /** The backends' answers, or null when the calling thread was interrupted while waiting for them. */
  private Health probeAll() {
    Map<String, CompletableFuture<Void>> running = new LinkedHashMap<>();
    for (String id : launcher.backendIds()) {
      WorkflowBackend backend = launcher.backend(id, WorkflowBackend.class);
      // A probe from an earlier check that no check has read yet (still running, or ended after its
      // caller was interrupted) is read now, not sent again: at most one probe (and one thread) per
      // backend, however long one hangs.
      running.put(id, inFlight.compute(id, (key, earlier) ->
          earlier == null || (earlier.isDone() && reported.remove(earlier))
              ? CompletableFuture.runAsync(backend::probe, probes) : earlier));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean down = false;
    Map<String, Object> details = new LinkedHashMap<>();
    for (Map.Entry<String, CompletableFuture<Void>> probe : running.entrySet()) {
      String id = probe.getKey();
      try {
        probe.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        details.put(id, "UP");
      } catch (ExecutionException e) {
        Throwable failure = e.getCause();
        if (failure instanceof OperationNotSupportedException) {
          details.put(id, "UNKNOWN");
          continue;
        }
        down = true;
        String kind = failure instanceof WorkflowLaunchException ? LaunchObserver.kindOf(failure)
            : failure.getClass().getSimpleName();
        details.put(id, Map.of("status", "DOWN", "error", kind));
        log.warn("Backend {} failed its health probe ({}): {}", id, kind, failure.getMessage());
      } catch (TimeoutException e) {
        down = true;
        details.put(id, Map.of("status", "DOWN", "error", "timeout"));
        log.warn("Backend {} did not answer its probe within {}", id, timeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    // Probes that ended have been read: the next check sends new ones. One that timed out was reported
    // (as a timeout): while it runs it is waited for again, and once it ends its late answer is not given.
    running.forEach((id, probe) -> {
      if (probe.isDone()) {
        inFlight.remove(id, probe);
        reported.remove(probe);
      } else {
        reported.add(probe);
      }
    });
    return (down ? Health.down() : Health.up()).withDetails(details).build();
  }

  /** Stops the probes' threads. */
  @Override
  public void destroy() {
    probes.shutdownNow();
  }
}
