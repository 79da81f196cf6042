package io.wflaunch.testkit.sfn;

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
class SfnFakesTest {

  @Test
  void itIsRegisteredForItsType() {
    assertThat(ServiceLoader.load(FakeBackendProvider.class)).anySatisfy(provider -> {
      assertThat(provider).isInstanceOf(SfnFakes.class);
      assertThat(provider.type()).isEqualTo("sfn");
    });
  }

  @Test
  void withoutTheAdapterItNamesTheArtifactToAdd() {
    assertThat(BackendProviders.find("sfn")).isEmpty();

    assertThatThrownBy(() -> BackendProviders.fake("sfn", BackendSettings.builder("sfn").build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no provider of type sfn")
        .hasMessageContaining("io.wflaunch:wflaunch-stepfunctions-adapter");
  }
}
