package io.wflaunch.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.ConfigurationException;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BackendProvider;
import io.wflaunch.spi.BackendProviders;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.testkit.sagemaker.FakeSageMakerClient;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/** The sagemaker type's provider: found by type, builds the backend from settings, parses start options. */
class SageMakerProviderTest {

  private final BackendProvider provider = BackendProviders.find("sagemaker").orElseThrow();
  private final WorkflowTarget target = WorkflowTarget.of("sagemaker", "train");

  @Test
  void itIsFoundByTypeWithItsForms() {
    assertThat(provider).isInstanceOf(SageMakerProvider.class);
    assertThat(provider.targetForm()).isEqualTo("sagemaker:<pipeline>");
    assertThat(provider.handleForm()).isEqualTo("sagemaker:<region>/<account>/<pipeline>/<executionId>");
  }

  @Test
  void aGivenClientIsUsedAsItIsAndAnEndpointBesideItIsRefused() {
    FakeSageMakerClient fake = FakeSageMakerClient.create();
    try (WorkflowBackend backend = provider.create(BackendSettings.builder("sm-eu")
        .component(SageMakerClient.class, fake).build())) {
      assertThat(backend).isInstanceOfSatisfying(SageMakerBackend.class, b -> assertThat(b.client()).isSameAs(fake));
      assertThat(backend.id()).isEqualTo("sm-eu");
    }
    assertThatThrownBy(() -> provider.create(BackendSettings.builder("sagemaker").component(SageMakerClient.class, fake)
        .endpoint(URI.create("http://127.0.0.1:5000")).build()))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("endpoint"));
  }

  @Test
  void startOptionsAreParsedByNameAndAWrongOneIsNamed() {
    assertThat(provider.parseStartOptions(target, Map.of("displayName", List.of("nightly"),
        "description", List.of("the nightly run"), "maxParallelExecutionSteps", List.of("4"))))
        .contains(SageMakerOptions.builder().displayName("nightly").description("the nightly run")
            .maxParallelExecutionSteps(4).build());
    assertThat(provider.parseStartOptions(target, Map.of())).isEmpty();
    assertThatThrownBy(() -> provider.parseStartOptions(target, Map.of("maxParallelExecutionSteps", List.of("many"))))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("options.maxParallelExecutionSteps"));
    assertThatThrownBy(() -> provider.parseStartOptions(target, Map.of("executionName", List.of("x"))))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("options.executionName"));
  }
}
