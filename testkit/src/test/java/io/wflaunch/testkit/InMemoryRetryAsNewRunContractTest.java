package io.wflaunch.testkit;

import java.time.Clock;

/** The suite over the in-memory backend re-running a run as a new run, as Glue does. */
class InMemoryRetryAsNewRunContractTest extends WorkflowBackendContract {

  @Override
  protected Fixture createFixture(Clock clock) {
    InMemoryWorkflowBackend backend = InMemoryWorkflowBackend.builder().clock(clock).retriesAsNewRuns(true).build();
    return new Fixture(backend, backend);
  }

  @Override
  protected RetrySupport retrySupport() {
    return RetrySupport.NEW_HANDLE;
  }
}
