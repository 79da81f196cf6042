package io.wflaunch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartRunRequestTest {

  private static final WorkflowTarget TARGET = WorkflowTarget.of("glue", "nightly-etl");

  record ExampleOptions(String value) implements BackendOptions {}

  record OtherOptions() implements BackendOptions {}

  @Test
  void parametersKeepTheirInsertionOrder() {
    StartRunRequest request = StartRunRequest.builder(TARGET)
        .parameter("zeta", "1").parameter("alpha", "2").parameter("mid", "3").parameter("zeta", "4")
        .build();

    assertThat(request.parameters()).containsExactly(
        Map.entry("zeta", "4"), Map.entry("alpha", "2"), Map.entry("mid", "3"));
    assertThat(request.parameters()).isUnmodifiable();
  }

  @Test
  void theRequestDoesNotChangeWhenTheCallersMapDoes() {
    Map<String, String> mine = new LinkedHashMap<>(Map.of("a", "1"));
    StartRunRequest request = new StartRunRequest(TARGET, mine, java.util.Optional.empty(),
        java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty());

    mine.put("b", "2");

    assertThat(request.parameters()).containsOnlyKeys("a");
  }

  @Test
  void optionsAreReadByTheirType() {
    StartRunRequest request = StartRunRequest.builder(TARGET).options(new ExampleOptions("x")).build();

    assertThat(request.options(ExampleOptions.class)).contains(new ExampleOptions("x"));
    assertThat(request.options(OtherOptions.class)).isEmpty();
  }

  @Test
  void toStringNeverShowsParameterValuesOrInput() {
    StartRunRequest request = StartRunRequest.builder(TARGET)
        .parameter("password", "hunter2").input("{\"secret\":\"s3cr3t\"}").idempotencyKey("k-1")
        .options(new ExampleOptions("x")).build();

    assertThat(request.toString())
        .contains("glue:nightly-etl", "password", "k-1", "ExampleOptions", "<19 characters>")
        .doesNotContain("hunter2", "s3cr3t");
  }

  @Test
  void toBuilderCopiesEverything() {
    StartRunRequest request = StartRunRequest.builder(TARGET)
        .parameter("a", "1").input("in").idempotencyKey("key").options(new OtherOptions()).build();

    assertThat(request.toBuilder().build()).isEqualTo(request);
    assertThat(request.toBuilder().parameter("b", "2").build().parameters()).containsOnlyKeys("a", "b");
  }

  @Test
  void badIdempotencyKeysAreRefusedNamingTheField() {
    assertThatThrownBy(() -> StartRunRequest.builder(TARGET).idempotencyKey("").build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).isEqualTo("idempotencyKey");
          assertThat(e.rule()).contains("1 to 256 characters");
          assertThat(e.getMessage()).contains("glue:nightly-etl").contains("backend glue");
        });
    assertThatThrownBy(() -> StartRunRequest.builder(TARGET).idempotencyKey("k".repeat(257)).build())
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("found 257");
    assertThatThrownBy(() -> StartRunRequest.builder(TARGET).idempotencyKey("a\nb").build())
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("control characters");
    assertThatThrownBy(() -> StartRunRequest.builder(TARGET).idempotencyKey("order-\uD800").build())
        .as("a lone surrogate, which UTF-8 would turn into '?' like any other")
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("unpaired surrogate at index 6");
    assertThat(StartRunRequest.builder(TARGET).idempotencyKey("order-\uD83D\uDE00").build().idempotencyKey())
        .isPresent();
    assertThat(StartRunRequest.builder(TARGET).idempotencyKey("k".repeat(256)).build().idempotencyKey())
        .hasValueSatisfying(k -> assertThat(k).hasSize(256));
  }

  @Test
  void emptyParameterNamesAreRefused() {
    assertThatThrownBy(() -> StartRunRequest.builder(TARGET).parameter("", "v").build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("parameters"));
  }

  @Test
  void nullsAreRefusedByName() {
    assertThatThrownBy(() -> StartRunRequest.builder(TARGET).parameter("a", null))
        .isInstanceOf(NullPointerException.class).hasMessage("value");
    assertThatThrownBy(() -> StartRunRequest.builder(null)).isInstanceOf(NullPointerException.class);
  }
}
