package io.wflaunch.testkit.glue;

import io.wflaunch.RunState;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.FakeBackend;
import io.wflaunch.spi.FakeBackendProvider;
import io.wflaunch.testkit.FakeBackends;

/**
 * The fake of the {@code gluejob} type: the Glue jobs adapter (found through its provider, so
 * {@code io.wflaunch:wflaunch-glue-adapter} must be on the class path) over a {@link FakeGlueClient} whose
 * stops take one second. A defined target is a job whose runs succeed, or fail with the reason as their
 * error message.
 */
public final class GlueJobFakes implements FakeBackendProvider {

  /** The backend type. */
  public static final String TYPE = "gluejob";

  /** Used by {@link java.util.ServiceLoader}. */
  public GlueJobFakes() {}

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
      if (!glue().hasJob(name)) {
        glue().addJob(name, null, runs.failure()
            .map(reason -> GlueJobScript.failsAfter(runs.runTime(), reason))
            .orElseGet(() -> GlueJobScript.succeedsAfter(runs.runTime())));
      }
    }

    @Override
    public StartRunRequest sampleRequest() {
      return StartRunRequest.builder(WorkflowTarget.of(id(), "nightly-etl-job"))
          .parameter("--date", "2026-11-23").idempotencyKey("nightly-etl-job-2026-11-23").build();
    }

    @Override
    public String rawStatus(RunState state) {
      return FakeBackends.rawStatus(state, "RUNNING", "SUCCEEDED", "FAILED", "STOPPED");
    }
  }
}
