package io.wflaunch.swf;

import io.wflaunch.testkit.WorkflowBackendContract;
import io.wflaunch.testkit.swf.FakeSwfClient;
import java.time.Clock;

class SwfBackendAsyncContractTest extends WorkflowBackendContract {

  @Override
  protected Fixture createFixture(Clock clock) {
    FakeSwfClient swf = FakeSwfClient.create(clock);
    return new Fixture(SwfBackend.builder(swf).asyncClient(swf.asyncClient()).clock(clock).build(), swf);
  }
}
