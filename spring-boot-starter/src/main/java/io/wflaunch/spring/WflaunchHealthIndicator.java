package io.wflaunch.spring;

import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.spi.LaunchObserver;
import io.wflaunch.spi.WorkflowBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether each of the launcher's backends is reachable: one cheap read per backend
 * ({@link WorkflowBackend#probe()}), its answer reused for a time to live so that frequent health
 * checks do not become frequent AWS requests. UP when every backend answered, DOWN when one failed
 * (the details name it, the failure's kind and message); a backend without a probe is UNKNOWN and does
 * not make the whole DOWN.
 */
public class WflaunchHealthIndicator implements HealthIndicator {

  private final WorkflowLauncher launcher;
  private final Duration timeToLive;
  private final Clock clock;
  private Health cached;
  private Instant cachedUntil = Instant.MIN;

  /**
   * A health indicator over the launcher's backends.
   *
   * @param launcher the launcher
   * @param timeToLive how long an answer is reused
   * @param clock the clock the time to live is measured with
   */
  public WflaunchHealthIndicator(WorkflowLauncher launcher, Duration timeToLive, Clock clock) {
    this.launcher = Objects.requireNonNull(launcher, "launcher");
    this.timeToLive = Objects.requireNonNull(timeToLive, "timeToLive");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized Health health() {
    Instant now = clock.instant();
    if (cached != null && now.isBefore(cachedUntil)) {
      return cached;
    }
    boolean down = false;
    Map<String, Object> details = new LinkedHashMap<>();
    for (String id : launcher.backendIds()) {
      try {
        launcher.backend(id, WorkflowBackend.class).probe();
        details.put(id, "UP");
      } catch (OperationNotSupportedException e) {
        details.put(id, "UNKNOWN");
      } catch (WorkflowLaunchException e) {
        down = true;
        details.put(id, Map.of("status", "DOWN", "error", LaunchObserver.kindOf(e), "message", e.getMessage()));
      } catch (RuntimeException e) {
        down = true;
        details.put(id, Map.of("status", "DOWN", "error", e.getClass().getSimpleName()));
      }
    }
    cached = (down ? Health.down() : Health.up()).withDetails(details).build();
    cachedUntil = clock.instant().plus(timeToLive);
    return cached;
  }
}
