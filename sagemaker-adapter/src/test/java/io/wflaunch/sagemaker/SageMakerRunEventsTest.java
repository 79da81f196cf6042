package io.wflaunch.sagemaker;

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
import io.wflaunch.testkit.sagemaker.FakeSageMakerClient;
import io.wflaunch.testkit.sagemaker.FakeSageMakerClient.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A backend under its own id answers its type, so the launcher reads its runs' events: a pipeline
 * execution's status change event, shaped as AWS documents it, ends the wait for the run at once.
 */
class SageMakerRunEventsTest {

  private static final Duration SAFETY = Duration.ofHours(1);

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeSageMakerClient sageMaker = FakeSageMakerClient.create(time.clock())
      .addPipeline("train", Outcome.FAIL, Duration.ofSeconds(30), "Step Train failed: out of memory");
  private final SageMakerBackend backend = SageMakerBackend.builder(sageMaker).id("sagemaker-east")
      .clock(time.clock()).build();
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
    assertThat(backend.id()).isEqualTo("sagemaker-east");
    assertThat(backend.type()).isEqualTo(new SageMakerProvider().type()).isEqualTo("sagemaker");
  }

  @Test
  void anExecutionsStatusChangeEventEndsItsWaitBeforeTheSafetyPoll() {
    RunHandle run = launcher.start(StartRunRequest.builder(WorkflowTarget.of("sagemaker-east", "train")).build());
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WaitOptions.DEFAULT
        .withTimeout(Duration.ofHours(3)));
    time.advanceBy(Duration.ofMinutes(1));
    assertThat(wait).as("the run ended, but no poll is due before the safety interval").isNotDone();

    EventEnvelope event = SampleEvents.withDetail(SampleEvents.withDetail(
        SampleEvents.read("pipeline-execution-status-change.json"), "pipelineExecutionArn",
        sageMaker.executionArns("train").get(0)), "currentPipelineExecutionStatus", "Failed");
    Instant noticed = time.now();
    assertThat(events.publish(event)).isEqualTo(EventOutcome.MATCHED);
    time.advanceUntil(wait::isDone, SAFETY);

    assertThat(wait.join().state()).isEqualTo(RunState.FAILED);
    assertThat(Duration.between(noticed, time.now())).isLessThan(Duration.ofSeconds(5));
  }
}
