package io.wflaunch.benchmarks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.async.SdkHttpContentPublisher;

/**
 * A non-blocking SDK HTTP client that answers each request in-process with a canned JSON body after a
 * fixed latency, timed on a scheduler, so that concurrent async calls overlap as over a network.
 */
final class CannedAsyncHttp implements SdkAsyncHttpClient {

  private final String contentType;
  private final Function<SdkHttpRequest, String> answer;
  private final ScheduledExecutorService timer;
  private final long latencyMicros;

  CannedAsyncHttp(String contentType, Function<SdkHttpRequest, String> answer, ScheduledExecutorService timer,
      long latencyMicros) {
    this.contentType = contentType;
    this.answer = answer;
    this.timer = timer;
    this.latencyMicros = latencyMicros;
  }

  @Override
  public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
    byte[] body = answer.apply(request.request()).getBytes(StandardCharsets.UTF_8);
    CompletableFuture<Void> done = new CompletableFuture<>();
    timer.schedule(() -> {
      request.responseHandler().onHeaders(SdkHttpResponse.builder().statusCode(200)
          .putHeader("Content-Type", contentType)
          .putHeader("Content-Length", Integer.toString(body.length))
          .putHeader("x-amzn-RequestId", "canned").build());
      request.responseHandler().onStream(new OneBuffer(ByteBuffer.wrap(body), done));
    }, latencyMicros, TimeUnit.MICROSECONDS);
    return done;
  }

  @Override
  public String clientName() {
    return "canned-async";
  }

  @Override
  public void close() {}

  /** A publisher of one buffer, completing {@code done} once it is delivered. */
  private static final class OneBuffer implements SdkHttpContentPublisher {
    private final ByteBuffer body;
    private final CompletableFuture<Void> done;

    OneBuffer(ByteBuffer body, CompletableFuture<Void> done) {
      this.body = body;
      this.done = done;
    }

    @Override
    public java.util.Optional<Long> contentLength() {
      return java.util.Optional.of((long) body.remaining());
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
      subscriber.onSubscribe(new Subscription() {
        private boolean sent;

        @Override
        public void request(long n) {
          if (!sent && n > 0) {
            sent = true;
            subscriber.onNext(body);
            subscriber.onComplete();
            done.complete(null);
          }
        }

        @Override
        public void cancel() {
          done.complete(null);
        }
      });
    }
  }
}
