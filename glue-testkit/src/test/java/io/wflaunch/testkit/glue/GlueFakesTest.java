package io.wflaunch.testkit.glue;

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
class GlueFakesTest {

  @Test
  void itIsRegisteredForItsType() {
    assertThat(ServiceLoader.load(FakeBackendProvider.class)).anySatisfy(provider -> {
      assertThat(provider).isInstanceOf(GlueFakes.class);
      assertThat(provider.type()).isEqualTo("glue");
    });
  }

  @Test
  void withoutTheAdapterItNamesTheArtifactToAdd() {
    assertThat(BackendProviders.find("glue")).isEmpty();

    assertThatThrownBy(() -> BackendProviders.fake("glue", BackendSettings.builder("glue").build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no provider of type glue")
        .hasMessageContaining("io.wflaunch:wflaunch-glue-adapter");
  }

  @Test
  void theJobsFakeIsRegisteredForItsTypeAndNamesTheArtifactToo() {
    assertThat(ServiceLoader.load(FakeBackendProvider.class)).anySatisfy(provider -> {
      assertThat(provider).isInstanceOf(GlueJobFakes.class);
      assertThat(provider.type()).isEqualTo("gluejob");
    });
    assertThatThrownBy(() -> BackendProviders.fake("gluejob", BackendSettings.builder("gluejob").build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("io.wflaunch:wflaunch-glue-adapter");
  }
}
