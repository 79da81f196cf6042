package io.wflaunch.benchmarks;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK HTTP client that answers every request in-process with a canned JSON body chosen by the
 * request (its {@code X-Amz-Target}, or method and path for REST services), so that a benchmark
 * measures the SDK and wflaunch, not a network.
 */
final class CannedHttp implements SdkHttpClient {

  private final Function<SdkHttpRequest, String> answer;
  private final String contentType;

  CannedHttp(String contentType, Function<SdkHttpRequest, String> answer) {
    this.contentType = contentType;
    this.answer = answer;
  }

  /** The operation a JSON-protocol request names: the part of {@code X-Amz-Target} after the dot. */
  static String operation(SdkHttpRequest request) {
    String target = request.firstMatchingHeader("X-Amz-Target").orElse("");
    return target.substring(target.indexOf('.') + 1);
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    byte[] body = answer.apply(request.httpRequest()).getBytes(StandardCharsets.UTF_8);
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() {
        return HttpExecuteResponse.builder()
            .response(SdkHttpResponse.builder().statusCode(200)
                .putHeader("Content-Type", contentType)
                .putHeader("Content-Length", Integer.toString(body.length))
                .putHeader("x-amzn-RequestId", "canned").build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
            .build();
      }

      @Override
      public void abort() {}
    };
  }

  @Override
  public String clientName() {
    return "canned";
  }

  @Override
  public void close() {}
}
