package io.wflaunch.testkit.codecatalyst;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wflaunch.testkit.http.StubHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.codecatalyst.model.GetWorkflowRunRequest;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowRunsRequest;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowsRequest;
import software.amazon.awssdk.services.codecatalyst.model.StartWorkflowRunRequest;

/**
 * A real HTTP Amazon CodeCatalyst on 127.0.0.1 and a free port, for wire-level tests with the real
 * {@code CodeCatalystClient} (no public emulator knows CodeCatalyst). It serves the REST-JSON bindings of
 * the SDK's service model and answers from a {@link FakeCodeCatalystClient}, with that fake's workflows,
 * runs, validation, client-token semantics, run scripts, faults and listing lag:
 *
 * <table>
 *   <caption>Served operations</caption>
 *   <tr><th>operation</th><th>binding</th></tr>
 *   <tr><td>ListWorkflows</td><td>{@code POST /v1/spaces/{spaceName}/projects/{projectName}/workflows?nextToken&maxResults}</td></tr>
 *   <tr><td>StartWorkflowRun</td><td>{@code PUT /v1/spaces/{spaceName}/projects/{projectName}/workflowRuns?workflowId},
 *       body {@code {"clientToken":...}}</td></tr>
 *   <tr><td>GetWorkflowRun</td><td>{@code GET /v1/spaces/{spaceName}/projects/{projectName}/workflowRuns/{id}}</td></tr>
 *   <tr><td>ListWorkflowRuns</td><td>{@code POST /v1/spaces/{spaceName}/projects/{projectName}/workflowRuns?workflowId&nextToken&maxResults}</td></tr>
 * </table>
 *
 * <p>The fake's service errors become the service's error answers: their HTTP status, the error code in
 * {@code x-amzn-ErrorType}, the request id in {@code x-amzn-RequestId} and a body
 * {@code {"message":"..."}}, which the SDK turns back into the same exception types. A start whose
 * answer the fake loses ({@link io.wflaunch.testkit.Faults#loseNextStartResponses}) closes the connection
 * without an answer, after the run was created. Other paths answer 404 {@code UnknownOperationException}.
 *
 * <pre>{@code
 * try (LocalCodeCatalystServer server = LocalCodeCatalystServer.start()) {
 *   String workflowId = server.fake().addWorkflow("space", "project", "deploy", CodeCatalystRunScript.runsForever());
 *   CodeCatalystClient client = CodeCatalystClient.builder()
 *       .endpointOverride(server.endpoint())
 *       .region(Region.US_WEST_2)
 *       .tokenProvider(() -> () -> "token")
 *       .build();
 *   ...
 * }
 * }</pre>
 *
 * <p>Requests are served on several threads at once (the fake serializes them). The bearer token is not
 * checked. Close the server to stop it.
 */
public final class LocalCodeCatalystServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "/v1/spaces/";

  private final FakeCodeCatalystClient fake;
  private final HttpServer server;
  private final ExecutorService executor;
  private final List<StubHttpServer.Request> requests = new ArrayList<>();

  private LocalCodeCatalystServer(FakeCodeCatalystClient fake) throws IOException {
    this.fake = Objects.requireNonNull(fake, "fake");
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "local-codecatalyst-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
  }

  /**
   * Starts a server over a new fake on the system clock.
   *
   * @return the running server
   */
  public static LocalCodeCatalystServer start() {
    return start(FakeCodeCatalystClient.create());
  }

  /**
   * Starts a server over a given fake, for instance one on a virtual clock.
   *
   * @param fake the CodeCatalyst the server answers from
   * @return the running server
   */
  public static LocalCodeCatalystServer start(FakeCodeCatalystClient fake) {
    try {
      return new LocalCodeCatalystServer(fake);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The fake behind the server: add workflows to it, count their runs, plan its faults.
   *
   * @return the fake
   */
  public FakeCodeCatalystClient fake() {
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
    SdkPojo answer;
    try {
      answer = dispatch(request);
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
          ? "InternalServerException" : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
          ? e.getMessage() : e.awsErrorDetails().errorMessage();
      error(exchange, e.statusCode() == 0 ? 500 : e.statusCode(), code, message, e.requestId());
      return;
    } catch (SdkClientException e) {
      // The fake lost the answer after acting (a lost start): so does the wire.
      exchange.close();
      return;
    } catch (BadRequest e) {
      error(exchange, 400, "ValidationException", e.getMessage(), null);
      return;
    } catch (NotFound e) {
      error(exchange, 404, "UnknownOperationException", e.getMessage(), null);
      return;
    } catch (RuntimeException e) {
      error(exchange, 500, "InternalServerException", String.valueOf(e.getMessage()), null);
      return;
    }
    send(exchange, 200, Map.of("Content-Type", "application/json"), RestJsonWriter.write(answer));
  }

  private SdkPojo dispatch(StubHttpServer.Request request) {
    if (!request.path().startsWith(PREFIX)) {
      throw new NotFound(request);
    }
    String[] parts = request.path().substring(PREFIX.length()).split("/", -1);
    if (parts.length < 4 || !parts[1].equals("projects")) {
      throw new NotFound(request);
    }
    String space = decode(parts[0]);
    String project = decode(parts[2]);
    Map<String, String> query = query(request.query());
    String resource = parts[3];
    if (parts.length == 4 && resource.equals("workflows") && request.method().equals("POST")) {
      return fake.listWorkflows(ListWorkflowsRequest.builder().spaceName(space).projectName(project)
          .nextToken(query.get("nextToken")).maxResults(integer(query, "maxResults")).build());
    }
    if (parts.length == 4 && resource.equals("workflowRuns") && request.method().equals("PUT")) {
      JsonNode body = body(request);
      return fake.startWorkflowRun(StartWorkflowRunRequest.builder().spaceName(space).projectName(project)
          .workflowId(query.get("workflowId"))
          .clientToken(body.hasNonNull("clientToken") ? body.get("clientToken").asText() : null).build());
    }
    if (parts.length == 4 && resource.equals("workflowRuns") && request.method().equals("POST")) {
      return fake.listWorkflowRuns(ListWorkflowRunsRequest.builder().spaceName(space).projectName(project)
          .workflowId(query.get("workflowId")).nextToken(query.get("nextToken"))
          .maxResults(integer(query, "maxResults")).build());
    }
    if (parts.length == 5 && resource.equals("workflowRuns") && request.method().equals("GET") && !parts[4].isEmpty()) {
      return fake.getWorkflowRun(GetWorkflowRunRequest.builder().spaceName(space).projectName(project)
          .id(decode(parts[4])).build());
    }
    throw new NotFound(request);
  }

  private static JsonNode body(StubHttpServer.Request request) {
    if (request.body().isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode body = JSON.readTree(request.body());
      if (!(body instanceof ObjectNode)) {
        throw new BadRequest("the request body must be a JSON object");
      }
      return body;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadRequest("the request body is not JSON: " + e.getOriginalMessage());
    }
  }

  private static Integer integer(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      throw new BadRequest(name + " must be an integer, found " + value);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (!raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        query.putIfAbsent(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return query;
  }

  /** Percent-decodes a path segment or query part as UTF-8 ('+' stays '+', as the SDK encodes spaces as %20). */
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
    ObjectNode body = JSON.createObjectNode().put("message", message);
    send(exchange, status, Map.of("Content-Type", "application/json", "x-amzn-ErrorType", code,
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
