package io.wflaunch.cli.local;

import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.cli.Session;
import io.wflaunch.codecatalyst.CodeCatalystBackend;
import io.wflaunch.glue.GlueBackend;
import io.wflaunch.stepfunctions.StepFunctionsBackend;
import io.wflaunch.swf.SwfBackend;
import io.wflaunch.testkit.codecatalyst.FakeCodeCatalystClient;
import io.wflaunch.testkit.glue.FakeGlueClient;
import io.wflaunch.testkit.sfn.FakeSfnClient;
import io.wflaunch.testkit.swf.FakeSwfClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Local mode ({@code --local}): the four backends over one {@link LocalStore}, so that a run started by
 * one {@code wflaunch} process can be read, awaited, stopped and listed by the next. The real adapters
 * (over fake clients that are never called) check every target, handle and request.
 */
public final class LocalSession implements Session {

  /** The environment variable that moves the local state. */
  public static final String DIRECTORY_VARIABLE = "WFLAUNCH_LOCAL_DIR";

  private final WorkflowLauncher launcher;

  /**
   * A session over the state in {@code directory}.
   *
   * @param directory where the runs are kept
   * @param clock the wall clock
   */
  public LocalSession(Path directory, Clock clock) {
    LocalStore store = new LocalStore(directory);
    launcher = WorkflowLauncher.builder()
        .backend(new LocalBackend(GlueBackend.create(FakeGlueClient.create()), LocalBackend.Kind.GLUE, store, clock))
        .backend(new LocalBackend(SwfBackend.create(FakeSwfClient.create()), LocalBackend.Kind.SWF, store, clock))
        .backend(new LocalBackend(CodeCatalystBackend.create(FakeCodeCatalystClient.create()),
            LocalBackend.Kind.CODECATALYST, store, clock))
        .backend(new LocalBackend(StepFunctionsBackend.create(FakeSfnClient.create()), LocalBackend.Kind.SFN, store,
            clock))
        .clock(clock)
        .build();
  }

  /**
   * The directory local mode uses: {@code explicit} if given, else {@value #DIRECTORY_VARIABLE}, else
   * {@code ~/.wflaunch/local}.
   *
   * @param explicit the {@code --local-dir} option, or null
   * @return the directory
   */
  public static Path directory(Path explicit) {
    if (explicit != null) {
      return explicit;
    }
    String variable = System.getenv(DIRECTORY_VARIABLE);
    return variable != null && !variable.isBlank() ? Path.of(variable)
        : Path.of(System.getProperty("user.home"), ".wflaunch", "local");
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
  }
}
