package io.wflaunch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.RegisteredIdentifierScheme;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scheme registered through META-INF/services (see the test resources) shapes parsing. */
class IdentifierSchemeTest {

  /** Registered for the backend id {@code fixture}: target {@code space/name}, handle {@code space/name/run}. */
  public static final class FixtureScheme extends RegisteredIdentifierScheme {
    public FixtureScheme() {
      super(IdentifierScheme.of("fixture", List.of("space", "name"), List.of("space", "name", "run")));
    }
  }

  @Test
  void aRegisteredSchemeIsFound() {
    assertThat(IdentifierScheme.registered("fixture")).hasValueSatisfying(scheme -> {
      assertThat(scheme.targetParts()).containsExactly("space", "name");
      assertThat(scheme.handleParts()).containsExactly("space", "name", "run");
    });
    assertThat(IdentifierScheme.registered("nobody")).isEmpty();
  }

  @Test
  void aHandleWithTheWrongNumberOfPartsForARegisteredBackendIsRefused() {
    assertThatThrownBy(() -> RunHandle.parse("fixture:s/n"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).isEqualTo("handle");
          assertThat(e.getMessage()).contains("a fixture handle has 3 parts (fixture:space/name/run), found 2"
              + "; that is the form of a target: give the run's handle, as a start prints it");
        });
    assertThatThrownBy(() -> RunHandle.of("fixture", "s", "n", "r", "extra"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("found 4; a '/' inside a part is written %2F");
    assertThatThrownBy(() -> RunHandle.parse("fixture:s"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageEndingWith("found 1");
    assertThat(RunHandle.parse("fixture:s/n/r").parts()).hasSize(3);
  }

  @Test
  void aTargetWithTheWrongNumberOfPartsForARegisteredBackendIsRefused() {
    assertThatThrownBy(() -> WorkflowTarget.parse("fixture:s"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("a fixture target has 2 parts (fixture:space/name), found 1")
        .hasMessageNotContaining("the form of a target");
    assertThatThrownBy(() -> WorkflowTarget.parse("fixture:s/n/r"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("found 3; that is the form of a run's handle: give the workflow's target");
    assertThat(WorkflowTarget.parse("fixture:s/n").parts()).hasSize(2);
  }

  @Test
  void backendsWithoutARegisteredSchemeTakeAnyNumberOfParts() {
    assertThat(RunHandle.parse("custom:a/b/c/d/e").parts()).hasSize(5);
  }

  @Test
  void aSchemeNamesAtLeastOnePart() {
    assertThatThrownBy(() -> IdentifierScheme.of("x", List.of(), List.of("run")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
