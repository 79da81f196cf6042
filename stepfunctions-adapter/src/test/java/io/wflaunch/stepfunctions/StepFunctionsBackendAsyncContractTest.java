package io.wflaunch.stepfunctions;

import io.wflaunch.testkit.WorkflowBackendContract;
import io.wflaunch.testkit.sfn.FakeSfnClient;
import java.time.Clock;

/** The same contract with the async client, which the async methods (and so every wait) then use. */
class StepFunctionsBackendAsyncContractTest extends WorkflowBackendContract {

  @Override
  protected Fixture createFixture(Clock clock) {
    FakeSfnClient sfn = FakeSfnClient.create(clock);
    return new Fixture(StepFunctionsBackend.builder(sfn).asyncClient(sfn.asyncClient()).clock(clock).build(), sfn);
  }

  /** Step Functions redrives a failed execution in place: the same handle. */
  @Override
  protected RetrySupport retrySupport() {
    return RetrySupport.SAME_HANDLE;
  }
}
