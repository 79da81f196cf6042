package io.wflaunch.swf;

import io.wflaunch.testkit.WorkflowBackendContract;
import io.wflaunch.testkit.swf.FakeSwfClient;
import java.time.Clock;

class SwfBackendContractTest extends WorkflowBackendContract {

  @Override
  protected Fixture createFixture(Clock clock) {
    FakeSwfClient swf = FakeSwfClient.create(clock);
    return new Fixture(SwfBackend.builder(swf).clock(clock).build(), swf);
  }
}
