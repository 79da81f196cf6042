package io.wflaunch.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.ConflictException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.glue.FakeGlueClient;
import io.wflaunch.testkit.glue.GlueRunScript;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which Glue workflow runs are resumed, and from which nodes. */
class GlueWorkflowRetryTest {

  private static final Duration RUN = Duration.ofMinutes(5);

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeGlueClient glue = FakeGlueClient.create(time.clock()).stopDelay(Duration.ofSeconds(1));
  private final WorkflowLauncher launcher = WorkflowLauncher.builder()
      .backend(GlueBackend.builder(glue).clock(time.clock()).build()).build();

  @AfterEach
  void tearDown() {
    launcher.close();
  }

  private RunHandle run(String workflow, GlueRunScript script) {
    glue.addWorkflow(workflow, script);
    return launcher.start(StartRunRequest.builder(WorkflowTarget.of("glue", workflow)).build());
  }

  @Test
  void aCompletedRunIsResumedFromItsFailedNodesOnly() {
    RunHandle failed = run("etl", GlueRunScript.completesWithFailedActionsAfter(RUN, 5, 2));
    time.advanceBy(RUN);

    RunHandle resumed = launcher.retry(failed);

    assertThat(glue.runsOf("etl")).hasSize(2);
    assertThat(launcher.getRun(resumed).details()).containsEntry("previousRunId", failed.runId());
    assertThat(launcher.getRun(resumed).state()).isEqualTo(RunState.RUNNING);
  }

  @Test
  void anErroredRunIsResumedFromItsErroredNode() {
    RunHandle failed = run("etl", GlueRunScript.errorsAfter(RUN, "job could not start"));
    time.advanceBy(RUN);
    assertThat(launcher.getRun(failed).state()).isEqualTo(RunState.FAILED);

    RunHandle resumed = launcher.retry(failed);

    assertThat(resumed).isNotEqualTo(failed);
    assertThat(glue.runsOf("etl").get(1).previousRunId()).isEqualTo(failed.runId());
  }

  @Test
  void aRunningAStoppedAndASucceededRunAreNotResumedAndNothingIsSent() {
    RunHandle running = run("running", GlueRunScript.runsUntilStopped());
    RunHandle stopped = run("stopped", GlueRunScript.runsUntilStopped());
    RunHandle succeeded = run("succeeded", GlueRunScript.completesAfter(RUN));
    launcher.stop(stopped);
    time.advanceBy(RUN);
    assertThat(launcher.getRun(stopped).state()).isEqualTo(RunState.CANCELLED);

    assertThatThrownBy(() -> launcher.retry(running)).isInstanceOfSatisfying(ConflictException.class,
        e -> assertThat(e.getMessage()).contains("RUNNING").contains("never resumed"));
    assertThatThrownBy(() -> launcher.retry(stopped)).isInstanceOfSatisfying(ConflictException.class,
        e -> assertThat(e.getMessage()).contains("STOPPED"));
    assertThatThrownBy(() -> launcher.retry(succeeded)).isInstanceOfSatisfying(ConflictException.class,
        e -> assertThat(e.getMessage()).contains("nothing to resume"));
    assertThat(glue.runsOf("running")).hasSize(1);
    assertThat(glue.runsOf("stopped")).hasSize(1);
    assertThat(glue.runsOf("succeeded")).hasSize(1);
  }
}
