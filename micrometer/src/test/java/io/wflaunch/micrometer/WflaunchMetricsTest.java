package io.wflaunch.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ConflictException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.ThrottledException;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.InMemoryWorkflowBackend;
import io.wflaunch.testkit.RunScript;
import io.wflaunch.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every meter, with exact counts, for a scripted sequence of calls over the in-memory backend. */
class WflaunchMetricsTest {

  private static final WorkflowTarget NIGHTLY = WorkflowTarget.of("memory", "nightly");
  private static final WorkflowTarget BROKEN = WorkflowTarget.of("memory", "broken");
  private static final WorkflowTarget FOREVER = WorkflowTarget.of("memory", "forever");

  private final VirtualScheduler time = new VirtualScheduler();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private InMemoryWorkflowBackend memory;
  private WorkflowLauncher launcher;

  @BeforeEach
  void launch() {
    memory = InMemoryWorkflowBackend.builder().clock(time.clock()).stopDelay(Duration.ofSeconds(5))
        .workflow("nightly", RunScript.succeedsAfter(Duration.ofMinutes(3)))
        .workflow("broken", RunScript.failsAfter(Duration.ofMinutes(1), "step 2 failed"))
        .workflow("forever", RunScript.runsUntilStopped())
        .build();
    launcher = WorkflowLauncher.builder().backend(memory).clock(time.clock()).scheduler(time).executor(time)
        .random(new Random(7)).startPolicy(StartPolicy.DEFAULT.withoutPauses())
        .observer(WflaunchMetrics.create(registry))
        .build();
  }

  @AfterEach
  void close() {
    launcher.close();
    time.shutdownNow();
  }

