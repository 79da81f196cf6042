package io.wflaunch.glue;

import io.wflaunch.testkit.WorkflowBackendContract;
import io.wflaunch.testkit.glue.FakeGlueClient;
import java.time.Clock;

/** The same contract with the async client, which the async methods (and so every wait) then use. */
class GlueJobBackendAsyncContractTest extends WorkflowBackendContract {

  @Override
  protected Fixture createFixture(Clock clock) {
    FakeGlueClient glue = FakeGlueClient.create(clock);
    return new Fixture(GlueJobBackend.builder(glue).asyncClient(glue.asyncClient()).clock(clock).build(),
        glue.jobScripting());
  }

  @Override
  protected RetrySupport retrySupport() {
    return RetrySupport.NEW_HANDLE;
  }
}
