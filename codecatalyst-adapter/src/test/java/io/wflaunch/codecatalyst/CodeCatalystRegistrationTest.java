package io.wflaunch.codecatalyst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.spi.IdentifierScheme;
import org.junit.jupiter.api.Test;

/** The adapter registers its identifier scheme, so handle strings are checked before any launcher exists. */
class CodeCatalystRegistrationTest {

  @Test
  void theSchemeIsRegisteredAndShapesParsing() {
    RunHandle good = RunHandle.parse("codecatalyst:space/project/workflow/run");

    assertThat(IdentifierScheme.registered(good.backend())).isPresent();
    assertThatThrownBy(() -> RunHandle.parse("codecatalyst:space/project/run"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("a codecatalyst handle has 4 parts (codecatalyst:space/project/workflowId/runId), found 3");
  }
}
