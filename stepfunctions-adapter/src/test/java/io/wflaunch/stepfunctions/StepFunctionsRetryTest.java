package io.wflaunch.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ConflictException;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.stepfunctions.internal.SfnRedrives;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.sfn.FakeSfnClient;
import io.wflaunch.testkit.sfn.SfnRunScript;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/** {@code retry} as RedriveExecution, on the testkit's fake (moto has no redrive) and virtual time. */
class StepFunctionsRetryTest {

  private static final String ARN_PREFIX = "arn:aws:states:us-east-1:123456789012:";

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeSfnClient sfn = FakeSfnClient.create(time.clock());
  private final WorkflowLauncher launcher = launcher();

  private WorkflowLauncher launcher() {
    return WorkflowLauncher.builder()
        .backend(StepFunctionsBackend.builder(sfn).asyncClient(sfn.asyncClient()).clock(time.clock()).build())
        .clock(time.clock()).scheduler(time).executor(time).startPolicy(StartPolicy.DEFAULT.withoutPauses()).build();
  }

  @AfterEach
  void close() {
    launcher.close();
  }

  private RunHandle failedRun(String key) {
    if (!sfn.hasStateMachine("orders")) {
      sfn.addStateMachine("orders", SfnRunScript.failsAfter(Duration.ofMinutes(1), "States.TaskFailed", "boom"));
    }
    RunHandle run = launcher.start(StartRunRequest.builder(WorkflowTarget.of("sfn", "orders")).idempotencyKey(key).build());
    time.advanceBy(Duration.ofMinutes(2));
    assertThat(launcher.getRun(run).state()).isEqualTo(RunState.FAILED);
    return run;
  }

  private DescribeExecutionResponse described(String name) {
    return sfn.describeExecution(r -> r.executionArn(ARN_PREFIX + "execution:orders:" + name));
  }

  @Test
  void aFailedExecutionIsRedrivenInPlaceAndARetryWhileItRunsAgainRedrivesNothingMore() {
    RunHandle run = failedRun("order-1");

    RunHandle rerun = launcher.retry(run);

    assertThat(rerun).isEqualTo(run);
    assertThat(launcher.getRun(run).state()).isEqualTo(RunState.PENDING);
    assertThat(described("order-1").redriveCount()).isEqualTo(1);
    time.advanceBy(FakeSfnClient.API_REDRIVE_PENDING);
    assertThat(launcher.getRun(run).state()).isEqualTo(RunState.RUNNING);
    try (WorkflowLauncher other = launcher()) {
      assertThat(other.retry(run)).as("another process's retry of the same failure").isEqualTo(run);
    }
    assertThat(sfn.redriveRequests()).as("the second retry saw the redrive and sent none").isEqualTo(1);
    assertThat(described("order-1").redriveCount()).isEqualTo(1);
  }

  @Test
  void aLaterFailureOfTheRedrivenExecutionIsRedrivenAgainUnderTheNextToken() {
    RunHandle run = failedRun("order-2");
    launcher.retry(run);
    time.advanceBy(Duration.ofMinutes(3));
    assertThat(launcher.getRun(run).state()).as("it failed again").isEqualTo(RunState.FAILED);

    launcher.retry(run);

    assertThat(described("order-2").redriveCount()).isEqualTo(2);
    String arn = ARN_PREFIX + "execution:orders:order-2";
    assertThat(SfnRedrives.clientTokenFor(arn, 0)).isNotEqualTo(SfnRedrives.clientTokenFor(arn, 1))
        .isEqualTo(SfnRedrives.clientTokenFor(arn, 0)).startsWith("wfl-").hasSize(64);
  }

  @Test
  void aRetryWhoseReadFailedSentNothingAndSaysSoAndAnotherRetryRedrivesOnce() {
    RunHandle run = failedRun("order-3");
    sfn.faults().failNext(1);

    assertThatThrownBy(() -> launcher.retry(run)).isInstanceOfSatisfying(BackendUnavailableException.class,
        e -> assertThat(e.outcomeUnknown()).as("only DescribeExecution was sent").isFalse());
    assertThat(sfn.redriveRequests()).isZero();

    assertThat(launcher.retry(run)).isEqualTo(run);
    assertThat(described("order-3").redriveCount()).isEqualTo(1);
  }

  @Test
  void theAsyncRetryRedrivesToo() {
    RunHandle run = failedRun("order-4");

    assertThat(launcher.retryAsync(run).join()).isEqualTo(run);
    assertThat(described("order-4").redriveCount()).isEqualTo(1);
  }

  @Test
  void aSucceededOrNeverRedrivenRunningExecutionIsAConflict() {
    sfn.addStateMachine("ok", SfnRunScript.succeedsAfter(Duration.ofSeconds(1)));
    sfn.addStateMachine("slow", SfnRunScript.runsUntilStopped());
    RunHandle succeeded = launcher.start(StartRunRequest.builder(WorkflowTarget.of("sfn", "ok")).build());
    RunHandle running = launcher.start(StartRunRequest.builder(WorkflowTarget.of("sfn", "slow")).build());
    time.advanceBy(Duration.ofSeconds(5));

    assertThatThrownBy(() -> launcher.retry(succeeded)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("succeeded");
    assertThatThrownBy(() -> launcher.retry(running)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("never redriven");
    assertThat(sfn.redriveRequests()).isZero();
  }

  @Test
  void anExecutionPastItsFourteenDaysIsAConflictWithTheServicesReason() {
    RunHandle run = failedRun("order-5");
    time.advanceBy(SfnRunScript.REDRIVABLE_PERIOD);

    assertThatThrownBy(() -> launcher.retry(run)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("Execution redrivable period exceeded");
    assertThat(sfn.redriveRequests()).isZero();
  }

  @Test
  void anAbortedExecutionIsRedriven() {
    sfn.addStateMachine("stoppable", SfnRunScript.runsUntilStopped());
    RunHandle run = launcher.start(StartRunRequest.builder(WorkflowTarget.of("sfn", "stoppable")).idempotencyKey("s-1")
        .build());
    launcher.stop(run);

    assertThat(launcher.retry(run)).isEqualTo(run);
    assertThat(sfn.describeExecution(r -> r.executionArn(ARN_PREFIX + "execution:stoppable:s-1")).redriveCount())
        .isEqualTo(1);
  }

  @Test
  void anExpressExecutionCannotBeRedrivenAndNothingIsSent() {
    RunHandle express = RunHandle.of("sfn", ARN_PREFIX + "express:events:e-1:0b7e5f2a-9c4d-4e1b-8a6f-3d2c1b0a9e8f");
    sfn.addStateMachine("events", StateMachineType.EXPRESS, SfnRunScript.succeedsAfter(Duration.ofSeconds(1)));
    int before = sfn.requestCount();

    assertThatThrownBy(() -> launcher.retry(express)).isInstanceOfSatisfying(OperationNotSupportedException.class,
        e -> assertThat(e.getMessage()).contains("Standard executions only"));
    assertThat(sfn.requestCount()).isEqualTo(before);
  }

  @Test
  void aMissingExecutionIsRunNotFound() {
    failedRun("order-6");

    assertThatThrownBy(() -> launcher.retry(RunHandle.of("sfn", ARN_PREFIX + "execution:orders:nope")))
        .isInstanceOf(RunNotFoundException.class);
  }
}
