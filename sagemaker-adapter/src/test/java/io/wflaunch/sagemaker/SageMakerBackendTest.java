package io.wflaunch.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.ConflictException;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.sagemaker.FakeSageMakerClient;
import io.wflaunch.testkit.sagemaker.FakeSageMakerClient.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStatus;

/** The backend through a launcher, on the fake and virtual time: what is SageMaker's own. */
class SageMakerBackendTest {

  private static final WorkflowTarget TRAIN = WorkflowTarget.of("sagemaker", "train");

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeSageMakerClient sageMaker = FakeSageMakerClient.create(time.clock())
      .addPipeline("train", Outcome.FAIL, Duration.ofMinutes(20), "Step Train failed: out of memory");
  private final SageMakerBackend backend = SageMakerBackend.builder(sageMaker).asyncClient(sageMaker.asyncClient())
      .clock(time.clock()).build();
  private final WorkflowLauncher launcher = WorkflowLauncher.builder().backend(backend)
      .clock(time.clock()).scheduler(time).executor(time)
      .startPolicy(StartPolicy.DEFAULT.withoutPauses())
      .build();

  @AfterEach
  void close() {
    launcher.close();
  }

  @Test
  void aStartSendsTheParametersAndOptionsAndItsHandleIsTheExecutionArnsParts() {
    RunHandle run = launcher.start(StartRunRequest.builder(TRAIN).parameter("TrainingDate", "2026-12-07")
        .options(SageMakerOptions.builder().displayName("nightly-2026-12-07").description("nightly")
            .maxParallelExecutionSteps(2).build()).build());

    String arn = sageMaker.executionArns("train").get(0);
    assertThat(SageMakerBackend.executionArn(run)).isEqualTo(arn);
    assertThat(run).isEqualTo(RunHandle.of("sagemaker", FakeSageMakerClient.REGION, FakeSageMakerClient.ACCOUNT,
        "train", arn.substring(arn.lastIndexOf('/') + 1)));
    assertThat(RunHandle.parse(run.toString())).isEqualTo(run);
    RunStatus status = launcher.getRun(run);
    assertThat(status.state()).isEqualTo(RunState.RUNNING);
    assertThat(status.details()).containsEntry("displayName", "nightly-2026-12-07")
        .containsEntry("description", "nightly");
    assertThat(sageMaker.describePipelineExecution(r -> r.pipelineExecutionArn(arn)).parallelismConfiguration()
        .maxParallelExecutionSteps()).isEqualTo(2);
  }

  @Test
  void aKeyReusedWithOtherParametersAnswersTheExecutionItStartedAsSageMakerDocumentsTokens() {
    RunHandle first = launcher.start(StartRunRequest.builder(TRAIN).parameter("Epochs", "3")
        .idempotencyKey("train-2026-12-07").build());

    RunHandle second = launcher.start(StartRunRequest.builder(TRAIN).parameter("Epochs", "5")
        .idempotencyKey("train-2026-12-07").build());

    assertThat(second).isEqualTo(first);
    assertThat(sageMaker.executionCount("train")).isEqualTo(1);
  }

  @Test
  void aLostAnswerIsSentAgainWithTheSameTokenAndGivesOneExecution() {
    sageMaker.faults().loseNextStartResponses(2);

    RunHandle run = launcher.start(StartRunRequest.builder(TRAIN).build());

    assertThat(sageMaker.executionArns("train")).containsExactly(SageMakerBackend.executionArn(run));
  }

