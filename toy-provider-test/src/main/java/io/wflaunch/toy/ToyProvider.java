package io.wflaunch.toy;

import io.wflaunch.spi.BackendOption;
import io.wflaunch.spi.BackendProvider;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.testkit.InMemoryWorkflowBackend;
import io.wflaunch.testkit.RunScript;
import java.time.Duration;
import java.util.List;

/**
 * The {@code toy} backend type: boxes whose runs take {@code run-time} and succeed. Its backend is the
 * testkit's in-memory one under the toy's id and scheme.
 */
public final class ToyProvider implements BackendProvider {

  /** Target {@code toy:<box>}, handle {@code toy:<box>/<runId>}. */
  public static final IdentifierScheme SCHEME = IdentifierScheme.of("toy", List.of("box"), List.of("box", "runId"));

  /** Used by {@link java.util.ServiceLoader}. */
  public ToyProvider() {}

  @Override
  public String type() {
    return "toy";
  }

  @Override
  public String description() {
    return "Toy boxes that run for a while";
  }

  @Override
  public IdentifierScheme scheme() {
    return SCHEME;
  }

  @Override
  public List<BackendOption> options() {
    return List.of(BackendOption.of("run-time", "How long each run of a box takes.", "1m"));
  }

  @Override
  public WorkflowBackend create(BackendSettings settings) {
    settings.checkOptions(options());
    Duration runTime = settings.durationOption("run-time").orElse(Duration.ofMinutes(1));
    return ToyBackend.over(InMemoryWorkflowBackend.builder().id(settings.id()).clock(settings.clock())
        .anyWorkflow(RunScript.succeedsAfter(runTime)).build(), runTime);
  }
}
