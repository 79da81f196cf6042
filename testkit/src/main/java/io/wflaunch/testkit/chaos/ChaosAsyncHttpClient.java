package io.wflaunch.testkit.chaos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpResponseHandler;
import software.amazon.awssdk.http.async.SdkHttpContentPublisher;

/**
 * The non-blocking form of {@link ChaosHttpClient}: an SDK async HTTP client that injects the
 * {@link Fault}s of a {@link ChaosPlan} below an SDK async client.
 *
 * <pre>{@code
 * // your service's async client, with your service's profile
 * OrdersAsyncClient client = OrdersAsyncClient.builder()
 *     .httpClient(ChaosAsyncHttpClient.wrap(NettyNioAsyncHttpClient.create(), plan, ordersProfile))
 *     ...
 * }</pre>
 *
 * <p>The request body is collected once and handed to the real client as a replayable publisher; the
 * answer is collected whole, then given to the SDK's handler ({@code onHeaders}, then {@code onStream}),
 * and the returned future completes when the SDK has read it. Failures reach the handler's
 * {@code onError} and the returned future. Cancelling the returned future (the SDK's attempt timeout
 * does) cancels the real client's call and a pending {@link Fault#DELAY}, and a {@link Fault#HOLD} answer
 * released after that is dropped. Answers are handed over on a small pool of daemon threads of this
 * client, which closing it stops; closing also closes the real client. Safe for use by several threads
 * at once.
 */
public final class ChaosAsyncHttpClient implements SdkAsyncHttpClient {

  private final SdkAsyncHttpClient delegate;
  private final ChaosPlan plan;
  private final ServiceProfile profile;
  private final ScheduledExecutorService executor;

