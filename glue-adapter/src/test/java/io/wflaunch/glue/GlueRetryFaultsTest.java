package io.wflaunch.glue;

import static io.wflaunch.glue.ScriptedGlue.Fault.CONCURRENT_RUNS;
import static io.wflaunch.glue.ScriptedGlue.Fault.LOSE_ANSWER;
import static io.wflaunch.glue.ScriptedGlue.Fault.SERVER_ERROR;
import static io.wflaunch.glue.ScriptedGlue.Fault.THROTTLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.LimitExceededException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.glue.FakeGlueClient;
import io.wflaunch.testkit.glue.GlueJobScript;
import io.wflaunch.testkit.glue.GlueRunScript;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The retry protocol of both Glue engines under faults aimed at its calls: a re-run request is sent
 * again only after a refusal or after the look-ups proved no re-run exists, a lost answer is settled by
 * the look-ups, and whatever happens there is never more than one re-run of a run.
 */
class GlueRetryFaultsTest {

  private static final Duration RUN = Duration.ofMinutes(5);

  /** One engine: how to fail a run, how to count its re-runs, and its operations' names. */
  record Engine(String name, String send, String listing, Function<Scene, RunHandle> failedRun,
      Function<Scene, List<String>> runIds, Function<Scene, Long> reRuns) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The fake, its scripted front, and a launcher over an engine's backend. */
  record Scene(VirtualScheduler time, ScriptedGlue glue, WorkflowLauncher launcher) {}

  private Scene scene;

  static Stream<Arguments> engines() {
    Engine jobs = new Engine("gluejob", "StartJobRun", "GetJobRuns",
        scene -> {
          scene.glue().fake.addJob("nightly", null, GlueJobScript.failsAfter(RUN, "boom"));
          RunHandle handle = scene.launcher().start(StartRunRequest.builder(WorkflowTarget.of("gluejob", "nightly")).build());
          scene.time().advanceBy(RUN.plusMinutes(1));
          return handle;
        },
        scene -> scene.glue().fake.jobRunsOf("nightly").stream().map(run -> run.id()).toList(),
        scene -> scene.glue().fake.jobRunsOf("nightly").stream().filter(run -> run.previousRunId() != null).count());
    Engine workflows = new Engine("glue", "ResumeWorkflowRun", "GetWorkflowRuns",
        scene -> {
          scene.glue().fake.addWorkflow("etl", GlueRunScript.completesWithFailedActionsAfter(RUN, 4, 2));
          RunHandle handle = scene.launcher().start(StartRunRequest.builder(WorkflowTarget.of("glue", "etl")).build());
          scene.time().advanceBy(RUN.plusMinutes(1));
          return handle;
        },
        scene -> scene.glue().fake.runsOf("etl").stream().map(run -> run.workflowRunId()).toList(),
        scene -> scene.glue().fake.runsOf("etl").stream().filter(run -> run.previousRunId() != null).count());
    return Stream.of(Arguments.of(jobs), Arguments.of(workflows));
  }

  private RunHandle failedRun(Engine engine) {
    VirtualScheduler time = new VirtualScheduler();
    ScriptedGlue glue = new ScriptedGlue(FakeGlueClient.create(time.clock()));
    StartPolicy policy = StartPolicy.DEFAULT.withoutPauses();
    WorkflowBackend backend = engine.name().equals("gluejob")
        ? GlueJobBackend.builder(glue).clock(time.clock()).retryPolicy(policy).build()
        : GlueBackend.builder(glue).clock(time.clock()).retryPolicy(policy).build();
    scene = new Scene(time, glue, WorkflowLauncher.builder().backend(backend).startPolicy(policy).build());
    RunHandle failed = engine.failedRun().apply(scene);
    assertThat(scene.launcher().getRun(failed).state()).isEqualTo(RunState.FAILED);
    glue.resetCalls();
    return failed;
  }

