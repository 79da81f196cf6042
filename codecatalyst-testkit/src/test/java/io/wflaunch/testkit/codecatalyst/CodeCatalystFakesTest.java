package io.wflaunch.testkit.codecatalyst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.spi.BackendProviders;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.FakeBackendProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The fake provider is registered for its type and, without the adapter on the class path (this module
 * does not depend on it), says which artifact to add. The adapter's tests run the fake itself.
 */
class CodeCatalystFakesTest {

  @Test
  void itIsRegisteredForItsType() {
    assertThat(ServiceLoader.load(FakeBackendProvider.class)).anySatisfy(provider -> {
      assertThat(provider).isInstanceOf(CodeCatalystFakes.class);
      assertThat(provider.type()).isEqualTo("codecatalyst");
    });
  }

  @Test
  void withoutTheAdapterItNamesTheArtifactToAdd() {
    assertThat(BackendProviders.find("codecatalyst")).isEmpty();

    assertThatThrownBy(() -> BackendProviders.fake("codecatalyst", BackendSettings.builder("codecatalyst").build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no provider of type codecatalyst")
        .hasMessageContaining("io.wflaunch:wflaunch-codecatalyst-adapter");
  }
}
