package io.wflaunch.testkit.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wflaunch.testkit.http.StubHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.glue.model.BatchStopJobRunRequest;
import software.amazon.awssdk.services.glue.model.GetJobRunRequest;
import software.amazon.awssdk.services.glue.model.GetJobRunsRequest;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunsRequest;
import software.amazon.awssdk.services.glue.model.ListJobsRequest;
import software.amazon.awssdk.services.glue.model.ResumeWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.StartJobRunRequest;
import software.amazon.awssdk.services.glue.model.StartWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.StopWorkflowRunRequest;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * A real HTTP AWS Glue on 127.0.0.1 and a free port, for wire-level tests with the real
 * {@code GlueClient} of what moto does not serve (ResumeWorkflowRun, BatchStopJobRun, runs that fail,
 * run for a while and are re-run). It speaks AWS JSON 1.1 ({@code POST /} with
 * {@code X-Amz-Target: AWSGlue.<Operation>}) and answers from a {@link FakeGlueClient}, with that fake's
 * workflows, jobs, runs, validation, scripts, faults and listing lag. Served: StartWorkflowRun,
 * GetWorkflowRun, GetWorkflowRuns, StopWorkflowRun, ResumeWorkflowRun, StartJobRun, GetJobRun,
 * GetJobRuns, BatchStopJobRun and ListJobs.
 *
 * <p>The fake's service errors become the service's error answers (their HTTP status, the error code in
 * {@code x-amzn-ErrorType} and the body's {@code __type}), which the SDK turns back into the same
 * exception types. A start whose answer the fake loses closes the connection without an answer, after
 * the run was created. Another operation answers 400 {@code UnknownOperationException}.
 *
 * <pre>{@code
 * try (LocalGlueServer server = LocalGlueServer.start()) {
 *   server.fake().addJob("nightly", null, GlueJobScript.failsAfter(Duration.ofMinutes(5), "boom"));
 *   GlueClient client = GlueClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)...
 * }
 * }</pre>
 *
 * <p>Requests are served on several threads at once (the fake serializes them). Signatures are not
 * checked. Close the server to stop it.
 */
