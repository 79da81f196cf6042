package io.wflaunch.glue;

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
import io.wflaunch.testkit.glue.FakeGlueClient;
import io.wflaunch.testkit.glue.GlueJobScript;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Backends under their own ids answer their types, so the launcher reads the events of their runs: a job
 * run's state change event, shaped as AWS documents it, ends the wait for the run at once.
 */
class GlueRunEventsTest {

  private static final Duration SAFETY = Duration.ofHours(1);

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeGlueClient glue = FakeGlueClient.create(time.clock());
  private final GlueJobBackend jobs = GlueJobBackend.builder(glue).id("gluejob-east").clock(time.clock())
      .retryPolicy(StartPolicy.DEFAULT.withoutPauses()).build();
  private final ManualRunEvents events = new ManualRunEvents(SAFETY);
  private final WorkflowLauncher launcher = WorkflowLauncher.builder().backend(jobs).clock(time.clock())
      .scheduler(time).executor(time).startPolicy(StartPolicy.DEFAULT.withoutPauses()).runEvents(events).build();

  @AfterEach
  void close() {
    launcher.close();
    time.shutdownNow();
  }

  @Test
  void backendsUnderOtherIdsAnswerTheirTypes() {
    try (GlueBackend workflows = GlueBackend.builder(glue).id("glue-east").build()) {
      assertThat(workflows.type()).isEqualTo(new GlueProvider().type()).isEqualTo("glue");
    }
    assertThat(jobs.id()).isEqualTo("gluejob-east");
    assertThat(jobs.type()).isEqualTo(new GlueJobProvider().type()).isEqualTo("gluejob");
  }

  @Test
  void aJobRunsStateChangeEventEndsItsWaitBeforeTheSafetyPoll() {
    glue.addJob("nightly", null, GlueJobScript.failsAfter(Duration.ofSeconds(30), "boom"));
    RunHandle run = launcher.start(StartRunRequest.builder(WorkflowTarget.of("gluejob-east", "nightly")).build());
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WaitOptions.DEFAULT
        .withTimeout(Duration.ofHours(3)));
    time.advanceBy(Duration.ofMinutes(1));
    assertThat(wait).as("the run ended, but no poll is due before the safety interval").isNotDone();

    EventEnvelope sample = SampleEvents.read("job-state-change.json");
    EventEnvelope event = SampleEvents.withDetail(SampleEvents.withDetail(SampleEvents.withDetail(sample,
        "jobName", run.part(0)), "jobRunId", run.part(1)), "state", "FAILED");
    Instant noticed = time.now();
    assertThat(events.publish(event)).isEqualTo(EventOutcome.MATCHED);
    time.advanceUntil(wait::isDone, SAFETY);

    assertThat(wait.join().state()).isEqualTo(RunState.FAILED);
    assertThat(Duration.between(noticed, time.now())).isLessThan(Duration.ofSeconds(5));
  }
}
