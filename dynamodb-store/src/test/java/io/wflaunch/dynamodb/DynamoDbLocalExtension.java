package io.wflaunch.dynamodb;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts DynamoDB Local (in memory, one database for every caller) in the test's JVM on a free port of
 * 127.0.0.1 before the class's tests (its {@code @Nested} classes share it) and stops it after them. Its SQLite native libraries are unpacked
 * by the build into the directory the {@code sqlite4java.library.path} system property names.
 */
public final class DynamoDbLocalExtension implements BeforeAllCallback, AfterAllCallback {

  private DynamoDBProxyServer server;
  private String startedBy;
  private int port;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (server != null) {
      return; // a @Nested class of the class that started it
    }
    if (System.getProperty("sqlite4java.library.path") == null) {
      throw new IllegalStateException("set sqlite4java.library.path to the unpacked sqlite4java native libraries "
          + "(the build's maven-dependency-plugin does so)");
    }
    port = freePort();
    server = ServerRunner.createServerFromCommandLineArgs(
        new String[] {"-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)});
    loopbackOnly(server);
    server.start();
    startedBy = context.getUniqueId();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (server != null && context.getUniqueId().equals(startedBy)) {
      server.stop();
      server = null;
    }
  }

  /**
   * The server's address.
   *
   * @return {@code http://127.0.0.1:port}
   */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /**
   * A client of the server.
   *
   * @param interceptors interceptors to add (to count requests, say)
   * @return a new client, for the caller to close
   */
  public DynamoDbClient client(ExecutionInterceptor... interceptors) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> List.of(interceptors).forEach(c::addExecutionInterceptor))
        .build();
  }

  /** Counts the requests a client sends, by operation. */
  public static final class RequestLog implements ExecutionInterceptor {
    private final List<String> operations = new ArrayList<>();

    @Override
    public synchronized void beforeTransmission(Context.BeforeTransmission context,
        ExecutionAttributes attributes) {
      operations.add(context.request().getClass().getSimpleName().replace("Request", ""));
    }

    /**
     * The operations sent so far, in order.
     *
     * @return a copy
     */
    public synchronized List<String> operations() {
      return List.copyOf(operations);
    }

    /** Forgets what was sent. */
    public synchronized void clear() {
      operations.clear();
    }
  }

  /**
   * DynamoDB Local listens on every interface and has no option to say otherwise: its Jetty connector is
   * told to listen on 127.0.0.1 before the server starts.
   */
  private static void loopbackOnly(DynamoDBProxyServer server) throws ReflectiveOperationException {
    Field jetty = DynamoDBProxyServer.class.getDeclaredField("server");
    jetty.setAccessible(true);
    Object jettyServer = jetty.get(server);
    Object[] connectors = (Object[]) jettyServer.getClass().getMethod("getConnectors").invoke(jettyServer);
    if (connectors.length == 0) {
      throw new IllegalStateException("DynamoDB Local's Jetty server has no connector to bind to 127.0.0.1");
    }
    for (Object connector : connectors) {
      connector.getClass().getMethod("setHost", String.class).invoke(connector, "127.0.0.1");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
