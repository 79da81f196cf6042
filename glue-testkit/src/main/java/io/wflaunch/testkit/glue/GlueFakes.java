package io.wflaunch.testkit.glue;

import io.wflaunch.RunState;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.FakeBackend;
import io.wflaunch.spi.FakeBackendProvider;
import io.wflaunch.testkit.FakeBackends;

/**
 * The fake of the {@code glue} type: the Glue adapter (found through its provider, so
 * {@code io.wflaunch:wflaunch-glue-adapter} must be on the class path) over a {@link FakeGlueClient} whose
 * stops take one second. A defined target is a workflow whose runs complete, or end in ERROR with the
 * reason as their error message.
 */
public final class GlueFakes implements FakeBackendProvider {

  /** The backend type. */
  public static final String TYPE = "glue";

  /** Used by {@link java.util.ServiceLoader}. */
  public GlueFakes() {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public FakeBackend create(BackendSettings settings) {
    return new Fake(settings);
  }

  private static final class Fake extends GlueFakeBackend {

    Fake(BackendSettings settings) {
      super(TYPE, settings);
    }

    @Override
    public void define(WorkflowTarget target, Runs runs) {
      String name = backend().parseTarget(target).part(0);
      if (!glue().hasWorkflow(name)) {
        glue().addWorkflow(name, runs.failure().map(reason -> GlueRunScript.errorsAfter(runs.runTime(), reason))
            .orElseGet(() -> GlueRunScript.completesAfter(runs.runTime())));
      }
    }

    @Override
    public StartRunRequest sampleRequest() {
      return StartRunRequest.builder(WorkflowTarget.of(id(), "nightly-etl"))
          .parameter("date", "2026-11-23").idempotencyKey("nightly-etl-2026-11-23").build();
    }

    @Override
    public String rawStatus(RunState state) {
      return FakeBackends.rawStatus(state, "RUNNING", "COMPLETED", "ERROR", "STOPPED");
    }
  }
}
