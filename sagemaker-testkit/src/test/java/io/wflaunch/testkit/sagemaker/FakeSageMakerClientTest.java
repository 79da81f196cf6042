package io.wflaunch.testkit.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.sagemaker.FakeSageMakerClient.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ConflictException;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineExecutionResponse;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionSummary;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.model.SortOrder;

/** The fake SageMaker as a product: tokens, statuses, stops, retries, listings and checks, and its server. */
class FakeSageMakerClientTest {

  private static final String TOKEN = "t".repeat(32);

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeSageMakerClient fake = FakeSageMakerClient.create(time.clock())
      .addPipeline("train", Outcome.FAIL, Duration.ofMinutes(10), "Step Train failed");

  @Test
  void aTokenAnswersTheExecutionItStartedWhateverTheOtherFields() {
    String first = fake.startPipelineExecution(r -> r.pipelineName("train").clientRequestToken(TOKEN))
        .pipelineExecutionArn();
    String again = fake.startPipelineExecution(r -> r.pipelineName("train").clientRequestToken(TOKEN)
        .pipelineExecutionDescription("another")).pipelineExecutionArn();
    String other = fake.startPipelineExecution(r -> r.pipelineName("train").clientRequestToken("u".repeat(32)))
        .pipelineExecutionArn();

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first)
        .matches("arn:aws:sagemaker:us-east-1:123456789012:pipeline/train/execution/[a-z0-9]{12}");
    assertThat(fake.executionCount("train")).isEqualTo(2);
  }

  @Test
  void fieldsAreCheckedAsTheModelSays() {
    assertThat(code(() -> fake.startPipelineExecution(r -> r.pipelineName("train").clientRequestToken("short"))))
        .isEqualTo("ValidationException");
    assertThat(code(() -> fake.startPipelineExecution(r -> r.pipelineName("train").clientRequestToken(TOKEN)
        .pipelineExecutionDisplayName("two words")))).isEqualTo("ValidationException");
    assertThat(code(() -> fake.startPipelineExecution(r -> r.pipelineName("train").clientRequestToken(TOKEN)
        .parallelismConfiguration(p -> p.maxParallelExecutionSteps(0))))).isEqualTo("ValidationException");
    assertThatThrownBy(() -> fake.startPipelineExecution(r -> r.pipelineName("score").clientRequestToken(TOKEN)))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> fake.describePipelineExecution(r -> r.pipelineExecutionArn(
        "arn:aws:sagemaker:us-east-1:123456789012:pipeline/train/execution/zzzzzzzzzzzz")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThat(fake.executionCount("train")).isZero();
  }

  @Test
  void anExecutionFailsAsScriptedAndARetryReRunsItInPlaceOncePerToken() {
    String arn = start();
    assertThat(describe(arn).pipelineExecutionStatus()).isEqualTo(PipelineExecutionStatus.EXECUTING);
    assertThatThrownBy(() -> fake.retryPipelineExecution(r -> r.pipelineExecutionArn(arn).clientRequestToken(TOKEN)))
        .isInstanceOf(ConflictException.class);

    time.advanceBy(Duration.ofMinutes(10));
    DescribePipelineExecutionResponse failed = describe(arn);
    assertThat(failed.pipelineExecutionStatus()).isEqualTo(PipelineExecutionStatus.FAILED);
    assertThat(failed.failureReason()).isEqualTo("Step Train failed");
    time.advanceBy(Duration.ofSeconds(1));
    fake.retryPipelineExecution(r -> r.pipelineExecutionArn(arn).clientRequestToken(TOKEN));
    time.advanceBy(Duration.ofMinutes(1));
    fake.retryPipelineExecution(r -> r.pipelineExecutionArn(arn).clientRequestToken(TOKEN));

    assertThat(fake.attemptCount(arn)).isEqualTo(2);
    DescribePipelineExecutionResponse rerun = describe(arn);
    assertThat(rerun.pipelineExecutionStatus()).isEqualTo(PipelineExecutionStatus.EXECUTING);
    assertThat(rerun.lastModifiedTime()).isAfter(failed.lastModifiedTime());
  }

  @Test
  void aStopIsStoppingForTheDelayThenStoppedAndAnEndedExecutionCannotBeStopped() {
    fake.addPipeline("score", Outcome.RUN_UNTIL_STOPPED, Duration.ZERO, null).stopDelay(Duration.ofSeconds(30));
    String arn = fake.startPipelineExecution(r -> r.pipelineName("score").clientRequestToken(TOKEN))
        .pipelineExecutionArn();

    fake.stopPipelineExecution(r -> r.pipelineExecutionArn(arn).clientRequestToken(TOKEN));
    assertThat(describe(arn).pipelineExecutionStatus()).isEqualTo(PipelineExecutionStatus.STOPPING);
    time.advanceBy(Duration.ofSeconds(30));
    assertThat(describe(arn).pipelineExecutionStatus()).isEqualTo(PipelineExecutionStatus.STOPPED);

    String failed = start();
    time.advanceBy(Duration.ofMinutes(10));
    assertThatThrownBy(() -> fake.stopPipelineExecution(r -> r.pipelineExecutionArn(failed).clientRequestToken(TOKEN)))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void listingsSortFilterPageAndLag() {
    String first = start();
    time.advanceBy(Duration.ofSeconds(1));
    String second = fake.startPipelineExecution(r -> r.pipelineName("train").clientRequestToken("2".repeat(32)))
        .pipelineExecutionArn();
    fake.listingLag(1);
    time.advanceBy(Duration.ofSeconds(1));
    String third = fake.startPipelineExecution(r -> r.pipelineName("train").clientRequestToken("3".repeat(32)))
        .pipelineExecutionArn();

    assertThat(arns(fake.listPipelineExecutions(r -> r.pipelineName("train")).pipelineExecutionSummaries()))
        .as("the newest is hidden from one listing").containsExactly(second, first);
    assertThat(arns(fake.listPipelineExecutions(r -> r.pipelineName("train")).pipelineExecutionSummaries()))
        .containsExactly(third, second, first);
    assertThat(arns(fake.listPipelineExecutions(r -> r.pipelineName("train").sortOrder(SortOrder.ASCENDING)
        .createdAfter(time.now().minusSeconds(2))).pipelineExecutionSummaries())).containsExactly(second, third);
    var page = fake.listPipelineExecutions(r -> r.pipelineName("train").maxResults(2));
    assertThat(arns(page.pipelineExecutionSummaries())).containsExactly(third, second);
    assertThat(arns(fake.listPipelineExecutions(r -> r.pipelineName("train").maxResults(2)
        .nextToken(page.nextToken())).pipelineExecutionSummaries())).containsExactly(first);
  }

  @Test
  void theLocalServerSpeaksSageMakersJsonProtocol() {
    try (LocalSageMakerServer server = LocalSageMakerServer.start(fake);
         SageMakerClient client = SageMakerClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
             .httpClient(UrlConnectionHttpClient.create()).build()) {
      String arn = client.startPipelineExecution(r -> r.pipelineName("train").clientRequestToken(TOKEN)
          .pipelineParameters(p -> p.name("TrainingDate").value("2026-12-07"))
          .parallelismConfiguration(p -> p.maxParallelExecutionSteps(2))).pipelineExecutionArn();
      time.advanceBy(Duration.ofMinutes(10));

      DescribePipelineExecutionResponse described = client.describePipelineExecution(r -> r.pipelineExecutionArn(arn));
      assertThat(described.pipelineExecutionStatus()).isEqualTo(PipelineExecutionStatus.FAILED);
      assertThat(described.failureReason()).isEqualTo("Step Train failed");
      assertThat(described.creationTime()).isEqualTo(time.now().minus(Duration.ofMinutes(10)));
      assertThat(described.parallelismConfiguration().maxParallelExecutionSteps()).isEqualTo(2);
      assertThat(fake.parameter(arn, "TrainingDate")).contains("2026-12-07");
      assertThat(arns(client.listPipelineExecutions(r -> r.pipelineName("train")).pipelineExecutionSummaries()))
          .containsExactly(arn);
      assertThatThrownBy(() -> client.startPipelineExecution(r -> r.pipelineName("score").clientRequestToken(TOKEN)))
          .isInstanceOf(ResourceNotFoundException.class);
      client.retryPipelineExecution(r -> r.pipelineExecutionArn(arn).clientRequestToken(TOKEN));
      assertThat(server.count("RetryPipelineExecution")).isEqualTo(1);
      assertThat(fake.attemptCount(arn)).isEqualTo(2);
    }
  }

  private String start() {
    return fake.startPipelineExecution(r -> r.pipelineName("train").clientRequestToken("1".repeat(32)))
        .pipelineExecutionArn();
  }

  private DescribePipelineExecutionResponse describe(String arn) {
    return fake.describePipelineExecution(r -> r.pipelineExecutionArn(arn));
  }

  private static List<String> arns(List<PipelineExecutionSummary> summaries) {
    return summaries.stream().map(PipelineExecutionSummary::pipelineExecutionArn).toList();
  }

  private static String code(Runnable call) {
    try {
      call.run();
      return null;
    } catch (AwsServiceException e) {
      return e.awsErrorDetails().errorCode();
    }
  }
}
