package io.wflaunch.testkit.sagemaker;

import io.wflaunch.testkit.http.AwsAnswers;
import io.wflaunch.testkit.http.LocalAwsServer;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineExecutionRequest;
import software.amazon.awssdk.services.sagemaker.model.ListPipelineExecutionsRequest;
import software.amazon.awssdk.services.sagemaker.model.ListPipelinesRequest;
import software.amazon.awssdk.services.sagemaker.model.RetryPipelineExecutionRequest;
import software.amazon.awssdk.services.sagemaker.model.StartPipelineExecutionRequest;
import software.amazon.awssdk.services.sagemaker.model.StopPipelineExecutionRequest;

/**
 * A real HTTP Amazon SageMaker on 127.0.0.1 and a free port (a {@link LocalAwsServer}), for wire-level
 * tests with the real {@code SageMakerClient} where moto falls short (moto 5.2.1 neither deduplicates
 * client tokens nor stops or retries executions, and ends them at once). It speaks SageMaker's JSON 1.1
 * protocol ({@code POST /}, {@code X-Amz-Target: SageMaker.<Operation>}) for StartPipelineExecution,
 * DescribePipelineExecution, ListPipelineExecutions, StopPipelineExecution, RetryPipelineExecution and
 * ListPipelines, and answers from a {@link FakeSageMakerClient}, with its pipelines, client-token
 * semantics, stops, retries, scripts and listing lag.
 *
 * <p>The fake's service errors become the service's error answers: their HTTP status, a body
 * {@code {"__type":"<code>","message":"..."}} and the request id in {@code x-amzn-RequestId}, which the
 * SDK turns back into the same exception types. A start whose answer the fake's fault plan loses is
 * answered HTTP 500 after the execution was created (drop answers on the client side with the chaos layer
 * instead). Other operations answer HTTP 400 {@code UnknownOperationException}. Requests are served one
 * at a time. Close the server to stop it.
 *
 * <pre>{@code
 * try (LocalSageMakerServer server = LocalSageMakerServer.start()) {
 *   server.fake().addPipeline("train", Duration.ofMinutes(5));
 *   SageMakerClient client = SageMakerClient.builder().endpointOverride(server.endpoint())
 *       .region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create()).build();
 *   ...
 * }
 * }</pre>
 */
public final class LocalSageMakerServer extends LocalAwsServer<FakeSageMakerClient> {

  private LocalSageMakerServer(FakeSageMakerClient fake) {
    super(fake, AwsAnswers.awsJson("1.1", "SageMaker.", "InternalFailure").answeringLostAnswers()
        .operation("StartPipelineExecution", StartPipelineExecutionRequest::builder, fake::startPipelineExecution)
        .operation("DescribePipelineExecution", DescribePipelineExecutionRequest::builder,
            fake::describePipelineExecution)
        .operation("ListPipelineExecutions", ListPipelineExecutionsRequest::builder, fake::listPipelineExecutions)
        .operation("StopPipelineExecution", StopPipelineExecutionRequest::builder, fake::stopPipelineExecution)
        .operation("RetryPipelineExecution", RetryPipelineExecutionRequest::builder, fake::retryPipelineExecution)
        .operation("ListPipelines", ListPipelinesRequest::builder, fake::listPipelines), null);
  }

  /**
   * Starts a server over a new fake on the system clock.
   *
   * @return the running server
   */
  public static LocalSageMakerServer start() {
    return start(FakeSageMakerClient.create());
  }

  /**
   * Starts a server over a given fake, for instance one on a virtual clock.
   *
   * @param fake the SageMaker the server answers from
   * @return the running server
   */
  public static LocalSageMakerServer start(FakeSageMakerClient fake) {
    return new LocalSageMakerServer(fake);
  }

  /**
   * How many requests of one operation were received.
   *
   * @param operation the operation, such as {@code StartPipelineExecution}
   * @return the count
   */
  public int count(String operation) {
    return answers().count(requests(), operation);
  }
}
