package io.wflaunch.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.ConfigurationException;
import io.wflaunch.spi.BackendProvider;
import io.wflaunch.spi.BackendProviders;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.testkit.glue.FakeGlueClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.GlueClient;

/** The gluejob type's provider, found beside the glue type's in the one module. */
class GlueJobProviderTest {

  private final FakeGlueClient glue = FakeGlueClient.create();

  @Test
  void bothGlueTypesAreFound() {
    BackendProvider jobs = BackendProviders.find("gluejob").orElseThrow();

    assertThat(jobs).isInstanceOf(GlueJobProvider.class);
    assertThat(jobs.description()).isEqualTo("AWS Glue jobs");
    assertThat(jobs.scheme()).isEqualTo(GlueJobBackend.SCHEME);
    assertThat(BackendProviders.find("glue").orElseThrow()).isInstanceOf(GlueProvider.class);
  }

  @Test
  void aGivenClientIsUsedWithTheOptions() {
    GlueJobBackend backend = (GlueJobBackend) BackendProviders.find("gluejob").orElseThrow().create(BackendSettings
        .builder("jobs-eu").component(GlueClient.class, glue).option("look-back", "3d").option("page-size", "50")
        .option("idempotency-argument", "--run-key").option("scan-page-limit", "4").build());

    assertThat(backend.id()).isEqualTo("jobs-eu");
    assertThat(backend.client()).isSameAs(glue);
    assertThat(backend.defaultOptions().lookBack()).isEqualTo(Duration.ofDays(3));
    assertThat(backend.defaultOptions().pageSize()).isEqualTo(50);
    assertThat(backend.defaultOptions().scanPageLimit()).isEqualTo(4);
    assertThat(backend.defaultOptions().idempotencyArgument()).isEqualTo("--run-key");
  }

  @Test
  void aPageSizeAboveGetJobRunsMaximumIsRefusedNamingTheOption() {
    assertThatThrownBy(() -> BackendProviders.find("gluejob").orElseThrow().create(BackendSettings.builder("gluejob")
        .component(GlueClient.class, glue).option("page-size", "500").build()))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.getMessage()).contains("page-size"));
  }
}
