package io.wflaunch.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/** Profiles name operations, declare runs, and build custom services. */
class ServiceProfileTest {

  /** A service of the JSON 1.1 protocol, named by its target header. */
  private static final ServiceProfile JSON = ServiceProfile.builder("Json")
      .throttling(ServiceProfile.ErrorAnswer.awsJson(400, "1.1", "ThrottlingException", "Rate exceeded"))
      .internalError(ServiceProfile.ErrorAnswer.awsJson(500, "1.1", "InternalServiceException", "Internal error"))
      .start("StartRun", "RunId")
      .listing("ListRuns", "Runs[].RunId")
      .build();

  private static SdkHttpRequest request(SdkHttpMethod method, String path, String target) {
    SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(method)
        .uri(URI.create("http://127.0.0.1:1" + path));
    if (target != null) {
      request.putHeader("X-Amz-Target", target);
    }
    return request.build();
  }

  @Test
  void jsonProtocolsAreNamedByTheirTargetHeader() {
    assertThat(JSON.operationOf(request(SdkHttpMethod.POST, "/", "OrderService.StartRun"))).isEqualTo("StartRun");
    assertThat(JSON.operationOf(request(SdkHttpMethod.POST, "/", "com.example.OrderService.ListRuns")))
        .isEqualTo("ListRuns");
    assertThat(JSON.operationOf(request(SdkHttpMethod.GET, "/ping", null))).isEqualTo("GET /ping");
    assertThat(JSON.laggedGets()).isEmpty();
  }

  @Test
  void aCustomProfileFindsItsRuns() {
    ServiceProfile orders = ServiceProfile.builder("Orders")
        .throttling(ServiceProfile.ErrorAnswer.awsJson(400, "1.0", "ThrottlingException", "Rate exceeded"))
        .internalError(ServiceProfile.ErrorAnswer.awsJson(500, "1.0", "InternalFailure", "internal failure"))
        .start("StartRun", "runArn")
        .listing("ListRuns", "runs[].runArn")
        .build();
    ChaosPlan plan = ChaosPlan.builder().listingLag(1).build();
    String arn = "arn:aws:orders:us-east-1:1:run:r1";

    Exchange start = Exchange.begin(plan, orders, request(SdkHttpMethod.POST, "/", "OrderService.StartRun"), null);
    start.received(answer(200, "{\"runArn\":\"" + arn + "\",\"startDate\":1.7E9}"));
    Exchange list = Exchange.begin(plan, orders, request(SdkHttpMethod.POST, "/", "OrderService.ListRuns"), null);
    Exchange.Answer listed = list.toCaller(answer(200,
        "{\"runs\":[{\"runArn\":\"" + arn + "\"},{\"runArn\":\"other\"}]}"));

    assertThat(plan.log().createdRunIds()).containsExactly(arn);
    assertThat(new String(listed.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"runs\":[{\"runArn\":\"other\"}]}");
  }

  @Test
  void badPathsAndAnswersAreRefused() {
    ServiceProfile.Builder builder = ServiceProfile.builder("X")
        .throttling(ServiceProfile.ErrorAnswer.restJson(429, "ThrottlingException", "slow down"))
        .internalError(ServiceProfile.ErrorAnswer.restJson(500, "InternalServerException", "oops"));

    assertThatThrownBy(() -> builder.listing("L", "items.id").build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServiceProfile.builder("Y").throttling(JSON.throttling())
        .internalError(JSON.internalError()).listing("L", "a[].b[].c").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServiceProfile.builder("Y").throttling(JSON.throttling())
        .internalError(JSON.internalError()).start("S", "a..b").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServiceProfile.builder("Z").build()).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new ServiceProfile.ErrorAnswer(42, Map.of(), ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ServiceProfile.ErrorAnswer.restJson(429, "T", "say \"hi\"").body()).isEqualTo("{\"message\":\"say \\\"hi\\\"\"}");
    assertThatThrownBy(() -> ServiceProfile.builder("Y").throttling(JSON.throttling())
        .internalError(JSON.internalError())
        .laggedGet("Get", "a[].b", JSON.throttling()).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServiceProfile.builder("Y").laggedGet("Get", "id", null))
        .isInstanceOf(NullPointerException.class);
  }

  private static Exchange.Answer answer(int status, String body) {
    return new Exchange.Answer(SdkHttpFullResponse.builder().statusCode(status).build(),
        body.getBytes(StandardCharsets.UTF_8));
  }
}
