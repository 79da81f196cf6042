package io.wflaunch.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.InvalidRequestException;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.sfn.FakeSfnClient;
import io.wflaunch.testkit.sfn.SfnRunScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * What moto's Step Functions does not emulate, on the testkit's fake: Express state machines (moto
 * treats them as Standard), executions that fail, time out or are redriven (moto's stay RUNNING), and
 * the error and cause of a stop (moto records neither), and DescribeExecution and ListExecutions
 * lagging one behind the other. The fake runs on virtual time.
 */
class StepFunctionsBackendFakeTest {

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeSfnClient sfn = FakeSfnClient.create(time.clock());
  private final WorkflowLauncher launcher = WorkflowLauncher.builder()
      .backend(StepFunctionsBackend.builder(sfn).asyncClient(sfn.asyncClient()).clock(time.clock()).build())
      .clock(time.clock()).scheduler(time).executor(time)
      .startPolicy(StartPolicy.DEFAULT.withoutPauses()).build();

  @AfterEach
  void close() {
    launcher.close();
  }

  private RunStatus awaitEnd(RunHandle handle) {
    CompletableFuture<RunStatus> done = launcher.awaitCompletionAsync(handle, WaitOptions.builder()
        .minInterval(Duration.ofSeconds(1)).maxInterval(Duration.ofSeconds(5)).timeout(Duration.ofHours(1)).build());
    time.advanceUntil(done::isDone, Duration.ofHours(1));
    return done.join();
  }

  @Test
  void anExpressStartWhoseAnswerIsLostIsOfUnknownOutcomeAndNotSentAgain() {
    sfn.addStateMachine("events", StateMachineType.EXPRESS, SfnRunScript.succeedsAfter(Duration.ofSeconds(1)));
    sfn.loseNextStartResponses(1);

    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(WorkflowTarget.of("sfn", "events")).build()))
        .isInstanceOfSatisfying(WorkflowLaunchException.class, e -> {
          assertThat(e.outcomeUnknown()).isTrue();
          assertThat(e.getMessage()).contains("may have taken effect");
        });
    assertThat(sfn.executionsOf("events")).as("one execution, which nothing can find again").hasSize(1);
  }

  @Test
  void expressStartsWithoutAKeyEachStartOneAndAKeyedOneIsRefused() {
    sfn.addStateMachine("events", StateMachineType.EXPRESS, SfnRunScript.succeedsAfter(Duration.ofSeconds(1)));
    WorkflowTarget events = WorkflowTarget.of("sfn", "events");

    RunHandle a = launcher.start(StartRunRequest.builder(events).parameter("n", "1").build());
    RunHandle b = launcher.start(StartRunRequest.builder(events).parameter("n", "1").build());
    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(events).idempotencyKey("e-1").build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("idempotencyKey"));

    assertThat(a).isNotEqualTo(b);
    assertThat(a.part(0)).contains(":express:events:");
    assertThat(sfn.executionsOf("events")).hasSize(2);
    assertThatThrownBy(() -> launcher.getRun(a)).isInstanceOf(OperationNotSupportedException.class);
  }

  @Test
  void anExpressExecutionMayBeNamedButAStandardOnesNameIsItsKey() {
    sfn.addStateMachine("events", StateMachineType.EXPRESS, SfnRunScript.succeedsAfter(Duration.ofSeconds(1)));
    sfn.addStateMachine("orders", SfnRunScript.succeedsAfter(Duration.ofSeconds(1)));
    StepFunctionsOptions named = StepFunctionsOptions.builder().executionName("nightly").build();

    RunHandle express = launcher.start(StartRunRequest.builder(WorkflowTarget.of("sfn", "events")).options(named).build());
    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(WorkflowTarget.of("sfn", "orders")).options(named)
        .build())).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).isEqualTo("options.executionName");
          assertThat(e.outcomeUnknown()).isFalse();
        });

    assertThat(express.part(0)).contains(":express:events:nightly:");
    assertThat(sfn.executionsOf("orders")).isEmpty();
  }

  @Test
  void failedAndTimedOutExecutionsEndWithTheirErrorAndCause() {
    sfn.addStateMachine("charge", SfnRunScript.failsAfter(Duration.ofMinutes(2), "Payment.Declined", "card declined"));
    sfn.addStateMachine("slow", SfnRunScript.timesOutAfter(Duration.ofMinutes(5)));

    RunStatus failed = awaitEnd(launcher.start(StartRunRequest.builder(WorkflowTarget.of("sfn", "charge")).build()));
    RunStatus timedOut = awaitEnd(launcher.start(StartRunRequest.builder(WorkflowTarget.of("sfn", "slow")).build()));

    assertThat(failed.state()).isEqualTo(RunState.FAILED);
    assertThat(failed.reasons())
        .containsExactly("execution FAILED; its error and cause are in the masked details 'error' and 'cause'");
    assertThat(failed.details()).containsEntry("error", "Payment.Declined").containsEntry("cause", "card declined");
    assertThat(failed.toString()).doesNotContain("Payment.Declined").doesNotContain("card declined");
    assertThat(failed.duration()).contains(Duration.ofMinutes(2));
    assertThat(timedOut.state()).isEqualTo(RunState.TIMED_OUT);
  }

  @Test
  void aStopsErrorAndCauseAreTheCancelledRunsReason() {
    sfn.addStateMachine("orders", SfnRunScript.runsUntilStopped());
    RunHandle handle = launcher.start(StartRunRequest.builder(WorkflowTarget.of("sfn", "orders")).build());

    launcher.backend("sfn", StepFunctionsBackend.class).stop(handle, "Operator.Stop", "release freeze");

    RunStatus status = launcher.getRun(handle);
    assertThat(status.state()).isEqualTo(RunState.CANCELLED);
    assertThat(status.rawStatus()).isEqualTo("ABORTED");
    assertThat(status.reasons())
        .containsExactly("execution ABORTED; its error and cause are in the masked details 'error' and 'cause'");
    assertThat(status.maskedDetails()).contains("error", "cause");
    assertThat(status.details()).containsEntry("cause", "release freeze");
    assertThat(status.detail(DescribeExecutionResponse.class)).hasValueSatisfying(
        execution -> assertThat(execution.error()).isEqualTo("Operator.Stop"));
  }

  private RunHandle startDirectly(String machineArn) {
    return RunHandle.of("sfn", sfn.startExecution(r -> r.stateMachineArn(machineArn)).executionArn());
  }

  @Test
  void aRunDescribeExecutionDoesNotShowYetIsReadFromTheListingAndCounted() {
    String orders = sfn.addStateMachine("orders", SfnRunScript.runsUntilStopped());
    sfn.describeLag(1);
    RunHandle handle = startDirectly(orders);
    StepFunctionsBackend backend = launcher.backend("sfn", StepFunctionsBackend.class);
    int before = sfn.requestCount();

    BatchRead read = backend.readRunAsync(handle, time).join();

    assertThat(read.statuses().get(handle).state()).isEqualTo(RunState.RUNNING);
    assertThat(read.statuses().get(handle).detail(ExecutionListItem.class)).isPresent();
    assertThat(read.requests()).as("DescribeExecution, then one ListExecutions page").isEqualTo(2)
        .isEqualTo(sfn.requestCount() - before);
    assertThat(launcher.getRun(handle).detail(DescribeExecutionResponse.class)).as("DescribeExecution caught up")
        .isPresent();
  }

  @Test
  void aRunThatEndsBeforeDescribeExecutionShowsItIsWaitedForToItsEnd() {
    String orders = sfn.addStateMachine("orders", SfnRunScript.failsAfter(Duration.ofSeconds(3), "E", "c"));
    sfn.describeLag(Duration.ofMinutes(2));
    RunHandle handle = startDirectly(orders);
    int before = sfn.requestCount();

    RunStatus end = awaitEnd(handle);

    assertThat(end.state()).isEqualTo(RunState.FAILED);
    assertThat(end.detail(ExecutionListItem.class)).as("read from the listing").isPresent();
    assertThat(launcher.tracker().requestsSent("sfn")).as("the tracker counted every request")
        .isEqualTo(sfn.requestCount() - before);
  }

  @Test
  void runsTheListingDoesNotShowYetAreDescribed() {
    String orders = sfn.addStateMachine("orders", SfnRunScript.succeedsAfter(Duration.ofMinutes(1)));
    sfn.listExecutionsLag(Duration.ofHours(1));
    RunHandle a = startDirectly(orders);
    RunHandle b = startDirectly(orders);

    assertThat(launcher.getRuns(List.of(a, b))).extracting(RunStatus::state)
        .containsExactly(RunState.RUNNING, RunState.RUNNING);
    CompletableFuture<List<RunStatus>> all = launcher.awaitAllAsync(List.of(a, b), WaitOptions.builder()
        .minInterval(Duration.ofSeconds(1)).maxInterval(Duration.ofSeconds(5)).timeout(Duration.ofHours(1)).build());
    time.advanceUntil(all::isDone, Duration.ofHours(1));
    assertThat(all.join()).extracting(RunStatus::state).containsExactly(RunState.SUCCEEDED, RunState.SUCCEEDED);
  }

  @Test
  void aRunNeitherReadShowsIsNotFoundAfterADescribeAndAListing() {
    String orders = sfn.addStateMachine("orders", SfnRunScript.runsUntilStopped());
    sfn.listingLag(2);
    RunHandle handle = startDirectly(orders);
    int before = sfn.requestCount();

    assertThatThrownBy(() -> launcher.getRun(handle)).isInstanceOf(RunNotFoundException.class);
    assertThat(sfn.requestCount() - before).isEqualTo(2);
    assertThat(launcher.getRun(handle).state()).isEqualTo(RunState.RUNNING);
  }

  @Test
  void aRedrivenExecutionIsPendingWhileItWaitsAndThenRunsToItsNewEnd() {
    sfn.addStateMachine("etl", SfnRunScript.failsAfter(Duration.ofMinutes(1), "States.TaskFailed", "flaky")
        .redrivenAfter(Duration.ofMinutes(1), Duration.ofMinutes(1), SfnRunScript.succeedsAfter(Duration.ofMinutes(3))));
    RunHandle handle = launcher.start(StartRunRequest.builder(WorkflowTarget.of("sfn", "etl")).build());
    List<String> seen = new ArrayList<>();

    for (int minute = 0; minute < 8; minute++) {
      RunStatus status = launcher.getRun(handle);
      seen.add(status.rawStatus() + "/" + status.state());
      time.advanceBy(Duration.ofSeconds(59));
    }

    assertThat(seen).containsSubsequence("RUNNING/RUNNING", "FAILED/FAILED", "PENDING_REDRIVE/PENDING",
        "RUNNING/RUNNING", "SUCCEEDED/SUCCEEDED");
    RunStatus end = launcher.getRun(handle);
    assertThat(end.details()).containsEntry("redriveCount", "1").containsKey("redriveDate");
    assertThat(Optional.of(end.state())).contains(RunState.SUCCEEDED);
  }
}
