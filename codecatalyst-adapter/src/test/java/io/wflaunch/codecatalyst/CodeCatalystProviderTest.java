package io.wflaunch.codecatalyst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.ConfigurationException;
import io.wflaunch.spi.BackendProviders;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.testkit.codecatalyst.FakeCodeCatalystClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClient;

/**
 * The codecatalyst type's provider: a token beside a given client would never reach it, so it is refused;
 * its engine publishes no run events.
 */
class CodeCatalystProviderTest {

  private static final String TOKEN = "pat-secret-0123456789";

  @Test
  void aTokenBesideAGivenClientIsRefusedWithoutShowingIt() {
    assertThatThrownBy(() -> BackendProviders.find("codecatalyst").orElseThrow().create(BackendSettings
        .builder("codecatalyst").component(CodeCatalystClient.class, FakeCodeCatalystClient.create())
        .option("token", TOKEN).build()))
        .isInstanceOfSatisfying(ConfigurationException.class,
            e -> assertThat(e.setting()).isEqualTo("options.token"))
        .hasMessageContaining("a CodeCatalystClient was given")
        .message().doesNotContain(TOKEN);
  }

  @Test
  void theTokenOptionIsSecret() {
    assertThat(new CodeCatalystProvider().options()).filteredOn(option -> option.name().equals("token"))
        .singleElement().satisfies(option -> assertThat(option.secret()).isTrue());
  }

  @Test
  void codeCatalystPublishesNoRunEventsAndABackendUnderAnotherIdAnswersItsType() {
    assertThat(new CodeCatalystProvider().runEvents()).isEmpty();
    try (CodeCatalystBackend backend = CodeCatalystBackend.builder(FakeCodeCatalystClient.create()).id("cc-team")
        .build()) {
      assertThat(backend.id()).isEqualTo("cc-team");
      assertThat(backend.type()).isEqualTo(new CodeCatalystProvider().type()).isEqualTo("codecatalyst");
    }
  }
}
