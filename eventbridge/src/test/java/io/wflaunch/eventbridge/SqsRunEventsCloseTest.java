package io.wflaunch.eventbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Closing a source whose long poll is still connecting: an HTTP client that misses an abort before its
 * request connects (as the JDK's URL connection client does) still has the receive ended by close.
 */
class SqsRunEventsCloseTest {

  private static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/events";

  @Test
  @Timeout(30)
  void closeEndsAReceiveThatMissedTheFirstAbortWhileConnecting() throws Exception {
    ConnectingClient http = new ConnectingClient();
    try (SqsClient sqs = SqsClient.builder().region(Region.US_EAST_1).httpClient(http)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .build()) {
      SqsRunEvents source = SqsRunEvents.create(sqs, QUEUE);
      source.start(new RecordingSink(null));
      assertThat(http.longPollConnecting.await(20, TimeUnit.SECONDS)).as("the long poll began").isTrue();
      Thread thread = source.thread();

      CompletableFuture<Void> closed = CompletableFuture.runAsync(source::close);
      assertThat(http.missedAbort.await(20, TimeUnit.SECONDS)).as("an abort came while connecting").isTrue();

      closed.get(20, TimeUnit.SECONDS);
      thread.join(Duration.ofSeconds(20).toMillis());
      assertThat(thread.isAlive()).as("the receiving thread ended").isFalse();
      assertThat(http.abortsAfterConnecting.get()).as("aborted again once connected").isPositive();
      assertThat(source.stats().receives()).as("only the probe receive succeeded").isEqualTo(1);
    }
  }

  /**
   * Answers the first receive (the probe) with no messages; holds the second in "connecting" until an
   * abort comes, which it misses, and after that blocks until aborted again, as a long poll reading its
   * socket does.
   */
  private static final class ConnectingClient implements SdkHttpClient {
    final CountDownLatch longPollConnecting = new CountDownLatch(1);
    final CountDownLatch missedAbort = new CountDownLatch(1);
    final CountDownLatch connected = new CountDownLatch(1);
    final AtomicInteger abortsAfterConnecting = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      int call = calls.incrementAndGet();
      return new ExecutableHttpRequest() {
        private volatile boolean open;
        private final CountDownLatch aborted = new CountDownLatch(1);

        @Override
        public HttpExecuteResponse call() throws IOException {
          if (call == 1) {
            return empty();
          }
          longPollConnecting.countDown();
          awaitUninterruptibly(connected);
          open = true;
          awaitUninterruptibly(aborted);
          throw new IOException("connection closed by abort");
        }

        @Override
        public void abort() {
          if (!open) {
            // Missed; the request connects right after it.
            missedAbort.countDown();
            connected.countDown();
            return;
          }
          abortsAfterConnecting.incrementAndGet();
          aborted.countDown();
        }
      };
    }

    private static HttpExecuteResponse empty() {
      byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
      return HttpExecuteResponse.builder()
          .response(SdkHttpResponse.builder().statusCode(200)
              .putHeader("Content-Type", "application/x-amz-json-1.0")
              .putHeader("Content-Length", String.valueOf(body.length)).build())
          .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
          .build();
    }

    /** A blocked socket call ignores interrupts; so does this. */
    private static void awaitUninterruptibly(CountDownLatch latch) {
      boolean interrupted = false;
      while (true) {
        try {
          latch.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {}
  }
}
