package io.wflaunch.benchmarks;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Glue over canned in-process HTTP, so that a benchmark measures the SDK and wflaunch, not a network:
 * StartWorkflowRun answers a run id; GetWorkflowRuns answers no runs until a start was sent, then (once)
 * the started run carrying the key {@value #KEY}, as a keyed start's look-up before and confirmation
 * after would see. One benchmark thread at a time.
 */
final class CannedGlue implements SdkHttpClient {

  static final String KEY = "nightly-2026-11-24";
  private static final byte[] STARTED = "{\"RunId\":\"wr_0001\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NO_RUNS = "{\"Runs\":[]}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] THE_RUN = ("{\"Runs\":[{\"Name\":\"etl\",\"WorkflowRunId\":\"wr_0001\",\"Status\":\"RUNNING\","
      + "\"StartedOn\":4102444800,\"WorkflowRunProperties\":{\"wflaunch.idempotency-key\":\"" + KEY + "\"}}]}")
      .getBytes(StandardCharsets.UTF_8);

  private boolean started;

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() {
        byte[] body;
        if (target.endsWith(".StartWorkflowRun")) {
          started = true;
          body = STARTED;
        } else {
          body = started ? THE_RUN : NO_RUNS;
          started = false;
        }
        return HttpExecuteResponse.builder()
            .response(SdkHttpResponse.builder().statusCode(200)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
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
