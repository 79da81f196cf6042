package io.wflaunch.emrserverless;

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
import io.wflaunch.testkit.emrserverless.EmrServerlessRunScript;
import io.wflaunch.testkit.emrserverless.FakeEmrServerlessClient;
import io.wflaunch.testkit.events.ManualRunEvents;
import io.wflaunch.testkit.events.SampleEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A backend under its own id answers its type, so the launcher reads its runs' events: a job run's state
 * change event, shaped as AWS documents it, ends the wait for the run at once.
 */
class EmrServerlessRunEventsTest {

  private static final Duration SAFETY = Duration.ofHours(1);

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeEmrServerlessClient emr = FakeEmrServerlessClient.create(time.clock());
  private final EmrServerlessBackend backend = EmrServerlessBackend.builder(emr).id("emr-east")
      .defaults(EmrServerlessBackendContractTest.DEFAULTS).clock(time.clock()).build();
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
    assertThat(backend.id()).isEqualTo("emr-east");
    assertThat(backend.type()).isEqualTo(new EmrServerlessProvider().type()).isEqualTo("emrserverless");
  }

  @Test
  void aJobRunsStateChangeEventEndsItsWaitBeforeTheSafetyPoll() {
    WorkflowTarget app = WorkflowTarget.of("emr-east", emr.addApplication("etl",
        EmrServerlessRunScript.succeedsAfter(Duration.ofSeconds(30))));
    RunHandle run = launcher.start(StartRunRequest.builder(app).build());
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WaitOptions.DEFAULT
        .withTimeout(Duration.ofHours(3)));
    time.advanceBy(Duration.ofMinutes(1));
    assertThat(wait).as("the run ended, but no poll is due before the safety interval").isNotDone();

    EventEnvelope sample = SampleEvents.read("job-run-state-change.json");
    EventEnvelope event = SampleEvents.withDetail(SampleEvents.withDetail(SampleEvents.withDetail(sample,
        "applicationId", run.part(0)), "jobRunId", run.part(1)), "state", "SUCCESS");
    Instant noticed = time.now();
    assertThat(events.publish(event)).isEqualTo(EventOutcome.MATCHED);
    time.advanceUntil(wait::isDone, SAFETY);

    assertThat(wait.join().state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(Duration.between(noticed, time.now())).isLessThan(Duration.ofSeconds(5));
  }
}
