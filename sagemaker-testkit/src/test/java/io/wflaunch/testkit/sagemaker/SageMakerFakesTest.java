package io.wflaunch.testkit.sagemaker;

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
class SageMakerFakesTest {

  @Test
  void itIsRegisteredForItsType() {
    assertThat(ServiceLoader.load(FakeBackendProvider.class)).anySatisfy(provider -> {
      assertThat(provider).isInstanceOf(SageMakerFakes.class);
      assertThat(provider.type()).isEqualTo("sagemaker");
    });
  }

  @Test
  void withoutTheAdapterItNamesTheArtifactToAdd() {
    assertThat(BackendProviders.find("sagemaker")).isEmpty();

    assertThatThrownBy(() -> BackendProviders.fake("sagemaker", BackendSettings.builder("sagemaker").build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no provider of type sagemaker")
        .hasMessageContaining("io.wflaunch:wflaunch-sagemaker-adapter");
  }
}