  @AfterEach
  void tearDown() {
    scene.launcher().close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aLostAnswerIsSettledByTheLookUpsAndNotSentAgain(Engine engine) {
    RunHandle failed = failedRun(engine);
    scene.glue().next(engine.send(), LOSE_ANSWER);

    RunHandle rerun = scene.launcher().retry(failed);

    assertThat(engine.reRuns().apply(scene)).isEqualTo(1);
    assertThat(engine.runIds().apply(scene)).contains(rerun.runId());
    assertThat(scene.glue().calls(engine.send())).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aLostAnswerWhileTheListingLagsIsSettledWithinTheWindow(Engine engine) {
    RunHandle failed = failedRun(engine);
    scene.glue().fake.listingLag(3);
    scene.glue().next(engine.send(), LOSE_ANSWER);

    RunHandle rerun = scene.launcher().retry(failed);

    assertThat(engine.reRuns().apply(scene)).isEqualTo(1);
    assertThat(scene.glue().calls(engine.send())).isEqualTo(1);
    assertThat(scene.launcher().retry(failed)).as("a second retry finds it").isEqualTo(rerun);
    assertThat(scene.glue().calls(engine.send())).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aLostAnswerTheLookUpsCannotSettleLeavesTheOutcomeUnknownAndOneReRun(Engine engine) {
    RunHandle failed = failedRun(engine);
    scene.glue().next(engine.send(), LOSE_ANSWER);
    // The look-up before sending succeeds; every read of the settlement fails (it gives up after as many
    // failed reads as the policy's look-ups).
    scene.glue().next(engine.listing(), ScriptedGlue.Fault.NONE);
    for (int i = 0; i < StartPolicy.DEFAULT.lookUps(); i++) {
      scene.glue().next(engine.listing(), SERVER_ERROR);
    }

    assertThatThrownBy(() -> scene.launcher().retry(failed)).isInstanceOfSatisfying(BackendUnavailableException.class,
        e -> assertThat(e.outcomeUnknown()).isTrue());
    assertThat(scene.glue().calls(engine.listing())).isEqualTo(1 + StartPolicy.DEFAULT.lookUps());
    assertThat(engine.reRuns().apply(scene)).isEqualTo(1);
    assertThat(scene.glue().calls(engine.send())).isEqualTo(1);
    assertThat(scene.launcher().retry(failed).runId()).as("the next retry finds the re-run")
        .isIn(engine.runIds().apply(scene));
    assertThat(engine.reRuns().apply(scene)).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aServerErrorThatDidNotActIsSentAgainOnceTheLookUpsFindNothing(Engine engine) {
    RunHandle failed = failedRun(engine);
    scene.glue().next(engine.send(), SERVER_ERROR);

    RunHandle rerun = scene.launcher().retry(failed);

    assertThat(engine.reRuns().apply(scene)).isEqualTo(1);
    assertThat(engine.runIds().apply(scene)).contains(rerun.runId());
    assertThat(scene.glue().calls(engine.send())).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void throttlingIsSentAgainAndThrottlingEveryAttemptEndsThrottledWithNothingBegun(Engine engine) {
    RunHandle failed = failedRun(engine);
    scene.glue().next(engine.send(), THROTTLE, THROTTLE, THROTTLE);

    assertThatThrownBy(() -> scene.launcher().retry(failed)).isInstanceOfSatisfying(ThrottledException.class,
        e -> assertThat(e.outcomeUnknown()).isFalse());
    assertThat(scene.glue().calls(engine.send())).isEqualTo(3);
    assertThat(engine.reRuns().apply(scene)).isZero();

    scene.glue().next(engine.send(), THROTTLE);
    RunHandle rerun = scene.launcher().retry(failed);
    assertThat(engine.runIds().apply(scene)).contains(rerun.runId());
    assertThat(engine.reRuns().apply(scene)).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aConcurrencyLimitIsLimitExceededWithNothingBegun(Engine engine) {
    RunHandle failed = failedRun(engine);
    scene.glue().next(engine.send(), CONCURRENT_RUNS);

    assertThatThrownBy(() -> scene.launcher().retry(failed)).isInstanceOfSatisfying(LimitExceededException.class,
        e -> {
          assertThat(e.outcomeUnknown()).isFalse();
          assertThat(e.handle()).contains(failed);
        });
    assertThat(scene.glue().calls(engine.send())).isEqualTo(1);
    assertThat(engine.reRuns().apply(scene)).isZero();
  }
}
