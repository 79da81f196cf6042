package io.wflaunch.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.ConfigurationException;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BackendProvider;
import io.wflaunch.spi.BackendProviders;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.testkit.glue.FakeGlueClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

  @Test
  void startOptionsFromTextBecomeGlueJobOptionsAndBadValuesNameTheOption() {
    BackendProvider jobs = BackendProviders.find("gluejob").orElseThrow();
    WorkflowTarget target = WorkflowTarget.of("gluejob", "nightly");

    GlueJobOptions options = (GlueJobOptions) jobs.parseStartOptions(target, Map.of("workerType", List.of("G.2X"),
        "numberOfWorkers", List.of("10"), "timeoutMinutes", List.of("60"), "executionClass", List.of("FLEX"),
        "securityConfiguration", List.of("encrypted"), "notifyDelayAfterMinutes", List.of("5"),
        "jobRunQueuing", List.of("true"))).orElseThrow();

    assertThat(jobs.startOptions()).extracting(o -> o.name()).containsExactly("workerType", "numberOfWorkers",
        "timeoutMinutes", "executionClass", "securityConfiguration", "notifyDelayAfterMinutes", "jobRunQueuing");
    assertThat(options.workerType()).contains("G.2X");
    assertThat(options.numberOfWorkers()).contains(10);
    assertThat(options.timeoutMinutes()).contains(60);
    assertThat(options.executionClass()).contains("FLEX");
    assertThat(options.securityConfiguration()).contains("encrypted");
    assertThat(options.notifyDelayAfterMinutes()).contains(5);
    assertThat(options.jobRunQueuing()).contains(true);
    assertThat(jobs.parseStartOptions(target, Map.of())).isEmpty();
    assertThatThrownBy(() -> jobs.parseStartOptions(target, Map.of("numberOfWorkers", List.of("ten"))))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("options.numberOfWorkers"));
    assertThatThrownBy(() -> jobs.parseStartOptions(target, Map.of("jobRunQueuing", List.of("yes"))))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("options.jobRunQueuing"));
    assertThatThrownBy(() -> jobs.parseStartOptions(target, Map.of("workerType", List.of("G.1X", "G.2X"))))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("takes one value");
  }
}
