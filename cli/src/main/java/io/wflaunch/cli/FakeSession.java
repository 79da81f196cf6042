package io.wflaunch.cli;

import io.wflaunch.InvalidRequestException;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BackendProvider;
import io.wflaunch.spi.BackendProviders;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.FakeBackend;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Every installed backend type that has a fake ({@link io.wflaunch.spi.FakeBackendProvider}), over its
 * in-memory fake: every well-formed target exists (it is defined when first named) and its runs succeed
 * after {@link #RUN_TIME}. Nothing leaves the process, so runs started by another invocation are
 * unknown here.
 */
public final class FakeSession implements Session {

  /** How long runs of targets defined on demand take. */
  public static final Duration RUN_TIME = Duration.ofSeconds(2);

  private final Map<String, FakeBackend> fakes = new LinkedHashMap<>();
  private final WorkflowLauncher launcher;

  /**
   * Fakes and a launcher on a clock and scheduler.
   *
   * @param clock the clock the fakes and waits use
   * @param scheduler the launcher's scheduler and executor, or null for its own
   */
  public FakeSession(Clock clock, ScheduledExecutorService scheduler) {
    WorkflowLauncher.Builder builder = WorkflowLauncher.builder().clock(clock);
    for (BackendProvider provider : BackendProviders.installed()) {
      BackendProviders.fake(provider.type(), BackendSettings.builder(provider.type()).clock(clock).build())
          .ifPresent(fake -> {
            fakes.put(provider.type(), fake);
            builder.backend(fake.backend());
          });
    }
    if (scheduler != null) {
      builder.scheduler(scheduler).executor(scheduler);
    }
    launcher = builder.build();
  }

  /**
   * The fakes, by backend type, in the order of the installed types.
   *
   * @return the fakes
   */
  public Map<String, FakeBackend> fakes() {
    return java.util.Collections.unmodifiableMap(fakes);
  }

  /**
   * The fake of a type, for scripting runs.
   *
   * @param type the backend type
   * @return the fake
   * @throws IllegalArgumentException if no fake of that type is installed
   */
  public FakeBackend fake(String type) {
    FakeBackend fake = fakes.get(type);
    if (fake == null) {
      throw new IllegalArgumentException("no fake of backend type " + type + " is installed");
    }
    return fake;
  }

  @Override
  public WorkflowLauncher launcher() {
    return launcher;
  }

  @Override
  public void prepare(WorkflowTarget target) {
    FakeBackend fake = fakes.get(target.backend());
    if (fake == null) {
      return;
    }
    try {
      fake.define(fake.backend().parseTarget(target), FakeBackend.Runs.succeedAfter(RUN_TIME));
    } catch (InvalidRequestException notDefinable) {
      // The start names the target and reports what is wrong with it.
    }
  }

  @Override
  public WaitOptions waitOptions() {
    return WaitOptions.builder().minInterval(Duration.ofMillis(200)).maxInterval(Duration.ofSeconds(1)).build();
  }

  @Override
  public void close() {
    launcher.close();
    fakes.values().forEach(FakeBackend::close);
  }

}
