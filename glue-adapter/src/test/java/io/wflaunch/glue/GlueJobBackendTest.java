package io.wflaunch.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.ConflictException;
import io.wflaunch.LimitExceededException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.glue.FakeGlueClient;
import io.wflaunch.testkit.glue.GlueJobScript;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;

/** Glue jobs over the fake: retry, stops, limits and keys; retry under faults is in GlueRetryFaultsTest. */
class GlueJobBackendTest {

  private static final WorkflowTarget JOB = WorkflowTarget.of("gluejob", "nightly");
  private static final Duration RUN = Duration.ofMinutes(5);

  private final VirtualScheduler time = new VirtualScheduler();
  private FakeGlueClient glue;
  private WorkflowLauncher launcher;

  @BeforeEach
  void setUp() {
    glue = FakeGlueClient.create(time.clock());
    glue.addJob("nightly", null, GlueJobScript.failsAfter(RUN, "boom"), GlueJobScript.succeedsAfter(RUN));
    launcher = WorkflowLauncher.builder()
        .backend(GlueJobBackend.builder(glue).clock(time.clock()).retryPolicy(StartPolicy.DEFAULT.withoutPauses()).build())
        .startPolicy(StartPolicy.DEFAULT.withoutPauses()).build();
  }

  @AfterEach
  void tearDown() {
    launcher.close();
  }

  private RunHandle failedRun() {
    RunHandle handle = launcher.start(StartRunRequest.builder(JOB).parameter("--date", "2026-11-23").build());
    time.advanceBy(RUN.plusMinutes(1));
    assertThat(launcher.getRun(handle).state()).isEqualTo(RunState.FAILED);
    return handle;
  }

  @Test
  void aRetryIsANewRunOfTheSameArgumentsLinkedToTheFailedOne() {
    RunHandle failed = failedRun();

    RunHandle rerun = launcher.retry(failed);

    assertThat(rerun).isNotEqualTo(failed);
    JobRun shown = glue.jobRunsOf("nightly").get(1);
    assertThat(shown.id()).isEqualTo(rerun.runId());
    assertThat(shown.previousRunId()).isEqualTo(failed.runId());
    assertThat(shown.arguments()).isEqualTo(glue.jobRunsOf("nightly").get(0).arguments())
        .containsEntry("--date", "2026-11-23");
    assertThat(launcher.getRun(rerun).details()).containsEntry("previousRunId", failed.runId());
    time.advanceBy(RUN.plusMinutes(1));
    assertThat(launcher.getRun(rerun).state()).isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void aRunningRunIsNotRetriedAndNothingIsSent() {
    RunHandle running = launcher.start(StartRunRequest.builder(JOB).build());
    time.advanceBy(Duration.ofMinutes(1));

    assertThatThrownBy(() -> launcher.retry(running)).isInstanceOfSatisfying(ConflictException.class, e -> {
      assertThat(e.outcomeUnknown()).isFalse();
      assertThat(e.getMessage()).contains("RUNNING").contains("never re-run");
    });
    assertThat(glue.jobRunsOf("nightly")).hasSize(1);
  }

  @Test
  void theJobsConcurrencyLimitIsALimitExceededWithNothingStarted() {
    glue.addJob("single", 1, GlueJobScript.runsUntilStopped());
    WorkflowTarget single = WorkflowTarget.of("gluejob", "single");
    launcher.start(StartRunRequest.builder(single).build());

    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(single).build()))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> {
          assertThat(e.outcomeUnknown()).isFalse();
          assertThat(e.getMessage()).contains("MaxConcurrentRuns");
        });
    assertThat(glue.jobRunsOf("single")).hasSize(1);
  }

  @Test
  void aStopGoesThroughBatchStopJobRunAndItsPerRunErrorsAreMapped() {
    glue.addJob("forever", null, GlueJobScript.runsUntilStopped());
    RunHandle handle = launcher.start(StartRunRequest.builder(WorkflowTarget.of("gluejob", "forever")).build());

    launcher.stop(handle);

    assertThat(launcher.getRun(handle).state()).isEqualTo(RunState.STOPPING);
    time.advanceBy(Duration.ofMinutes(1));
    assertThat(launcher.getRun(handle).state()).isEqualTo(RunState.CANCELLED);
    assertThat(glue.jobRunsOf("forever").get(0).jobRunState()).isEqualTo(JobRunState.STOPPED);
    assertThatThrownBy(() -> launcher.stop(handle)).isInstanceOfSatisfying(ConflictException.class,
        e -> assertThat(e.getMessage()).contains("InvalidInputException").contains("STOPPED"));
    RunHandle missing = RunHandle.of("gluejob", "forever", "jr_" + "0".repeat(64));
    assertThatThrownBy(() -> launcher.stop(missing)).isInstanceOfSatisfying(RunNotFoundException.class,
        e -> assertThat(e.handle()).contains(missing));
  }

  @Test
  void aRetryOfARunGlueItselfRetriedAnswersGluesRetry() {
    RunHandle failed = failedRun();
    String byGlue = glue.startJobRun(r -> r.jobName("nightly").jobRunId(failed.runId())).jobRunId();
    int runs = glue.jobRunsOf("nightly").size();

    assertThat(launcher.retry(failed).runId()).isEqualTo(byGlue);
    assertThat(glue.jobRunsOf("nightly")).hasSize(runs);
  }

  @Test
  void retryAsyncOverTheAsyncClientGivesTheSameReRun() {
    WorkflowLauncher async = WorkflowLauncher.builder().backend(GlueJobBackend.builder(glue)
        .asyncClient(glue.asyncClient()).clock(time.clock()).retryPolicy(StartPolicy.DEFAULT.withoutPauses()).build())
        .build();
    try (async) {
      RunHandle failed = failedRun();
      RunHandle first = async.retryAsync(failed).join();

      assertThat(async.retryAsync(failed).join()).isEqualTo(first);
      assertThat(glue.jobRunsOf("nightly")).hasSize(2);
      assertThat(glue.jobRunsOf("nightly").get(1).previousRunId()).isEqualTo(failed.runId());
    }
  }

  @Test
  void keyedStartsFindTheirRunAndTellAnotherRequestApart() {
    RunHandle first = launcher.start(StartRunRequest.builder(JOB).parameter("--date", "1").idempotencyKey("k").build());

    assertThat(launcher.start(StartRunRequest.builder(JOB).parameter("--date", "1").idempotencyKey("k").build()))
        .isEqualTo(first);
    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(JOB).parameter("--date", "2")
        .idempotencyKey("k").build())).isInstanceOfSatisfying(ConflictException.class,
            e -> assertThat(e.getMessage()).contains(first.toString()).doesNotContain("--date"));
    assertThat(glue.jobRunsOf("nightly")).hasSize(1);
    assertThat(glue.jobRunsOf("nightly").get(0).arguments())
        .containsEntry(GlueJobOptions.DEFAULT_IDEMPOTENCY_ARGUMENT, "k");
  }
}
