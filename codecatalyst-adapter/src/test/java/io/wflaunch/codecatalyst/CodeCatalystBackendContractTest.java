package io.wflaunch.codecatalyst;

import io.wflaunch.testkit.WorkflowBackendContract;
import io.wflaunch.testkit.codecatalyst.FakeCodeCatalystClient;
import java.time.Clock;

class CodeCatalystBackendContractTest extends WorkflowBackendContract {

  @Override
  protected Fixture createFixture(Clock clock) {
    FakeCodeCatalystClient codeCatalyst = FakeCodeCatalystClient.create(clock);
    return new Fixture(CodeCatalystBackend.builder(codeCatalyst).clock(clock).build(),
        codeCatalyst);
  }

  /** The CodeCatalyst API has no operation that stops a workflow run. */
  @Override
  protected boolean supportsStop() {
    return false;
  }
}
