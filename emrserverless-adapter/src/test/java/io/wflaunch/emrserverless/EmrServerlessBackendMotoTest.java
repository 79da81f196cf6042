package io.wflaunch.emrserverless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.moto.MotoServerExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emrserverless.EmrServerlessAsyncClient;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.model.JobRun;

/**
 * The real SDK over HTTP against a real moto server (5.2.1): StartJobRun, GetJobRun, CancelJobRun and
 * ListJobRuns on an application created with a plain SDK call. moto ends a job run at once (SUCCESS),
 * accepts a cancel of an ended run (CANCELLED), lists oldest first with creation times cut to the day, and
 * starts a new run for a repeated client token; the token protocol is proven on the project's local server
 * instead ({@code EmrServerlessChaosWireTest}).
 */
class EmrServerlessBackendMotoTest {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static EmrServerlessClient emr;
  private static EmrServerlessAsyncClient asyncEmr;
  private WorkflowTarget application;
  private WorkflowLauncher launcher;

  @BeforeAll
  static void clients() {
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    emr = EmrServerlessClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    asyncEmr = EmrServerlessAsyncClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials).build();
  }

  @AfterAll
  static void closeClients() {
    emr.close();
    asyncEmr.close();
  }

  @BeforeEach
  void setUp() {
    MOTO.reset();
    application = WorkflowTarget.of("emrserverless", emr.createApplication(r -> r.name("etl").releaseLabel("emr-7.5.0")
        .type("SPARK")).applicationId());
    launcher = WorkflowLauncher.builder().backend(EmrServerlessBackend.builder(emr).asyncClient(asyncEmr)
        .defaults(EmrServerlessBackendContractTest.DEFAULTS).build()).build();
  }

  @AfterEach
  void tearDown() {
    launcher.close();
  }

  @Test
  void aStartSendsTheJobAndItsRunIsReadListedAndCancelled() {
    RunHandle run = launcher.start(StartRunRequest.builder(application).parameter("date", "2024-06-01")
        .options(EmrServerlessOptions.builder().name("nightly").tag("team", "data").executionTimeoutMinutes(30L).build())
        .build());

    JobRun sent = emr.getJobRun(r -> r.applicationId(application.part(0)).jobRunId(run.part(1))).jobRun();
    assertThat(sent.name()).isEqualTo("nightly");
    assertThat(emr.listJobRuns(r -> r.applicationId(application.part(0))).jobRuns()).singleElement()
        .satisfies(summary -> assertThat(summary.executionRole()).isEqualTo("arn:aws:iam::123456789012:role/emr-job"));
    assertThat(sent.jobDriver().sparkSubmit().entryPoint()).isEqualTo("s3://bucket/jobs/main.py");
    assertThat(sent.jobDriver().sparkSubmit().entryPointArguments()).containsExactly("--date", "2024-06-01");

    RunStatus status = launcher.getRun(run);
    assertThat(status.state()).as("moto ends a job run at once").isEqualTo(RunState.SUCCEEDED);
    assertThat(status.rawStatus()).isEqualTo("SUCCESS");
    assertThat(status.details()).containsEntry("name", "nightly");
    assertThat(launcher.getRuns(List.of(run))).extracting(RunStatus::state).containsExactly(RunState.SUCCEEDED);
    assertThat(launcher.listRuns(application, 10)).extracting(RunStatus::handle).containsExactly(run);

    launcher.stop(run);
    assertThat(launcher.getRun(run).state()).as("moto cancels even an ended run").isEqualTo(RunState.CANCELLED);
  }

  @Test
  void theAsyncClientStartsAndReads() {
    RunHandle run = launcher.startAsync(StartRunRequest.builder(application).idempotencyKey("nightly-1").build()).join();

    assertThat(launcher.getRunAsync(run).join().state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(launcher.listRunsAsync(application, 5).join()).extracting(RunStatus::handle).contains(run);
  }

  @Test
  void aRepeatedTokenStartsAnotherRunOnMotoWhichDoesNotDedupe() {
    RunHandle first = launcher.start(StartRunRequest.builder(application).idempotencyKey("same-key").build());
    // A second launcher has no record of the key: only the service's token could return the first run.
    try (WorkflowLauncher other = WorkflowLauncher.builder().backend(EmrServerlessBackend.builder(emr)
        .defaults(EmrServerlessBackendContractTest.DEFAULTS).build()).build()) {
      RunHandle second = other.start(StartRunRequest.builder(application).idempotencyKey("same-key").build());

      assertThat(second).as("moto 5.2.1 ignores the client token").isNotEqualTo(first);
    }
  }

  @Test
  void aMissingApplicationOrRunIsNotFound() {
    WorkflowTarget missing = WorkflowTarget.of("emrserverless", "00nosuchapp");

    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(missing).build()))
        .isInstanceOf(WorkflowNotFoundException.class);
    assertThatThrownBy(() -> launcher.getRun(RunHandle.of("emrserverless", application.part(0), "00nosuchrun")))
        .isInstanceOf(RunNotFoundException.class);
  }
}
