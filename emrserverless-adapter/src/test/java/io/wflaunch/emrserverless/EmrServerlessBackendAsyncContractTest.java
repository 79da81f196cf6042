package io.wflaunch.emrserverless;

import io.wflaunch.testkit.WorkflowBackendContract;
import io.wflaunch.testkit.emrserverless.FakeEmrServerlessClient;
import java.time.Clock;

class EmrServerlessBackendAsyncContractTest extends WorkflowBackendContract {

  @Override
  protected Fixture createFixture(Clock clock) {
    FakeEmrServerlessClient emr = FakeEmrServerlessClient.create(clock);
    return new Fixture(EmrServerlessBackend.builder(emr).asyncClient(emr.asyncClient())
        .defaults(EmrServerlessBackendContractTest.DEFAULTS).clock(clock).build(), emr);
  }
}
