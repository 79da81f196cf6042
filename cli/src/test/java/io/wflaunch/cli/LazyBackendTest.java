package io.wflaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.testkit.InMemoryWorkflowBackend;
import io.wflaunch.testkit.RunScript;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The command line's lazily built backends pass the tracker's batched and counted reads on. */
class LazyBackendTest {

  @Test
  void theTrackersReadsReachTheBackendBuiltOnFirstUse() {
    InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder()
        .workflow("etl", RunScript.runsUntilStopped()).build();
    AtomicInteger built = new AtomicInteger();
    LazyBackend lazy = new LazyBackend(memory.id(), memory.scheme(), () -> {
      built.incrementAndGet();
      return memory;
    });
    RunHandle run = memory.start(StartRunRequest.builder(WorkflowTarget.of("memory", "etl")).build());

    BatchRead listed = lazy.readRunsAsync(List.of(run), Optional.empty(), Runnable::run).join();
    BatchRead single = lazy.readRunAsync(run, Runnable::run).join();

    assertThat(listed.requests()).as("one listing, not the default that lists nothing").isEqualTo(1);
    assertThat(listed.statuses().get(run).state()).isEqualTo(RunState.RUNNING);
    assertThat(single.statuses()).containsKey(run);
    assertThat(built.get()).isEqualTo(1);
  }

  @Test
  void reRunsAndStopsReachTheBackendRatherThanTheDefaultsThatRefuse() {
    InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder().stopDelay(java.time.Duration.ZERO)
        .workflow("etl", RunScript.runsUntilStopped()).build();
    LazyBackend lazy = new LazyBackend(memory.id(), memory.scheme(), () -> memory);
    RunHandle run = memory.start(StartRunRequest.builder(WorkflowTarget.of("memory", "etl")).build());

    lazy.stopAsync(run, Runnable::run).join();
    assertThat(memory.getRun(run).state()).isEqualTo(RunState.CANCELLED);
    assertThat(lazy.retry(run)).as("in place, once the stop took effect").isEqualTo(run);
    assertThat(lazy.retryAsync(run, Runnable::run).join()).as("asked again while it runs").isEqualTo(run);
    assertThat(memory.getRun(run).state()).isEqualTo(RunState.RUNNING);
  }
}
