package io.wflaunch.emrserverless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.ConflictException;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BackendProviders;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.emrserverless.EmrServerlessRunScript;
import io.wflaunch.testkit.emrserverless.FakeEmrServerlessClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;

/** What the contract suite does not say about EMR Serverless, on the testkit's fake and virtual time. */
class EmrServerlessBackendTest {

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeEmrServerlessClient emr = FakeEmrServerlessClient.create(time.clock());
  private final EmrServerlessBackend backend = EmrServerlessBackend.builder(emr).asyncClient(emr.asyncClient())
      .defaults(EmrServerlessBackendContractTest.DEFAULTS).clock(time.clock()).build();
  private final WorkflowLauncher launcher = WorkflowLauncher.builder().backend(backend).clock(time.clock())
      .scheduler(time).executor(time).startPolicy(StartPolicy.DEFAULT.withoutPauses()).build();

  @AfterEach
  void close() {
    launcher.close();
  }

  private WorkflowTarget application(EmrServerlessRunScript script) {
    return WorkflowTarget.of("emrserverless", emr.addApplication("etl", script));
  }

  @Test
  void retryIsRefusedBecauseTheServiceCannotReRunAJobRun() {
    WorkflowTarget app = application(EmrServerlessRunScript.failsAfter(Duration.ofMinutes(1), "boom"));
    RunHandle run = launcher.start(StartRunRequest.builder(app).build());
    time.advanceBy(Duration.ofMinutes(2));
    int requests = emr.requestCount();

    assertThatThrownBy(() -> launcher.retry(run)).isInstanceOfSatisfying(OperationNotSupportedException.class, e -> {
      assertThat(e.operation()).isEqualTo("retry");
      assertThat(e.getMessage()).contains("EMR Serverless has no API to re-run a job run").contains("start a new job run");
    });
    assertThatThrownBy(() -> launcher.retryAsync(run).join()).isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(OperationNotSupportedException.class);
    assertThat(emr.requestCount()).as("nothing is sent").isEqualTo(requests);
    assertThat(emr.runCount(app.part(0))).isEqualTo(1);
  }

  @Test
  void aKeyIsTheClientTokenOfEveryAttemptAndOfARepeatedStart() {
    WorkflowTarget app = application(EmrServerlessRunScript.succeedsAfter(Duration.ofMinutes(5)));
    emr.loseNextStartResponses(2);

    RunHandle first = launcher.start(StartRunRequest.builder(app).idempotencyKey("nightly 2024-06-01").build());
    RunHandle again = launcher.start(StartRunRequest.builder(app).idempotencyKey("nightly 2024-06-01").build());

    assertThat(again).isEqualTo(first);
    assertThat(emr.runCount(app.part(0))).isEqualTo(1);
    assertThat(emr.startRequest(first.part(1)).map(StartJobRunRequest::clientToken)).get().asString()
        .startsWith("wfl-").hasSize(64);
  }

  @Test
  void keylessStartsGetOneTokenPerCallSoALostAnswerIsSettledAndAnotherCallStartsAnotherRun() {
    WorkflowTarget app = application(EmrServerlessRunScript.succeedsAfter(Duration.ofMinutes(5)));
    emr.loseNextStartResponses(1);

    RunHandle first = launcher.start(StartRunRequest.builder(app).build());
    RunHandle second = launcher.start(StartRunRequest.builder(app).build());

    assertThat(second).isNotEqualTo(first);
    assertThat(emr.runCount(app.part(0))).as("the lost answer's run was found again by its token").isEqualTo(2);
    assertThat(emr.startRequest(first.part(1)).orElseThrow().clientToken())
        .isNotEqualTo(emr.startRequest(second.part(1)).orElseThrow().clientToken());
  }

