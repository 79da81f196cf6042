package io.wflaunch.testkit.http;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The base of a backend testkit's local AWS service: a real HTTP server on 127.0.0.1 and a free port (a
 * {@link StubHttpServer}) that answers from a fake of the service, as its {@link AwsAnswers} say, for
 * wire-level tests with the service's real SDK client. An AWS JSON service registers its operations on
 * the answers; a REST-JSON service overrides {@link #serve} to bind its paths.
 *
 * <p>Close the server to stop it.
 *
 * @param <F> the fake's type
 */
public abstract class LocalAwsServer<F> implements AutoCloseable {

  private final F fake;
  private final AwsAnswers answers;
  private final StubHttpServer server;

  /**
   * Starts the server.
   *
   * @param fake the fake the server answers from
   * @param answers how it answers
   * @param threadName the name of the threads that serve requests several at a time, or null to serve one
   *     request at a time (for a fake that is not safe to call concurrently)
   */
  protected LocalAwsServer(F fake, AwsAnswers answers, String threadName) {
    this.fake = Objects.requireNonNull(fake, "fake");
    this.answers = Objects.requireNonNull(answers, "answers");
    // The handler reads only final fields, set above; no request can come before the caller knows the port.
    this.server = StubHttpServer.start(this::serve, threadName);
  }

  /**
   * Answers one request; by default the AWS JSON operation its {@code X-Amz-Target} names.
   *
   * @param request the request
   * @return the answer
   */
  protected StubHttpServer.Response serve(StubHttpServer.Request request) {
    return answers.serve(request);
  }

  /**
   * How the server answers.
   *
   * @return the answers
   */
  protected final AwsAnswers answers() {
    return answers;
  }

  /**
   * The fake behind the server: add what it runs, read its runs, plan its faults.
   *
   * @return the fake
   */
  public final F fake() {
    return fake;
  }

  /**
   * The server's address, for {@code endpointOverride}.
   *
   * @return {@code http://127.0.0.1:<port>}
   */
  public final URI endpoint() {
    return server.endpoint();
  }

  /**
   * The requests received so far, in the order they arrived.
   *
   * @return a copy of the list
   */
  public final List<StubHttpServer.Request> requests() {
    return server.requests();
  }

  @Override
  public void close() {
    server.close();
  }
}
