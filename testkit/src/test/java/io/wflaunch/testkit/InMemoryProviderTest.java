package io.wflaunch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.ConfigurationException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BackendProvider;
import io.wflaunch.spi.BackendProviders;
import io.wflaunch.spi.BackendSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code memory} type is found on the class path and builds in-memory backends on the given clock. */
class InMemoryProviderTest {

  @Test
  void theMemoryTypeIsInstalledWithTheBackendsScheme() {
    BackendProvider provider = BackendProviders.find("memory").orElseThrow();

    assertThat(provider).isInstanceOf(InMemoryProvider.class);
    assertThat(provider.scheme()).isEqualTo(InMemoryWorkflowBackend.SCHEME);
    assertThat(provider.options()).isEmpty();
    assertThat(provider.targetForm()).isEqualTo("memory:<workflow>");
  }

  @Test
  void aBackendItBuildsHasTheSettingsIdAndRunsOnTheSettingsClock() {
    VirtualScheduler time = new VirtualScheduler();
    InMemoryWorkflowBackend backend = (InMemoryWorkflowBackend) new InMemoryProvider()
        .create(BackendSettings.builder("scratch").clock(time.clock()).build());
    backend.defineWorkflow("etl", RunScript.succeedsAfter(Duration.ofMinutes(1)));

    RunHandle run = backend.start(StartRunRequest.builder(WorkflowTarget.of("scratch", "etl")).build());

    assertThat(backend.id()).isEqualTo("scratch");
    assertThat(backend.getRun(run).state()).isEqualTo(RunState.RUNNING);
    time.advanceBy(Duration.ofMinutes(1));
    assertThat(backend.getRun(run).state()).isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void anOptionIsRefused() {
    assertThatThrownBy(() -> new InMemoryProvider()
        .create(BackendSettings.builder("memory").option("page-size", "10").build()))
        .isInstanceOfSatisfying(ConfigurationException.class,
            e -> assertThat(e.getMessage()).contains("page-size").contains("takes no options"));
  }
}
