package io.wflaunch.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.InvalidRequestException;
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

/** The sfn fake, found by type with this adapter on the class path: the adapter over the fake service. */
class StepFunctionsFakeBackendTest {

  private static final Duration RUN_TIME = Duration.ofMinutes(2);
  /** How long a run is started before it runs. */
  private static final Duration LEAD = Duration.ZERO;

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeBackend fake = BackendProviders.fake("sfn",
      BackendSettings.builder("sfn").clock(time.clock()).build()).orElseThrow();

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
    WorkflowTarget target = WorkflowTarget.parse("sfn:order-pipeline");
    fake.define(target, Runs.succeedAfter(RUN_TIME));

    RunHandle run = start(StartRunRequest.builder(target).build());

    assertThat(fake.backend().getRun(run).state()).isEqualTo(RunState.RUNNING);
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
    WorkflowTarget target = WorkflowTarget.parse("sfn:arn:aws:states:us-east-1:123456789012:stateMachine:refunds");
    fake.define(target, Runs.failAfter(RUN_TIME, "disk full"));

    RunHandle run = start(StartRunRequest.builder(target).build());
    time.advanceBy(LEAD.plus(RUN_TIME).plusSeconds(1));

    RunStatus failed = fake.backend().getRun(run);
    assertThat(failed.state()).isEqualTo(RunState.FAILED);
    assertThat(failed.rawStatus()).isEqualTo(fake.rawStatus(RunState.FAILED));
    // The error and cause are the state machine's text, so the adapter keeps them as masked details.
    assertThat(failed.details()).containsEntry("error", "States.TaskFailed").containsEntry("cause", "disk full");
    assertThat(failed.maskedDetails()).contains("error", "cause");
  }

  @Test
  void aTargetIsDefinedOnceAndKeepsItsFirstDefinition() {
    WorkflowTarget target = WorkflowTarget.parse("sfn:order-pipeline");
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

    assertThat(sample.target()).isEqualTo(WorkflowTarget.parse("sfn:order-pipeline"));
    assertThat(sample.idempotencyKey()).contains("pipeline-order-4711");
    assertThat(sample.parameters()).isEqualTo(Map.of("orderId", "4711"));
    assertThat(run.backend()).isEqualTo("sfn");
  }

  @Test
  void itNamesTheServicesStatusesAndWhetherItStops() {
    assertThat(fake.rawStatus(RunState.RUNNING)).isEqualTo("RUNNING");
    assertThat(fake.rawStatus(RunState.SUCCEEDED)).isEqualTo("SUCCEEDED");
    assertThat(fake.rawStatus(RunState.FAILED)).isEqualTo("FAILED");
    assertThat(fake.rawStatus(RunState.CANCELLED)).isEqualTo("ABORTED");
    assertThatThrownBy(() -> fake.rawStatus(RunState.TIMED_OUT)).isInstanceOf(IllegalArgumentException.class);
    assertThat(fake.stops()).isEqualTo(true);
  }

  @Test
  void anArnOfAnotherAccountOrRegionCannotBeDefined() {
    WorkflowTarget elsewhere = WorkflowTarget.parse("sfn:arn:aws:states:eu-west-1:210987654321:stateMachine:orders");

    assertThatThrownBy(() -> fake.define(elsewhere, Runs.succeedAfter(RUN_TIME)))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).isEqualTo("stateMachine");
          assertThat(e.getMessage()).contains("us-east-1").contains("123456789012");
        });
  }
}
