package io.wflaunch.testkit.emrserverless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.testkit.http.StubHttpServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.emrserverless.model.CancelJobRunRequest;
import software.amazon.awssdk.services.emrserverless.model.GetJobRunRequest;
import software.amazon.awssdk.services.emrserverless.model.Hive;
import software.amazon.awssdk.services.emrserverless.model.JobDriver;
import software.amazon.awssdk.services.emrserverless.model.ListJobRunsRequest;
import software.amazon.awssdk.services.emrserverless.model.SparkSubmit;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;

/**
 * A real HTTP Amazon EMR Serverless on 127.0.0.1 and a free port (a {@link StubHttpServer}), for
 * wire-level tests with the real {@code EmrServerlessClient} where moto falls short: moto starts a new job
 * run for a repeated client token, and ends runs at once. It serves the REST-JSON bindings of the SDK's
 * service model and answers from a {@link FakeEmrServerlessClient}, with that fake's applications, runs,
 * validation, client-token deduplication, run scripts, faults and listing lag:
 *
 * <table>
 *   <caption>Served operations</caption>
 *   <tr><th>operation</th><th>binding</th></tr>
 *   <tr><td>StartJobRun</td><td>{@code POST /applications/{applicationId}/jobruns}, JSON body</td></tr>
 *   <tr><td>GetJobRun</td><td>{@code GET /applications/{applicationId}/jobruns/{jobRunId}}</td></tr>
 *   <tr><td>CancelJobRun</td><td>{@code DELETE /applications/{applicationId}/jobruns/{jobRunId}}</td></tr>
 *   <tr><td>ListJobRuns</td><td>{@code GET /applications/{applicationId}/jobruns?nextToken&maxResults&createdAtAfter&createdAtBefore&states}</td></tr>
 * </table>
 *
 * <p>StartJobRun's body is read for its client token, role, job driver, name, tags and timeout (the
 * configuration overrides are not kept). The fake's service errors become the service's error answers
 * (HTTP status, {@code x-amzn-ErrorType}, a body {@code {"message":...}}), which the SDK turns back into
 * the same exception types; a start whose answer the fake loses closes the connection without an answer,
 * after the run was created. Other paths answer 404 {@code UnknownOperationException}. Close it to stop it.
 */
