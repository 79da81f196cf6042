package io.wflaunch.testkit.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 and a free port that answers with canned responses and records every
 * request, for testing what an SDK client sends over the wire and how its answers are read.
 *
 * <pre>{@code
 * try (StubHttpServer server = StubHttpServer.start(request -> StubHttpServer.Response.json(200, "{}"))) {
 *   client = OrdersClient.builder().endpointOverride(server.endpoint())... // your service's client
 *   ...
 *   assertThat(server.requests()).hasSize(1);
 * }
 * }</pre>
 *
 * <p>Close it to stop it.
 */
public final class StubHttpServer implements AutoCloseable {

  /**
   * One request as the server received it.
   *
   * @param method the HTTP method
   * @param path the raw (still percent-encoded) path
   * @param query the raw query, empty when there is none
   * @param headers the headers, names in lower case, first value of each
   * @param body the body as UTF-8 text
   */
  public record Request(String method, String path, String query, Map<String, String> headers, String body) {
    /**
     * A header's value.
     *
     * @param name the header name, in any case
     * @return its first value, or null
     */
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /**
   * A canned answer.
   *
   * @param status the HTTP status
   * @param headers the headers to send
   * @param body the body, sent as UTF-8
   */
  public record Response(int status, Map<String, String> headers, String body) {
    /**
     * A JSON answer.
     *
     * @param status the HTTP status
     * @param body the JSON text
     * @return the response
     */
    public static Response json(int status, String body) {
      return new Response(status, Map.of("Content-Type", "application/json"), body);
    }

    /**
     * An AWS JSON error answer: the status, the {@code x-amzn-ErrorType} header and a body naming the
     * error type and message.
     *
     * @param status the HTTP status
     * @param errorType the error type, such as {@code ThrottlingException}
     * @param message the message
     * @return the response
     */
    public static Response awsError(int status, String errorType, String message) {
      return new Response(status, Map.of("Content-Type", "application/x-amz-json-1.1",
          "x-amzn-ErrorType", errorType, "x-amzn-RequestId", "stub-request-id"),
          "{\"__type\":\"" + errorType + "\",\"message\":\"" + message.replace("\"", "\\\"") + "\"}");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Request> requests = new ArrayList<>();
  private volatile Function<Request, Response> handler;

  private StubHttpServer(Function<Request, Response> handler, String threadName) throws IOException {
    this.handler = Objects.requireNonNull(handler, "handler");
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    if (threadName == null) {
      this.executor = null;
    } else {
      AtomicInteger threads = new AtomicInteger();
      this.executor = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, threadName + "-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      });
      server.setExecutor(executor);
    }
    server.createContext("/", this::serve);
    server.start();
  }

  /**
   * Starts a server that answers every request with what {@code handler} returns, one request at a time.
   *
   * @param handler makes the answer to each request
   * @return the running server
   */
  public static StubHttpServer start(Function<Request, Response> handler) {
    return start(handler, null);
  }

  /**
   * Starts a server that answers requests on several threads at once, for a handler that is safe to call
   * concurrently (such as a local service over a fake that serializes its calls). A handler that throws
   * closes the connection without an answer, as a lost response does.
   *
   * @param handler makes the answer to each request
   * @param threadName the name of the serving threads (numbered), or null to serve one request at a time
   * @return the running server
   */
  public static StubHttpServer start(Function<Request, Response> handler, String threadName) {
    try {
      return new StubHttpServer(handler, threadName);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replaces the handler for later requests.
   *
   * @param handler makes the answer to each request
   */
  public void respondWith(Function<Request, Response> handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  /**
   * The server's address.
   *
   * @return {@code http://127.0.0.1:<port>}
   */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * The requests received so far, in order.
   *
   * @return a copy of the list
   */
  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) ->
          headers.put(name.toLowerCase(java.util.Locale.ROOT), values.isEmpty() ? "" : values.get(0)));
      URI uri = exchange.getRequestURI();
      Request request = new Request(exchange.getRequestMethod(), uri.getRawPath(),
          uri.getRawQuery() == null ? "" : uri.getRawQuery(), Map.copyOf(headers),
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      synchronized (this) {
        requests.add(request);
      }
      Response response = handler.apply(request);
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }
}
