package io.wflaunch.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.testkit.glue.GlueChaos;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/** The Glue profile names operations, declares runs, and edits its listings. */
class GlueServiceProfileTest {

  private static SdkHttpRequest request(SdkHttpMethod method, String path, String target) {
    SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(method)
        .uri(URI.create("http://127.0.0.1:1" + path));
    if (target != null) {
      request.putHeader("X-Amz-Target", target);
    }
    return request.build();
  }

  @Test
  void glueIsNamedByItsTargetHeaderAndDeclaresItsRuns() {
    ServiceProfile glue = GlueChaos.PROFILE;

    assertThat(glue.operationOf(request(SdkHttpMethod.POST, "/", "AWSGlue.StartWorkflowRun"))).isEqualTo("StartWorkflowRun");
    assertThat(glue.operationOf(request(SdkHttpMethod.GET, "/ping", null))).isEqualTo("GET /ping");
    assertThat(glue.starts()).containsOnly(Map.entry("StartWorkflowRun", "RunId"),
        Map.entry("ResumeWorkflowRun", "RunId"), Map.entry("StartJobRun", "JobRunId"));
    assertThat(glue.listings()).containsOnly(Map.entry("GetWorkflowRuns", "Runs[].WorkflowRunId"),
        Map.entry("GetJobRuns", "JobRuns[].Id"));
    assertThat(glue.laggedGets()).isEmpty();
    assertThat(glue.throttling().status()).isEqualTo(400);
    assertThat(glue.internalError().status()).isEqualTo(500);
  }

  @Test
  void onlySuccessfulPlainJsonListingsAreEdited() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(5).build();
    plan.runCreated(GlueChaos.PROFILE, "wr_1");
    String body = "{\"Runs\":[{\"WorkflowRunId\":\"wr_1\"}]}";
    SdkHttpRequest list = request(SdkHttpMethod.POST, "/", "AWSGlue.GetWorkflowRuns");

    Exchange.Answer failed = answer(400, body);
    assertThat(Exchange.begin(plan, GlueChaos.PROFILE, list, null).toCaller(failed)).isSameAs(failed);
    Exchange.Answer zipped = new Exchange.Answer(SdkHttpFullResponse.builder().statusCode(200)
        .putHeader("Content-Encoding", "gzip").build(), body.getBytes(StandardCharsets.UTF_8));
    assertThat(Exchange.begin(plan, GlueChaos.PROFILE, list, null).toCaller(zipped)).isSameAs(zipped);
    Exchange.Answer notJson = answer(200, "<html/>");
    assertThat(Exchange.begin(plan, GlueChaos.PROFILE, list, null).toCaller(notJson)).isSameAs(notJson);
    Exchange.Answer other = answer(200, "{\"Runs\":[{\"WorkflowRunId\":\"wr_2\"}]}");
    assertThat(Exchange.begin(plan, GlueChaos.PROFILE, list, null).toCaller(other)).isSameAs(other);
    Exchange.Answer mine = answer(200, body);
    assertThat(Exchange.begin(plan, GlueChaos.PROFILE, list, null).toCaller(mine).body())
        .asString(StandardCharsets.UTF_8).isEqualTo("{\"Runs\":[]}");
  }

  private static Exchange.Answer answer(int status, String body) {
    return new Exchange.Answer(SdkHttpFullResponse.builder().statusCode(status).build(),
        body.getBytes(StandardCharsets.UTF_8));
  }
}
