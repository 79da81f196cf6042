package io.wflaunch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.GiveUpStop;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WaitOptions;
import io.wflaunch.WaitTimeoutException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BackendProviders;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.FakeBackend;
import io.wflaunch.spi.FakeBackend.Runs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of a backend type's fake ({@link io.wflaunch.spi.FakeBackendProvider}), which demos and
 * local mode rely on: found by its type with the adapter on the class path, a defined target's runs
 * succeed or fail after the run time, a target keeps its first definition, the sample request starts,
 * and the service's statuses are named. A backend's tests extend it:
 *
 * <pre>{@code
 * class YourFakeBackendTest extends FakeBackendContract {
 *   protected String type() { return "yours"; }
 *   protected WorkflowTarget target(String name) { return WorkflowTarget.of("yours", name); }
 *   protected Map<RunState, String> rawStatuses() { return Map.of(RunState.RUNNING, "RUNNING", ...); }
 * }
 * }</pre>
 */
public abstract class FakeBackendContract {

  /** How long the runs of the targets the contract defines take. */
  protected static final Duration RUN_TIME = Duration.ofMinutes(2);

  /** Virtual time for the test; the fake runs on it. */
  protected VirtualScheduler time;
  /** The fake under test. */
  protected FakeBackend fake;

  /**
   * The backend type whose fake is under test.
   *
   * @return the type
   */
  protected abstract String type();

  /**
   * A well-formed target of the type, distinct for each {@code name}.
   *
   * @param name a short lower-case name
   * @return the target
   */
  protected abstract WorkflowTarget target(String name);

  /**
   * The service's status text for {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED} and {@code CANCELLED}.
   *
   * @return the four texts
   */
  protected abstract Map<RunState, String> rawStatuses();

  /**
   * Whether the service can stop runs. True by default.
   *
   * @return whether the fake says it stops runs
   */
  protected boolean stops() {
    return true;
  }

  /**
   * How long after its start a run of the fake runs (a service that validates first, say). None by default.
   *
   * @return the lead
   */
  protected Duration lead() {
    return Duration.ZERO;
  }

  /**
   * The state of a run just started. {@code RUNNING} by default.
   *
   * @return the state
   */
  protected RunState freshState() {
    return RunState.RUNNING;
  }

  /**
   * Checks that a run defined to fail with {@code reason} says so where the adapter keeps such text. By
   * default among its reasons; adapters that keep the service's text as masked details override it.
   *
   * @param failed the failed run's status
   * @param reason the reason it was defined to fail with
   */
  protected void assertFailedWith(RunStatus failed, String reason) {
    assertThat(failed.reasons()).anySatisfy(text -> assertThat(text).contains(reason));
  }

  /**
   * The other forms of a started run's handle that name the same run (a service with a short form and an
   * ARN form, say), which {@link FakeBackend#canonical(RunHandle)} must bring to one handle; none by default.
   *
   * @param run the handle a start returned
   * @return the run's other handles
   */
  protected List<RunHandle> otherFormsOf(RunHandle run) {
    return List.of();
  }

  /**
   * The other forms of a target that name the same workflow; none by default.
   *
   * @param target a target of {@link #target(String)}
   * @return the workflow's other targets
   */
  protected List<WorkflowTarget> otherFormsOf(WorkflowTarget target) {
    return List.of();
  }

  @BeforeEach
  final void createFake() {
    time = new VirtualScheduler();
    fake = BackendProviders.fake(type(), BackendSettings.builder(type()).clock(time.clock()).build())
        .orElseThrow(() -> new AssertionError("no FakeBackendProvider of type " + type() + " on the class path"));
  }

  @AfterEach
  final void closeFake() {
    fake.close();
    time.shutdownNow();
  }