public final class LocalGlueServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TARGET_PREFIX = "AWSGlue.";

  private final FakeGlueClient fake;
  private final HttpServer server;
  private final ExecutorService executor;
  private final List<StubHttpServer.Request> requests = new ArrayList<>();
  private final Map<String, Function<JsonNode, SdkPojo>> operations = new TreeMap<>();

  private LocalGlueServer(FakeGlueClient fake) throws IOException {
    this.fake = Objects.requireNonNull(fake, "fake");
    serve("StartWorkflowRun", StartWorkflowRunRequest::builder, fake::startWorkflowRun);
    serve("GetWorkflowRun", GetWorkflowRunRequest::builder, fake::getWorkflowRun);
    serve("GetWorkflowRuns", GetWorkflowRunsRequest::builder, fake::getWorkflowRuns);
    serve("StopWorkflowRun", StopWorkflowRunRequest::builder, fake::stopWorkflowRun);
    serve("ResumeWorkflowRun", ResumeWorkflowRunRequest::builder, fake::resumeWorkflowRun);
    serve("StartJobRun", StartJobRunRequest::builder, fake::startJobRun);
    serve("GetJobRun", GetJobRunRequest::builder, fake::getJobRun);
    serve("GetJobRuns", GetJobRunsRequest::builder, fake::getJobRuns);
    serve("BatchStopJobRun", BatchStopJobRunRequest::builder, fake::batchStopJobRun);
    serve("ListJobs", ListJobsRequest::builder, fake::listJobs);
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "local-glue-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
  }

  private <R> void serve(String operation, Supplier<? extends SdkBuilder<?, R>> builder, Function<R, ? extends SdkPojo> call) {
    operations.put(operation, json -> call.apply(AwsJson.read(json, builder)));
  }

  /**
   * Starts a server over a new fake on the system clock.
   *
   * @return the running server
   */
  public static LocalGlueServer start() {
    return start(FakeGlueClient.create());
  }

  /**
   * Starts a server over a given fake, for instance one on a virtual clock.
   *
   * @param fake the Glue the server answers from
   * @return the running server
   */
  public static LocalGlueServer start(FakeGlueClient fake) {
    try {
      return new LocalGlueServer(fake);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The fake behind the server: add workflows and jobs to it, read their runs, plan its faults.
   *
   * @return the fake
   */
  public FakeGlueClient fake() {
    return fake;
  }

  /**
   * The server's address, for {@code endpointOverride}.
   *
   * @return {@code http://127.0.0.1:<port>}
   */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * The requests received so far, in the order they arrived.
   *
   * @return a copy of the list
   */
  public synchronized List<StubHttpServer.Request> requests() {
    return List.copyOf(requests);
  }

  /**
   * How many requests of one operation were received.
   *
   * @param operation the operation, such as {@code StartJobRun}
   * @return the count
   */
  public synchronized int count(String operation) {
    return (int) requests.stream().filter(r -> (TARGET_PREFIX + operation).equals(r.header("X-Amz-Target"))).count();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void serve(HttpExchange exchange) throws IOException {
    StubHttpServer.Request request = read(exchange);
    synchronized (this) {
      requests.add(request);
    }
    String target = request.header("X-Amz-Target");
    Function<JsonNode, SdkPojo> operation = target != null && target.startsWith(TARGET_PREFIX)
        ? operations.get(target.substring(TARGET_PREFIX.length())) : null;
    if (!request.method().equals("POST") || operation == null) {
      error(exchange, 400, "UnknownOperationException", "no operation serves " + request.method() + " " + target, null);
      return;
    }
    SdkPojo answer;
    try {
      answer = operation.apply(request.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(request.body()));
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
          ? "InternalServiceException" : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
          ? e.getMessage() : e.awsErrorDetails().errorMessage();
      error(exchange, e.statusCode() == 0 ? 500 : e.statusCode(), code, message, e.requestId());
      return;
    } catch (SdkClientException e) {
      // The fake lost the answer after acting (a lost start): so does the wire.
      exchange.close();
      return;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      error(exchange, 400, "SerializationException", "the request body is not JSON: " + e.getOriginalMessage(), null);
      return;
    } catch (RuntimeException e) {
      error(exchange, 500, "InternalServiceException", String.valueOf(e.getMessage()), null);
      return;
    }
    send(exchange, 200, Map.of("Content-Type", "application/x-amz-json-1.1"), AwsJson.write(answer));
  }

  private static StubHttpServer.Request read(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new TreeMap<>();
    exchange.getRequestHeaders().forEach((name, values) ->
        headers.put(name.toLowerCase(Locale.ROOT), values.isEmpty() ? "" : values.get(0)));
    URI uri = exchange.getRequestURI();
    return new StubHttpServer.Request(exchange.getRequestMethod(), uri.getRawPath(),
        uri.getRawQuery() == null ? "" : uri.getRawQuery(), Map.copyOf(headers),
        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
  }

  private static void error(HttpExchange exchange, int status, String code, String message, String requestId)
      throws IOException {
    ObjectNode body = JSON.createObjectNode().put("__type", code).put("message", message);
    send(exchange, status, Map.of("Content-Type", "application/x-amz-json-1.1", "x-amzn-ErrorType", code,
        "x-amzn-RequestId", requestId == null ? UUID.randomUUID().toString() : requestId), body);
  }

  private static void send(HttpExchange exchange, int status, Map<String, String> headers, JsonNode json)
      throws IOException {
    try (exchange) {
      byte[] body = JSON.writeValueAsBytes(json);
      headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      if (!headers.containsKey("x-amzn-RequestId")) {
        exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
      }
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