  private ChaosAsyncHttpClient(SdkAsyncHttpClient delegate, ChaosPlan plan, ServiceProfile profile) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.plan = Objects.requireNonNull(plan, "plan");
    this.profile = Objects.requireNonNull(profile, "profile");
    AtomicInteger threads = new AtomicInteger();
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, task -> {
      Thread thread = new Thread(task, "wflaunch-chaos-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    pool.setRemoveOnCancelPolicy(true);
    this.executor = pool;
  }

  /**
   * Wraps a real async HTTP client.
   *
   * @param delegate the client that talks to the service, such as {@code NettyNioAsyncHttpClient.create()}
   * @param plan which requests meet which faults
   * @param profile the service behind it
   * @return the chaos client
   */
  public static ChaosAsyncHttpClient wrap(SdkAsyncHttpClient delegate, ChaosPlan plan, ServiceProfile profile) {
    return new ChaosAsyncHttpClient(delegate, plan, profile);
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
  public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
    Objects.requireNonNull(request, "request");
    CompletableFuture<Void> result = new CompletableFuture<>();
    SdkAsyncHttpResponseHandler handler = request.responseHandler();
    collect(request.requestContentPublisher()).whenComplete((body, failure) -> {
      if (failure != null) {
        fail(handler, result, unwrap(failure));
      } else {
        proceed(request, body, result);
      }
    });
    return result;
  }

  /** The real client's name, so that the SDK's user agent stays as it was. */
  @Override
  public String clientName() {
    return delegate.clientName();
  }

  @Override
  public void close() {
    executor.shutdownNow();
    delegate.close();
  }

  private void proceed(AsyncExecuteRequest request, byte[] body, CompletableFuture<Void> result) {
    SdkAsyncHttpResponseHandler handler = request.responseHandler();
    if (result.isDone()) {
      return;
    }
    Exchange exchange = Exchange.begin(plan, profile, request.request(), body.length == 0 ? null : body);
    switch (exchange.fault()) {
      case RESET -> executor.execute(() -> fail(handler, result, new SocketException("Connection reset")));
      case THROTTLE, SERVER_ERROR -> executor.execute(() -> deliver(handler, exchange.fabricated(), result));
      default -> {
        Optional<Exchange.Answer> lagged = exchange.laggedGet();
        if (lagged.isPresent()) {
          executor.execute(() -> respond(handler, exchange, lagged.get(), result));
        } else {
          forward(request, body, exchange, result);
        }
      }
    }
  }

  private void forward(AsyncExecuteRequest request, byte[] body, Exchange exchange, CompletableFuture<Void> result) {
    SdkAsyncHttpResponseHandler handler = request.responseHandler();
    Collector answer = new Collector();
    AsyncExecuteRequest.Builder copy = AsyncExecuteRequest.builder()
        .request(request.request())
        .requestContentPublisher(new BytesPublisher(body))
        .responseHandler(answer)
        .fullDuplex(request.fullDuplex())
        .httpExecutionAttributes(request.httpExecutionAttributes());
    request.metricCollector().ifPresent(copy::metricCollector);
    exchange.forwarding();
    CompletableFuture<Void> call;
    try {
      call = delegate.execute(copy.build());
    } catch (RuntimeException e) {
      fail(handler, result, e);
      return;
    }
    result.whenComplete((ignored, failure) -> {
      if (result.isCancelled()) {
        call.cancel(true);
      }
    });
    answer.whenRead(call).whenComplete((served, failure) -> {
      if (failure != null) {
        fail(handler, result, unwrap(failure));
        return;
      }
      exchange.received(served);
      respond(handler, exchange, served, result);
    });
  }

  /** Gives the caller what the fault makes of an answer (the service's, or the layer's for a lagged get). */
  private void respond(SdkAsyncHttpResponseHandler handler, Exchange exchange, Exchange.Answer served,
      CompletableFuture<Void> result) {
    switch (exchange.fault()) {
      case DROP_RESPONSE -> fail(handler, result, new IOException("connection closed before the response was read"));
      case BAD_GATEWAY -> deliver(handler, exchange.badGateway(), result);
      case DELAY -> {
        ScheduledFuture<?> later = executor.schedule(() -> deliver(handler, exchange.toCaller(served), result),
            plan.delay().toNanos(), TimeUnit.NANOSECONDS);
        result.whenComplete((ignored, problem) -> later.cancel(false));
      }
      case HOLD -> exchange.hold().thenRun(() -> {
        try {
          executor.execute(() -> deliver(handler, exchange.toCaller(served), result));
        } catch (RejectedExecutionException closed) {
          fail(handler, result, new IOException("the chaos client was closed while it held the response"));
        }
      });
      default -> deliver(handler, exchange.toCaller(served), result);
    }
  }

  private static void deliver(SdkAsyncHttpResponseHandler handler, Exchange.Answer answer,
      CompletableFuture<Void> result) {
    if (result.isDone()) {
      return;
    }
    try {
      handler.onHeaders(answer.response());
      handler.onStream(new BytesPublisher(answer.body() == null ? new byte[0] : answer.body(), result));
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
  }

  private static void fail(SdkAsyncHttpResponseHandler handler, CompletableFuture<Void> result, Throwable failure) {
    if (result.isDone()) {
      return;
    }
    try {
      handler.onError(failure);
    } finally {
      result.completeExceptionally(failure);
    }
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static CompletableFuture<byte[]> collect(Publisher<ByteBuffer> publisher) {
    CompletableFuture<byte[]> bytes = new CompletableFuture<>();
    if (publisher == null) {
      bytes.complete(new byte[0]);
      return bytes;
    }
    publisher.subscribe(new Subscriber<ByteBuffer>() {
      private final ByteArrayOutputStream out = new ByteArrayOutputStream();

      @Override
      public void onSubscribe(Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ByteBuffer buffer) {
        byte[] chunk = new byte[buffer.remaining()];
        buffer.get(chunk);
        synchronized (out) {
          out.write(chunk, 0, chunk.length);
        }
      }

      @Override
      public void onError(Throwable failure) {
        bytes.completeExceptionally(failure);
      }

      @Override
      public void onComplete() {
        synchronized (out) {
          bytes.complete(out.toByteArray());
        }
      }
    });
    return bytes;
  }

  /** Collects the real client's answer whole. */
  private static final class Collector implements SdkAsyncHttpResponseHandler {
    private volatile SdkHttpResponse headers;
    private final AtomicBoolean streamed = new AtomicBoolean();
    private final CompletableFuture<Exchange.Answer> answer = new CompletableFuture<>();

    @Override
    public void onHeaders(SdkHttpResponse response) {
      headers = response;
    }

    @Override
    public void onStream(Publisher<ByteBuffer> stream) {
      streamed.set(true);
      collect(stream).whenComplete((body, failure) -> {
        if (failure != null) {
          answer.completeExceptionally(failure);
        } else {
          answer.complete(new Exchange.Answer(headers, body));
        }
      });
    }

    @Override
    public void onError(Throwable failure) {
      answer.completeExceptionally(failure);
    }

    /** The answer, once the body is read (or the call ended without one). */
    CompletableFuture<Exchange.Answer> whenRead(CompletableFuture<Void> call) {
      call.whenComplete((ignored, failure) -> {
        if (failure != null) {
          answer.completeExceptionally(failure);
        } else if (!streamed.get()) {
          answer.complete(new Exchange.Answer(headers, null));
        }
      });
      return answer;
    }
  }

  /**
   * A body that can be read any number of times; when it serves an answer to the SDK, it completes the
   * call's future once the SDK has read it all.
   */
  private static final class BytesPublisher implements SdkHttpContentPublisher {
    private final byte[] bytes;
    private final CompletableFuture<Void> whenRead;

    BytesPublisher(byte[] bytes) {
      this(bytes, null);
    }

    BytesPublisher(byte[] bytes, CompletableFuture<Void> whenRead) {
      this.bytes = bytes;
      this.whenRead = whenRead;
    }

    @Override
    public Optional<Long> contentLength() {
      return Optional.of((long) bytes.length);
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
      subscriber.onSubscribe(new Subscription() {
        private final AtomicBoolean done = new AtomicBoolean();

        @Override
        public void request(long n) {
          if (n <= 0) {
            if (done.compareAndSet(false, true)) {
              subscriber.onError(new IllegalArgumentException("a subscriber must request at least one item, "
                  + "asked for " + n));
            }
            return;
          }
          if (done.compareAndSet(false, true)) {
            if (bytes.length > 0) {
              subscriber.onNext(ByteBuffer.wrap(bytes));
            }
            subscriber.onComplete();
            if (whenRead != null) {
              whenRead.complete(null);
            }
          }
        }

        @Override
        public void cancel() {
          if (done.compareAndSet(false, true) && whenRead != null) {
            whenRead.completeExceptionally(new CancellationException("the response body was cancelled"));
          }
        }
      });
    }
  }
}
