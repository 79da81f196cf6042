package io.wflaunch.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.ConfigurationException;
import io.wflaunch.spi.BackendProviders;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.testkit.glue.FakeGlueClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;

/** The glue type's provider: settings become a backend, and settings a given client would not use are refused. */
class GlueProviderTest {

  private final FakeGlueClient glue = FakeGlueClient.create();

  @Test
  void aGivenClientIsUsedWithTheOptions() {
    GlueBackend backend = (GlueBackend) BackendProviders.find("glue").orElseThrow().create(BackendSettings
        .builder("glue-eu").component(GlueClient.class, glue).option("look-back", "3d").option("page-size", "50")
        .build());

    assertThat(backend.id()).isEqualTo("glue-eu");
    assertThat(backend.client()).isSameAs(glue);
    assertThat(backend.defaultOptions().lookBack()).isEqualTo(Duration.ofDays(3));
    assertThat(backend.defaultOptions().pageSize()).isEqualTo(50);
  }

  @Test
  void aRegionBesideAGivenClientIsRefusedNamingIt() {
    assertThatThrownBy(() -> BackendProviders.find("glue").orElseThrow().create(BackendSettings.builder("glue")
        .component(GlueClient.class, glue).region("eu-west-1").build()))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("region"))
        .hasMessageContaining("a GlueClient was given");
  }

  @Test
  void anAsyncClientWithoutTheBlockingOneIsRefused() {
    assertThatThrownBy(() -> BackendProviders.find("glue").orElseThrow().create(BackendSettings.builder("glue")
        .component(GlueAsyncClient.class, glue.asyncClient()).build()))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("client"))
        .hasMessageContaining("give the blocking client too");
  }

  @Test
  void anUnknownOptionAndABadValueAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> BackendProviders.find("glue").orElseThrow().create(BackendSettings.builder("glue")
        .component(GlueClient.class, glue).option("lookback", "3d").build()))
        .isInstanceOfSatisfying(ConfigurationException.class,
            e -> assertThat(e.setting()).isEqualTo("options.lookback"))
        .hasMessageContaining("it takes idempotency-property, look-back, scan-page-limit, page-size");
    assertThatThrownBy(() -> BackendProviders.find("glue").orElseThrow().create(BackendSettings.builder("glue")
        .component(GlueClient.class, glue).option("look-back", "soon").build()))
        .isInstanceOfSatisfying(ConfigurationException.class,
            e -> assertThat(e.setting()).isEqualTo("options.look-back"));
  }

  @Test
  void aRegionThatIsNotOneIsRefusedBeforeAnyClientIsBuilt() {
    assertThatThrownBy(() -> BackendProviders.find("glue").orElseThrow().create(BackendSettings.builder("glue")
        .region("us-east1").build()))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("region"))
        .hasMessageContaining("not an AWS region name");
  }
}
