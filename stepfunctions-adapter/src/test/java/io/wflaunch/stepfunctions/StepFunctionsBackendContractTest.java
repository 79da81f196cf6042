package io.wflaunch.stepfunctions;

import io.wflaunch.testkit.WorkflowBackendContract;
import io.wflaunch.testkit.sfn.FakeSfnClient;
import java.time.Clock;

class StepFunctionsBackendContractTest extends WorkflowBackendContract {

  @Override
  protected Fixture createFixture(Clock clock) {
    FakeSfnClient sfn = FakeSfnClient.create(clock);
    return new Fixture(StepFunctionsBackend.builder(sfn).clock(clock).build(), sfn);
  }

  /** Step Functions redrives a failed execution in place: the same handle. */
  @Override
  protected RetrySupport retrySupport() {
    return RetrySupport.SAME_HANDLE;
  }
}
