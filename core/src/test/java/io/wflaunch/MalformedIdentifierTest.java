package io.wflaunch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MalformedIdentifierTest {

  @ParameterizedTest(name = "{0} is refused: {1}")
  @CsvSource(delimiter = '|', value = {
    "no-colon-at-all               | must have the form <backend>:<part>/<part>/...",
    ":nobackend/abc                | must have the form <backend>:<part>/<part>/...",
    "glue:                         | part 1 must not be empty",
    "glue:wf//run                  | part 2 must not be empty",
    "glue:wf/run/                  | part 3 must not be empty",
    "glue:/run                     | part 1 must not be empty",
    "GLUE:wf/run                   | must be 1 to 64 characters of a-z",
    "gl ue:wf/run                  | must be 1 to 64 characters of a-z",
    "-glue:wf/run                  | must be 1 to 64 characters of a-z",
    "glue:wf/run%2                 | '%' at index 3 must be followed by two hex digits",
    "glue:wf/run%                  | '%' at index 3 must be followed by two hex digits",
    "glue:wf/run%zz                | must be followed by two hex digits, found '%zz'",
    "glue:wf/run%C3                | not valid UTF-8",
    "glue:wf/%FF%FE                | not valid UTF-8",
    "glue:wf/%ED%A0%80             | not valid UTF-8",
    "glue:wf/%C0%AF                | not valid UTF-8",
  })
  void malformedHandlesAreRefusedSayingWhatIsWrong(String text, String expected) {
    assertThatThrownBy(() -> RunHandle.parse(text))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).startsWith("handle");
          assertThat(e.getMessage()).contains(expected);
          assertThat(e.retryable()).isFalse();
        });
  }

  @Test
  void malformedTargetsNameTheTargetField() {
    assertThatThrownBy(() -> WorkflowTarget.parse("glue:a//b"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).isEqualTo("target");
          assertThat(e.backendId()).contains("glue");
          assertThat(e.getMessage()).contains("part 2 must not be empty").contains("glue:a//b");
        });
  }

  @Test
  void escapesUsingNonAsciiDigitsAreRefused() {
    // Character.digit would read these as hex; the string form allows ASCII hex only.
    assertThatThrownBy(() -> RunHandle.parse("glue:wf/%\u0663A"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("two hex digits");
  }

  @Test
  void lowercaseEscapesAreReadAndWrittenBackUppercase() {
    RunHandle handle = RunHandle.parse("glue:my%2fworkflow/run%3a1");

    assertThat(handle.parts()).containsExactly("my/workflow", "run:1");
    assertThat(handle).hasToString("glue:my%2Fworkflow/run:1");
  }

  @Test
  void literalCharactersOtherThanSlashAndPercentAreTakenAsTheyAre() {
    RunHandle handle = RunHandle.parse("glue:nightly etl:v2/wr_1");

    assertThat(handle.parts()).containsExactly("nightly etl:v2", "wr_1");
    assertThat(handle).hasToString("glue:nightly%20etl:v2/wr_1");
  }

  @Test
  void escapedAndLiteralReadableCharactersAreTheSamePart() {
    RunHandle escaped = RunHandle.parse("swf:payments/order-4711/22aB%2Bc%3D%3D");
    RunHandle literal = RunHandle.parse("swf:payments/order-4711/22aB+c==");

    assertThat(escaped).isEqualTo(literal);
    assertThat(escaped.runId()).isEqualTo("22aB+c==");
    assertThat(escaped).hasToString("swf:payments/order-4711/22aB+c==");
  }

  @Test
  void partsMustBeWellFormedUnicode() {
    assertThatThrownBy(() -> RunHandle.of("glue", "wf", "run\uD800"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("part 2 must be well-formed Unicode, found an unpaired surrogate at index 3");
  }

  @Test
  void emptyPartsAndNoPartsAreRefusedWhenBuiltDirectly() {
    assertThatThrownBy(() -> RunHandle.of("glue", "wf", ""))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("part 2 must not be empty");
    assertThatThrownBy(() -> new WorkflowTarget("glue", List.of()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("at least one part");
  }

  @Test
  void nullsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> RunHandle.parse(null)).isInstanceOf(NullPointerException.class).hasMessage("handle");
    assertThatThrownBy(() -> WorkflowTarget.of("glue", (String) null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void longInputIsShortenedInTheMessage() {
    String text = "x".repeat(5000);

    assertThatThrownBy(() -> RunHandle.parse(text))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400).contains("..."));
  }

  @Test
  void handlesAreValues() {
    RunHandle a = RunHandle.of("swf", "payments", "order-1", "run/1");
    RunHandle b = RunHandle.parse("swf:payments/order-1/run%2F1");

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.runId()).isEqualTo("run/1");
    assertThat(a.part(1)).isEqualTo("order-1");
    assertThat(a.parts()).isUnmodifiable();
  }
}