  @Test
  void anInvalidRequestIsRefusedBeforeAnythingIsSent() {
    int before = sageMaker.requestCount();

    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(TRAIN)
        .options(SageMakerOptions.builder().displayName("two words").build()).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("displayName"));
    assertThat(sageMaker.requestCount()).isEqualTo(before);
  }

  @Test
  void aRetryReRunsAFailureOnceHoweverOftenItIsAskedAndALaterFailureCanBeRetriedAgain() {
    RunHandle run = failedRun();
    String arn = SageMakerBackend.executionArn(run);

    assertThat(launcher.retry(run)).isEqualTo(run);
    assertThat(launcher.retry(run)).isEqualTo(run);
    assertThat(sageMaker.attemptCount(arn)).isEqualTo(2);
    assertThat(launcher.getRun(run).state()).isEqualTo(RunState.RUNNING);

    time.advanceBy(Duration.ofMinutes(21));
    assertThat(launcher.getRun(run).state()).as("the re-run fails as scripted").isEqualTo(RunState.FAILED);
    assertThat(launcher.retry(run)).isEqualTo(run);
    assertThat(sageMaker.attemptCount(arn)).as("a later failure is a new retry").isEqualTo(3);
  }

  @Test
  void twoRetriesOfOneFailureSendOneTokenSoTheSecondChangesNothingEvenAfterTheReRunFailed() {
    RunHandle run = failedRun();
    String arn = SageMakerBackend.executionArn(run);
    var failed = sageMaker.describePipelineExecution(r -> r.pipelineExecutionArn(arn));

    launcher.retry(run);
    time.advanceBy(Duration.ofMinutes(21));
    // A caller that read the first failure before the first retry now sends its retry: the same token.
    sageMaker.retryPipelineExecution(r -> r.pipelineExecutionArn(arn)
        .clientRequestToken(io.wflaunch.sagemaker.internal.SageMakerRules.retryToken(arn, failed.lastModifiedTime())));

    assertThat(sageMaker.attemptCount(arn)).isEqualTo(2);
    assertThat(launcher.getRun(run).state()).isEqualTo(RunState.FAILED);
  }

  @Test
  void aStoppedExecutionIsRetriedAndAStoppingOneIsARetryableConflict() {
    sageMaker.addPipeline("score", Outcome.RUN_UNTIL_STOPPED, Duration.ZERO, null);
    sageMaker.retryOutcome("score", Outcome.SUCCEED, Duration.ofMinutes(1));
    RunHandle run = launcher.start(StartRunRequest.builder(WorkflowTarget.of("sagemaker", "score")).build());

    launcher.stop(run);
    launcher.stop(run);
    assertThat(launcher.getRun(run).state()).isEqualTo(RunState.STOPPING);
    assertThatThrownBy(() -> launcher.retry(run)).isInstanceOfSatisfying(ConflictException.class, e -> {
      assertThat(e.retryable()).isTrue();
      assertThat(e.outcomeUnknown()).isFalse();
    });

    time.advanceBy(FakeSageMakerClient.DEFAULT_STOP_DELAY);
    assertThat(launcher.getRun(run).state()).isEqualTo(RunState.CANCELLED);
    assertThat(launcher.retry(run)).isEqualTo(run);
    time.advanceBy(Duration.ofMinutes(2));
    assertThat(launcher.getRun(run).state()).isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void stoppingAnEndedExecutionIsAConflict() {
    RunHandle run = failedRun();

    assertThatThrownBy(() -> launcher.stop(run)).isInstanceOf(ConflictException.class);
    assertThat(launcher.getRun(run).state()).isEqualTo(RunState.FAILED);
  }

  @Test
  void retryAsyncGoesThroughTheNonBlockingClient() {
    RunHandle run = failedRun();

    CompletableFuture<RunHandle> retried = launcher.retryAsync(run);
    time.runDueTasks();

    assertThat(retried).isCompletedWithValue(run);
    assertThat(sageMaker.attemptCount(SageMakerBackend.executionArn(run))).isEqualTo(2);
  }

  @Test
  void aHandleOfAnotherRegionIsRefusedBeforeAnyRequest() {
    try (software.amazon.awssdk.services.sagemaker.SageMakerClient euWest = software.amazon.awssdk.services.sagemaker
            .SageMakerClient.builder().region(software.amazon.awssdk.regions.Region.EU_WEST_1)
            .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
            .credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create()).build();
         WorkflowLauncher inEu = WorkflowLauncher.builder().backend(SageMakerBackend.create(euWest)).build()) {
      RunHandle usEast = RunHandle.parse("sagemaker:us-east-1/123456789012/train/abc123def456");

      assertThatThrownBy(() -> inEu.getRun(usEast)).isInstanceOfSatisfying(io.wflaunch.InvalidRequestException.class,
          e -> assertThat(e.getMessage()).contains("us-east-1", "eu-west-1"));
      assertThat(inEu.parseHandle("sagemaker:eu-west-1/123456789012/train/abc123def456").part(0))
          .isEqualTo("eu-west-1");
    }
  }

  @Test
  void runningExecutionsOfAPipelineAreReadWithOneListing() {
    List<RunHandle> runs = List.of(launcher.start(StartRunRequest.builder(TRAIN).build()),
        launcher.start(StartRunRequest.builder(TRAIN).build()));
    time.advanceBy(Duration.ofMinutes(1));
    int before = sageMaker.requestCount();

    var read = backend.readRunsAsync(runs, Optional.empty(), Runnable::run).join();

    assertThat(read.requests()).isEqualTo(1);
    assertThat(sageMaker.requestCount() - before).isEqualTo(1);
    assertThat(read.statuses().keySet()).containsExactlyInAnyOrderElementsOf(runs);
    assertThat(read.statuses().values()).allSatisfy(status -> assertThat(status.state()).isEqualTo(RunState.RUNNING));
  }

  @Test
  void severalExecutionsOfAPipelineAreReadWithOneListingAndEndedOnesDescribed() {
    sageMaker.addPipeline("score", Outcome.SUCCEED, Duration.ofMinutes(5), null);
    List<RunHandle> runs = new java.util.ArrayList<>();
    for (WorkflowTarget target : List.of(TRAIN, TRAIN, WorkflowTarget.of("sagemaker", "score"))) {
      runs.add(launcher.start(StartRunRequest.builder(target).build()));
      time.advanceBy(Duration.ofSeconds(1));
    }
    time.advanceBy(Duration.ofMinutes(30));
    int before = sageMaker.requestCount();

    var read = backend.readRunsAsync(runs, Optional.of(time.now().minus(Duration.ofMinutes(31))), Runnable::run).join();

    assertThat(read.requests()).isEqualTo(2);
    assertThat(sageMaker.requestCount() - before).isEqualTo(2);
    assertThat(read.statuses()).as("ended executions are left to one describe each, for their end time").isEmpty();
    List<RunStatus> ended = launcher.getRuns(runs);
    assertThat(ended.get(0).state()).isEqualTo(RunState.FAILED);
    assertThat(ended.get(2).state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(ended).allSatisfy(status -> assertThat(status.endedAt()).isPresent());
    assertThat(launcher.listRuns(TRAIN, 5)).extracting(RunStatus::handle).containsExactly(runs.get(1), runs.get(0));
  }

  private RunHandle failedRun() {
    RunHandle run = launcher.start(StartRunRequest.builder(TRAIN).build());
    time.advanceBy(Duration.ofMinutes(21));
    assertThat(sageMaker.describePipelineExecution(r -> r.pipelineExecutionArn(SageMakerBackend.executionArn(run)))
        .pipelineExecutionStatus()).isEqualTo(PipelineExecutionStatus.FAILED);
    return run;
  }
}
