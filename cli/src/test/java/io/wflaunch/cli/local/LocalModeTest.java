package io.wflaunch.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.ConflictException;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local mode: sessions standing in for separate processes, sharing one directory, on a clock the test moves. */
class LocalModeTest {

  static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-11-24T08:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @TempDir
  Path dir;
  final MovableClock clock = new MovableClock();

  WorkflowLauncher process() {
    return new LocalSession(dir, clock).launcher();
  }

  static StartRunRequest request(String target, String... parameters) {
    StartRunRequest.Builder builder = StartRunRequest.builder(WorkflowTarget.parse(target));
    for (int i = 0; i < parameters.length; i += 2) {
      builder.parameter(parameters[i], parameters[i + 1]);
    }
    return builder.build();
  }

  @Test
  void bothHandleFormsOfAStepFunctionsExecutionAreOneRunInTheNextProcess() {
    String arnPrefix = "arn:aws:states:us-east-1:123456789012:";
    RunHandle byName = process().start(StartRunRequest.builder(WorkflowTarget.parse("sfn:order-pipeline"))
        .idempotencyKey("o-3").build());
    RunHandle byArn = process().start(StartRunRequest.builder(
        WorkflowTarget.of("sfn", arnPrefix + "stateMachine:order-pipeline")).idempotencyKey("o-2").build());

    assertThat(byName).hasToString("sfn:order-pipeline/o-3");
    assertThat(byArn.parts()).containsExactly(arnPrefix + "execution:order-pipeline:o-2");
    RunHandle asArn = RunHandle.of("sfn", arnPrefix + "execution:order-pipeline:o-3");
    assertThat(process().getRun(asArn).state()).isEqualTo(RunState.RUNNING);
    assertThat(process().getRun(asArn).handle()).as("named as asked, as on the service").isEqualTo(asArn);
    assertThat(process().getRuns(List.of(asArn, byArn))).extracting(RunStatus::handle).containsExactly(asArn, byArn);
    assertThat(process().getRun(RunHandle.parse("sfn:order-pipeline/o-2")).state()).isEqualTo(RunState.RUNNING);
    assertThat(process().listRuns(WorkflowTarget.parse("sfn:order-pipeline"), 10)).hasSize(2);
    assertThat(process().start(StartRunRequest.builder(WorkflowTarget.of("sfn", arnPrefix + "stateMachine:order-pipeline"))
        .idempotencyKey("o-3").build())).as("a key returns its run whichever form names the state machine")
        .isEqualTo(byName);
    assertThatThrownBy(() -> process().getRun(RunHandle.parse("sfn:order-pipeline/o-4")))
        .isInstanceOf(RunNotFoundException.class);
  }

  @Test
  void aKeyedRunKeptWithTheRequestHashOfEarlierVersionsIsTheKeysRun() {
    StartRunRequest request = StartRunRequest.builder(WorkflowTarget.of("sfn",
        "arn:aws:states:us-east-1:123456789012:stateMachine:order-pipeline")).idempotencyKey("o-9").build();
    RunHandle run = process().start(request);
    // As earlier versions kept it: the hash over the target as the request named it.
    new LocalStore(dir).update(runs -> new LocalStore.Changed<>(runs.stream().map(kept -> new LocalRun(kept.handle(),
        kept.target(), kept.idempotencyKey(), kept.startedAt(), kept.durationMillis(), kept.fails(),
        kept.stopRequestedAt(), io.wflaunch.spi.support.RequestHash.of(request), kept.retriedAs())).toList(), null));

    assertThat(process().start(request)).isEqualTo(run);
  }

  @Test
  void aKeptRunWhoseHandleHasNoCanonicalFormDoesNotBreakLookUps() {
    RunHandle run = process().start(request("sfn:order-pipeline"));
    String odd = "sfn:arn:aws:states:us-east-1:123456789012:execution:order-pipeline:";
    new LocalStore(dir).update(runs -> {
      List<LocalRun> changed = new ArrayList<>();
      changed.add(new LocalRun(odd, "sfn:order-pipeline", null, clock.millis(), 1000, false, null, null, null));
      changed.addAll(runs);
      return new LocalStore.Changed<>(changed, null);
    });

    assertThat(process().getRun(run).state()).isEqualTo(RunState.RUNNING);
  }

