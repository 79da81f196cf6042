package io.wflaunch.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ConflictException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.support.RequestHash;
import io.wflaunch.testkit.http.OperationCounter;
import io.wflaunch.testkit.moto.MotoServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.JobRun;

/**
 * Glue jobs over the real SDK and HTTP against moto, which serves StartJobRun (and honours
 * {@code JobRunId} with {@code PreviousRunId}), GetJobRun and GetJobRuns, but ends every run SUCCEEDED
 * at once, lists runs oldest first, and has no BatchStopJobRun. Stops and failing runs are covered by
 * the fake-based tests and the stub-server retry tests.
 */
class GlueJobBackendMotoTest {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static final WorkflowTarget JOB = WorkflowTarget.of("gluejob", "nightly-job");

  private static GlueClient glue;
  private static GlueAsyncClient asyncGlue;
  private WorkflowLauncher launcher;

  @BeforeAll
  static void clients() {
    glue = GlueMoto.direct(MOTO);
    asyncGlue = GlueMoto.asyncClientBuilder(MOTO).build();
  }

  @AfterAll
  static void closeClients() {
    glue.close();
    asyncGlue.close();
  }

  @BeforeEach
  void setUp() {
    MOTO.reset();
    createJob(glue, "nightly-job");
    launcher = WorkflowLauncher.builder().backend(GlueJobBackend.create(glue, asyncGlue)).build();
  }

  @AfterEach
  void tearDown() {
    launcher.close();
  }

  static void createJob(GlueClient glue, String name) {
    glue.createJob(r -> r.name(name).role("arn:aws:iam::123456789012:role/glue")
        .command(c -> c.name("glueetl").scriptLocation("s3://scripts/" + name + ".py"))
        .defaultArguments(Map.of("--env", "moto"))
        .executionProperty(p -> p.maxConcurrentRuns(1000)));
  }

  @Test
  void aKeyedStartSendsTheArgumentsInOrderWithTheKeyAndTheOptions() {
    StartRunRequest request = StartRunRequest.builder(JOB).parameter("--date", "2026-11-23").parameter("--region", "eu")
        .idempotencyKey("job-2026-11-23")
        .options(GlueJobOptions.builder().argument("--mode", "full").workerType("G.1X").numberOfWorkers(4)
            .timeoutMinutes(30).securityConfiguration("encrypted").notifyDelayAfterMinutes(10).build())
        .build();

    RunHandle handle = launcher.start(request);

    JobRun run = glue.getJobRun(r -> r.jobName("nightly-job").runId(handle.runId())).jobRun();
    assertThat(handle.runId()).startsWith("jr_");
    assertThat(RunHandle.parse(handle.toString())).isEqualTo(handle);
    assertThat(run.arguments()).containsExactly(Map.entry("--env", "moto"), Map.entry("--date", "2026-11-23"),
        Map.entry("--region", "eu"), Map.entry("--mode", "full"),
        Map.entry(GlueJobOptions.DEFAULT_IDEMPOTENCY_ARGUMENT, "job-2026-11-23"),
        Map.entry(GlueJobOptions.REQUEST_HASH_ARGUMENT, RequestHash.of(request).substring(0, 16)));
    assertThat(run.workerTypeAsString()).isEqualTo("G.1X");
    assertThat(run.numberOfWorkers()).isEqualTo(4);
    assertThat(run.timeout()).isEqualTo(30);
    assertThat(run.securityConfiguration()).isEqualTo("encrypted");
    assertThat(run.notificationProperty().notifyDelayAfter()).isEqualTo(10);
  }

