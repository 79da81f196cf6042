package io.wflaunch.codecatalyst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BackendProviders;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.FakeBackend;
import io.wflaunch.spi.FakeBackend.Runs;
import io.wflaunch.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The codecatalyst fake, found by type with this adapter on the class path: the adapter over the fake service. */
class CodeCatalystFakeBackendTest {

  private static final Duration RUN_TIME = Duration.ofMinutes(2);
  /** How long a run is started before it runs. */
  private static final Duration LEAD = Duration.ofMillis(500);

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeBackend fake = BackendProviders.fake("codecatalyst",
      BackendSettings.builder("codecatalyst").clock(time.clock()).build()).orElseThrow();

  /** Starts a run through a launcher over the fake alone, as tools do. */
  private RunHandle start(StartRunRequest request) {
    try (io.wflaunch.WorkflowLauncher launcher = io.wflaunch.WorkflowLauncher.builder().backend(fake.backend())
        .clock(time.clock()).scheduler(time).executor(time)
        .startPolicy(io.wflaunch.StartPolicy.DEFAULT.withoutPauses()).build()) {
      return launcher.start(request);
    }
  }

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  void aDefinedTargetsRunsSucceedAfterTheRunTime() {
    WorkflowTarget target = WorkflowTarget.parse("codecatalyst:demo-space/web-app/deploy");
    fake.define(target, Runs.succeedAfter(RUN_TIME));

    RunHandle run = start(StartRunRequest.builder(target).build());

    assertThat(fake.backend().getRun(run).state()).isEqualTo(RunState.PENDING);
    time.advanceBy(LEAD.plus(RUN_TIME).minusSeconds(1));
    assertThat(fake.backend().getRun(run).state()).isEqualTo(RunState.RUNNING);
    assertThat(fake.backend().getRun(run).rawStatus()).isEqualTo(fake.rawStatus(RunState.RUNNING));
    time.advanceBy(Duration.ofSeconds(2));
    RunStatus done = fake.backend().getRun(run);
    assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(done.rawStatus()).isEqualTo(fake.rawStatus(RunState.SUCCEEDED));
  }

  @Test
  void aTargetDefinedToFailFailsAfterTheRunTime() {
    WorkflowTarget target = WorkflowTarget.parse("codecatalyst:demo-space/web-app/release");
    fake.define(target, Runs.failAfter(RUN_TIME, "disk full"));

    RunHandle run = start(StartRunRequest.builder(target).build());
    time.advanceBy(LEAD.plus(RUN_TIME).plusSeconds(1));

    RunStatus failed = fake.backend().getRun(run);
    assertThat(failed.state()).isEqualTo(RunState.FAILED);
    assertThat(failed.rawStatus()).isEqualTo(fake.rawStatus(RunState.FAILED));
    // CodeCatalyst gives no text for a failure: the reason is not shown.
  }

  @Test
  void aTargetIsDefinedOnceAndKeepsItsFirstDefinition() {
    WorkflowTarget target = WorkflowTarget.parse("codecatalyst:demo-space/web-app/deploy");
    fake.define(target, Runs.succeedAfter(RUN_TIME));
    fake.define(target, Runs.failAfter(Duration.ofSeconds(1), "disk full"));

    RunHandle run = start(StartRunRequest.builder(target).build());
    time.advanceBy(LEAD.plus(RUN_TIME).plusSeconds(1));

    assertThat(fake.backend().getRun(run).state()).isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void theSampleRequestStartsOnceItsTargetIsDefined() {
    StartRunRequest sample = fake.sampleRequest();
    fake.define(sample.target(), Runs.succeedAfter(RUN_TIME));

    RunHandle run = start(sample);

    assertThat(sample.target()).isEqualTo(WorkflowTarget.parse("codecatalyst:demo-space/web-app/deploy"));
    assertThat(sample.idempotencyKey()).contains("deploy-release-42");
    assertThat(sample.parameters()).isEqualTo(Map.of());
    assertThat(run.backend()).isEqualTo("codecatalyst");
  }

  @Test
  void itNamesTheServicesStatusesAndWhetherItStops() {
    assertThat(fake.rawStatus(RunState.RUNNING)).isEqualTo("IN_PROGRESS");
    assertThat(fake.rawStatus(RunState.SUCCEEDED)).isEqualTo("SUCCEEDED");
    assertThat(fake.rawStatus(RunState.FAILED)).isEqualTo("FAILED");
    assertThat(fake.rawStatus(RunState.CANCELLED)).isEqualTo("STOPPED");
    assertThatThrownBy(() -> fake.rawStatus(RunState.TIMED_OUT)).isInstanceOf(IllegalArgumentException.class);
    assertThat(fake.stops()).isEqualTo(false);
  }
}