  @Test
  void aKeyedStartWhoseOnlyAttemptLostItsAnswerSaysItsOutcomeIsUnknownAndARepeatReturnsTheRun() {
    WorkflowTarget app = application(EmrServerlessRunScript.succeedsAfter(Duration.ofMinutes(5)));
    emr.loseNextStartResponses(1);
    try (WorkflowLauncher once = WorkflowLauncher.builder().backend(backend).clock(time.clock()).scheduler(time)
        .executor(time).startPolicy(new StartPolicy(1, Duration.ZERO, Duration.ZERO, 1, Duration.ZERO)).build()) {

      assertThatThrownBy(() -> once.start(StartRunRequest.builder(app).idempotencyKey("k1").build()))
          .isInstanceOfSatisfying(WorkflowLaunchException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
      assertThat(emr.runCount(app.part(0))).isEqualTo(1);
      assertThat(once.start(StartRunRequest.builder(app).idempotencyKey("k1").build()))
          .isEqualTo(RunHandle.of("emrserverless", app.part(0), emr.runIds(app.part(0)).get(0)));
      assertThat(emr.runCount(app.part(0))).isEqualTo(1);
    }
  }

  @Test
  void aCancelledRunIsCancellingThenCancelledAndAnEndedOneCannotBeCancelled() {
    WorkflowTarget app = application(EmrServerlessRunScript.runsUntilCancelled());
    RunHandle run = launcher.start(StartRunRequest.builder(app).build());

    launcher.stop(run);
    RunStatus cancelling = launcher.getRun(run);
    time.advanceBy(Duration.ofSeconds(6));
    RunStatus cancelled = launcher.getRun(run);

    assertThat(cancelling.state()).isEqualTo(RunState.STOPPING);
    assertThat(cancelling.rawStatus()).isEqualTo("CANCELLING");
    assertThat(cancelled.state()).isEqualTo(RunState.CANCELLED);
    assertThat(cancelled.endedAt()).isPresent();
    assertThatThrownBy(() -> launcher.stop(run)).isInstanceOf(ConflictException.class);
  }

  @Test
  void longRunsAreReadTogetherWithOneListingPerApplication() {
    WorkflowTarget a = application(EmrServerlessRunScript.succeedsAfter(Duration.ofHours(2)));
    WorkflowTarget b = application(EmrServerlessRunScript.failsAfter(Duration.ofMinutes(1), "driver lost"));
    List<RunHandle> runs = List.of(launcher.start(StartRunRequest.builder(a).build()),
        launcher.start(StartRunRequest.builder(a).build()), launcher.start(StartRunRequest.builder(b).build()));
    time.advanceBy(Duration.ofMinutes(5));
    int before = emr.requestCount();

    List<RunStatus> statuses = backend.getRuns(runs);

    assertThat(statuses).extracting(RunStatus::state).containsExactly(RunState.RUNNING, RunState.RUNNING,
        RunState.FAILED);
    assertThat(statuses.get(2).details()).containsEntry("stateDetails", "driver lost");
    assertThat(emr.requestCount() - before).as("one ListJobRuns per application").isEqualTo(2);
  }

  @Test
  void listRunsIsNewestFirst() {
    WorkflowTarget app = application(EmrServerlessRunScript.succeedsAfter(Duration.ofMinutes(5)));
    RunHandle older = launcher.start(StartRunRequest.builder(app).build());
    time.advanceBy(Duration.ofSeconds(10));
    RunHandle newer = launcher.start(StartRunRequest.builder(app).build());

    assertThat(launcher.listRuns(app, 10)).extracting(RunStatus::handle).containsExactly(newer, older);
  }

  @Test
  void theStartOptionsOfTheCommandLineBecomeTheOptions() {
    EmrServerlessProvider provider = (EmrServerlessProvider) BackendProviders.find("emrserverless").orElseThrow();
    WorkflowTarget app = WorkflowTarget.of("emrserverless", "00app");

    EmrServerlessOptions options = (EmrServerlessOptions) provider.parseStartOptions(app, Map.of(
        "entryPoint", List.of("s3://b/etl.py"), "entryPointArgument", List.of("--full", "yes"),
        "tag", List.of("team=data", "env=prod"), "executionTimeoutMinutes", List.of("30"),
        "name", List.of("nightly"))).orElseThrow();

    assertThat(options.sparkSubmit()).contains(new EmrServerlessOptions.SparkSubmit("s3://b/etl.py",
        List.of("--full", "yes"), Optional.empty()));
    assertThat(options.tags()).containsEntry("team", "data").containsEntry("env", "prod");
    assertThat(options.executionTimeoutMinutes()).contains(30L);
    assertThat(options.name()).contains("nightly");
    assertThatThrownBy(() -> provider.parseStartOptions(app, Map.of("hiveParameters", List.of("--x"))))
        .isInstanceOf(io.wflaunch.InvalidRequestException.class).hasMessageContaining("hiveQuery");
  }

  @Test
  void theProvidersOptionsAreTheBackendsDefaults() {
    try (EmrServerlessBackend built = (EmrServerlessBackend) BackendProviders.find("emrserverless").orElseThrow()
        .create(io.wflaunch.spi.BackendSettings.builder("emrserverless")
            .component(software.amazon.awssdk.services.emrserverless.EmrServerlessClient.class, emr)
            .option("execution-role-arn", "arn:aws:iam::123456789012:role/r1")
            .option("entry-point", "s3://b/main.py").option("s3-log-uri", "s3://b/logs/").build())) {
      assertThat(built.defaults().executionRoleArn()).contains("arn:aws:iam::123456789012:role/r1");
      assertThat(built.defaults().sparkSubmit().map(EmrServerlessOptions.SparkSubmit::entryPoint))
          .contains("s3://b/main.py");
      assertThat(built.defaults().s3LogUri()).contains("s3://b/logs/");
    }
  }
}
