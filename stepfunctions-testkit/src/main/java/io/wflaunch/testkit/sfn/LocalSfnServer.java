package io.wflaunch.testkit.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.testkit.http.StubHttpServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.RedriveExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StopExecutionRequest;

/**
 * A real HTTP AWS Step Functions on 127.0.0.1 and a free port (a {@link StubHttpServer}) that serves what
 * moto lacks: RedriveExecution, with the client token deduplication and 14-day window of a
 * {@link FakeSfnClient}, beside StartExecution, DescribeExecution and StopExecution, for wire tests with the
 * real {@code SfnClient}. It speaks Step Functions' JSON 1.0 protocol ({@code POST /}, the operation in
 * {@code X-Amz-Target: AWSStepFunctions.<Operation>}); the fake's errors become the service's error
 * answers ({@code {"__type":..., "message":...}} with their HTTP status), which the SDK turns back into the
 * same exception types, and an answer the fake loses closes the connection. Other operations answer 400
 * {@code UnknownOperationException}. Close it to stop it.
 */
public final class LocalSfnServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "AWSStepFunctions.";

  private final FakeSfnClient fake;
  private final StubHttpServer server;

  private LocalSfnServer(FakeSfnClient fake) {
    this.fake = Objects.requireNonNull(fake, "fake");
    this.server = StubHttpServer.start(this::serve);
  }

  /**
   * Starts a server over a given fake.
   *
   * @param fake the Step Functions the server answers from
   * @return the running server
   */
  public static LocalSfnServer start(FakeSfnClient fake) {
    return new LocalSfnServer(fake);
  }

  /**
   * The fake behind the server.
   *
   * @return the fake
   */
  public FakeSfnClient fake() {
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
   * The requests received so far, in order.
   *
   * @return a copy of the list
   */
  public List<StubHttpServer.Request> requests() {
    return server.requests();
  }

  @Override
  public void close() {
    server.close();
  }

  private StubHttpServer.Response serve(StubHttpServer.Request request) {
    String target = request.header("x-amz-target");
    String operation = target == null || !target.startsWith(PREFIX) ? "" : target.substring(PREFIX.length());
    SdkPojo answer;
    try {
      JsonNode body = request.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(request.body());
      answer = switch (operation) {
        case "StartExecution" -> fake.startExecution(StartExecutionRequest.builder()
            .stateMachineArn(text(body, "stateMachineArn")).name(text(body, "name")).input(text(body, "input"))
            .traceHeader(text(body, "traceHeader")).build());
        case "DescribeExecution" -> fake.describeExecution(DescribeExecutionRequest.builder()
            .executionArn(text(body, "executionArn")).build());
        case "StopExecution" -> fake.stopExecution(StopExecutionRequest.builder()
            .executionArn(text(body, "executionArn")).error(text(body, "error")).cause(text(body, "cause")).build());
        case "RedriveExecution" -> fake.redriveExecution(RedriveExecutionRequest.builder()
            .executionArn(text(body, "executionArn")).clientToken(text(body, "clientToken")).build());
        default -> null;
      };
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
          ? "InternalFailure" : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
          ? e.getMessage() : e.awsErrorDetails().errorMessage();
      return error(e.statusCode() == 0 ? 500 : e.statusCode(), code, message);
    } catch (SdkClientException e) {
      throw new IllegalStateException("answer lost", e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return error(400, "SerializationException", "the request body is not JSON");
    }
    if (answer == null) {
      return error(400, "UnknownOperationException", "no operation " + operation);
    }
    try {
      return new StubHttpServer.Response(200, Map.of("Content-Type", "application/x-amz-json-1.0",
          "x-amzn-RequestId", UUID.randomUUID().toString()), JSON.writeValueAsString(JsonBodyWriter.write(answer)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(JsonNode node, String name) {
    return node.hasNonNull(name) ? node.get(name).asText() : null;
  }

  private static StubHttpServer.Response error(int status, String code, String message) {
    return new StubHttpServer.Response(status, Map.of("Content-Type", "application/x-amz-json-1.0",
        "x-amzn-RequestId", UUID.randomUUID().toString()),
        JSON.createObjectNode().put("__type", code).put("message", message).toString());
  }
}
