package io.wflaunch.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.ConflictException;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.FakeBackend;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.testkit.ForwardingBackend;
import io.wflaunch.testkit.InMemoryWorkflowBackend;
import io.wflaunch.testkit.RunScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode's re-runs: each launcher stands in for one {@code wflaunch} process, with a fake of its own
 * (as each process has) over one shared directory; the fake's adapter says whether the service re-runs in
 * place or as a new run, or cannot.
 */
class LocalRetryTest {

  @TempDir
  Path dir;
  final LocalModeTest.MovableClock clock = new LocalModeTest.MovableClock();
  private final List<WorkflowLauncher> processes = new ArrayList<>();

  @AfterEach
  void close() {
    processes.forEach(WorkflowLauncher::close);
  }

  /** A fake over the in-memory backend, which re-runs in place or as new runs. */
  private FakeBackend memoryFake(boolean asNewRuns, boolean retries) {
    InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder().clock(clock).retriesAsNewRuns(asNewRuns)
        .build();
    WorkflowBackend backend = retries ? memory : new ForwardingBackend(memory) {
      @Override
      public RunHandle retry(RunHandle handle) {
        throw new OperationNotSupportedException(io.wflaunch.ErrorContext.of(handle), "retry",
            "backend memory cannot re-run a run from where it failed");
      }
    };
    return new FakeBackend() {
      @Override
      public WorkflowBackend backend() {
        return backend;
      }

      @Override
      public void define(WorkflowTarget target, Runs runs) {
        memory.defineWorkflow(target.part(0), runs.failure().isPresent()
            ? RunScript.failsAfter(runs.runTime(), runs.failure().get()) : RunScript.succeedsAfter(runs.runTime()));
      }

      @Override
      public StartRunRequest sampleRequest() {
        return StartRunRequest.builder(WorkflowTarget.of("memory", "etl")).build();
      }

      @Override
      public String rawStatus(RunState state) {
        return state.name();
      }
    };
  }

  private WorkflowLauncher process(boolean asNewRuns) {
    return process(asNewRuns, true);
  }

  private WorkflowLauncher process(boolean asNewRuns, boolean retries) {
    WorkflowLauncher launcher = WorkflowLauncher.builder().clock(clock)
        .backend(new LocalBackend(memoryFake(asNewRuns, retries), new LocalStore(dir), clock, text -> {})).build();
    processes.add(launcher);
    return launcher;
  }

  private RunHandle failedRun() {
    RunHandle run = process(false).start(StartRunRequest.builder(WorkflowTarget.of("memory", "etl"))
        .parameter("duration", "10s").parameter("fail", "true").build());
    clock.now = clock.now.plusSeconds(11);
    assertThat(process(false).getRun(run).state()).isEqualTo(RunState.FAILED);
    return run;
  }

  @Test
  void aReRunInPlaceRunsTheSameHandleAgainForItsDurationThenSucceeds() {
    RunHandle run = failedRun();
    long before = process(false).getRun(run).startedAt().orElseThrow().toEpochMilli();

    assertThat(process(false).retry(run)).isEqualTo(run);

    RunStatus again = process(false).getRun(run);
    assertThat(again.state()).isEqualTo(RunState.RUNNING);
    assertThat(again.startedAt().orElseThrow().toEpochMilli()).isGreaterThan(before);
    assertThat(process(false).retry(run)).as("asked again while it runs: the same re-run").isEqualTo(run);
    clock.now = clock.now.plusSeconds(11);
    assertThat(process(false).getRun(run).state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(process(false).listRuns(WorkflowTarget.of("memory", "etl"), 10)).hasSize(1);
    assertThatThrownBy(() -> process(false).retry(run)).as("it succeeded").isInstanceOf(ConflictException.class)
        .hasMessageContaining("succeeded");
  }

  @Test
  void aReRunAsANewRunIsKeptFoundAndListedByTheNextProcess() {
    RunHandle run = failedRun();

    RunHandle rerun = process(true).retry(run);

    assertThat(rerun).isNotEqualTo(run);
    assertThat(rerun.backend()).isEqualTo("memory");
    assertThat(rerun.part(0)).isEqualTo("etl");
    assertThat(process(true).retry(run)).as("asked again in another process while it runs").isEqualTo(rerun);
    assertThat(process(true).getRun(rerun).state()).isEqualTo(RunState.RUNNING);
    assertThat(process(true).getRun(run).state()).as("the first run stays as it ended").isEqualTo(RunState.FAILED);
    assertThat(process(true).listRuns(WorkflowTarget.of("memory", "etl"), 10)).extracting(RunStatus::handle)
        .containsExactly(rerun, run);
    clock.now = clock.now.plusSeconds(11);
    assertThat(process(true).getRun(rerun).state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(process(true).retry(run)).as("asked again once the re-run has ended: still that re-run")
        .isEqualTo(rerun);
    assertThat(process(true).listRuns(WorkflowTarget.of("memory", "etl"), 10)).hasSize(2);
  }

  @Test
  void aStoppedRunIsReRunAndARunningOneIsAConflict() {
    RunHandle run = process(false).start(StartRunRequest.builder(WorkflowTarget.of("memory", "etl"))
        .parameter("duration", "1m").build());

    assertThatThrownBy(() -> process(false).retry(run)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("still running");
    process(false).stop(run);
    assertThat(process(false).retry(run)).isEqualTo(run);
    assertThat(process(false).getRun(run).state()).isEqualTo(RunState.RUNNING);
  }

  @Test
  void aBackendThatCannotReRunRefusesNamingTheRunAskedAbout() {
    RunHandle run = failedRun();

    assertThatThrownBy(() -> process(false, false).retry(run)).isInstanceOf(OperationNotSupportedException.class)
        .hasMessageContaining(run.toString());
    assertThat(process(false).getRun(run).state()).isEqualTo(RunState.FAILED);
  }

  @Test
  void anUnknownRunIsNotFound() {
    failedRun();

    assertThatThrownBy(() -> process(false).retry(RunHandle.parse("memory:etl/run-999999")))
        .isInstanceOf(RunNotFoundException.class);
  }
}
