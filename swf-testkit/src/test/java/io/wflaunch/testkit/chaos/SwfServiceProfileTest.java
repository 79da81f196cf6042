package io.wflaunch.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.testkit.swf.SwfChaos;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/** The SWF profile names operations, declares runs, and edits its listings exactly. */
class SwfServiceProfileTest {

  private static SdkHttpRequest request(SdkHttpMethod method, String path, String target) {
    SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(method)
        .uri(URI.create("http://127.0.0.1:1" + path));
    if (target != null) {
      request.putHeader("X-Amz-Target", target);
    }
    return request.build();
  }

  @Test
  void swfIsNamedByItsTargetHeaderAndDeclaresItsRuns() {
    ServiceProfile swf = SwfChaos.PROFILE;

    assertThat(swf.operationOf(request(SdkHttpMethod.POST, "/", "SimpleWorkflowService.ListOpenWorkflowExecutions")))
        .isEqualTo("ListOpenWorkflowExecutions");
    assertThat(swf.isStart("StartWorkflowExecution")).isTrue();
    assertThat(swf.isListing("ListOpenWorkflowExecutions")).isTrue();
    assertThat(swf.isListing("ListClosedWorkflowExecutions")).isTrue();
    assertThat(swf.laggedGets()).isEmpty();
  }

  @Test
  void anEditedListingKeepsNumbersAndOtherFieldsExactly() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(1).build();
    plan.runCreated(SwfChaos.PROFILE, "new");
    Exchange list = Exchange.begin(plan, SwfChaos.PROFILE,
        request(SdkHttpMethod.POST, "/", "SimpleWorkflowService.ListOpenWorkflowExecutions"), null);

    Exchange.Answer edited = list.toCaller(answer(200, "{\"executionInfos\":["
        + "{\"execution\":{\"workflowId\":\"a\",\"runId\":\"new\"},\"startTimestamp\":1763712000.123456789},"
        + "{\"execution\":{\"workflowId\":\"b\",\"runId\":\"old\"},\"startTimestamp\":1763712000.100000000,"
        + "\"tagList\":[\"x\"],\"cancelRequested\":false}],\"nextPageToken\":\"t\"}"));

    assertThat(new String(edited.body(), StandardCharsets.UTF_8)).isEqualTo("{\"executionInfos\":["
        + "{\"execution\":{\"workflowId\":\"b\",\"runId\":\"old\"},\"startTimestamp\":1763712000.100000000,"
        + "\"tagList\":[\"x\"],\"cancelRequested\":false}],\"nextPageToken\":\"t\"}");
    assertThat(edited.response().firstMatchingHeader("Content-Length")).contains(Integer.toString(edited.body().length));
    assertThat(plan.log().entries()).singleElement()
        .satisfies(entry -> assertThat(entry.hiddenRunIds()).containsExactly("new"));
  }

  private static Exchange.Answer answer(int status, String body) {
    return new Exchange.Answer(SdkHttpFullResponse.builder().statusCode(status).build(),
        body.getBytes(StandardCharsets.UTF_8));
  }
}
