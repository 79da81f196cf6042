package io.wflaunch.testkit.emrserverless;

import io.wflaunch.RunState;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.FakeBackend;
import io.wflaunch.spi.FakeBackendProvider;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.testkit.FakeBackends;
import java.util.Optional;
import software.amazon.awssdk.services.emrserverless.EmrServerlessAsyncClient;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;

/**
 * The fake of the {@code emrserverless} type: the EMR Serverless adapter (found through its provider, so
 * {@code io.wflaunch:wflaunch-emrserverless-adapter} must be on the class path) over a
 * {@link FakeEmrServerlessClient}, with the defaults {@link #EXECUTION_ROLE} and {@link #ENTRY_POINT}, so
 * that a start needs no options. A defined target is an application whose job runs are SUBMITTED for
 * {@link EmrServerlessRunScript#LEAD}, RUNNING for the run time, then SUCCESS or FAILED (with the failure's
 * text as the run's {@code stateDetails}).
 */
public final class EmrServerlessFakes implements FakeBackendProvider {

  /** The backend type. */
  public static final String TYPE = "emrserverless";
  /** The execution role the fake's backend starts job runs with unless a start gives one. */
  public static final String EXECUTION_ROLE = "arn:aws:iam::" + FakeEmrServerlessClient.ACCOUNT + ":role/emr-serverless-job";
  /** The Spark entry point the fake's backend starts unless a start gives a job driver. */
  public static final String ENTRY_POINT = "s3://wflaunch-demo/jobs/main.py";

  /** Used by {@link java.util.ServiceLoader}. */
  public EmrServerlessFakes() {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public FakeBackend create(BackendSettings settings) {
    FakeEmrServerlessClient emr = FakeEmrServerlessClient.create(settings.clock());
    WorkflowBackend backend = FakeBackends.adapter(TYPE, "wflaunch-emrserverless-adapter").create(
        BackendSettings.builder(settings.id()).clock(settings.clock())
            .component(EmrServerlessClient.class, emr)
            .component(EmrServerlessAsyncClient.class, emr.asyncClient())
            .option("execution-role-arn", EXECUTION_ROLE)
            .option("entry-point", ENTRY_POINT)
            .build());
    return new Fake(settings.id(), emr, backend);
  }

  private record Fake(String id, FakeEmrServerlessClient emr, WorkflowBackend backend) implements FakeBackend {

    @Override
    public <T> Optional<T> service(Class<T> type) {
      return type.isInstance(emr) ? Optional.of(type.cast(emr)) : Optional.empty();
    }

    @Override
    public void define(WorkflowTarget target, Runs runs) {
      String applicationId = backend.parseTarget(target).part(0);
      emr.addApplication(applicationId, applicationId, runs.failure()
          .map(reason -> EmrServerlessRunScript.failsAfter(runs.runTime(), reason))
          .orElseGet(() -> EmrServerlessRunScript.succeedsAfter(runs.runTime())));
    }

    @Override
    public StartRunRequest sampleRequest() {
      return StartRunRequest.builder(WorkflowTarget.of(id, "00fmdemo0etl0001")).parameter("date", "2024-06-01")
          .idempotencyKey("nightly-etl-2024-06-01").build();
    }

    @Override
    public String rawStatus(RunState state) {
      return FakeBackends.rawStatus(state, "RUNNING", "SUCCESS", "FAILED", "CANCELLED");
    }

    @Override
    public void close() {
      backend.close();
      emr.close();
    }
  }
}
