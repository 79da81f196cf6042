package io.wflaunch.glue;

import io.wflaunch.testkit.WorkflowBackendContract;
import io.wflaunch.testkit.glue.FakeGlueClient;
import java.time.Clock;

class GlueJobBackendContractTest extends WorkflowBackendContract {

  @Override
  protected Fixture createFixture(Clock clock) {
    FakeGlueClient glue = FakeGlueClient.create(clock);
    return new Fixture(GlueJobBackend.builder(glue).clock(clock).build(), glue.jobScripting());
  }

  /** StartJobRun with JobRunId: a new run whose PreviousRunId is the failed one. */
  @Override
  protected RetrySupport retrySupport() {
    return RetrySupport.NEW_HANDLE;
  }
}
