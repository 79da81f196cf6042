package io.wflaunch.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.testkit.sfn.SfnChaos;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/** The Step Functions profile names operations, declares runs, and answers its lagged get. */
class StepFunctionsServiceProfileTest {

  private static SdkHttpRequest request(SdkHttpMethod method, String path, String target) {
    SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(method)
        .uri(URI.create("http://127.0.0.1:1" + path));
    if (target != null) {
      request.putHeader("X-Amz-Target", target);
    }
    return request.build();
  }

  @Test
  void stepFunctionsIsNamedByItsTargetAndDeclaresItsRunsAndItsLaggedGet() {
    ServiceProfile sfn = SfnChaos.PROFILE;

    assertThat(sfn.operationOf(request(SdkHttpMethod.POST, "/", "AWSStepFunctions.DescribeExecution")))
        .isEqualTo("DescribeExecution");
    assertThat(sfn.isStart("StartExecution")).isTrue();
    assertThat(sfn.starts()).containsEntry("StartExecution", "executionArn");
    assertThat(sfn.isListing("ListExecutions")).isTrue();
    assertThat(sfn.listings()).containsEntry("ListExecutions", "executions[].executionArn");
    assertThat(sfn.isLaggedGet("DescribeExecution")).isTrue();
    assertThat(sfn.laggedGets().get("DescribeExecution")).satisfies(get -> {
      assertThat(get.runIdPath()).isEqualTo("executionArn");
      assertThat(get.notFound().status()).isEqualTo(400);
      assertThat(get.notFound().body()).contains("#ExecutionDoesNotExist");
    });
    assertThat(sfn.throttling().status()).isEqualTo(400);
    assertThat(sfn.internalError().status()).isEqualTo(500);
  }

  @Test
  void aLaggedGetOfAHiddenRunIsAnsweredNotFoundAndCountsAsARead() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(2).build();
    String arn = "arn:aws:states:us-east-1:1:execution:m:e1";
    plan.runCreated(SfnChaos.PROFILE, arn);
    SdkHttpRequest describe = request(SdkHttpMethod.POST, "/", "AWSStepFunctions.DescribeExecution");
    String body = "{\"executionArn\":\"" + arn + "\"}";

    Exchange first = Exchange.begin(plan, SfnChaos.PROFILE, describe, bytes(body));
    Exchange.Answer notFound = first.laggedGet().orElseThrow();
    assertThat(notFound.response().statusCode()).isEqualTo(400);
    assertThat(notFound.response().firstMatchingHeader("Content-Type")).contains("application/x-amz-json-1.0");
    assertThat(notFound.response().firstMatchingHeader("x-amzn-RequestId")).contains("chaos-1");
    assertThat(new String(notFound.body(), StandardCharsets.UTF_8))
        .isEqualTo(SfnChaos.PROFILE.laggedGets().get("DescribeExecution").notFound().body());
    assertThat(Exchange.begin(plan, SfnChaos.PROFILE, describe, bytes("{\"executionArn\":\"other\"}"))
        .laggedGet()).as("another run").isEmpty();
    assertThat(Exchange.begin(plan, SfnChaos.PROFILE, describe, bytes("not json")).laggedGet()).isEmpty();
    Exchange list = Exchange.begin(plan, SfnChaos.PROFILE,
        request(SdkHttpMethod.POST, "/", "AWSStepFunctions.ListExecutions"), bytes("{}"));
    assertThat(list.laggedGet()).as("not a lagged get").isEmpty();
    assertThat(new String(list.toCaller(answer(200, "{\"executions\":[{\"executionArn\":\"" + arn + "\"}]}")).body(),
        StandardCharsets.UTF_8)).isEqualTo("{\"executions\":[]}");
    assertThat(Exchange.begin(plan, SfnChaos.PROFILE, describe, bytes(body)).laggedGet())
        .as("the get and the listing used up the lag of two reads").isEmpty();
    assertThat(plan.log().entries().get(0).hiddenRunIds()).containsExactly(arn);
  }

  @Test
  void aLaggedGetThatMeetsAFaultIsLeftToTheFault() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(1).build()
        .script("DescribeExecution", Fault.THROTTLE, Fault.BAD_GATEWAY, Fault.DELAY);
    plan.runCreated(SfnChaos.PROFILE, "e");
    SdkHttpRequest describe = request(SdkHttpMethod.POST, "/", "AWSStepFunctions.DescribeExecution");
    byte[] body = bytes("{\"executionArn\":\"e\"}");

    assertThat(Exchange.begin(plan, SfnChaos.PROFILE, describe, body).laggedGet()).isEmpty();
    assertThat(Exchange.begin(plan, SfnChaos.PROFILE, describe, body).laggedGet()).isEmpty();
    assertThat(Exchange.begin(plan, SfnChaos.PROFILE, describe, body).laggedGet()).isPresent();
    assertThat(plan.log().entries()).extracting(ChaosLog.Entry::answeredAsHidden).containsExactly(false, false, true);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Exchange.Answer answer(int status, String body) {
    return new Exchange.Answer(SdkHttpFullResponse.builder().statusCode(status).build(),
        body.getBytes(StandardCharsets.UTF_8));
  }
}
