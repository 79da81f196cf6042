package io.wflaunch.sagemaker;

import io.wflaunch.testkit.WorkflowBackendContract;
import io.wflaunch.testkit.sagemaker.FakeSageMakerClient;
import java.time.Clock;

/** The contract every backend passes, on the fake over the blocking client. */
class SageMakerBackendContractTest extends WorkflowBackendContract {

  @Override
  protected Fixture createFixture(Clock clock) {
    FakeSageMakerClient sageMaker = FakeSageMakerClient.create(clock);
    return new Fixture(SageMakerBackend.builder(sageMaker).clock(clock).build(), sageMaker);
  }

  /** RetryPipelineExecution re-runs an execution in place. */
  @Override
  protected RetrySupport retrySupport() {
    return RetrySupport.SAME_HANDLE;
  }
}