  /**
   * Starts a run through a launcher over the fake alone, as tools do.
   *
   * @param request the request
   * @return the run
   */
  protected RunHandle start(StartRunRequest request) {
    try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(fake.backend()).clock(time.clock())
        .scheduler(time).executor(time).startPolicy(StartPolicy.DEFAULT.withoutPauses()).build()) {
      return launcher.start(request);
    }
  }

  @Test
  void aDefinedTargetsRunsSucceedAfterTheRunTime() {
    WorkflowTarget target = target("nightly");
    fake.define(target, Runs.succeedAfter(RUN_TIME));

    RunHandle run = start(StartRunRequest.builder(target).build());

    assertThat(fake.backend().getRun(run).state()).isEqualTo(freshState());
    time.advanceBy(lead().plus(RUN_TIME).minusSeconds(1));
    assertThat(fake.backend().getRun(run).state()).isEqualTo(RunState.RUNNING);
    assertThat(fake.backend().getRun(run).rawStatus()).isEqualTo(fake.rawStatus(RunState.RUNNING));
    time.advanceBy(Duration.ofSeconds(2));
    RunStatus done = fake.backend().getRun(run);
    assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(done.rawStatus()).isEqualTo(fake.rawStatus(RunState.SUCCEEDED));
  }

  @Test
  void aTargetDefinedToFailFailsAfterTheRunTime() {
    WorkflowTarget target = target("cleanup");
    fake.define(target, Runs.failAfter(RUN_TIME, "disk full"));

    RunHandle run = start(StartRunRequest.builder(target).build());
    time.advanceBy(lead().plus(RUN_TIME).plusSeconds(1));

    RunStatus failed = fake.backend().getRun(run);
    assertThat(failed.state()).isEqualTo(RunState.FAILED);
    assertThat(failed.rawStatus()).isEqualTo(fake.rawStatus(RunState.FAILED));
    assertFailedWith(failed, "disk full");
  }

  @Test
  void aTargetIsDefinedOnceAndKeepsItsFirstDefinition() {
    WorkflowTarget target = target("nightly");
    fake.define(target, Runs.succeedAfter(RUN_TIME));
    fake.define(target, Runs.failAfter(Duration.ofSeconds(1), "disk full"));

    RunHandle run = start(StartRunRequest.builder(target).build());
    time.advanceBy(lead().plus(RUN_TIME).plusSeconds(1));

    assertThat(fake.backend().getRun(run).state()).isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void theSampleRequestStartsOnceItsTargetIsDefined() {
    StartRunRequest sample = fake.sampleRequest();
    fake.define(sample.target(), Runs.succeedAfter(RUN_TIME));

    RunHandle run = start(sample);

    assertThat(sample.target().backend()).isEqualTo(type());
    assertThat(sample.idempotencyKey()).as("a demo shows a key").isPresent();
    assertThat(run.backend()).isEqualTo(type());
    assertThat(start(sample)).as("the sample's key returns its run").isEqualTo(run);
  }

  @Test
  void everyFormOfARunAndOfATargetHasOneCanonicalForm() {
    WorkflowTarget target = target("nightly");
    fake.define(target, Runs.succeedAfter(RUN_TIME));
    RunHandle run = start(StartRunRequest.builder(target).build());

    RunHandle canonical = fake.canonical(run);
    assertThat(fake.canonical(canonical)).isEqualTo(canonical);
    assertThat(fake.backend().getRun(canonical).handle()).as("the canonical form names the run")
        .satisfiesAnyOf(read -> assertThat(read).isEqualTo(run), read -> assertThat(read).isEqualTo(canonical));
    for (RunHandle other : otherFormsOf(run)) {
      assertThat(other).isNotEqualTo(run);
      assertThat(fake.canonical(other)).as("%s", other).isEqualTo(canonical);
    }
    WorkflowTarget workflow = fake.canonical(target);
    assertThat(fake.canonical(workflow)).isEqualTo(workflow);
    for (WorkflowTarget other : otherFormsOf(target)) {
      assertThat(other).isNotEqualTo(target);
      assertThat(fake.canonical(other)).as("%s", other).isEqualTo(workflow);
    }
  }

  /**
   * How the fake's backend re-runs a failed run, as {@link WorkflowBackendContract#retrySupport()} says for
   * the backend. {@link WorkflowBackendContract.RetrySupport#NONE} by default.
   *
   * @return how a failed run is re-run
   */
  protected WorkflowBackendContract.RetrySupport retrySupport() {
    return WorkflowBackendContract.RetrySupport.NONE;
  }

  /** A launcher over the fake alone, on the test's virtual time, as tools build one. */
  private WorkflowLauncher launcher() {
    return WorkflowLauncher.builder().backend(fake.backend()).clock(time.clock())
        .scheduler(time).executor(time).startPolicy(StartPolicy.DEFAULT.withoutPauses()).build();
  }

  @Test
  void aFailedRunIsReRunAsTheBackendSays() {
    WorkflowTarget target = target("cleanup");
    fake.define(target, Runs.failAfter(RUN_TIME, "disk full"));
    RunHandle run = start(StartRunRequest.builder(target).build());
    time.advanceBy(lead().plus(RUN_TIME).plusSeconds(1));
    assertThat(fake.backend().getRun(run).state()).isEqualTo(RunState.FAILED);

    try (WorkflowLauncher launcher = launcher()) {
      if (retrySupport() == WorkflowBackendContract.RetrySupport.NONE) {
        assertThatThrownBy(() -> launcher.retry(run)).isInstanceOf(OperationNotSupportedException.class);
        return;
      }
      RunHandle rerun = launcher.retry(run);

      if (retrySupport() == WorkflowBackendContract.RetrySupport.SAME_HANDLE) {
        assertThat(rerun).isEqualTo(run);
      } else {
        assertThat(rerun).isNotEqualTo(run);
      }
      assertThat(launcher.retry(run)).as("a second retry while the re-run is under way").isEqualTo(rerun);
      assertThat(launcher.getRun(rerun).state()).isIn(RunState.PENDING, RunState.RUNNING);
      time.advanceBy(lead().plus(RUN_TIME).plusSeconds(1));
      assertThat(launcher.getRun(rerun).state()).isEqualTo(RunState.FAILED);
    }
  }

  @Test
  void aWaitThatGivesUpStopsTheRunWhereTheServiceStops() {
    WorkflowTarget target = target("nightly");
    fake.define(target, Runs.succeedAfter(Duration.ofHours(2)));
    RunHandle run = start(StartRunRequest.builder(target).build());

    try (WorkflowLauncher launcher = launcher()) {
      CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WaitOptions.DEFAULT
          .withTimeout(Duration.ofMinutes(1)).withStopOnGiveUp(true));
      assertThat(time.advanceUntil(wait::isDone, Duration.ofMinutes(30))).isTrue();

      assertThatThrownBy(wait::join).cause().isInstanceOfSatisfying(WaitTimeoutException.class,
          e -> assertThat(e.giveUpStop()).isEqualTo(stops() ? GiveUpStop.ACKNOWLEDGED : GiveUpStop.NOT_SUPPORTED));
      time.advanceBy(Duration.ofMinutes(10));
      if (stops()) {
        assertThat(launcher.getRun(run).state()).isEqualTo(RunState.CANCELLED);
      } else {
        assertThat(launcher.getRun(run).state()).isIn(RunState.PENDING, RunState.RUNNING);
      }
    }
  }

  @Test
  void itNamesTheServicesStatusesAndWhetherItStops() {
    rawStatuses().forEach((state, text) -> assertThat(fake.rawStatus(state)).as("%s", state).isEqualTo(text));
    assertThatThrownBy(() -> fake.rawStatus(RunState.TIMED_OUT)).isInstanceOf(IllegalArgumentException.class);
    assertThat(fake.stops()).isEqualTo(stops());
  }
}
