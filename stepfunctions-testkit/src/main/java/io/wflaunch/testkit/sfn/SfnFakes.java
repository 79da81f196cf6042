package io.wflaunch.testkit.sfn;

import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.FakeBackend;
import io.wflaunch.spi.FakeBackendProvider;
import io.wflaunch.spi.support.UserText;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.testkit.FakeBackends;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The fake of the {@code sfn} type: the Step Functions adapter (found through its provider, so
 * {@code io.wflaunch:wflaunch-stepfunctions-adapter} must be on the class path) over a
 * {@link FakeSfnClient}. A defined target is a standard state machine, named by its name or by its ARN in
 * the fake's region and account, whose executions succeed, or fail with error {@code States.TaskFailed}
 * and the reason as the cause.
 */
public final class SfnFakes implements FakeBackendProvider {

  /** The backend type. */
  public static final String TYPE = "sfn";

  /** The error of the executions of a target defined to fail; the reason is their cause. */
  public static final String FAILURE_ERROR = "States.TaskFailed";

  /** Used by {@link java.util.ServiceLoader}. */
  public SfnFakes() {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public FakeBackend create(BackendSettings settings) {
    FakeSfnClient stepFunctions = FakeSfnClient.create(settings.clock());
    WorkflowBackend backend = FakeBackends.adapter(TYPE, "wflaunch-stepfunctions-adapter").create(
        BackendSettings.builder(settings.id()).clock(settings.clock())
            .component(SfnClient.class, stepFunctions)
            .component(SfnAsyncClient.class, stepFunctions.asyncClient())
            .build());
    return new Fake(settings.id(), stepFunctions, backend);
  }

  private record Fake(String id, FakeSfnClient stepFunctions, WorkflowBackend backend) implements FakeBackend {

    /** StopExecution of an ended execution succeeds and changes nothing. */
    @Override
    public boolean acceptsStopOfEndedRuns() {
      return true;
    }

    @Override
    public <T> java.util.Optional<T> service(Class<T> type) {
      return type.isInstance(stepFunctions) ? java.util.Optional.of(type.cast(stepFunctions)) : java.util.Optional.empty();
    }

    @Override
    public void define(WorkflowTarget target, Runs runs) {
      WorkflowTarget parsed = backend.parseTarget(target);
      String name = stateMachineName(parsed.part(0));
      if (name == null) {
        throw new InvalidRequestException(ErrorContext.of(parsed), "stateMachine", "must be a state machine name "
            + "or the ARN of a state machine (without version or alias) in the fake's region " + FakeSfnClient.REGION
            + " and account " + FakeSfnClient.ACCOUNT + ", found " + UserText.quote(parsed.part(0)));
      }
      if (!stepFunctions.hasStateMachine(name)) {
        stepFunctions.addStateMachine(name, runs.failure()
            .map(reason -> SfnRunScript.failsAfter(runs.runTime(), FAILURE_ERROR, reason))
            .orElseGet(() -> SfnRunScript.succeedsAfter(runs.runTime())));
      }
    }

    /** The state machine a target names: its name, or the name in its ARN (the fake's account and region only). */
    private static String stateMachineName(String target) {
      if (!target.startsWith("arn:")) {
        return target;
      }
      String prefix = "arn:aws:states:" + FakeSfnClient.REGION + ":" + FakeSfnClient.ACCOUNT + ":stateMachine:";
      return target.startsWith(prefix) && target.indexOf(':', prefix.length()) < 0 ? target.substring(prefix.length())
          : null;
    }

    /**
     * An execution of the fake's region and account named by its ARN is the handle of its state machine's
     * name and its own name, the form its start by name prints.
     */
    @Override
    public RunHandle canonical(RunHandle handle) {
      String prefix = "arn:aws:states:" + FakeSfnClient.REGION + ":" + FakeSfnClient.ACCOUNT + ":execution:";
      if (handle.parts().size() != 1 || !handle.parts().get(0).startsWith(prefix)) {
        return handle;
      }
      String[] names = handle.parts().get(0).substring(prefix.length()).split(":", -1);
      return names.length == 2 && !names[0].isEmpty() && !names[1].isEmpty()
          ? RunHandle.of(handle.backend(), names[0], names[1]) : handle;
    }

    /** A state machine of the fake's region and account named by its ARN is the target of its name. */
    @Override
    public WorkflowTarget canonical(WorkflowTarget target) {
      String name = stateMachineName(target.part(0));
      return name != null && !name.equals(target.part(0)) ? WorkflowTarget.of(target.backend(), name) : target;
    }

    @Override
    public StartRunRequest sampleRequest() {
      return StartRunRequest.builder(WorkflowTarget.of(id, "order-pipeline"))
          .parameter("orderId", "4711").idempotencyKey("pipeline-order-4711").build();
    }

    @Override
    public String rawStatus(RunState state) {
      return FakeBackends.rawStatus(state, "RUNNING", "SUCCEEDED", "FAILED", "ABORTED");
    }

    @Override
    public void close() {
      backend.close();
      stepFunctions.close();
    }
  }
}
