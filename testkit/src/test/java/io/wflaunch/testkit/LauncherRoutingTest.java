package io.wflaunch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.WorkflowTarget;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the launcher routes calls to its backends and checks them first. */
class LauncherRoutingTest {

  private final VirtualScheduler time = new VirtualScheduler();
  private final InMemoryWorkflowBackend east = InMemoryWorkflowBackend.builder().id("east").clock(time.clock())
      .anyWorkflow(RunScript.succeedsAfter(Duration.ofMinutes(1))).build();
  private final InMemoryWorkflowBackend west = InMemoryWorkflowBackend.builder().id("west").clock(time.clock())
      .anyWorkflow(RunScript.failsAfter(Duration.ofMinutes(1), "boom")).build();
  private final RecordingBackend recordedEast = new RecordingBackend(east, time.clock());
  private final RecordingBackend recordedWest = new RecordingBackend(west, time.clock());
  private final WorkflowLauncher launcher = WorkflowLauncher.builder()
      .backend(recordedEast).backend(recordedWest)
      .clock(time.clock()).scheduler(time).executor(time).build();

  @AfterEach
  void close() {
    launcher.close();
  }

  @Test
  void callsGoToTheBackendTheTargetNames() {
    RunHandle onEast = start("east", "etl");
    RunHandle onWest = start("west", "etl");

    assertThat(onEast.backend()).isEqualTo("east");
    assertThat(onWest.backend()).isEqualTo("west");
    assertThat(east.runCount(WorkflowTarget.of("east", "etl"))).isEqualTo(1);
    assertThat(west.runCount(WorkflowTarget.of("west", "etl"))).isEqualTo(1);
    assertThat(launcher.backendIds()).containsExactly("east", "west");
  }

  @Test
  void twoBackendsWithOneIdAreRefused() {
    InMemoryWorkflowBackend twin = InMemoryWorkflowBackend.builder().id("east").build();

    assertThatThrownBy(() -> WorkflowLauncher.builder().backend(east).backend(twin))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two backends have the id 'east'");
  }

  @Test
  void aLauncherNeedsABackend() {
    assertThatThrownBy(() -> WorkflowLauncher.builder().build()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anUnregisteredBackendIsAnInvalidRequestNamingTheKnownOnes() {
    StartRunRequest request = StartRunRequest.builder(WorkflowTarget.of("north", "etl")).build();

    assertThatThrownBy(() -> launcher.start(request))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).isEqualTo("target");
          assertThat(e.getMessage()).contains("'north', which is not registered").contains("[east, west]");
        });
    assertThatThrownBy(() -> launcher.getRun(RunHandle.of("north", "etl", "wr_1")))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("handle"));
    assertThat(launcher.startAsync(request)).isCompletedExceptionally();
  }

  @Test
  void parseHandleChecksThePartsWithTheBackendEvenUnderACustomId() {
    RunHandle run = start("east", "etl");

    assertThat(launcher.parseHandle(run.toString())).isEqualTo(run);
    assertThatThrownBy(() -> launcher.parseHandle("east:etl/run-000001/extra"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).isEqualTo("handle");
          assertThat(e.getMessage()).contains("a east handle has 2 parts (east:workflow/runId), found 3");
        });
    assertThatThrownBy(() -> launcher.parseTarget("east:a/b"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("found 2");
  }

  @Test
  void getRunsAsksEachBackendOnceAndAnswersInTheOrderAsked() {
    RunHandle e1 = start("east", "etl");
    RunHandle w1 = start("west", "etl");
    RunHandle e2 = start("east", "report");
    List<RunHandle> asked = List.of(w1, e2, e1, w1);

    List<RunStatus> statuses = launcher.getRuns(asked);

    assertThat(statuses).extracting(RunStatus::handle).containsExactlyElementsOf(asked);
    assertThat(recordedEast.getRunsCalls).containsExactly(List.of(e2, e1));
    assertThat(recordedWest.getRunsCalls).containsExactly(List.of(w1, w1));
  }

  @Test
  void getRunsAsyncAnswersInTheOrderAsked() {
    RunHandle e1 = start("east", "etl");
    RunHandle w1 = start("west", "etl");

    CompletableFuture<List<RunStatus>> statuses = launcher.getRunsAsync(List.of(w1, e1));
    time.runDueTasks();

    assertThat(statuses.join()).extracting(RunStatus::handle).containsExactly(w1, e1);
  }

  @Test
  void listRunsNeedsAPositiveLimit() {
    assertThatThrownBy(() -> launcher.listRuns(WorkflowTarget.of("east", "etl"), 0))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).isEqualTo("limit");
          assertThat(e.rule()).isEqualTo("must be at least 1, found 0");
        });
  }

  @Test
  void asyncFailuresArriveThroughTheFuture() {
    InMemoryWorkflowBackend strict = InMemoryWorkflowBackend.builder().id("strict").clock(time.clock()).build();
    try (WorkflowLauncher only = WorkflowLauncher.builder().backend(strict).scheduler(time).executor(time).build()) {
      CompletableFuture<RunHandle> started =
          only.startAsync(StartRunRequest.builder(WorkflowTarget.of("strict", "nope")).build());
      time.runDueTasks();

      assertThatThrownBy(started::join).isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(WorkflowNotFoundException.class);
    }
  }

  @Test
  void aBackendCanBeReachedByItsTypeForItsOwnOperations() {
    assertThat(launcher.backend("east", RecordingBackend.class)).isSameAs(recordedEast);
    assertThatThrownBy(() -> launcher.backend("east", InMemoryWorkflowBackend.class))
        .isInstanceOf(ClassCastException.class);
    assertThatThrownBy(() -> launcher.backend("north", RecordingBackend.class))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("[east, west]");
  }

  @Test
  void aClosedLauncherClosesItsBackendsAndRefusesCalls() {
    launcher.close();

    assertThat(recordedEast.closed).isTrue();
    assertThat(recordedWest.closed).isTrue();
    assertThatThrownBy(() -> start("east", "etl")).isInstanceOf(IllegalStateException.class);
  }

  private RunHandle start(String backend, String workflow) {
    return launcher.start(StartRunRequest.builder(WorkflowTarget.of(backend, workflow)).build());
  }
}
