package io.wflaunch.testkit;

import java.time.Clock;

class InMemoryWorkflowBackendContractTest extends WorkflowBackendContract {

  @Override
  protected Fixture createFixture(Clock clock) {
    InMemoryWorkflowBackend backend = InMemoryWorkflowBackend.builder().clock(clock).build();
    return new Fixture(backend, backend);
  }

  @Override
  protected RetrySupport retrySupport() {
    return RetrySupport.SAME_HANDLE;
  }
}
