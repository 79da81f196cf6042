package io.wflaunch.testkit;

import io.wflaunch.ErrorContext;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import java.time.Clock;

/**
 * The suite over a backend whose service can neither stop nor re-run runs: the in-memory backend with
 * both refused, as a service without those calls refuses them.
 */
class NeitherStopNorRetryContractTest extends WorkflowBackendContract {

  @Override
  protected Fixture createFixture(Clock clock) {
    InMemoryWorkflowBackend backend = InMemoryWorkflowBackend.builder().clock(clock).build();
    return new Fixture(new ForwardingBackend(backend) {
      @Override
      public void stop(RunHandle handle) {
        throw new OperationNotSupportedException(ErrorContext.of(handle), "stop", "backend memory cannot stop runs");
      }

      @Override
      public RunHandle retry(RunHandle handle) {
        throw new OperationNotSupportedException(ErrorContext.of(handle), "retry", "backend memory cannot re-run a run");
      }
    }, backend);
  }

  @Override
  protected boolean supportsStop() {
    return false;
  }
}
