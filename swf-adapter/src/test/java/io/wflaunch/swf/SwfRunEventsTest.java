package io.wflaunch.swf;

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
import io.wflaunch.testkit.swf.FakeSwfClient;
import io.wflaunch.testkit.swf.SwfRunScript;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A backend under its own id answers its type, so the launcher reads its runs' events: an execution's
 * state change event, shaped as AWS documents it, ends the wait for the run at once.
 */
class SwfRunEventsTest {

  private static final Duration SAFETY = Duration.ofHours(1);
  private static final String INFO = "workflowExecutionDetail.executionInfo";

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeSwfClient swf = FakeSwfClient.create(time.clock())
      .addWorkflowType("payments", "Settle", "1", SwfRunScript.failsAfter(Duration.ofSeconds(30), "card declined"));
  private final SwfBackend backend = SwfBackend.builder(swf).id("swf-east").clock(time.clock()).build();
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
    assertThat(backend.id()).isEqualTo("swf-east");
    assertThat(backend.type()).isEqualTo(new SwfProvider().type()).isEqualTo("swf");
  }

  @Test
  void anExecutionsStateChangeEventEndsItsWaitBeforeTheSafetyPoll() {
    RunHandle run = launcher.start(StartRunRequest.builder(WorkflowTarget.of("swf-east", "payments", "Settle", "1"))
        .build());
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WaitOptions.DEFAULT
        .withTimeout(Duration.ofHours(3)));
    time.advanceBy(Duration.ofMinutes(1));
    assertThat(wait).as("the run ended, but no poll is due before the safety interval").isNotDone();

    EventEnvelope event = SampleEvents.read("execution-failed.json");
    event = SampleEvents.withResources(event, List.of("arn:aws:swf:us-east-1:444455556666:/domain/" + run.part(0)));
    event = SampleEvents.withDetailAt(event, INFO + ".execution.workflowId", run.part(1));
    event = SampleEvents.withDetailAt(event, INFO + ".execution.runId", run.part(2));
    Instant noticed = time.now();
    assertThat(events.publish(event)).isEqualTo(EventOutcome.MATCHED);
    time.advanceUntil(wait::isDone, SAFETY);

    assertThat(wait.join().state()).isEqualTo(RunState.FAILED);
    assertThat(Duration.between(noticed, time.now())).isLessThan(Duration.ofSeconds(5));
  }
}