  /** moto ends a run SUCCEEDED at once. */
  @Test
  void aStartedRunReadsBackAsMotoEndsIt() {
    RunHandle handle = launcher.start(StartRunRequest.builder(JOB).build());

    RunStatus status = launcher.getRun(handle);

    assertThat(status.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(status.rawStatus()).isEqualTo("SUCCEEDED");
    assertThat(status.details()).containsEntry("attempt", "0");
    assertThat(status.detail(JobRun.class)).hasValueSatisfying(run -> assertThat(run.id()).isEqualTo(handle.runId()));
    assertThat(launcher.awaitCompletion(handle, WaitOptions.DEFAULT).state()).isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void theSameKeyTwiceGivesOneRunFoundThroughGetJobRuns() {
    RunHandle first = launcher.start(StartRunRequest.builder(JOB).idempotencyKey("once").build());
    RunHandle again = launcher.start(StartRunRequest.builder(JOB).idempotencyKey("once").build());

    assertThat(again).isEqualTo(first);
    assertThat(glue.getJobRuns(r -> r.jobName("nightly-job")).jobRuns()).hasSize(1);
  }

  @Test
  void listNewestFirstAndBatchedReadsTakeOneListing() {
    OperationCounter counter = new OperationCounter();
    try (GlueClient counted = GlueMoto.clientBuilder(MOTO).httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(o -> o.addExecutionInterceptor(counter)).build();
        WorkflowLauncher counting = WorkflowLauncher.builder().backend(GlueJobBackend.create(counted)).build()) {
      List<RunHandle> started = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        started.add(launcher.start(StartRunRequest.builder(JOB).parameter("--part", Integer.toString(i)).build()));
      }

      List<RunStatus> listed = counting.listRuns(JOB, 10);
      counter.reset();
      List<RunStatus> batched = counting.getRuns(List.of(started.get(2), started.get(0), started.get(1)));

      assertThat(listed).extracting(RunStatus::handle).containsExactlyInAnyOrderElementsOf(started);
      assertThat(listed).extracting(RunStatus::startedAt).isSortedAccordingTo(
          java.util.Comparator.<java.util.Optional<java.time.Instant>, java.time.Instant>comparing(
              s -> s.orElseThrow()).reversed());
      assertThat(batched).extracting(RunStatus::handle).containsExactly(started.get(2), started.get(0), started.get(1));
      assertThat(counter.counts()).containsExactly(Map.entry("GetJobRuns", 1));
    }
  }

  @Test
  void aMissingJobAndAMissingRunAreNamedSo() {
    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(WorkflowTarget.of("gluejob", "no-such-job")).build()))
        .isInstanceOf(WorkflowNotFoundException.class);
    assertThatThrownBy(() -> launcher.getRun(RunHandle.of("gluejob", "nightly-job", "jr_" + "0".repeat(64))))
        .isInstanceOf(RunNotFoundException.class);
  }

  /** moto honours JobRunId: a run re-run by hand is what a retry of the first answers, with nothing sent. */
  @Test
  void aRunReRunWithJobRunIdIsFoundByItsPreviousRunId() {
    RunHandle first = launcher.start(StartRunRequest.builder(JOB).build());
    String rerun = glue.startJobRun(r -> r.jobName("nightly-job").jobRunId(first.runId())).jobRunId();

    RunHandle retried = launcher.retry(first);

    assertThat(retried).isEqualTo(RunHandle.of("gluejob", "nightly-job", rerun));
    assertThat(glue.getJobRun(r -> r.jobName("nightly-job").runId(rerun)).jobRun().previousRunId())
        .isEqualTo(first.runId());
    assertThat(glue.getJobRuns(r -> r.jobName("nightly-job")).jobRuns()).hasSize(2);
  }

  /** Every moto run succeeds, so a retry of one is refused before anything is sent. */
  @Test
  void aSucceededRunIsNotRetried() {
    RunHandle handle = launcher.start(StartRunRequest.builder(JOB).build());

    assertThatThrownBy(() -> launcher.retry(handle)).isInstanceOfSatisfying(ConflictException.class, e -> {
      assertThat(e.outcomeUnknown()).isFalse();
      assertThat(e.getMessage()).contains("SUCCEEDED");
    });
    assertThat(glue.getJobRuns(r -> r.jobName("nightly-job")).jobRuns()).hasSize(1);
  }

  /** moto has no BatchStopJobRun; its answer is an error the stop reports, not a silent success. */
  @Test
  void aStopOnMotoFailsAsMotoLacksBatchStopJobRun() {
    RunHandle handle = launcher.start(StartRunRequest.builder(JOB).build());

    assertThatThrownBy(() -> launcher.stop(handle)).isInstanceOfSatisfying(BackendUnavailableException.class, e -> {
      assertThat(e.httpStatus()).hasValue(500);
      assertThat(e.outcomeUnknown()).as("a 5xx stop may have been acted on").isTrue();
    });
  }

  @Test
  void theAsyncClientWorksAgainstTheRealProtocolToo() {
    RunHandle handle = launcher.startAsync(StartRunRequest.builder(JOB).idempotencyKey("async").build()).join();

    assertThat(launcher.getRunAsync(handle).join().state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(launcher.startAsync(StartRunRequest.builder(JOB).idempotencyKey("async").build()).join())
        .isEqualTo(handle);
    assertThat(launcher.retryAsync(handle)).failsWithin(Duration.ofSeconds(30))
        .withThrowableThat().havingCause().isInstanceOf(ConflictException.class);
  }
}
