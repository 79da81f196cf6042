package io.wflaunch.testkit.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * The answering half of a local AWS service over a fake, for a {@link StubHttpServer} handler: it turns
 * the fake's model objects into the service's JSON answers and the fake's exceptions into the service's
 * error answers, in one of the AWS JSON protocols.
 *
 * <ul>
 *   <li>An answer is HTTP 200 with the object written by {@link SdkJson} and a new {@code x-amzn-RequestId}.
 *   <li>An {@link AwsServiceException} becomes its HTTP status (500 when it has none), its error code in
 *       {@code x-amzn-ErrorType} (the given internal error code when it has none), its request id, and a
 *       body {@code {"message":...}} (REST-JSON) or {@code {"__type":...,"message":...}} (AWS JSON).
 *   <li>An {@link SdkClientException} is an answer the fake lost after acting: the connection is closed
 *       without an answer, or, after {@link #answeringLostAnswers()}, answered 500.
 *   <li>A {@link Rejected} request becomes its status and code; a body that is not a JSON object, or whose
 *       members have the wrong JSON type, 400 {@code ValidationException} (REST-JSON) or
 *       {@code SerializationException} (AWS JSON); any other exception 500 with the internal error code.
 * </ul>
 *
 * <p>An AWS JSON service dispatches on {@code X-Amz-Target}: register its operations with
 * {@link #operation} and pass {@link #serve} to {@link StubHttpServer#start}. A REST-JSON service binds its
 * paths itself (with {@link #query} and {@link #decode}) inside {@link #answer}.
 *
 * <pre>{@code
 * AwsAnswers answers = AwsAnswers.awsJson("1.1", "AWSGlue.", "InternalServiceException")
 *     .operation("GetJobRun", GetJobRunRequest::builder, fake::getJobRun);
 * StubHttpServer server = StubHttpServer.start(answers::serve, "local-service");
 * }</pre>
 *
 * <p>Register every operation before the server starts.
 */
public final class AwsAnswers {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final boolean rest;
  private final String contentType;
  private final String targetPrefix;
  private final String internalErrorCode;
  private final Map<String, Function<JsonNode, SdkPojo>> operations = new ConcurrentHashMap<>();
  private volatile boolean closeOnLostAnswer = true;

  private AwsAnswers(boolean rest, String contentType, String targetPrefix, String internalErrorCode) {
    this.rest = rest;
    this.contentType = contentType;
    this.targetPrefix = targetPrefix;
    this.internalErrorCode = Objects.requireNonNull(internalErrorCode, "internalErrorCode");
  }

  /**
   * Answers of a REST-JSON service.
   *
   * @param internalErrorCode the service's code for an internal error, such as {@code InternalServerException}
   * @return the answers
   */
  public static AwsAnswers restJson(String internalErrorCode) {
    return new AwsAnswers(true, "application/json", null, internalErrorCode);
  }

  /**
   * Answers of an AWS JSON service.
   *
   * @param version the protocol version, {@code 1.0} or {@code 1.1}
   * @param targetPrefix the {@code X-Amz-Target} before the operation name, such as {@code AWSGlue.}
   * @param internalErrorCode the service's code for an internal error, such as {@code InternalFailure}
   * @return the answers
   * @throws IllegalArgumentException for another version
   */
  public static AwsAnswers awsJson(String version, String targetPrefix, String internalErrorCode) {
    if (!"1.0".equals(version) && !"1.1".equals(version)) {
      throw new IllegalArgumentException("AWS JSON version must be 1.0 or 1.1, found " + version);
    }
    return new AwsAnswers(false, "application/x-amz-json-" + version,
        Objects.requireNonNull(targetPrefix, "targetPrefix"), internalErrorCode);
  }

  /**
   * Answers a lost answer (an {@link SdkClientException} of the fake) with a 500 error instead of
   * closing the connection.
   *
   * @return these answers
   */
  public AwsAnswers answeringLostAnswers() {
    closeOnLostAnswer = false;
    return this;
  }

  /**
   * Serves an AWS JSON operation: its request is read from the body with {@link SdkJson#read}.
   *
   * @param <R> the request type
   * @param name the operation's name, such as {@code StartJobRun}
   * @param builder makes a new builder of the request
   * @param call the fake's operation
   * @return these answers
   * @throws IllegalStateException for answers of a REST-JSON service
   */
  public <R> AwsAnswers operation(String name, Supplier<? extends SdkBuilder<?, R>> builder,
      Function<R, ? extends SdkPojo> call) {
    if (rest) {
      throw new IllegalStateException("a REST-JSON service binds its operations by path");
    }
    Objects.requireNonNull(builder, "builder");
    Objects.requireNonNull(call, "call");
    operations.put(Objects.requireNonNull(name, "name"), json -> call.apply(read(json, builder.get())));
    return this;
  }

  /**
   * Answers an AWS JSON request: the operation named by its {@code X-Amz-Target}, or 400
   * {@code UnknownOperationException} for a request that is not a POST or names no registered operation.
   *
   * @param request the request
   * @return the answer
   */
  public StubHttpServer.Response serve(StubHttpServer.Request request) {
    String target = request.header("X-Amz-Target");
    Function<JsonNode, SdkPojo> operation = target != null && targetPrefix != null && target.startsWith(targetPrefix)
        ? operations.get(target.substring(targetPrefix.length())) : null;
    if (!"POST".equals(request.method()) || operation == null) {
      return error(400, "UnknownOperationException", "no operation serves " + request.method() + " "
          + (target == null ? request.path() : target), null);
    }
    return answer(() -> operation.apply(body(request)));
  }

  /**
   * Reads a request's JSON body into a model object's builder with {@link SdkJson#read} and builds it.
   *
   * @param <T> the model type
   * @param request the request
   * @param builder a builder of the model type, holding the members bound outside the body
   * @return the built object
   * @throws Rejected (400) if the body is not a JSON object or a member has the wrong JSON type
   */
  public <T> T read(StubHttpServer.Request request, SdkBuilder<?, T> builder) {
    return read(body(request), builder);
  }

  private <T> T read(JsonNode body, SdkBuilder<?, T> builder) {
    try {
      return SdkJson.read(body, builder);
    } catch (IllegalArgumentException e) {
      throw new Rejected(400, badBodyCode(), e.getMessage());
    }
  }

  /**
   * How many of {@code requests} name an operation in their {@code X-Amz-Target}.
   *
   * @param requests the requests, such as {@link StubHttpServer#requests()}
   * @param operation the operation's name
   * @return the count
   */
  public int count(List<StubHttpServer.Request> requests, String operation) {
    String target = targetPrefix + operation;
    return (int) requests.stream().filter(request -> target.equals(request.header("X-Amz-Target"))).count();
  }

  /**
   * Runs a call of the fake and answers with its result or its error.
   *
   * @param call the call, which may throw the exceptions listed above
   * @return the answer
   * @throws IllegalStateException to close the connection, for an answer the fake lost
   */
  public StubHttpServer.Response answer(Supplier<? extends SdkPojo> call) {
    SdkPojo answer;
    try {
      answer = call.get();
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
          ? internalErrorCode : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
          ? e.getMessage() : e.awsErrorDetails().errorMessage();
      return error(e.statusCode() == 0 ? 500 : e.statusCode(), code, message, e.requestId());
    } catch (SdkClientException e) {
      if (closeOnLostAnswer) {
        // The fake lost the answer after acting (a lost start): so does the wire, by closing the connection.
        throw new IllegalStateException("answer lost", e);
      }
      return error(500, internalErrorCode, "the answer was lost after the request was acted on", null);
    } catch (Rejected e) {
      return error(e.status, e.code, e.getMessage(), null);
    } catch (RuntimeException e) {
      return error(500, internalErrorCode, String.valueOf(e.getMessage()), null);
    }
    return new StubHttpServer.Response(200, Map.of("Content-Type", contentType,
        "x-amzn-RequestId", UUID.randomUUID().toString()), SdkJson.write(answer).toString());
  }

  /**
   * An error answer.
   *
   * @param status the HTTP status
   * @param code the error code
   * @param message the message
   * @param requestId the request id, or null for a new one
   * @return the answer
   */
  public StubHttpServer.Response error(int status, String code, String message, String requestId) {
    ObjectNode body = JSON.createObjectNode();
    if (!rest) {
      body.put("__type", code);
    }
    body.put("message", message);
    return new StubHttpServer.Response(status, Map.of("Content-Type", contentType, "x-amzn-ErrorType", code,
        "x-amzn-RequestId", requestId == null ? UUID.randomUUID().toString() : requestId), body.toString());
  }

  /**
   * A request's JSON body; an empty body is an empty object.
   *
   * @param request the request
   * @return the body, a JSON object
   * @throws Rejected (400) if the body is not a JSON object
   */
  public JsonNode body(StubHttpServer.Request request) {
    if (request.body().isBlank()) {
      return JSON.createObjectNode();
    }
    JsonNode body;
    try {
      body = JSON.readTree(request.body());
    } catch (JsonProcessingException e) {
      throw new Rejected(400, badBodyCode(), "the request body is not JSON: " + e.getOriginalMessage());
    }
    if (!body.isObject()) {
      throw new Rejected(400, badBodyCode(), "the request body must be a JSON object");
    }
    return body;
  }

  private String badBodyCode() {
    return rest ? "ValidationException" : "SerializationException";
  }

  /**
   * A raw query's parameters, names and values percent-decoded, each name's values in order.
   *
   * @param raw the raw query, such as {@link StubHttpServer.Request#query()}
   * @return the parameters, in the order their names first appear
   */
  public static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (!raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        query.computeIfAbsent(decode(eq < 0 ? pair : pair.substring(0, eq)), name -> new ArrayList<>())
            .add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return query;
  }

  /**
   * Percent-decodes a path segment or query part as UTF-8; '+' stays '+', as the SDK encodes spaces as
   * {@code %20}, and a '%' not followed by two hex digits stays as it is.
   *
   * @param text the raw text
   * @return the decoded text
   */
  public static String decode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%' && i + 2 < bytes.length) {
        int hi = Character.digit(bytes[i + 1], 16);
        int lo = Character.digit(bytes[i + 2], 16);
        if (hi >= 0 && lo >= 0) {
          out.write(hi * 16 + lo);
          i += 2;
          continue;
        }
      }
      out.write(bytes[i]);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** A request the service refuses before reaching the fake: answered with its status and error code. */
  public static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status. */
    private final int status;
    /** The error code. */
    private final String code;

    /**
     * A refusal.
     *
     * @param status the HTTP status, such as 400
     * @param code the error code, such as {@code ValidationException}
     * @param message the message
     */
    public Rejected(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * The HTTP status.
     *
     * @return the status
     */
    public int status() {
      return status;
    }

    /**
     * The error code.
     *
     * @return the code
     */
    public String code() {
      return code;
    }
  }
}
