package io.wflaunch.testkit.chaos;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * A blocking SDK HTTP client that injects the {@link Fault}s of a {@link ChaosPlan} below an SDK client,
 * so that the SDK's own retries, timeouts and error parsing take part in every test:
 *
 * <pre>{@code
 * ChaosPlan plan = ChaosPlan.builder().seed(7).fault(Fault.DROP_RESPONSE, 0.05).build();
 * // your service's client, with your service's profile
 * OrdersClient client = OrdersClient.builder()
 *     .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, ordersProfile))
 *     .endpointOverride(...)
 *     .build();
 * }</pre>
 *
 * <p>Request bodies are read once and handed to the real client as a replayable body; answers are read
 * whole before the SDK sees them. Answers pass through byte for byte, except listings edited by the
 * plan's listing lag, and lagged gets of hidden runs, which the layer answers itself (see
 * {@link ServiceProfile.LaggedGet}). The SDK may {@linkplain ExecutableHttpRequest#abort() abort} a call
 * (its attempt timeout does): the abort reaches the real client's call and ends a {@link Fault#DELAY} or
 * {@link Fault#HOLD}.
 * Closing this client closes the real one. Safe for use by several threads at once.
 */
public final class ChaosHttpClient implements SdkHttpClient {

  private final SdkHttpClient delegate;
  private final ChaosPlan plan;
  private final ServiceProfile profile;

  private ChaosHttpClient(SdkHttpClient delegate, ChaosPlan plan, ServiceProfile profile) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.plan = Objects.requireNonNull(plan, "plan");
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  /**
   * Wraps a real HTTP client.
   *
   * @param delegate the client that talks to the service, such as {@code UrlConnectionHttpClient.create()}
   * @param plan which requests meet which faults
   * @param profile the service behind it
   * @return the chaos client
   */
  public static ChaosHttpClient wrap(SdkHttpClient delegate, ChaosPlan plan, ServiceProfile profile) {
    return new ChaosHttpClient(delegate, plan, profile);
  }

  /**
   * The plan this client follows.
   *
   * @return the plan
   */
  public ChaosPlan plan() {
    return plan;
  }

  /**
   * The plan's log of requests.
   *
   * @return the log
   */
  public ChaosLog log() {
    return plan.log();
  }

  /**
   * The service this client talks to.
   *
   * @return the profile
   */
  public ServiceProfile profile() {
    return profile;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new Call(Objects.requireNonNull(request, "request"));
  }

  /** The real client's name, so that the SDK's user agent stays as it was. */
  @Override
  public String clientName() {
    return delegate.clientName();
  }

  @Override
  public void close() {
    delegate.close();
  }

  private final class Call implements ExecutableHttpRequest {
    private final HttpExecuteRequest request;
    private final CountDownLatch aborted = new CountDownLatch(1);
    private final CompletableFuture<Void> abortSignal = new CompletableFuture<>();
    private volatile ExecutableHttpRequest forwarded;

    Call(HttpExecuteRequest request) {
      this.request = request;
    }

    @Override
    public HttpExecuteResponse call() throws IOException {
      byte[] body = request.contentStreamProvider().isPresent() ? readBody(request.contentStreamProvider().get()) : null;
      checkNotAborted();
      Exchange exchange = Exchange.begin(plan, profile, request.httpRequest(), body);
      switch (exchange.fault()) {
        case RESET:
          throw new SocketException("Connection reset");
        case THROTTLE:
        case SERVER_ERROR:
          return toSdk(exchange.fabricated());
        default:
          break;
      }
      Optional<Exchange.Answer> lagged = exchange.laggedGet();
      Exchange.Answer served = lagged.isPresent() ? lagged.get() : forward(exchange, body);
      switch (exchange.fault()) {
        case DROP_RESPONSE:
          throw new IOException("connection closed before the response was read");
        case BAD_GATEWAY:
          return toSdk(exchange.badGateway());
        case DELAY:
          hold();
          return toSdk(exchange.toCaller(served));
        case HOLD:
          holdUntilReleased(exchange);
          return toSdk(exchange.toCaller(served));
        default:
          return toSdk(exchange.toCaller(served));
      }
    }

    @Override
    public void abort() {
      aborted.countDown();
      abortSignal.complete(null);
      ExecutableHttpRequest call = forwarded;
      if (call != null) {
        call.abort();
      }
    }

    private Exchange.Answer forward(Exchange exchange, byte[] body) throws IOException {
      HttpExecuteRequest.Builder copy = HttpExecuteRequest.builder()
          .request(request.httpRequest())
          .contentStreamProvider(body == null ? null : ContentStreamProvider.fromByteArrayUnsafe(body));
      request.metricCollector().ifPresent(copy::metricCollector);
      ExecutableHttpRequest call = delegate.prepareRequest(copy.build());
      forwarded = call;
      if (aborted.getCount() == 0) {
        call.abort();
      }
      exchange.forwarding();
      HttpExecuteResponse response = call.call();
      byte[] bytes = null;
      if (response.responseBody().isPresent()) {
        try (AbortableInputStream in = response.responseBody().get()) {
          bytes = in.readAllBytes();
        }
      }
      Exchange.Answer answer = new Exchange.Answer(response.httpResponse(), bytes);
      exchange.received(answer);
      return answer;
    }

    private void hold() throws IOException {
      try {
        if (aborted.await(plan.delay().toNanos(), TimeUnit.NANOSECONDS)) {
          throw new IOException("request aborted while the chaos layer delayed its response");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while the chaos layer delayed the response");
      }
    }

    private void holdUntilReleased(Exchange exchange) throws IOException {
      CompletableFuture<Void> released = exchange.hold();
      try {
        CompletableFuture.anyOf(released, abortSignal).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while the chaos layer held the response");
      } catch (ExecutionException e) {
        throw new IOException("the chaos layer's hold failed", e.getCause());
      }
      if (!released.isDone()) {
        throw new IOException("request aborted while the chaos layer held its response");
      }
    }

    private void checkNotAborted() throws IOException {
      if (aborted.getCount() == 0) {
        throw new IOException("request aborted");
      }
    }

    private HttpExecuteResponse toSdk(Exchange.Answer answer) {
      HttpExecuteResponse.Builder response = HttpExecuteResponse.builder().response(answer.response());
      if (answer.body() != null) {
        response.responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer.body())));
      }
      return response.build();
    }
  }

  private static byte[] readBody(ContentStreamProvider provider) throws IOException {
    try (InputStream in = provider.newStream()) {
      return in.readAllBytes();
    }
  }
}
