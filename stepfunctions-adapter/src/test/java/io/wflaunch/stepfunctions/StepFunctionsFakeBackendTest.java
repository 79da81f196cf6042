package io.wflaunch.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.FakeBackend.Runs;
import io.wflaunch.testkit.FakeBackendContract;
import io.wflaunch.testkit.WorkflowBackendContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sfn fake, found by type with this adapter on the class path: the adapter over the fake service. */
class StepFunctionsFakeBackendTest extends FakeBackendContract {

  @Override
  protected String type() {
    return "sfn";
  }

  /** Named by ARN, in the fake's account and region, as a state machine may be. */
  @Override
  protected WorkflowTarget target(String name) {
    return WorkflowTarget.of("sfn", "arn:aws:states:us-east-1:123456789012:stateMachine:" + name);
  }

  @Override
  protected Map<RunState, String> rawStatuses() {
    return Map.of(RunState.RUNNING, "RUNNING", RunState.SUCCEEDED, "SUCCEEDED", RunState.FAILED, "FAILED",
        RunState.CANCELLED, "ABORTED");
  }

  /** The error and cause are the state machine's text, so the adapter keeps them as masked details. */
  @Override
  protected void assertFailedWith(RunStatus failed, String reason) {
    assertThat(failed.details()).containsEntry("error", "States.TaskFailed").containsEntry("cause", reason);
    assertThat(failed.maskedDetails()).contains("error", "cause");
  }

  /** A run started through a state machine's ARN is also its name and the execution's name. */
  @Override
  protected List<RunHandle> otherFormsOf(RunHandle run) {
    String[] arn = run.part(0).split(":");
    return List.of(RunHandle.of("sfn", arn[6], arn[7]));
  }

  @Override
  protected List<WorkflowTarget> otherFormsOf(WorkflowTarget target) {
    return List.of(WorkflowTarget.of("sfn", target.part(0).substring(target.part(0).lastIndexOf(':') + 1)));
  }

  @Test
  void aHandleOfAnotherRegionOrWithoutAnExecutionNameIsItsOwnCanonicalForm() {
    for (String arn : List.of("arn:aws:states:eu-west-1:123456789012:execution:orders:o-1",
        "arn:aws:states:us-east-1:123456789012:execution:orders:",
        "arn:aws:states:us-east-1:123456789012:express:orders:o-1:id")) {
      RunHandle handle = RunHandle.of("sfn", arn);
      assertThat(fake.canonical(handle)).as(arn).isEqualTo(handle);
    }
  }

  @Test
  void anArnOfAnotherAccountOrRegionCannotBeDefined() {
    WorkflowTarget elsewhere = WorkflowTarget.parse("sfn:arn:aws:states:eu-west-1:210987654321:stateMachine:orders");

    assertThatThrownBy(() -> fake.define(elsewhere, Runs.succeedAfter(RUN_TIME)))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).isEqualTo("stateMachine");
          assertThat(e.getMessage()).contains("us-east-1").contains("123456789012");
        });
  }

  /** Step Functions redrives a failed execution in place: the same handle. */
  @Override
  protected WorkflowBackendContract.RetrySupport retrySupport() {
    return WorkflowBackendContract.RetrySupport.SAME_HANDLE;
  }
}
