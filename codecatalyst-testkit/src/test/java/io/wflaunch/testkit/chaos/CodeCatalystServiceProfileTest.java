package io.wflaunch.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.testkit.codecatalyst.CodeCatalystChaos;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/** The CodeCatalyst profile names REST operations by method and path. */
class CodeCatalystServiceProfileTest {

  private static SdkHttpRequest request(SdkHttpMethod method, String path, String target) {
    SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(method)
        .uri(URI.create("http://127.0.0.1:1" + path));
    if (target != null) {
      request.putHeader("X-Amz-Target", target);
    }
    return request.build();
  }

  @Test
  void codeCatalystIsNamedByMethodAndPath() {
    String runs = "/v1/spaces/my-space/projects/p/workflowRuns";
    ServiceProfile cc = CodeCatalystChaos.PROFILE;

    assertThat(cc.operationOf(request(SdkHttpMethod.PUT, runs, null))).isEqualTo("StartWorkflowRun");
    assertThat(cc.operationOf(request(SdkHttpMethod.POST, runs, null))).isEqualTo("ListWorkflowRuns");
    assertThat(cc.operationOf(request(SdkHttpMethod.GET, runs + "/5f0c1e2d", null))).isEqualTo("GetWorkflowRun");
    assertThat(cc.operationOf(request(SdkHttpMethod.POST, "/v1/spaces/s/projects/p/workflows", null)))
        .isEqualTo("ListWorkflows");
    assertThat(cc.operationOf(request(SdkHttpMethod.GET, runs + "/", null))).isEqualTo("GET " + runs + "/");
    assertThat(cc.operationOf(request(SdkHttpMethod.DELETE, runs, null))).isEqualTo("DELETE " + runs);
    assertThat(cc.isStart("StartWorkflowRun")).isTrue();
    assertThat(cc.isListing("ListWorkflowRuns")).isTrue();
    assertThat(cc.isListing("ListWorkflows")).isFalse();
    assertThat(cc.laggedGets()).isEmpty();
  }
}
