package io.wflaunch.cli.local;

import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.cli.Session;
import io.wflaunch.spi.BackendProvider;
import io.wflaunch.spi.BackendProviders;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.FakeBackend;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * Local mode ({@code --local}): every installed backend type that has a fake, over one {@link LocalStore},
 * so that a run started by one {@code wflaunch} process can be read, awaited, stopped and listed by the
 * next. The real adapters, over their fakes, check every target, handle and request and name new runs.
 */
public final class LocalSession implements Session {

  /** The environment variable that moves the local state. */
  public static final String DIRECTORY_VARIABLE = "WFLAUNCH_LOCAL_DIR";

  private final WorkflowLauncher launcher;
  private final java.util.List<FakeBackend> fakes = new java.util.ArrayList<>();

  /**
   * A session over the state in {@code directory}.
   *
   * @param directory where the runs are kept
   * @param clock the wall clock
   */
  public LocalSession(Path directory, Clock clock) {
    this(directory, clock, text -> {});
  }

  /**
   * A session over the state in {@code directory} that says, once, when it skips a kept run it cannot
   * read (an entry an older or newer version wrote, or one edited by hand).
   *
   * @param directory where the runs are kept
   * @param clock the wall clock
   * @param notes told once, in words, that an unreadable entry was skipped
   */
  public LocalSession(Path directory, Clock clock, java.util.function.Consumer<String> notes) {
    java.util.concurrent.atomic.AtomicBoolean told = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.function.Consumer<String> once = text -> {
      if (told.compareAndSet(false, true)) {
        notes.accept(text);
      }
    };
    LocalStore store = new LocalStore(directory);
    WorkflowLauncher.Builder builder = WorkflowLauncher.builder().clock(clock);
    for (BackendProvider provider : BackendProviders.installed()) {
      // Each fake on a clock of its own, which its backend's re-runs move ahead.
      LocalBackend.FakeClock fakeClock = new LocalBackend.FakeClock(clock);
      BackendProviders.fake(provider.type(), BackendSettings.builder(provider.type()).clock(fakeClock).build())
          .ifPresent(fake -> {
            fakes.add(fake);
            builder.backend(new LocalBackend(fake, fakeClock, store, clock, once));
          });
    }
    launcher = builder.build();
  }

  /**
   * The directory local mode uses: {@code explicit} if given, else {@value #DIRECTORY_VARIABLE}, else
   * {@code .wflaunch/local} in the home directory ({@code HOME}, as the AWS SDK finds its profile files, else the
   * JVM's {@code user.home}).
   *
   * @param explicit the {@code --local-dir} option, or null
   * @return the directory
   */
  public static Path directory(Path explicit) {
    return directory(explicit, System::getenv, System.getProperty("user.home"));
  }

  /**
   * {@link #directory(Path)} over a given environment and JVM home directory.
   *
   * @param explicit the {@code --local-dir} option, or null
   * @param environment the environment variables
   * @param userHome the JVM's {@code user.home}
   * @return the directory
   */
  static Path directory(Path explicit, Function<String, String> environment, String userHome) {
    if (explicit != null) {
      return explicit;
    }
    String variable = environment.apply(DIRECTORY_VARIABLE);
    if (variable != null && !variable.isBlank()) {
      return Path.of(variable);
    }
    String home = environment.apply("HOME");
    return Path.of(home != null && !home.isBlank() ? home : userHome, ".wflaunch", "local");
  }

  @Override
  public WorkflowLauncher launcher() {
    return launcher;
  }

  @Override
  public WaitOptions waitOptions() {
    return WaitOptions.builder().minInterval(Duration.ofMillis(500)).maxInterval(Duration.ofSeconds(2)).build();
  }

  @Override
  public void close() {
    launcher.close();
    fakes.forEach(FakeBackend::close);
  }
}
