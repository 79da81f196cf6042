package io.wflaunch.toy;

import io.wflaunch.RunState;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.FakeBackend;
import io.wflaunch.spi.FakeBackendProvider;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.testkit.InMemoryWorkflowBackend;
import io.wflaunch.testkit.RunScript;

/** Fakes of the toy type, for {@code --local} and {@code demo}: the in-memory backend with boxes defined on demand. */
public final class ToyFakes implements FakeBackendProvider {

  /** Used by {@link java.util.ServiceLoader}. */
  public ToyFakes() {}

  @Override
  public String type() {
    return "toy";
  }

  @Override
  public FakeBackend create(BackendSettings settings) {
    InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder().id(settings.id()).clock(settings.clock()).build();
    ToyBackend backend = ToyBackend.over(memory, java.time.Duration.ZERO);
    return new FakeBackend() {
      @Override
      public WorkflowBackend backend() {
        return backend;
      }

      @Override
      public void define(WorkflowTarget target, Runs runs) {
        memory.defineWorkflow(target.part(0), runs.failure()
            .map(reason -> RunScript.failsAfter(runs.runTime(), reason))
            .orElseGet(() -> RunScript.succeedsAfter(runs.runTime())));
      }

      @Override
      public StartRunRequest sampleRequest() {
        return StartRunRequest.builder(WorkflowTarget.of(settings.id(), "blocks")).idempotencyKey("blocks-1").build();
      }

      @Override
      public String rawStatus(RunState state) {
        return "TOY_" + state.name();
      }
    };
  }
}