public final class LocalEmrServerlessServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "/applications/";

  private final FakeEmrServerlessClient fake;
  private final StubHttpServer server;

  private LocalEmrServerlessServer(FakeEmrServerlessClient fake) {
    this.fake = Objects.requireNonNull(fake, "fake");
    this.server = StubHttpServer.start(this::serve);
  }

  /**
   * Starts a server over a new fake on the system clock.
   *
   * @return the running server
   */
  public static LocalEmrServerlessServer start() {
    return start(FakeEmrServerlessClient.create());
  }

  /**
   * Starts a server over a given fake.
   *
   * @param fake the EMR Serverless the server answers from
   * @return the running server
   */
  public static LocalEmrServerlessServer start(FakeEmrServerlessClient fake) {
    return new LocalEmrServerlessServer(fake);
  }

  /**
   * The fake behind the server: add applications to it, count their runs, plan its faults.
   *
   * @return the fake
   */
  public FakeEmrServerlessClient fake() {
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

  @Override
  public void close() {
    server.close();
  }

  private StubHttpServer.Response serve(StubHttpServer.Request request) {
    SdkPojo answer;
    try {
      answer = dispatch(request);
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
          ? "InternalServerException" : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
          ? e.getMessage() : e.awsErrorDetails().errorMessage();
      return error(e.statusCode() == 0 ? 500 : e.statusCode(), code, message);
    } catch (SdkClientException e) {
      // The fake lost the answer after acting (a lost start): so does the wire, by closing the connection.
      throw new IllegalStateException("answer lost", e);
    } catch (BadRequest e) {
      return error(400, "ValidationException", e.getMessage());
    } catch (NotFound e) {
      return error(404, "UnknownOperationException", e.getMessage());
    }
    try {
      return new StubHttpServer.Response(200, Map.of("Content-Type", "application/json"),
          JSON.writeValueAsString(RestJsonWriter.write(answer)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private SdkPojo dispatch(StubHttpServer.Request request) {
    if (!request.path().startsWith(PREFIX)) {
      throw new NotFound(request);
    }
    String[] parts = request.path().substring(PREFIX.length()).split("/", -1);
    if (parts.length < 2 || !parts[1].equals("jobruns")) {
      throw new NotFound(request);
    }
    String applicationId = decode(parts[0]);
    Map<String, List<String>> query = query(request.query());
    if (parts.length == 2 && request.method().equals("POST")) {
      return fake.startJobRun(startRequest(applicationId, body(request)));
    }
    if (parts.length == 2 && request.method().equals("GET")) {
      return fake.listJobRuns(ListJobRunsRequest.builder().applicationId(applicationId)
          .nextToken(first(query, "nextToken")).maxResults(integer(first(query, "maxResults")))
          .createdAtAfter(instant(first(query, "createdAtAfter"))).createdAtBefore(instant(first(query, "createdAtBefore")))
          .statesWithStrings(query.getOrDefault("states", List.of())).build());
    }
    if (parts.length == 3 && !parts[2].isEmpty() && request.method().equals("GET")) {
      return fake.getJobRun(GetJobRunRequest.builder().applicationId(applicationId).jobRunId(decode(parts[2])).build());
    }
    if (parts.length == 3 && !parts[2].isEmpty() && request.method().equals("DELETE")) {
      return fake.cancelJobRun(CancelJobRunRequest.builder().applicationId(applicationId).jobRunId(decode(parts[2]))
          .build());
    }
    throw new NotFound(request);
  }

  private static StartJobRunRequest startRequest(String applicationId, JsonNode body) {
    StartJobRunRequest.Builder start = StartJobRunRequest.builder().applicationId(applicationId)
        .clientToken(text(body, "clientToken")).executionRoleArn(text(body, "executionRoleArn"))
        .name(text(body, "name"));
    if (body.hasNonNull("executionTimeoutMinutes")) {
      start.executionTimeoutMinutes(body.get("executionTimeoutMinutes").asLong());
    }
    if (body.hasNonNull("tags")) {
      Map<String, String> tags = new LinkedHashMap<>();
      body.get("tags").fields().forEachRemaining(tag -> tags.put(tag.getKey(), tag.getValue().asText()));
      start.tags(tags);
    }
    JsonNode driver = body.get("jobDriver");
    if (driver != null && driver.hasNonNull("sparkSubmit")) {
      JsonNode spark = driver.get("sparkSubmit");
      List<String> arguments = new ArrayList<>();
      if (spark.hasNonNull("entryPointArguments")) {
        spark.get("entryPointArguments").forEach(argument -> arguments.add(argument.asText()));
      }
      start.jobDriver(JobDriver.fromSparkSubmit(SparkSubmit.builder().entryPoint(text(spark, "entryPoint"))
          .entryPointArguments(arguments.isEmpty() ? null : arguments)
          .sparkSubmitParameters(text(spark, "sparkSubmitParameters")).build()));
    } else if (driver != null && driver.hasNonNull("hive")) {
      JsonNode hive = driver.get("hive");
      start.jobDriver(JobDriver.fromHive(Hive.builder().query(text(hive, "query"))
          .initQueryFile(text(hive, "initQueryFile")).parameters(text(hive, "parameters")).build()));
    }
    return start.build();
  }

  private static String text(JsonNode node, String name) {
    return node.hasNonNull(name) ? node.get(name).asText() : null;
  }

  private static JsonNode body(StubHttpServer.Request request) {
    if (request.body().isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode body = JSON.readTree(request.body());
      if (!body.isObject()) {
        throw new BadRequest("the request body must be a JSON object");
      }
      return body;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadRequest("the request body is not JSON: " + e.getOriginalMessage());
    }
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static Integer integer(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      throw new BadRequest("maxResults must be an integer, found " + value);
    }
  }

  /** A query timestamp as the SDK writes it: ISO 8601. */
  private static Instant instant(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (RuntimeException e) {
      throw new BadRequest("a timestamp must be ISO 8601, found " + value);
    }
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (!raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        query.computeIfAbsent(decode(eq < 0 ? pair : pair.substring(0, eq)), k -> new ArrayList<>())
            .add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return query;
  }

  /** Percent-decodes a path segment or query part as UTF-8. */
  private static String decode(String text) {
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

  private static StubHttpServer.Response error(int status, String code, String message) {
    return new StubHttpServer.Response(status, Map.of("Content-Type", "application/json", "x-amzn-ErrorType", code,
        "x-amzn-RequestId", java.util.UUID.randomUUID().toString()),
        JSON.createObjectNode().put("message", message).toString());
  }

  /** A request the service model cannot bind. */
  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message);
    }
  }

  /** A request no served operation matches. */
  private static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound(StubHttpServer.Request request) {
      super("no operation serves " + request.method() + " " + request.path());
    }
  }
}
