package io.wflaunch.testkit.sagemaker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.testkit.http.StubHttpServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineExecutionRequest;
import software.amazon.awssdk.services.sagemaker.model.ListPipelineExecutionsRequest;
import software.amazon.awssdk.services.sagemaker.model.ListPipelinesRequest;
import software.amazon.awssdk.services.sagemaker.model.RetryPipelineExecutionRequest;
import software.amazon.awssdk.services.sagemaker.model.StartPipelineExecutionRequest;
import software.amazon.awssdk.services.sagemaker.model.StopPipelineExecutionRequest;

/**
 * A real HTTP Amazon SageMaker on 127.0.0.1 and a free port (a {@link StubHttpServer}), for wire-level
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
public final class LocalSageMakerServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "SageMaker.";

  private final FakeSageMakerClient fake;
  private final StubHttpServer server;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  private LocalSageMakerServer(FakeSageMakerClient fake) {
    this.fake = Objects.requireNonNull(fake, "fake");
    this.server = StubHttpServer.start(this::serve);
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
   * The fake behind the server: add pipelines to it, count their executions.
   *
   * @return the fake
   */
  public FakeSageMakerClient fake() {
    return fake;
  }

  /**
   * The server's address, for {@code endpointOverride}.
   *
   * @return {@code http://127.0.0.1:<port>}
   */
  public URI endpoint() {
    return server.endpoint();
  }

  /**
   * The requests received so far, in the order they arrived.
   *
   * @return a copy of the list
   */
  public List<StubHttpServer.Request> requests() {
    return server.requests();
  }

  /**
   * How many requests of an operation the server received.
   *
   * @param operation the operation's name, such as {@code StartPipelineExecution}
   * @return the count
   */
  public int count(String operation) {
    AtomicInteger count = counts.get(operation);
    return count == null ? 0 : count.get();
  }

  @Override
  public void close() {
    server.close();
  }

  private StubHttpServer.Response serve(StubHttpServer.Request request) {
    String target = request.header("X-Amz-Target");
    if (!"POST".equals(request.method()) || target == null || !target.startsWith(PREFIX)) {
      return error(400, "UnknownOperationException", "no operation for " + request.method() + " " + request.path(), null);
    }
    String operation = target.substring(PREFIX.length());
    counts.computeIfAbsent(operation, name -> new AtomicInteger()).incrementAndGet();
    try {
      JsonNode body = request.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(request.body());
      SdkPojo answer = switch (operation) {
        case "StartPipelineExecution" -> fake.startPipelineExecution(
            AwsJsonPojos.<StartPipelineExecutionRequest>read(body, (SdkPojo) StartPipelineExecutionRequest.builder()));
        case "DescribePipelineExecution" -> fake.describePipelineExecution(
            AwsJsonPojos.<DescribePipelineExecutionRequest>read(body, (SdkPojo) DescribePipelineExecutionRequest.builder()));
        case "ListPipelineExecutions" -> fake.listPipelineExecutions(
            AwsJsonPojos.<ListPipelineExecutionsRequest>read(body, (SdkPojo) ListPipelineExecutionsRequest.builder()));
        case "StopPipelineExecution" -> fake.stopPipelineExecution(
            AwsJsonPojos.<StopPipelineExecutionRequest>read(body, (SdkPojo) StopPipelineExecutionRequest.builder()));
        case "RetryPipelineExecution" -> fake.retryPipelineExecution(
            AwsJsonPojos.<RetryPipelineExecutionRequest>read(body, (SdkPojo) RetryPipelineExecutionRequest.builder()));
        case "ListPipelines" -> fake.listPipelines(
            AwsJsonPojos.<ListPipelinesRequest>read(body, (SdkPojo) ListPipelinesRequest.builder()));
        default -> null;
      };
      if (answer == null) {
        return error(400, "UnknownOperationException", "operation " + operation + " is not served", null);
      }
      return new StubHttpServer.Response(200, Map.of("Content-Type", "application/x-amz-json-1.1",
          "x-amzn-RequestId", UUID.randomUUID().toString()), JSON.writeValueAsString(AwsJsonPojos.write(answer)));
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "InternalFailure"
          : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? e.getMessage()
          : e.awsErrorDetails().errorMessage();
      return error(e.statusCode() == 0 ? 500 : e.statusCode(), code, message, e.requestId());
    } catch (SdkClientException e) {
      return error(500, "InternalFailure", "the answer was lost after the execution was created", null);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return error(400, "SerializationException", String.valueOf(e.getMessage()), null);
    }
  }

  private static StubHttpServer.Response error(int status, String code, String message, String requestId) {
    String body = JSON.createObjectNode().put("__type", code).put("message", message).toString();
    return new StubHttpServer.Response(status, Map.of("Content-Type", "application/x-amz-json-1.1",
        "x-amzn-RequestId", requestId == null ? UUID.randomUUID().toString() : requestId), body);
  }
}
