package io.wflaunch.testkit.sagemaker;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.FakeBackend;
import io.wflaunch.spi.FakeBackendProvider;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.testkit.FakeBackends;
import java.util.Optional;
import software.amazon.awssdk.services.sagemaker.SageMakerAsyncClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The fake of the {@code sagemaker} type: the SageMaker Pipelines adapter (found through its provider, so
 * {@code io.wflaunch:wflaunch-sagemaker-adapter} must be on the class path) over a
 * {@link FakeSageMakerClient}. A defined target is a pipeline whose executions succeed, or fail with the
 * reason as their FailureReason; executions are in region {@value FakeSageMakerClient#REGION}, account
 * {@value FakeSageMakerClient#ACCOUNT}.
 */
public final class SageMakerFakes implements FakeBackendProvider {

  /** The backend type. */
  public static final String TYPE = "sagemaker";

  /** Used by {@link java.util.ServiceLoader}. */
  public SageMakerFakes() {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public FakeBackend create(BackendSettings settings) {
    FakeSageMakerClient sageMaker = FakeSageMakerClient.create(settings.clock());
    WorkflowBackend backend = FakeBackends.adapter(TYPE, "wflaunch-sagemaker-adapter").create(
        BackendSettings.builder(settings.id()).clock(settings.clock())
            .component(SageMakerClient.class, sageMaker)
            .component(SageMakerAsyncClient.class, sageMaker.asyncClient())
            .build());
    return new Fake(settings.id(), sageMaker, backend);
  }

  private record Fake(String id, FakeSageMakerClient sageMaker, WorkflowBackend backend) implements FakeBackend {

    @Override
    public <T> Optional<T> service(Class<T> type) {
      return type.isInstance(sageMaker) ? Optional.of(type.cast(sageMaker)) : Optional.empty();
    }

    @Override
    public void define(WorkflowTarget target, Runs runs) {
      String name = backend.parseTarget(target).part(0);
      if (!sageMaker.hasPipeline(name)) {
        sageMaker.addPipeline(name, runs.failure().isPresent() ? FakeSageMakerClient.Outcome.FAIL
            : FakeSageMakerClient.Outcome.SUCCEED, runs.runTime(), runs.failure().orElse(null));
      }
    }

    @Override
    public StartRunRequest sampleRequest() {
      return StartRunRequest.builder(WorkflowTarget.of(id, "train-churn-model"))
          .parameter("TrainingDate", "2026-12-07").idempotencyKey("churn-model-2026-12-07").build();
    }

    @Override
    public String rawStatus(RunState state) {
      return FakeBackends.rawStatus(state, "Executing", "Succeeded", "Failed", "Stopped");
    }

    /** A handle is the parts of its execution's ARN: one form only. */
    @Override
    public RunHandle canonical(RunHandle handle) {
      return handle;
    }

    @Override
    public void close() {
      backend.close();
      sageMaker.close();
    }
  }
}
