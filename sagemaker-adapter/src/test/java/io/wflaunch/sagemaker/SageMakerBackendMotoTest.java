package io.wflaunch.sagemaker;

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
import java.util.Optional;
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
import software.amazon.awssdk.services.sagemaker.SageMakerAsyncClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Parameter;

/**
 * The real SDK over HTTP against a real moto server, for what moto serves: StartPipelineExecution,
 * DescribePipelineExecution and ListPipelineExecutions, on a pipeline created with CreatePipeline. moto
 * 5.2.1 ends every execution Succeeded at once, ignores ListPipelineExecutions' sort, filters and paging,
 * does not deduplicate client tokens and serves neither StopPipelineExecution nor RetryPipelineExecution;
 * those are proven on the project's local server ({@code SageMakerWireTest}) and the fake.
 */
class SageMakerBackendMotoTest {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static final String DEFINITION = "{\"Version\":\"2020-12-01\",\"Parameters\":[{\"Name\":\"TrainingDate\","
      + "\"Type\":\"String\"}],\"Steps\":[]}";
  private static final WorkflowTarget TRAIN = WorkflowTarget.of("sagemaker", "train");

  private static SageMakerClient sageMaker;
  private static SageMakerAsyncClient asyncSageMaker;
  private WorkflowLauncher launcher;
  private SageMakerBackend backend;

  @BeforeAll
  static void clients() {
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    sageMaker = SageMakerClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    asyncSageMaker = SageMakerAsyncClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials).build();
  }

  @AfterAll
  static void closeClients() {
    sageMaker.close();
    asyncSageMaker.close();
  }

  @BeforeEach
  void setUp() {
    MOTO.reset();
    sageMaker.createPipeline(r -> r.pipelineName("train").pipelineDefinition(DEFINITION)
        .roleArn("arn:aws:iam::123456789012:role/sagemaker").clientRequestToken("create-train-" + "0".repeat(20)));
    backend = SageMakerBackend.create(sageMaker, asyncSageMaker);
    launcher = WorkflowLauncher.builder().backend(backend).build();
  }

  @AfterEach
  void tearDown() {
    launcher.close();
  }

  @Test
  void aStartSendsParametersAndOptionsAndItsHandleReadsBack() {
    RunHandle run = launcher.start(StartRunRequest.builder(TRAIN).parameter("TrainingDate", "2026-12-07")
        .options(SageMakerOptions.builder().displayName("nightly").description("the nightly run")
            .maxParallelExecutionSteps(2).build())
        .idempotencyKey("nightly-2026-12-07").build());

    assertThat(run.parts()).startsWith("us-east-1", "123456789012", "train");
    assertThat(RunHandle.parse(run.toString())).isEqualTo(run);
    String arn = SageMakerBackend.executionArn(run);
    assertThat(sageMaker.listPipelineParametersForExecution(r -> r.pipelineExecutionArn(arn)).pipelineParameters())
        .containsExactly(Parameter.builder().name("TrainingDate").value("2026-12-07").build());
    RunStatus status = launcher.getRun(run);
    assertThat(status.state()).as("moto ends executions at once").isEqualTo(RunState.SUCCEEDED);
    assertThat(status.details()).containsEntry("displayName", "nightly").containsEntry("description", "the nightly run")
        .containsEntry("pipelineExecutionArn", arn);
    assertThat(launcher.getRunAsync(run).join().state()).isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void listingsAreNewestFirstAndReadSeveralExecutionsWithOneRequest() {
    RunHandle first = launcher.start(StartRunRequest.builder(TRAIN).build());
    RunHandle second = launcher.start(StartRunRequest.builder(TRAIN).build());

    assertThat(launcher.listRuns(TRAIN, 10)).extracting(RunStatus::handle).containsExactly(second, first);
    assertThat(launcher.listRuns(TRAIN, 1)).hasSize(1);
    assertThat(launcher.listRuns(TRAIN, 10)).as("moto's summaries carry the failure reason None")
        .allSatisfy(status -> assertThat(status.reasons()).isEmpty());
    var read = backend.readRunsAsync(List.of(first, second), Optional.empty(), Runnable::run).join();
    assertThat(read.requests()).isEqualTo(1);
    assertThat(read.statuses()).as("moto ends executions at once: ended ones are left to a describe").isEmpty();
    assertThat(launcher.getRuns(List.of(second, first))).extracting(RunStatus::handle).containsExactly(second, first);
  }

  @Test
  void aMissingPipelineOrExecutionIsNotFound() {
    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(WorkflowTarget.of("sagemaker", "score")).build()))
        .isInstanceOf(WorkflowNotFoundException.class).hasMessageContaining("sagemaker:score");
    assertThatThrownBy(() -> launcher.listRuns(WorkflowTarget.of("sagemaker", "score"), 5))
        .isInstanceOf(WorkflowNotFoundException.class);
    RunHandle missing = RunHandle.of("sagemaker", "us-east-1", "123456789012", "train", "zzzzzzzzzzzz");
    assertThatThrownBy(() -> launcher.getRun(missing)).isInstanceOf(RunNotFoundException.class);
  }

  @Test
  void motoStartsOneExecutionPerRequestWhateverTheToken() {
    StartRunRequest keyed = StartRunRequest.builder(TRAIN).idempotencyKey("nightly-2026-12-07").build();

    RunHandle first = launcher.start(keyed);
    RunHandle second = launcher.start(keyed);

    assertThat(second).as("moto does not deduplicate ClientRequestToken; SageMaker does").isNotEqualTo(first);
    assertThat(sageMaker.listPipelineExecutions(r -> r.pipelineName("train")).pipelineExecutionSummaries()).hasSize(2);
  }
}
