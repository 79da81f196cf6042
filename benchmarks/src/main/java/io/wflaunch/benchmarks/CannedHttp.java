package io.wflaunch.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
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
 * measures the SDK and wflaunch, not a network. An answer that must echo what the request sent (a
 * name the caller chose) is chosen by the request and its body ({@link #echoing}).
 */
final class CannedHttp implements SdkHttpClient {

  private final Function<HttpExecuteRequest, String> answer;
  private final String contentType;

  CannedHttp(String contentType, Function<SdkHttpRequest, String> answer) {
    this.contentType = contentType;
    this.answer = request -> answer.apply(request.httpRequest());
  }

  private CannedHttp(Function<HttpExecuteRequest, String> answer, String contentType) {
    this.contentType = contentType;
    this.answer = answer;
  }

  /**
   * A canned client whose answers are chosen by the request and its body (read as UTF-8, empty when the
   * request has none).
   */
  static CannedHttp echoing(String contentType, BiFunction<SdkHttpRequest, String, String> answer) {
    return new CannedHttp(request -> answer.apply(request.httpRequest(), body(request)), contentType);
  }

  /** The value of the first string field {@code name} in a JSON body, or null: enough for a canned answer. */
  static String field(String body, String name) {
    String opening = "\"" + name + "\":\"";
    int from = body.indexOf(opening);
    if (from < 0) {
      return null;
    }
    from += opening.length();
    return body.substring(from, body.indexOf('"', from));
  }

  private static String body(HttpExecuteRequest request) {
    return request.contentStreamProvider().map(provider -> {
      try (InputStream in = provider.newStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).orElse("");
  }

  /** The operation a JSON-protocol request names: the part of {@code X-Amz-Target} after the dot. */
  static String operation(SdkHttpRequest request) {
    String target = request.firstMatchingHeader("X-Amz-Target").orElse("");
    return target.substring(target.indexOf('.') + 1);
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    byte[] body = answer.apply(request).getBytes(StandardCharsets.UTF_8);
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
