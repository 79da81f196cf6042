package io.wflaunch.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/** Profiles name operations, declare runs, and build custom services. */
class ServiceProfileTest {

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
    assertThat(ServiceProfile.GLUE.operationOf(request(SdkHttpMethod.POST, "/", "AWSGlue.StartWorkflowRun")))
        .isEqualTo("StartWorkflowRun");
    assertThat(ServiceProfile.SWF.operationOf(request(SdkHttpMethod.POST, "/",
        "SimpleWorkflowService.ListOpenWorkflowExecutions"))).isEqualTo("ListOpenWorkflowExecutions");
    assertThat(ServiceProfile.GLUE.operationOf(request(SdkHttpMethod.GET, "/ping", null))).isEqualTo("GET /ping");
  }

  @Test
  void codeCatalystIsNamedByMethodAndPath() {
    String runs = "/v1/spaces/my-space/projects/p/workflowRuns";
    ServiceProfile cc = ServiceProfile.CODECATALYST;

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
  }

  @Test
  void aCustomProfileForStepFunctionsFindsItsRuns() {
    ServiceProfile stepFunctions = ServiceProfile.builder("SFN")
        .throttling(ServiceProfile.ErrorAnswer.awsJson(400, "1.0", "ThrottlingException", "Rate exceeded"))
        .internalError(ServiceProfile.ErrorAnswer.awsJson(500, "1.0", "InternalFailure", "internal failure"))
        .start("StartExecution", "executionArn")
        .listing("ListExecutions", "executions[].executionArn")
        .build();
    ChaosPlan plan = ChaosPlan.builder().listingLag(1).build();
    String arn = "arn:aws:states:us-east-1:1:execution:m:e1";

    Exchange start = Exchange.begin(plan, stepFunctions,
        request(SdkHttpMethod.POST, "/", "AWSStepFunctions.StartExecution"), null);
    start.received(answer(200, "{\"executionArn\":\"" + arn + "\",\"startDate\":1.7E9}"));
    Exchange list = Exchange.begin(plan, stepFunctions,
        request(SdkHttpMethod.POST, "/", "AWSStepFunctions.ListExecutions"), null);
    Exchange.Answer listed = list.toCaller(answer(200,
        "{\"executions\":[{\"executionArn\":\"" + arn + "\"},{\"executionArn\":\"other\"}]}"));

    assertThat(plan.log().createdRunIds()).containsExactly(arn);
    assertThat(new String(listed.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"executions\":[{\"executionArn\":\"other\"}]}");
  }

  @Test
  void stepFunctionsIsNamedByItsTargetAndDeclaresItsRunsAndItsLaggedGet() {
    ServiceProfile sfn = ServiceProfile.STEP_FUNCTIONS;

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
    assertThat(List.of(ServiceProfile.GLUE, ServiceProfile.SWF, ServiceProfile.CODECATALYST))
        .allSatisfy(other -> assertThat(other.laggedGets()).isEmpty());
  }

  @Test
  void aLaggedGetOfAHiddenRunIsAnsweredNotFoundAndCountsAsARead() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(2).build();
    String arn = "arn:aws:states:us-east-1:1:execution:m:e1";
    plan.runCreated(ServiceProfile.STEP_FUNCTIONS, arn);
    SdkHttpRequest describe = request(SdkHttpMethod.POST, "/", "AWSStepFunctions.DescribeExecution");
    String body = "{\"executionArn\":\"" + arn + "\"}";

    Exchange first = Exchange.begin(plan, ServiceProfile.STEP_FUNCTIONS, describe, bytes(body));
    Exchange.Answer notFound = first.laggedGet().orElseThrow();
    assertThat(notFound.response().statusCode()).isEqualTo(400);
    assertThat(notFound.response().firstMatchingHeader("Content-Type")).contains("application/x-amz-json-1.0");
    assertThat(notFound.response().firstMatchingHeader("x-amzn-RequestId")).contains("chaos-1");
    assertThat(new String(notFound.body(), StandardCharsets.UTF_8))
        .isEqualTo(ServiceProfile.STEP_FUNCTIONS.laggedGets().get("DescribeExecution").notFound().body());
    assertThat(Exchange.begin(plan, ServiceProfile.STEP_FUNCTIONS, describe, bytes("{\"executionArn\":\"other\"}"))
        .laggedGet()).as("another run").isEmpty();
    assertThat(Exchange.begin(plan, ServiceProfile.STEP_FUNCTIONS, describe, bytes("not json")).laggedGet()).isEmpty();
    Exchange list = Exchange.begin(plan, ServiceProfile.STEP_FUNCTIONS,
        request(SdkHttpMethod.POST, "/", "AWSStepFunctions.ListExecutions"), bytes("{}"));
    assertThat(list.laggedGet()).as("not a lagged get").isEmpty();
    assertThat(new String(list.toCaller(answer(200, "{\"executions\":[{\"executionArn\":\"" + arn + "\"}]}")).body(),
        StandardCharsets.UTF_8)).isEqualTo("{\"executions\":[]}");
    assertThat(Exchange.begin(plan, ServiceProfile.STEP_FUNCTIONS, describe, bytes(body)).laggedGet())
        .as("the get and the listing used up the lag of two reads").isEmpty();
    assertThat(plan.log().entries().get(0).hiddenRunIds()).containsExactly(arn);
  }

  @Test
  void aLaggedGetThatMeetsAFaultIsLeftToTheFault() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(1).build()
        .script("DescribeExecution", Fault.THROTTLE, Fault.BAD_GATEWAY, Fault.DELAY);
    plan.runCreated(ServiceProfile.STEP_FUNCTIONS, "e");
    SdkHttpRequest describe = request(SdkHttpMethod.POST, "/", "AWSStepFunctions.DescribeExecution");
    byte[] body = bytes("{\"executionArn\":\"e\"}");

    assertThat(Exchange.begin(plan, ServiceProfile.STEP_FUNCTIONS, describe, body).laggedGet()).isEmpty();
    assertThat(Exchange.begin(plan, ServiceProfile.STEP_FUNCTIONS, describe, body).laggedGet()).isEmpty();
    assertThat(Exchange.begin(plan, ServiceProfile.STEP_FUNCTIONS, describe, body).laggedGet()).isPresent();
    assertThat(plan.log().entries()).extracting(ChaosLog.Entry::answeredAsHidden).containsExactly(false, false, true);
  }

  @Test
  void badPathsAndAnswersAreRefused() {
    ServiceProfile.Builder builder = ServiceProfile.builder("X")
        .throttling(ServiceProfile.ErrorAnswer.restJson(429, "ThrottlingException", "slow down"))
        .internalError(ServiceProfile.ErrorAnswer.restJson(500, "InternalServerException", "oops"));

    assertThatThrownBy(() -> builder.listing("L", "items.id").build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServiceProfile.builder("Y").throttling(ServiceProfile.GLUE.throttling())
        .internalError(ServiceProfile.GLUE.internalError()).listing("L", "a[].b[].c").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServiceProfile.builder("Y").throttling(ServiceProfile.GLUE.throttling())
        .internalError(ServiceProfile.GLUE.internalError()).start("S", "a..b").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServiceProfile.builder("Z").build()).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new ServiceProfile.ErrorAnswer(42, Map.of(), ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ServiceProfile.ErrorAnswer.restJson(429, "T", "say \"hi\"").body()).isEqualTo("{\"message\":\"say \\\"hi\\\"\"}");
    assertThatThrownBy(() -> ServiceProfile.builder("Y").throttling(ServiceProfile.GLUE.throttling())
        .internalError(ServiceProfile.GLUE.internalError())
        .laggedGet("Get", "a[].b", ServiceProfile.GLUE.throttling()).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServiceProfile.builder("Y").laggedGet("Get", "id", null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void anEditedListingKeepsNumbersAndOtherFieldsExactly() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(1).build();
    plan.runCreated(ServiceProfile.SWF, "new");
    Exchange list = Exchange.begin(plan, ServiceProfile.SWF,
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

  @Test
  void onlySuccessfulPlainJsonListingsAreEdited() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(5).build();
    plan.runCreated(ServiceProfile.GLUE, "wr_1");
    String body = "{\"Runs\":[{\"WorkflowRunId\":\"wr_1\"}]}";
    SdkHttpRequest list = request(SdkHttpMethod.POST, "/", "AWSGlue.GetWorkflowRuns");

    Exchange.Answer failed = answer(400, body);
    assertThat(Exchange.begin(plan, ServiceProfile.GLUE, list, null).toCaller(failed)).isSameAs(failed);
    Exchange.Answer zipped = new Exchange.Answer(SdkHttpFullResponse.builder().statusCode(200)
        .putHeader("Content-Encoding", "gzip").build(), body.getBytes(StandardCharsets.UTF_8));
    assertThat(Exchange.begin(plan, ServiceProfile.GLUE, list, null).toCaller(zipped)).isSameAs(zipped);
    Exchange.Answer notJson = answer(200, "<html/>");
    assertThat(Exchange.begin(plan, ServiceProfile.GLUE, list, null).toCaller(notJson)).isSameAs(notJson);
    Exchange.Answer other = answer(200, "{\"Runs\":[{\"WorkflowRunId\":\"wr_2\"}]}");
    assertThat(Exchange.begin(plan, ServiceProfile.GLUE, list, null).toCaller(other)).isSameAs(other);
    Exchange.Answer mine = answer(200, body);
    assertThat(Exchange.begin(plan, ServiceProfile.GLUE, list, null).toCaller(mine).body())
        .asString(StandardCharsets.UTF_8).isEqualTo("{\"Runs\":[]}");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Exchange.Answer answer(int status, String body) {
    return new Exchange.Answer(SdkHttpFullResponse.builder().statusCode(status).build(),
        body.getBytes(StandardCharsets.UTF_8));
  }
}
