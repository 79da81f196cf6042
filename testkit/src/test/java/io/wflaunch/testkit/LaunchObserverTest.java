package io.wflaunch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.observe.LaunchCall;
import io.wflaunch.spi.observe.LaunchObserver;
import io.wflaunch.spi.Operation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the launcher tells its observers, and that an observer cannot change a call. */
class LaunchObserverTest {

  private static final WorkflowTarget NIGHTLY = WorkflowTarget.of("memory", "nightly");

  private final VirtualScheduler time = new VirtualScheduler();
  private final InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder().clock(time.clock())
      .workflow("nightly", RunScript.succeedsAfter(Duration.ofMinutes(2))).build();
  private final List<String> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    time.shutdownNow();
  }

  /** Writes each event as one line. */
  private final LaunchObserver recording = new LaunchObserver() {
    @Override
    public void launcherBuilt(WorkflowLauncher launcher) {
      events.add("built " + launcher.backendIds());
    }

    @Override
    public void launcherClosed(WorkflowLauncher launcher) {
      events.add("closed");
    }

    @Override
    public Observation callStarted(LaunchCall call) {
      events.add("begin " + call.operation() + " " + call.backend() + " keyed=" + call.keyed()
          + call.target().map(t -> " target=" + t).orElse("") + call.run().map(r -> " run=" + r).orElse("")
          + (call.runs() > 0 ? " runs=" + call.runs() : ""));
      return new Observation() {
        @Override
        public void succeeded(Optional<RunHandle> run, boolean existing) {
          events.add("ok " + call.operation() + run.map(r -> " " + r).orElse("") + (existing ? " existing" : ""));
        }

        @Override
        public void failed(Throwable failure) {
          events.add("failed " + call.operation() + " " + LaunchObserver.kindOf(failure)
              + (LaunchObserver.outcomeUnknown(failure) ? " outcome-unknown" : ""));
        }
      };
    }

    @Override
    public void runEnded(RunStatus status) {
      events.add("ended " + status.handle() + " " + status.state());
    }
  };

  /** Throws from everything. */
  private final LaunchObserver throwing = new LaunchObserver() {
    @Override
    public void launcherBuilt(WorkflowLauncher launcher) {
      throw new IllegalStateException("built");
    }

    @Override
    public Observation callStarted(LaunchCall call) {
      return new Observation() {
        @Override
        public Scope open() {
          throw new IllegalStateException("open");
        }

        @Override
        public void succeeded(Optional<RunHandle> run, boolean existing) {
          throw new IllegalStateException("succeeded");
        }

        @Override
        public void failed(Throwable failure) {
          throw new IllegalStateException("failed");
        }
      };
    }

    @Override
    public void runEnded(RunStatus status) {
      throw new IllegalStateException("ended");
    }
  };

  private WorkflowLauncher launcher(LaunchObserver... observers) {
    WorkflowLauncher.Builder builder = WorkflowLauncher.builder().backend(memory).clock(time.clock()).scheduler(time)
        .executor(time).random(new Random(7)).startPolicy(StartPolicy.DEFAULT.withoutPauses());
    for (LaunchObserver observer : observers) {
      builder.observer(observer);
    }
    return builder.build();
  }

  @Test
  void eachCallBeginsAndEndsOnceInOrder() {
    RunHandle run;
    try (WorkflowLauncher launcher = launcher(recording)) {
      run = launcher.start(StartRunRequest.builder(NIGHTLY).idempotencyKey("k").build());
      launcher.start(StartRunRequest.builder(NIGHTLY).idempotencyKey("k").build());
      RunHandle missing = memory.missingRun(NIGHTLY);
      assertThatThrownBy(() -> launcher.getRun(missing)).isInstanceOf(RunNotFoundException.class);
      launcher.getRuns(List.of(run));
      CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WaitOptions.DEFAULT);
      time.advanceUntil(wait::isDone, Duration.ofHours(1));
      assertThat(wait.join().state()).isEqualTo(RunState.SUCCEEDED);
    }
    assertThat(events).containsExactly(
        "built [memory]",
        "begin START memory keyed=true target=memory:nightly",
        "ok START " + run,
        "begin START memory keyed=true target=memory:nightly",
        "ok START " + run + " existing",
        "begin GET_RUN memory keyed=false run=" + memory.missingRun(NIGHTLY) + " runs=1",
        "failed GET_RUN not_found",
        "begin GET_RUNS memory keyed=false runs=1",
        "ok GET_RUNS",
        "ended " + run + " SUCCEEDED",
        "closed");
  }

  @Test
  void anObserverThatThrowsChangesNoCallAndStopsNoOtherObserver() {
    try (WorkflowLauncher launcher = launcher(throwing, recording)) {
      RunHandle run = launcher.start(StartRunRequest.builder(NIGHTLY).build());
      assertThat(launcher.getRun(run).state()).isEqualTo(RunState.RUNNING);
      assertThatThrownBy(() -> launcher.getRun(memory.missingRun(NIGHTLY))).isInstanceOf(RunNotFoundException.class);
      CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WaitOptions.DEFAULT);
      time.advanceUntil(wait::isDone, Duration.ofHours(1));
      assertThat(wait.join().state()).isEqualTo(RunState.SUCCEEDED);
    }
    assertThat(events).contains("failed GET_RUN not_found", "closed")
        .anyMatch(event -> event.startsWith("ended "));
  }

  @Test
  void aStartTheCallerCancelledIsObservedAsWhatItDid() {
    try (WorkflowLauncher launcher = launcher(recording)) {
      // The in-memory backend starts on the calling thread: the run exists before the caller cancels.
      CompletableFuture<RunHandle> start = launcher.startAsync(StartRunRequest.builder(NIGHTLY).build());
      start.cancel(false);
      time.advanceUntil(() -> events.stream().anyMatch(e -> e.startsWith("ok ") || e.startsWith("failed ")),
          Duration.ofMinutes(1));
    }
    assertThat(memory.runCount(NIGHTLY)).isEqualTo(1);
    assertThat(events).anyMatch(event -> event.startsWith("ok START memory:nightly/"))
        .noneMatch(event -> event.startsWith("failed "));
  }

  @Test
  void anAsyncStartIsObservedWithItsRun() {
    RunHandle run;
    try (WorkflowLauncher launcher = launcher(recording)) {
      CompletableFuture<RunHandle> start = launcher.startAsync(StartRunRequest.builder(NIGHTLY).idempotencyKey("a")
          .build());
      time.advanceUntil(start::isDone, Duration.ofMinutes(1));
      run = start.join();
    }
    assertThat(events).contains("ok START " + run);
    assertThat(events.stream().filter(e -> e.startsWith("begin ")).map(e -> e.split(" ")[1]))
        .containsExactly(Operation.START.name());
  }
}
