package io.wflaunch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.BackendOptions;
import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ConflictException;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.WorkflowTarget;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryWorkflowBackendTest {

  private static final WorkflowTarget ETL = WorkflowTarget.of("memory", "etl");

  private final VirtualScheduler time = new VirtualScheduler();
  private final InMemoryWorkflowBackend backend = InMemoryWorkflowBackend.builder()
      .clock(time.clock())
      .stopDelay(Duration.ofSeconds(30))
      .workflow("etl", RunScript.builder()
          .then(RunState.PENDING, Duration.ofSeconds(10))
          .then(RunState.RUNNING, Duration.ofMinutes(5))
          .endsIn(RunState.SUCCEEDED, "all steps passed"))
      .build();
  private final WorkflowLauncher launcher = WorkflowLauncher.builder().backend(backend)
      .clock(time.clock()).scheduler(time).executor(time).build();

  @AfterEach
  void close() {
    launcher.close();
  }

  @Test
  void aRunFollowsItsScriptOnTheClock() {
    RunHandle run = launcher.start(StartRunRequest.builder(ETL).build());

    assertThat(stateAfter(run, Duration.ZERO)).isEqualTo(RunState.PENDING);
    assertThat(stateAfter(run, Duration.ofSeconds(10))).isEqualTo(RunState.RUNNING);
    assertThat(stateAfter(run, Duration.ofMinutes(5))).isEqualTo(RunState.SUCCEEDED);
    RunStatus done = launcher.getRun(run);
    assertThat(done.reasons()).containsExactly("all steps passed");
    assertThat(done.duration()).contains(Duration.ofSeconds(310));
    assertThat(done.rawStatus()).isEqualTo("SUCCEEDED");
  }

  @Test
  void aStopPassesThroughStoppingToCancelled() {
    RunHandle run = launcher.start(StartRunRequest.builder(ETL).build());
    time.advanceBy(Duration.ofMinutes(1));

    launcher.stop(run);

    assertThat(launcher.getRun(run).state()).isEqualTo(RunState.STOPPING);
    assertThat(stateAfter(run, Duration.ofSeconds(30))).isEqualTo(RunState.CANCELLED);
    assertThat(stateAfter(run, Duration.ofHours(1))).as("a stopped run stays stopped").isEqualTo(RunState.CANCELLED);
  }

  @Test
  void stoppingAnEndedRunIsAConflict() {
    RunHandle run = launcher.start(StartRunRequest.builder(ETL).build());
    time.advanceBy(Duration.ofHours(1));

    assertThatThrownBy(() -> launcher.stop(run)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("already ended SUCCEEDED");
  }

  @Test
  void aLostStartResponseWithoutAKeyIsFoundByTheKeyGeneratedForTheCall() {
    backend.faults().loseNextStartResponses(1);

    RunHandle run = launcher.start(StartRunRequest.builder(ETL).build());

    assertThat(backend.runCount(ETL)).isEqualTo(1);
    assertThat(launcher.getRun(run).handle()).isEqualTo(run);
  }

  @Test
  void aLostStartResponseWithAKeyIsResolved() {
    backend.faults().loseNextStartResponses(1);

    RunHandle run = launcher.start(StartRunRequest.builder(ETL).idempotencyKey("k").build());

    assertThat(launcher.start(StartRunRequest.builder(ETL).idempotencyKey("k").build())).isEqualTo(run);
    assertThat(backend.runCount(ETL)).isEqualTo(1);
  }

  @Test
  void faultsHitTheNextCallsThenStop() {
    RunHandle run = launcher.start(StartRunRequest.builder(ETL).build());
    backend.faults().throttleNext(2);

    assertThatThrownBy(() -> launcher.getRun(run)).isInstanceOf(ThrottledException.class);
    assertThatThrownBy(() -> launcher.getRun(run)).isInstanceOf(ThrottledException.class);
    assertThat(launcher.getRun(run).state()).isEqualTo(RunState.PENDING);

    backend.faults().failNext(1);
    assertThatThrownBy(() -> launcher.getRun(run)).isInstanceOfSatisfying(BackendUnavailableException.class,
        e -> assertThat(e.outcomeUnknown()).isFalse());
    assertThat(backend.requestCount()).isEqualTo(5);
  }

  @Test
  void parametersAreKeptForTheTestToCheck() {
    RunHandle run = launcher.start(StartRunRequest.builder(ETL).parameter("b", "2").parameter("a", "1").build());

    assertThat(backend.parametersOf(run)).containsExactly(Map.entry("b", "2"), Map.entry("a", "1"));
  }

  @Test
  void unknownWorkflowsAreNotFoundUnlessAnyWorkflowIsScripted() {
    WorkflowTarget other = WorkflowTarget.of("memory", "other");
    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(other).build()))
        .isInstanceOf(WorkflowNotFoundException.class);
    assertThatThrownBy(() -> launcher.listRuns(other, 5)).isInstanceOf(WorkflowNotFoundException.class);

    InMemoryWorkflowBackend open = InMemoryWorkflowBackend.builder().clock(time.clock())
        .anyWorkflow(RunScript.succeedsAfter(Duration.ofSeconds(1))).build();
    assertThat(open.start(StartRunRequest.builder(other).build()).part(0)).isEqualTo("other");
  }

  @Test
  void optionsAreRefusedNamingTheField() {
    BackendOptions foreign = new BackendOptions() {};

    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(ETL).options(foreign).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).isEqualTo("options");
          assertThat(e.getMessage()).contains("backend memory takes no options");
        });
    assertThat(backend.requestCount()).isZero();
  }

  private RunState stateAfter(RunHandle run, Duration wait) {
    time.advanceBy(wait);
    return launcher.getRun(run).state();
  }
}