  @Test
  void aRunStartedByOneProcessIsReadListedAndEndsForTheNext() {
    RunHandle run = process().start(request("glue:nightly-etl"));

    RunStatus running = process().getRun(run);
    clock.now = clock.now.plus(LocalBackend.DEFAULT_DURATION);
    RunStatus done = process().getRun(run);

    assertThat(running.state()).isEqualTo(RunState.RUNNING);
    assertThat(running.rawStatus()).isEqualTo("RUNNING");
    assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(done.rawStatus()).isEqualTo("COMPLETED");
    assertThat(done.endedAt()).contains(clock.now);
    assertThat(process().listRuns(WorkflowTarget.parse("glue:nightly-etl"), 10)).extracting(RunStatus::handle)
        .containsExactly(run);
  }

  @Test
  void parametersAskForAFailureOrAnotherDurationAndBadOnesAreRefused() {
    RunHandle failing = process().start(request("sfn:orders", "fail", "true", "duration", "5s"));
    clock.now = clock.now.plusSeconds(5);

    assertThat(process().getRun(failing).state()).isEqualTo(RunState.FAILED);
    assertThat(process().getRun(failing).rawStatus()).isEqualTo("FAILED");
    assertThat(process().getRun(failing).details()).containsEntry("target", "sfn:orders")
        .containsEntry("runsFor", "PT5S").containsEntry("startedToFail", "true").doesNotContainKey("idempotencyKey");
    assertThatThrownBy(() -> process().start(request("glue:x", "duration", "soon")))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("parameters.duration"));
    assertThatThrownBy(() -> process().start(request("glue:x", "fail", "maybe")))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("parameters.fail"));
  }

  @Test
  void aStopCancelsARunningRunAndIsAConflictOnceItEnded() {
    RunHandle run = process().start(request("swf:payments/Settle/1.0"));
    clock.now = clock.now.plusSeconds(1);

    process().stop(run);
    clock.now = clock.now.plusSeconds(60);

    assertThat(process().getRun(run).state()).isEqualTo(RunState.CANCELLED);
    assertThat(process().getRun(run).rawStatus()).isEqualTo("CANCELED");
    assertThatThrownBy(() -> process().stop(run)).isInstanceOf(ConflictException.class);
    RunHandle build = process().start(request("codecatalyst:space/project/build"));
    assertThatThrownBy(() -> process().stop(build)).isInstanceOf(OperationNotSupportedException.class);
  }

  @Test
  void aKeyStartsOneRunAcrossProcessesRacingForIt() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<RunHandle>> starts = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        starts.add(pool.submit(() -> process().start(StartRunRequest.builder(WorkflowTarget.parse("glue:etl"))
            .idempotencyKey("order-4711").build())));
      }
      Set<RunHandle> handles = new HashSet<>();
      for (Future<RunHandle> start : starts) {
        handles.add(start.get());
      }
      assertThat(handles).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(process().listRuns(WorkflowTarget.parse("glue:etl"), 100)).hasSize(1);
  }

  @Test
  void handlesAreShapedAsTheRealBackendsShapeThem() {
    WorkflowLauncher launcher = process();
    List<RunHandle> handles = List.of(launcher.start(request("glue:etl")),
        launcher.start(request("swf:payments/Settle/1.0")),
        launcher.start(request("codecatalyst:space/project/build")),
        launcher.start(StartRunRequest.builder(WorkflowTarget.parse(
            "sfn:arn:aws:states:us-east-1:123456789012:stateMachine:orders")).idempotencyKey("order-1").build()));

    assertThat(handles).allSatisfy(handle -> assertThat(launcher.parseHandle(handle.toString())).isEqualTo(handle));
    assertThat(handles.get(3).part(0)).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:orders:order-1");
    // The fakes live in one account and region: local mode refuses a state machine of another, naming it.
    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(WorkflowTarget.parse(
        "sfn:arn:aws:states:eu-west-1:111122223333:stateMachine:orders")).build()))
        .isInstanceOfSatisfying(io.wflaunch.InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("stateMachine"));
    assertThatThrownBy(() -> launcher.getRun(RunHandle.of("glue", "etl", "wr_" + "0".repeat(64))))
        .isInstanceOf(RunNotFoundException.class).hasMessageContaining("local mode");
  }

  @Test
  void resetForgetsEveryRun() {
    RunHandle run = process().start(request("glue:etl"));

    new LocalStore(dir).reset();

    assertThatThrownBy(() -> process().getRun(run)).isInstanceOf(RunNotFoundException.class);
  }

  @Test
  void keysBecomeWhatTheRealAdaptersAcceptAndAStateMachineNamedOrByArnNamesOneExecution() {
    WorkflowLauncher launcher = process();
    RunHandle swf = launcher.start(StartRunRequest.builder(WorkflowTarget.parse("swf:payments/Settle/1.0"))
        .idempotencyKey("order:42/x").build());
    RunHandle byName = launcher.start(StartRunRequest.builder(WorkflowTarget.parse("sfn:orders"))
        .idempotencyKey("order-1").build());
    RunHandle byArn = launcher.start(StartRunRequest.builder(WorkflowTarget.parse(
        "sfn:arn:aws:states:us-east-1:123456789012:stateMachine:orders")).idempotencyKey("order-1").build());

    assertThat(process().getRun(launcher.parseHandle(swf.toString())).state()).isEqualTo(RunState.RUNNING);
    assertThat(swf.part(1)).startsWith("wflaunch-");
    // A target by name gives the short form; the key through the state machine's ARN names the same execution.
    assertThat(byName).isEqualTo(RunHandle.of("sfn", "orders", "order-1"));
    assertThat(byArn).isEqualTo(byName);
    assertThat(launcher.listRuns(WorkflowTarget.parse("sfn:orders"), 10)).extracting(RunStatus::handle)
        .containsExactly(byName);
  }

  @Test
  void aStepFunctionsStopOfAnEndedExecutionChangesNothingAsOnAws() {
    RunHandle run = process().start(request("sfn:orders", "duration", "1s"));
    clock.now = clock.now.plusSeconds(2);

    process().stop(run);

    assertThat(process().getRun(run).state()).isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void durationsUpToAnHourAreTakenAndHugeOnesRefused() {
    process().start(request("glue:x", "duration", "1h"));

    assertThatThrownBy(() -> process().start(request("glue:x", "duration", "200000000000000000m")))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> process().start(request("glue:x", "duration", "2h")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("0 to 1 hour");
  }

  @Test
  void aCorruptStateFileSaysHowToStartAfresh() throws Exception {
    process().start(request("glue:x"));
    java.nio.file.Files.writeString(dir.resolve("runs.json"), "{not json");

    assertThatThrownBy(() -> process().listRuns(WorkflowTarget.parse("glue:x"), 10))
        .hasMessageContaining("wflaunch local reset");
    new LocalStore(dir).reset();
    assertThat(process().listRuns(WorkflowTarget.parse("glue:x"), 10)).isEmpty();
  }

  @Test
  void localModeRefusesWhatTheServicesRefuse() {
    WorkflowLauncher launcher = process();
    launcher.start(StartRunRequest.builder(WorkflowTarget.parse("sfn:orders")).parameter("x", "1")
        .idempotencyKey("key-1").build());
    launcher.start(StartRunRequest.builder(WorkflowTarget.parse("swf:d/T/1")).idempotencyKey("key-1").build());

    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(WorkflowTarget.parse("sfn:orders"))
        .parameter("x", "2").idempotencyKey("key-1").build())).isInstanceOf(ConflictException.class);
    // SWF keeps one open execution per domain and workflowId: the key's workflowId on another type, from
    // another process.
    assertThatThrownBy(() -> process().start(StartRunRequest.builder(WorkflowTarget.parse("swf:d/T/2"))
        .idempotencyKey("key-1").build())).isInstanceOf(ConflictException.class).hasMessageContaining("is open");
    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(WorkflowTarget.parse("sfn:orders"))
        .options(io.wflaunch.stepfunctions.StepFunctionsOptions.builder().executionName("ex1").build()).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("options.executionName"));
    RunHandle quick = launcher.start(request("codecatalyst:space/project/build", "duration", "1s", "fail", "true"));
    clock.now = clock.now.plusSeconds(1);
    assertThat(launcher.getRun(quick).state()).isEqualTo(RunState.FAILED);
  }

  @Test
  void aRunNotKeptHereIsNotFoundWithAHintThatFitsLocalMode() {
    assertThatThrownBy(() -> process().getRun(RunHandle.of("glue", "etl", "wr_" + "0".repeat(64))))
        .isInstanceOf(RunNotFoundException.class)
        .hasMessageContaining("local mode has no such run in '" + dir + "'")
        .hasMessageContaining("started with another --local-dir or WFLAUNCH_LOCAL_DIR")
        .hasMessageContaining("dropped a week after it ended")
        .hasMessageContaining("'wflaunch local reset'")
        .hasMessageNotContaining("--local,")
        .hasMessageNotContaining("start one with");
  }

  @Test
  void runsKeptWithTheEscapedTextOfEarlierVersionsAreReadStoppedAndListed() throws Exception {
    RunHandle run = process().start(StartRunRequest.builder(WorkflowTarget.parse(
        "sfn:arn:aws:states:us-east-1:123456789012:stateMachine:orders")).idempotencyKey("order-9").build());
    String readable = run.toString();
    String escaped = io.wflaunch.internal.Identifiers.strictFormat(run.backend(), run.parts());
    Path file = dir.resolve("runs.json");
    String kept = java.nio.file.Files.readString(file);
    assertThat(kept).contains(readable);
    java.nio.file.Files.writeString(file, kept.replace(readable, escaped)
        .replace("sfn:arn:aws:states:us-east-1:123456789012:stateMachine:orders",
            "sfn:arn%3Aaws%3Astates%3Aus-east-1%3A123456789012%3AstateMachine%3Aorders"));

    assertThat(process().getRun(run).handle()).isEqualTo(run);
    assertThat(process().listRuns(WorkflowTarget.parse("sfn:arn:aws:states:us-east-1:123456789012:stateMachine:orders"),
        5)).extracting(RunStatus::handle).containsExactly(run);
    assertThat(process().start(StartRunRequest.builder(WorkflowTarget.parse(
        "sfn:arn:aws:states:us-east-1:123456789012:stateMachine:orders")).idempotencyKey("order-9").build()))
        .as("the key's run, found by its escaped target").isEqualTo(run);
    process().stop(run);
    assertThat(process().getRun(run).state()).isEqualTo(RunState.CANCELLED);
  }

  @Test
  void aCodeCatalystWorkflowNamedByNameKeepsItsNameAndOneIdAcrossProcesses() {
    RunHandle first = process().start(request("codecatalyst:my-space/web-app/deploy"));
    RunHandle second = process().start(request("codecatalyst:my-space/web-app/deploy"));

    RunStatus status = process().getRun(first);

    assertThat(first.part(2)).as("the workflow id").isEqualTo(second.part(2))
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(status.details()).containsEntry("workflowName", "deploy")
        .containsEntry("target", "codecatalyst:my-space/web-app/deploy");
    assertThat(process().getRun(process().start(request("codecatalyst:my-space/web-app/build"))).details())
        .containsEntry("workflowName", "build");
  }
}