  @Test
  void aScriptedSequenceIsCountedExactly() {
    // A keyed start twice: the second finds the first's run.
    RunHandle first = launcher.start(StartRunRequest.builder(NIGHTLY).idempotencyKey("2026-11-24").build());
    RunHandle again = launcher.start(StartRunRequest.builder(NIGHTLY).idempotencyKey("2026-11-24").build());
    assertThat(again).isEqualTo(first);
    // A throttled call.
    memory.throttleNext(1);
    assertThatThrownBy(() -> launcher.getRun(first)).isInstanceOf(ThrottledException.class);
    // A start that fails outright, and one whose outcome stays unknown.
    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(WorkflowTarget.of("memory", "missing")).build()))
        .isInstanceOf(WorkflowNotFoundException.class);
    memory.faults().failNext(1_000);
    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(NIGHTLY).build()))
        .isInstanceOfSatisfying(BackendUnavailableException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
    memory.faults().failNext(0);
    // A failed run and a cancelled run, awaited; the nightly run too.
    RunHandle broken = launcher.start(StartRunRequest.builder(BROKEN).build());
    RunHandle forever = launcher.start(StartRunRequest.builder(FOREVER).build());
    CompletableFuture<List<RunStatus>> all = launcher.awaitAllAsync(List.of(first, broken, forever), WaitOptions.DEFAULT);
    time.runDueTasks();
    assertThat(tracked()).isEqualTo(3);
    launcher.stop(forever);
    time.advanceUntil(all::isDone, Duration.ofHours(1));
    assertThat(all.join()).extracting(RunStatus::state)
        .containsExactly(RunState.SUCCEEDED, RunState.FAILED, RunState.CANCELLED);

    assertThat(calls("start", "success")).isEqualTo(4);
    assertThat(calls("start", "not_found")).isEqualTo(1);
    assertThat(calls("start", "unavailable")).isEqualTo(1);
    assertThat(calls("get_run", "throttled")).isEqualTo(1);
    assertThat(calls("stop", "success")).isEqualTo(1);
    assertThat(registry.find(WflaunchMetrics.CALLS).timers()).hasSize(5);

    assertThat(starts("true", "started")).isEqualTo(1);
    assertThat(starts("true", "existing")).isEqualTo(1);
    assertThat(starts("false", "started")).isEqualTo(2);
    assertThat(starts("false", "failed")).isEqualTo(1);
    assertThat(starts("false", "outcome_unknown")).isEqualTo(1);
    assertThat(registry.find(WflaunchMetrics.STARTS).counters()).hasSize(5);

    assertThat(completed("succeeded")).isEqualTo(1);
    assertThat(completed("failed")).isEqualTo(1);
    assertThat(completed("cancelled")).isEqualTo(1);
    assertThat(registry.find(WflaunchMetrics.RUNS_COMPLETED).counters()).hasSize(3);
    Timer failedRuns = registry.get(WflaunchMetrics.RUN_DURATION).tags("backend", "memory", "state", "failed").timer();
    assertThat(failedRuns.count()).isEqualTo(1);
    assertThat(failedRuns.totalTime(TimeUnit.SECONDS)).isEqualTo(60);
    assertThat(registry.get(WflaunchMetrics.RUN_DURATION).tags("state", "succeeded").timer()
        .totalTime(TimeUnit.SECONDS)).isEqualTo(180);

    assertThat(tracked()).isZero();
    assertThat(registry.get(WflaunchMetrics.POLLS).tags("backend", "memory").functionCounter().count())
        .isEqualTo(launcher.tracker().requestsSent("memory"))
        .isPositive();
  }

  @Test
  void retriesAndTheStopsOfGivenUpWaitsAreCalls() {
    RunHandle broken = launcher.start(StartRunRequest.builder(BROKEN).build());
    RunHandle nightly = launcher.start(StartRunRequest.builder(NIGHTLY).build());
    time.advanceBy(Duration.ofMinutes(4));

    assertThat(launcher.retry(broken)).isEqualTo(broken);
    assertThat(done(launcher.retryAsync(broken))).as("the re-run under way").isEqualTo(broken);
    assertThatThrownBy(() -> launcher.retry(nightly)).isInstanceOf(ConflictException.class);
    RunHandle forever = launcher.start(StartRunRequest.builder(FOREVER).build());
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(forever,
        WaitOptions.DEFAULT.withTimeout(Duration.ofMinutes(1)).withStopOnGiveUp(true));
    time.advanceUntil(wait::isDone, Duration.ofHours(1));

    assertThat(wait).isCompletedExceptionally();
    assertThat(calls("retry", "success")).isEqualTo(2);
    assertThat(calls("retry", "conflict")).isEqualTo(1);
    assertThat(calls("stop", "success")).as("the give-up's stop").isEqualTo(1);
  }

  @Test
  void asyncCallsAreObservedWhenTheyEnd() {
    RunHandle run = done(launcher.startAsync(StartRunRequest.builder(NIGHTLY).idempotencyKey("k").build()));
    done(launcher.startAsync(StartRunRequest.builder(NIGHTLY).idempotencyKey("k").build()));
    done(launcher.getRunAsync(run));
    done(launcher.getRunsAsync(List.of(run, run)));
    done(launcher.listRunsAsync(NIGHTLY, 10));
    done(launcher.stopAsync(run));

    assertThat(starts("true", "started")).isEqualTo(1);
    assertThat(starts("true", "existing")).isEqualTo(1);
    assertThat(calls("get_run", "success")).isEqualTo(1);
    assertThat(calls("get_runs", "success")).isEqualTo(1);
    assertThat(calls("list_runs", "success")).isEqualTo(1);
    assertThat(calls("stop", "success")).isEqualTo(1);
  }

  @Test
  void invalidCallsAreCountedAsInvalidWithoutARequest() {
    int before = memory.requestCount();
    assertThatThrownBy(() -> launcher.listRuns(NIGHTLY, 0)).hasMessageContaining("limit");
    assertThatThrownBy(() -> launcher.getRun(RunHandle.of("nosuch", "x")));

    assertThat(memory.requestCount()).isEqualTo(before);
    assertThat(calls("list_runs", "invalid")).isEqualTo(1);
    assertThat(registry.get(WflaunchMetrics.CALLS).tags("backend", "unregistered", "operation", "get_run",
        "outcome", "invalid").timer().count()).isEqualTo(1);
  }

  @Test
  void noMeterCarriesAnUnboundedTag() {
    RunHandle run = launcher.start(StartRunRequest.builder(NIGHTLY).idempotencyKey("order-4711")
        .parameter("customer", "c-42").build());
    launcher.getRun(run);
    memory.throttleNext(1);
    assertThatThrownBy(() -> launcher.getRun(run));
    CompletableFuture<RunStatus> done = launcher.awaitCompletionAsync(run, WaitOptions.DEFAULT);
    time.advanceUntil(done::isDone, Duration.ofHours(1));

    Map<String, Set<String>> allowed = Map.of(
        "backend", Set.of("memory", "unregistered"),
        "operation", Set.of("start", "get_run", "get_runs", "stop", "list_runs"),
        "outcome", Set.of("success", "throttled", "unavailable", "not_found", "access_denied", "invalid",
            "conflict", "limit", "configuration", "cancelled", "unsupported", "timeout", "error"),
        "keyed", Set.of("true", "false"),
        "result", Set.of("started", "existing", "failed", "outcome_unknown"),
        "state", java.util.Arrays.stream(RunState.values()).map(s -> s.name().toLowerCase(java.util.Locale.ROOT))
            .collect(Collectors.toSet()));
    List<Meter> meters = registry.getMeters();
    assertThat(meters).hasSizeGreaterThanOrEqualTo(6);
    for (Meter meter : meters) {
      for (Tag tag : meter.getId().getTags()) {
        assertThat(allowed).as("tag key of %s", meter.getId()).containsKey(tag.getKey());
        assertThat(allowed.get(tag.getKey())).as("tag %s of %s", tag, meter.getId().getName()).contains(tag.getValue());
      }
    }
    assertThat(meters).noneSatisfy(meter -> assertThat(meter.getId().toString())
        .containsAnyOf("order-4711", "c-42", "nightly", run.toString()));
  }

  @Test
  void theWorkflowTagIsThereOnlyWhenAskedFor() {
    MeterRegistry own = new SimpleMeterRegistry();
    try (WorkflowLauncher tagged = WorkflowLauncher.builder().backend(InMemoryWorkflowBackend.builder()
            .anyWorkflow(RunScript.succeedsAfter(Duration.ofMinutes(1))).build())
        .observer(WflaunchMetrics.builder(own).workflowTag(true).tags(List.of(Tag.of("app", "billing"))).build())
        .build()) {
      RunHandle run = tagged.start(StartRunRequest.builder(NIGHTLY).build());
      tagged.getRun(run);
    }
    assertThat(own.get(WflaunchMetrics.STARTS).tags("workflow", "nightly", "app", "billing").counter().count())
        .isEqualTo(1);
    assertThat(own.get(WflaunchMetrics.CALLS).tags("operation", "get_run", "workflow", "none").timer().count())
        .isEqualTo(1);
  }

  @Test
  void closingTheLauncherRemovesItsGauges() {
    assertThat(registry.find(WflaunchMetrics.RUNS_TRACKED).gauges()).hasSize(1);
    launcher.close();
    assertThat(registry.find(WflaunchMetrics.RUNS_TRACKED).gauges()).isEmpty();
    assertThat(registry.find(WflaunchMetrics.POLLS).functionCounters()).isEmpty();
  }

  /** Runs the launcher's executor (the virtual scheduler) until the call ends. */
  private <T> T done(CompletableFuture<T> call) {
    time.advanceUntil(call::isDone, Duration.ofMinutes(1));
    return call.join();
  }

  @Test
  void twoLaunchersOnOneRegistryAddUpAndTheLastToCloseRemovesTheMeters() {
    InMemoryWorkflowBackend other = InMemoryWorkflowBackend.builder().clock(time.clock())
        .workflow("forever", RunScript.runsUntilStopped()).build();
    WflaunchMetrics shared = WflaunchMetrics.create(registry);
    WorkflowLauncher second = WorkflowLauncher.builder().backend(other).clock(time.clock()).scheduler(time)
        .executor(time).random(new Random(9)).observer(shared).build();
    WorkflowLauncher third = WorkflowLauncher.builder().backend(InMemoryWorkflowBackend.builder().clock(time.clock())
            .workflow("forever", RunScript.runsUntilStopped()).build())
        .clock(time.clock()).scheduler(time).executor(time).random(new Random(9)).observer(shared).build();
    RunHandle a = launcher.start(StartRunRequest.builder(FOREVER).build());
    RunHandle b = second.start(StartRunRequest.builder(FOREVER).build());
    launcher.awaitCompletionAsync(a, WaitOptions.DEFAULT);
    second.awaitCompletionAsync(b, WaitOptions.DEFAULT);
    time.advanceBy(Duration.ofMinutes(5));
    long polls = launcher.tracker().requestsSent("memory") + second.tracker().requestsSent("memory");

    assertThat(registry.find(WflaunchMetrics.RUNS_TRACKED).gauges()).hasSize(1);
    assertThat(tracked()).isEqualTo(2);
    assertThat(registry.get(WflaunchMetrics.POLLS).functionCounter().count()).isEqualTo(polls);
    second.close();
    assertThat(tracked()).isEqualTo(1);
    assertThat(registry.get(WflaunchMetrics.POLLS).functionCounter().count()).as("a counter never goes down")
        .isGreaterThanOrEqualTo(polls);
    third.close();
    assertThat(registry.find(WflaunchMetrics.RUNS_TRACKED).gauges()).as("the first launcher is still open").hasSize(1);
  }

  private double tracked() {
    return registry.get(WflaunchMetrics.RUNS_TRACKED).tags("backend", "memory").gauge().value();
  }

  private long calls(String operation, String outcome) {
    return registry.get(WflaunchMetrics.CALLS).tags("backend", "memory", "operation", operation, "outcome", outcome)
        .timer().count();
  }

  private double starts(String keyed, String result) {
    return registry.get(WflaunchMetrics.STARTS).tags("backend", "memory", "keyed", keyed, "result", result)
        .counter().count();
  }

  private double completed(String state) {
    return registry.get(WflaunchMetrics.RUNS_COMPLETED).tags("backend", "memory", "state", state).counter().count();
  }
}
