package io.wflaunch.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.EventOutcome;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.events.ManualRunEvents;
import io.wflaunch.testkit.events.SampleEvents;
import io.wflaunch.testkit.sfn.FakeSfnClient;
import io.wflaunch.testkit.sfn.SfnRunScript;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A backend under its own id answers its type, so the launcher reads its runs' events: an execution's
 * status change event, shaped as AWS documents it, ends the wait for the run at once.
 */
class StepFunctionsRunEventsTest {

  private static final Duration SAFETY = Duration.ofHours(1);

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeSfnClient sfn = FakeSfnClient.create(time.clock());
  private final StepFunctionsBackend backend = StepFunctionsBackend.builder(sfn).id("sfn-east").clock(time.clock())
      .build();
  private final ManualRunEvents events = new ManualRunEvents(SAFETY);
  private final WorkflowLauncher launcher = WorkflowLauncher.builder().backend(backend).clock(time.clock())
      .scheduler(time).executor(time).startPolicy(StartPolicy.DEFAULT.withoutPauses()).runEvents(events).build();

  @AfterEach
  void close() {
    launcher.close();
    time.shutdownNow();
  }

  @Test
  void aBackendUnderAnotherIdAnswersItsType() {
    assertThat(backend.id()).isEqualTo("sfn-east");
    assertThat(backend.type()).isEqualTo(new StepFunctionsProvider().type()).isEqualTo("sfn");
  }

  @Test
  void anExecutionsStatusChangeEventEndsItsWaitBeforeTheSafetyPoll() {
    sfn.addStateMachine("orders", SfnRunScript.succeedsAfter(Duration.ofSeconds(30)));
    RunHandle run = launcher.start(StartRunRequest.builder(WorkflowTarget.of("sfn-east", "orders"))
        .idempotencyKey("order-4711").build());
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WaitOptions.DEFAULT
        .withTimeout(Duration.ofHours(3)));
    time.advanceBy(Duration.ofMinutes(1));
    assertThat(wait).as("the run ended, but no poll is due before the safety interval").isNotDone();

    EventEnvelope event = SampleEvents.withDetail(SampleEvents.withDetail(
        SampleEvents.read("execution-status-change.json"), "executionArn", backend.executionArn(run)),
        "status", "SUCCEEDED");
    Instant noticed = time.now();
    assertThat(events.publish(event)).isEqualTo(EventOutcome.MATCHED);
    time.advanceUntil(wait::isDone, SAFETY);

    assertThat(wait.join().state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(Duration.between(noticed, time.now())).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aRunStartedThroughTheStateMachinesArnIsMatchedByItsExecutionArn() {
    sfn.addStateMachine("orders", SfnRunScript.succeedsAfter(Duration.ofSeconds(30)));
    String stateMachineArn = backend.executionArn(launcher.start(StartRunRequest.builder(
        WorkflowTarget.of("sfn-east", "orders")).idempotencyKey("warm-up").build()))
        .replace(":execution:", ":stateMachine:").replaceAll(":warm-up$", "");
    RunHandle run = launcher.start(StartRunRequest.builder(WorkflowTarget.of("sfn-east", stateMachineArn))
        .idempotencyKey("order-4712").build());
    assertThat(run.parts()).as("a handle in the ARN form").hasSize(1);
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WaitOptions.DEFAULT
        .withTimeout(Duration.ofHours(3)));
    time.advanceBy(Duration.ofMinutes(1));

    EventEnvelope event = SampleEvents.withDetail(SampleEvents.withDetail(
        SampleEvents.read("execution-status-change.json"), "executionArn", backend.executionArn(run)),
        "status", "SUCCEEDED");
    Instant noticed = time.now();
    assertThat(events.publish(event)).isEqualTo(EventOutcome.MATCHED);
    time.advanceUntil(wait::isDone, SAFETY);

    assertThat(wait.join().state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(Duration.between(noticed, time.now())).isLessThan(Duration.ofSeconds(5));
  }
}
