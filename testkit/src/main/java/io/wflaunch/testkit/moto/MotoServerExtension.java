package io.wflaunch.testkit.moto;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a real <a href="https://github.com/getmoto/moto">moto</a> server for one test class:
 * {@code moto_server -H 127.0.0.1 -p <free port>}, started before the class's first test once it
 * answers HTTP, and stopped after its last.
 *
 * <pre>{@code
 * class MyBackendMotoTest {
 *   @RegisterExtension
 *   static final MotoServerExtension MOTO = new MotoServerExtension();
 *
 *   // your service's client, pointed at moto
 *   OrdersClient client = OrdersClient.builder().endpointOverride(MOTO.endpoint())...
 * }
 * }</pre>
 *
 * <p>Where {@code moto_server} is not on the PATH the class is skipped, with a message saying to
 * install it ({@value #INSTALL_HINT}), except when the environment variable {@code CI} is
 * {@code true}: there a missing moto fails the class, so that integration tests cannot silently stop
 * running.
 */
public final class MotoServerExtension implements BeforeAllCallback, AfterAllCallback {

  /** How to install moto's server. */
  public static final String INSTALL_HINT = "pip install 'moto[server]'";

  /**
   * The system property naming a file whose creation marks that this build has said moto is missing
   * (the build sets it per build, under the root's {@code target}), so that the warning comes once per
   * build, not once per module.
   */
  static final String REPORT_MARKER = "wflaunch.moto.reportMarker";

  /** Whether this JVM (one module's tests) has said on the console that moto is missing. */
  private static final java.util.concurrent.atomic.AtomicBoolean SKIP_REPORTED =
      new java.util.concurrent.atomic.AtomicBoolean();

  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final UnaryOperator<String> environment;
  private final boolean reports;
  private Process process;
  private Path log;
  private URI endpoint;

  /** An extension that finds moto through the process environment. */
  public MotoServerExtension() {
    this(System::getenv, true);
  }

  /** An extension over a given environment, which says nothing on the console (for its own tests). */
  MotoServerExtension(UnaryOperator<String> environment) {
    this(environment, false);
  }

  private MotoServerExtension(UnaryOperator<String> environment, boolean reports) {
    this.environment = environment;
    this.reports = reports;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    start(context.getDisplayName());
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException, InterruptedException {
    stop();
  }

  /**
   * Starts the server and returns once it answers; skips (or under {@code CI=true} fails) when
   * {@code moto_server} is not on the PATH.
   *
   * @param forWhat what needs the server, for the skip message
   * @throws IOException if the process cannot be started
   */
  void start(String forWhat) throws IOException {
    Path executable = locate(forWhat);
    int port = freePort();
    log = Files.createTempFile("moto-server-", ".log");
    process = new ProcessBuilder(List.of(executable.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port)))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    endpoint = URI.create("http://127.0.0.1:" + port);
    awaitAnswer();
  }

  /** The moto_server executable; aborts the test class, or under {@code CI=true} fails it, when there is none. */
  Path locate(String forWhat) {
    Optional<Path> executable = findOnPath(environment.apply("PATH"), "moto_server");
    if (executable.isPresent()) {
      return executable.get();
    }
    String message = "moto_server is not on the PATH; install it with " + INSTALL_HINT;
    if ("true".equalsIgnoreCase(environment.apply("CI"))) {
      throw new IllegalStateException(message + " (CI=true: the moto integration tests must run)");
    }
    String marker = System.getProperty(REPORT_MARKER);
    if (reports && firstReport(marker == null || marker.isBlank() ? null : Path.of(marker))) {
      // Surefire keeps an aborted class's reason in its report only: say it once on the console as well.
      System.err.println("WARNING: " + message + "; the moto integration tests are skipped in this build");
    }
    Assumptions.abort(message + " to run " + forWhat);
    throw new AssertionError("unreachable");
  }

  /**
   * Whether this is the first report of a missing moto: in this build, when {@code marker} names the
   * build's marker file (created now if it was not there), else in this JVM.
   */
  static boolean firstReport(Path marker) {
    if (marker == null) {
      return SKIP_REPORTED.compareAndSet(false, true);
    }
    try {
      Files.createDirectories(marker.toAbsolutePath().getParent());
      Files.createFile(marker);
      return true;
    } catch (java.nio.file.FileAlreadyExistsException reported) {
      return false;
    } catch (IOException e) {
      return SKIP_REPORTED.compareAndSet(false, true);
    }
  }

  /** Stops the server and its child processes. */
  void stop() throws IOException, InterruptedException {
    if (process == null) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    Files.deleteIfExists(log);
    process = null;
  }

  /**
   * Where the server listens, for {@code endpointOverride}.
   *
   * @return {@code http://127.0.0.1:<port>}
   */
  public URI endpoint() {
    if (endpoint == null) {
      throw new IllegalStateException("the moto server has not been started; register the extension as a static field");
    }
    return endpoint;
  }

  /** Forgets everything the server holds (moto's {@code POST /moto-api/reset}). */
  public void reset() {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint().resolve("/moto-api/reset"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("moto reset answered " + response.statusCode());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitAnswer() throws IOException {
    Instant deadline = Instant.now().plus(STARTUP);
    HttpRequest ping = HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).timeout(Duration.ofSeconds(2)).GET().build();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto_server exited with " + process.exitValue() + ":\n" + logTail());
      }
      try {
        if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() < 500) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    process.destroyForcibly();
    throw new IllegalStateException("moto_server did not answer within " + STARTUP + ":\n" + logTail());
  }

  private String logTail() throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * Whether the server process is running.
   *
   * @return true between start and stop
   */
  boolean running() {
    return process != null && process.isAlive();
  }

  private static Optional<Path> findOnPath(String path, String name) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
