package io.wflaunch.swf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.spi.IdentifierScheme;
import org.junit.jupiter.api.Test;

/** The adapter registers its identifier scheme, so handle strings are checked before any launcher exists. */
class SwfRegistrationTest {

  @Test
  void theSchemeIsRegisteredAndShapesParsing() {
    RunHandle good = RunHandle.parse("swf:domain/workflow-id/run-id");

    assertThat(IdentifierScheme.registered(good.backend())).isPresent();
    assertThatThrownBy(() -> RunHandle.parse("swf:domain/run-id"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("a swf handle has 3 parts (swf:domain/workflowId/runId), found 2");
  }
}
