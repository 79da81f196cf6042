package io.wflaunch.testkit;

import io.wflaunch.spi.BackendProvider;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.WorkflowBackend;

/**
 * The {@code memory} backend type, for tools: builds {@link InMemoryWorkflowBackend}s, which keep their
 * runs in the process. It takes no options; region, endpoint, profile and components are not used, as
 * nothing is connected to. A backend built here has no workflows until its code defines some
 * ({@link InMemoryWorkflowBackend#defineWorkflow}).
 *
 * <p>The testkit does not register it, so that tools which ship the testkit (the command line, for its
 * fakes) do not offer a backend that forgets its runs with the process. A test that wants
 * {@code memory:} handles checked by {@link io.wflaunch.RunHandle#parse} registers it in its own
 * {@code src/test/resources/META-INF/services/io.wflaunch.spi.BackendProvider}.
 */
public final class InMemoryProvider implements BackendProvider {

  /** Used by {@link java.util.ServiceLoader}. */
  public InMemoryProvider() {}

  @Override
  public String type() {
    return InMemoryWorkflowBackend.DEFAULT_ID;
  }

  @Override
  public String description() {
    return "in-memory workflows, kept in the process (for tests)";
  }

  @Override
  public IdentifierScheme scheme() {
    return InMemoryWorkflowBackend.SCHEME;
  }

  /** The in-memory engine's events, {@link io.wflaunch.testkit.events.InMemoryRunEvents}. */
  @Override
  public java.util.Optional<io.wflaunch.spi.events.RunEventFormat> runEvents() {
    return java.util.Optional.of(io.wflaunch.testkit.events.InMemoryRunEvents.FORMAT);
  }

  @Override
  public WorkflowBackend create(BackendSettings settings) {
    settings.checkOptions(options());
    return InMemoryWorkflowBackend.builder().id(settings.id()).clock(settings.clock()).build();
  }
}
