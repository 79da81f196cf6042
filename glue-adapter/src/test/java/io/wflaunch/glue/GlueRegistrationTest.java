package io.wflaunch.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.spi.IdentifierScheme;
import org.junit.jupiter.api.Test;

/** The adapter registers its identifier scheme, so handle strings are checked before any launcher exists. */
class GlueRegistrationTest {

  @Test
  void theSchemeIsRegisteredAndShapesParsing() {
    RunHandle good = RunHandle.parse("glue:etl/wr_1");

    assertThat(IdentifierScheme.registered(good.backend())).isPresent();
    assertThatThrownBy(() -> RunHandle.parse("glue:only-one-part"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("a glue handle has 2 parts (glue:workflowName/runId), found 1");
  }
}
