package io.wflaunch.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ConflictException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.chaos.ChaosHttpClient;
import io.wflaunch.testkit.chaos.ChaosLog;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.chaos.Fault;
import io.wflaunch.testkit.http.StubHttpServer;
import io.wflaunch.testkit.sagemaker.FakeSageMakerClient;
import io.wflaunch.testkit.sagemaker.FakeSageMakerClient.Outcome;
import io.wflaunch.testkit.sagemaker.LocalSageMakerServer;
import io.wflaunch.testkit.sagemaker.SageMakerChaos;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The client-token protocol on the wire, where moto falls short: the real SDK client, over the chaos layer,
 * against the project's local SageMaker server on 127.0.0.1, which deduplicates tokens, stops and retries
 * as SageMaker documents. The server's fake runs on virtual time.
 */
class SageMakerWireTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final WorkflowTarget TRAIN = WorkflowTarget.of("sagemaker", "train");

  private final VirtualScheduler time = new VirtualScheduler();
  private final ChaosPlan plan = ChaosPlan.none();
  private final LocalSageMakerServer server = LocalSageMakerServer.start(FakeSageMakerClient.create(time.clock())
      .addPipeline("train", Outcome.FAIL, Duration.ofMinutes(20), "Step Train failed"));
  private final SageMakerClient client = SageMakerClient.builder().endpointOverride(server.endpoint())
      .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
      .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, SageMakerChaos.PROFILE)).build();
  private final WorkflowLauncher launcher = WorkflowLauncher.builder().backend(SageMakerBackend.create(client))
      .startPolicy(StartPolicy.DEFAULT.withoutPauses()).build();

  @AfterEach
  void close() {
    launcher.close();
    client.close();
    server.close();
  }

  @Test
  void aStartIsOneJsonRequestWithTheModelsMembersAndARepeatedKeyIsOneExecution() throws Exception {
    StartRunRequest request = StartRunRequest.builder(TRAIN).parameter("TrainingDate", "2026-12-07")
        .options(SageMakerOptions.builder().displayName("nightly").maxParallelExecutionSteps(3).build())
        .idempotencyKey("nightly-2026-12-07").build();

    RunHandle first = launcher.start(request);
    RunHandle second = launcher.start(request);

    assertThat(second).isEqualTo(first);
    assertThat(server.fake().executionCount("train")).isEqualTo(1);
    List<StubHttpServer.Request> starts = server.requests().stream()
        .filter(r -> "SageMaker.StartPipelineExecution".equals(r.header("X-Amz-Target"))).toList();
    assertThat(starts).hasSize(2);
    JsonNode body = JSON.readTree(starts.get(0).body());
    assertThat(body.get("PipelineName").asText()).isEqualTo("train");
    assertThat(body.get("PipelineParameters").get(0).get("Name").asText()).isEqualTo("TrainingDate");
    assertThat(body.get("PipelineParameters").get(0).get("Value").asText()).isEqualTo("2026-12-07");
    assertThat(body.get("PipelineExecutionDisplayName").asText()).isEqualTo("nightly");
    assertThat(body.get("ParallelismConfiguration").get("MaxParallelExecutionSteps").asInt()).isEqualTo(3);
    assertThat(body.get("ClientRequestToken").asText()).hasSize(68)
        .isEqualTo(JSON.readTree(starts.get(1).body()).get("ClientRequestToken").asText());
    assertThat(starts.get(0).header("Content-Type")).startsWith("application/x-amz-json-1.1");
  }

  @Test
  void aDroppedAnswerThenThrottlingUntilTheAttemptsRunOutSaysAnExecutionMayExist() {
    plan.script("StartPipelineExecution", Fault.DROP_RESPONSE, Fault.THROTTLE, Fault.THROTTLE);

    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(TRAIN).build()))
        .isInstanceOfSatisfying(ThrottledException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
    assertThat(server.fake().executionCount("train")).isEqualTo(1);
    assertThat(plan.log().count("StartPipelineExecution")).as("one request per attempt, no SDK retries")
        .isEqualTo(StartPolicy.DEFAULT.maxAttempts());
    assertThat(plan.log().entries("StartPipelineExecution")).extracting(ChaosLog.Entry::requestBody)
        .as("one client token throughout").containsOnly(plan.log().entries("StartPipelineExecution").get(0).requestBody());
  }

  @Test
  void aDroppedKeylessAnswerIsSentAgainWithItsTokenAndReturnsTheOneExecution() {
    plan.script("StartPipelineExecution", Fault.DROP_RESPONSE, Fault.BAD_GATEWAY);

    RunHandle run = launcher.start(StartRunRequest.builder(TRAIN).build());

    assertThat(server.fake().executionArns("train")).containsExactly(SageMakerBackend.executionArn(run));
  }

  @Test
  void anSdkAttemptWhoseAnswerIsLostIsSentAgainWithItsTokenAndReRunsTheFailureOnce() {
    RunHandle run = failedRun();
    plan.script("RetryPipelineExecution", Fault.DROP_RESPONSE);

    assertThat(launcher.retry(run)).isEqualTo(run);

    assertThat(server.fake().attemptCount(SageMakerBackend.executionArn(run))).isEqualTo(2);
    List<String> tokens = retryTokens();
    assertThat(tokens).as("the SDK's second attempt carries the first's token").hasSize(2).containsOnly(tokens.get(0));
  }

  @Test
  void aRetryWhoseAnswerIsLostIsSettledByOneReadAndAskingAgainSendsNothing() {
    try (SageMakerClient once = SageMakerClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
            .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, SageMakerChaos.PROFILE))
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
         WorkflowLauncher noSdkRetries = WorkflowLauncher.builder().backend(SageMakerBackend.create(once)).build()) {
      RunHandle run = failedRun();
      plan.script("RetryPipelineExecution", Fault.DROP_RESPONSE);

      assertThat(noSdkRetries.retry(run)).as("the read after the lost answer shows the re-run").isEqualTo(run);
      assertThat(noSdkRetries.retry(run)).as("the re-run is under way").isEqualTo(run);

      assertThat(server.fake().attemptCount(SageMakerBackend.executionArn(run))).isEqualTo(2);
      assertThat(server.count("RetryPipelineExecution")).isEqualTo(1);
    }
  }

  @Test
  void aRetryThatCannotBeSettledSaysItsOutcomeIsUnknown() {
    try (SageMakerClient once = SageMakerClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
            .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, SageMakerChaos.PROFILE))
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
         WorkflowLauncher noSdkRetries = WorkflowLauncher.builder().backend(SageMakerBackend.create(once)).build()) {
      RunHandle run = failedRun();
      plan.script("RetryPipelineExecution", Fault.DROP_RESPONSE);
      plan.script("DescribePipelineExecution", Fault.NONE, Fault.SERVER_ERROR);

      assertThatThrownBy(() -> noSdkRetries.retry(run))
          .isInstanceOfSatisfying(BackendUnavailableException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
      assertThat(server.fake().attemptCount(SageMakerBackend.executionArn(run))).isEqualTo(2);
    }
  }

  @Test
  void aThrottledRetryThatReachedNothingSaysSo() {
    try (SageMakerClient once = SageMakerClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
            .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, SageMakerChaos.PROFILE))
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
         WorkflowLauncher noSdkRetries = WorkflowLauncher.builder().backend(SageMakerBackend.create(once)).build()) {
      RunHandle run = failedRun();
      plan.script("RetryPipelineExecution", Fault.THROTTLE);

      assertThatThrownBy(() -> noSdkRetries.retry(run))
          .isInstanceOfSatisfying(ThrottledException.class, e -> assertThat(e.outcomeUnknown()).isFalse());
      assertThat(server.fake().attemptCount(SageMakerBackend.executionArn(run))).isEqualTo(1);
    }
  }

  @Test
  void aLaterFailureOfTheReRunIsRetriedWithAnotherToken() {
    RunHandle run = failedRun();
    assertThat(launcher.retry(run)).isEqualTo(run);
    assertThat(launcher.retry(run)).as("while the re-run is under way: nothing sent").isEqualTo(run);
    assertThat(server.count("RetryPipelineExecution")).isEqualTo(1);

    time.advanceBy(Duration.ofMinutes(21));
    assertThat(launcher.getRun(run).state()).isEqualTo(RunState.FAILED);
    assertThat(launcher.retry(run)).isEqualTo(run);

    assertThat(server.fake().attemptCount(SageMakerBackend.executionArn(run))).isEqualTo(3);
    List<String> tokens = retryTokens();
    assertThat(tokens).hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void aSucceededExecutionIsAConflictWithNoRetrySent() {
    server.fake().addPipeline("score", Outcome.SUCCEED, Duration.ofMinutes(1), null);
    RunHandle run = launcher.start(StartRunRequest.builder(WorkflowTarget.of("sagemaker", "score")).build());
    time.advanceBy(Duration.ofMinutes(2));

    assertThatThrownBy(() -> launcher.retry(run)).isInstanceOfSatisfying(ConflictException.class, e -> {
      assertThat(e.outcomeUnknown()).isFalse();
      assertThat(e.retryable()).isFalse();
    });
    assertThat(server.count("RetryPipelineExecution")).isZero();
  }

  @Test
  void eachStopCallCarriesItsOwnTokenAndAnEndedExecutionIsAConflict() {
    server.fake().addPipeline("score", Outcome.RUN_UNTIL_STOPPED, Duration.ZERO, null);
    RunHandle run = launcher.start(StartRunRequest.builder(WorkflowTarget.of("sagemaker", "score")).build());

    launcher.stop(run);
    launcher.stop(run);
    assertThat(launcher.getRun(run).state()).isEqualTo(RunState.STOPPING);
    time.advanceBy(FakeSageMakerClient.DEFAULT_STOP_DELAY);
    assertThat(launcher.getRun(run).state()).isEqualTo(RunState.CANCELLED);

    List<String> tokens = server.requests().stream()
        .filter(r -> "SageMaker.StopPipelineExecution".equals(r.header("X-Amz-Target")))
        .map(r -> token(r.body())).toList();
    assertThat(tokens).hasSize(2).doesNotHaveDuplicates();
    assertThatThrownBy(() -> launcher.stop(run)).isInstanceOf(ConflictException.class);
  }

  @Test
  void anExecutionStoppedThenRetriedInPlaceCanBeStoppedAgain() {
    server.fake().addPipeline("score", Outcome.RUN_UNTIL_STOPPED, Duration.ZERO, null);
    server.fake().retryOutcome("score", Outcome.RUN_UNTIL_STOPPED, Duration.ZERO);
    RunHandle run = launcher.start(StartRunRequest.builder(WorkflowTarget.of("sagemaker", "score")).build());
    launcher.stop(run);
    time.advanceBy(FakeSageMakerClient.DEFAULT_STOP_DELAY);
    assertThat(launcher.retry(run)).isEqualTo(run);
    assertThat(launcher.getRun(run).state()).isEqualTo(RunState.RUNNING);

    launcher.stop(run);
    time.advanceBy(FakeSageMakerClient.DEFAULT_STOP_DELAY);

    assertThat(launcher.getRun(run).state()).as("the second stop stopped the re-run").isEqualTo(RunState.CANCELLED);
  }

  @Test
  void stoppingAnExecutionThatEndedByItselfIsAConflict() {
    RunHandle run = failedRun();

    assertThatThrownBy(() -> launcher.stop(run)).isInstanceOf(ConflictException.class);
  }

  private RunHandle failedRun() {
    RunHandle run = launcher.start(StartRunRequest.builder(TRAIN).build());
    time.advanceBy(Duration.ofMinutes(21));
    assertThat(launcher.getRun(run).state()).isEqualTo(RunState.FAILED);
    return run;
  }

  private List<String> retryTokens() {
    return server.requests().stream()
        .filter(r -> "SageMaker.RetryPipelineExecution".equals(r.header("X-Amz-Target")))
        .map(r -> token(r.body())).toList();
  }

  private static String token(String body) {
    try {
      return JSON.readTree(body).get("ClientRequestToken").asText();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
