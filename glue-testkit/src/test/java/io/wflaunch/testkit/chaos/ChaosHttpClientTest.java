package io.wflaunch.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.wflaunch.testkit.glue.GlueChaos;
import io.wflaunch.testkit.http.StubHttpServer;
import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.GlueException;
import software.amazon.awssdk.services.glue.model.InternalServiceException;
import software.amazon.awssdk.services.glue.model.ThrottlingException;
import software.amazon.awssdk.services.glue.model.WorkflowRun;

/** The blocking chaos client under a real GlueClient: what the SDK sees, and what reached the service. */
class ChaosHttpClientTest {

  private final StubHttpServer server = GlueStub.start();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable closeable : closing) {
      closeable.close();
    }
    server.close();
  }

  private GlueClient glue(ChaosPlan plan, int maxAttempts) {
    return glue(plan, maxAttempts, null);
  }

  private GlueClient glue(ChaosPlan plan, int maxAttempts, Duration attemptTimeout) {
    ChaosHttpClient http = ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, GlueChaos.PROFILE);
    GlueClient glue = SdkClients.glue(server.endpoint(), http, maxAttempts, attemptTimeout);
    closing.add(glue);
    closing.add(http);
    return glue;
  }

  private static String start(GlueClient glue, String call) {
    return glue.startWorkflowRun(r -> r.name("w").runProperties(Map.of("call", call))).runId();
  }

  private static List<String> listed(GlueClient glue) {
    return glue.getWorkflowRuns(r -> r.name("w")).runs().stream().map(WorkflowRun::workflowRunId).toList();
  }

  private int startsReceived() {
    return (int) server.requests().stream()
        .filter(request -> "AWSGlue.StartWorkflowRun".equals(request.header("X-Amz-Target"))).count();
  }

  @Test
  void withoutFaultsRequestsAndAnswersPassThroughAndAreLogged() {
    ChaosPlan plan = ChaosPlan.none();
    GlueClient glue = glue(plan, 1);

    assertThat(start(glue, "1")).isEqualTo("wr_1");

    assertThat(server.requests()).singleElement()
        .satisfies(request -> assertThat(request.body()).isEqualTo("{\"Name\":\"w\",\"RunProperties\":{\"call\":\"1\"}}"));
    assertThat(plan.log().entries()).singleElement().satisfies(entry -> {
      assertThat(entry.sequence()).isEqualTo(1);
      assertThat(entry.service()).isEqualTo("Glue");
      assertThat(entry.operation()).isEqualTo("StartWorkflowRun");
      assertThat(entry.fault()).isEqualTo(Fault.NONE);
      assertThat(entry.forwarded()).isTrue();
      assertThat(entry.serviceStatus()).hasValue(200);
      assertThat(entry.requestBody()).isEqualTo(server.requests().get(0).body());
      assertThat(entry.createdRunId()).contains("wr_1");
    });
  }

  @Test
  void aDroppedResponseIsAnIoErrorAfterTheServiceActed() {
    ChaosPlan plan = ChaosPlan.none().script("StartWorkflowRun", Fault.DROP_RESPONSE);
    GlueClient glue = glue(plan, 1);

    Throwable thrown = catchThrowable(() -> start(glue, "1"));

    assertThat(thrown).isExactlyInstanceOf(SdkClientException.class)
        .hasMessageContaining("connection closed before the response was read")
        .hasRootCauseInstanceOf(IOException.class);
    assertThat(((SdkClientException) thrown).retryable()).isFalse();
    assertThat(startsReceived()).isEqualTo(1);
    assertThat(plan.log().entries()).singleElement().satisfies(entry -> {
      assertThat(entry.forwarded()).isTrue();
      assertThat(entry.serviceStatus()).hasValue(200);
      assertThat(entry.createdRunId()).contains("wr_1");
    });
  }

  @Test
  void theSdkRetriesADroppedStartSoTheServiceStartsTwoRuns() {
    ChaosPlan plan = ChaosPlan.none().script("StartWorkflowRun", Fault.DROP_RESPONSE);
    GlueClient glue = glue(plan, 3);

    String runId = start(glue, "1");

    assertThat(runId).as("the caller sees only the second run").isEqualTo("wr_2");
    assertThat(startsReceived()).isEqualTo(2);
    assertThat(server.requests()).extracting(StubHttpServer.Request::body).containsOnly(server.requests().get(0).body());
    assertThat(plan.log().faults("StartWorkflowRun")).containsExactly(Fault.DROP_RESPONSE, Fault.NONE);
    assertThat(plan.log().createdRunIds()).containsExactly("wr_1", "wr_2");
    assertThat(plan.log().forwardedCount("StartWorkflowRun")).isEqualTo(2);
  }

  @Test
  void aBadGatewayIsA502ServiceErrorAfterTheServiceActed() {
    ChaosPlan plan = ChaosPlan.none().script("StartWorkflowRun", Fault.BAD_GATEWAY);
    GlueClient glue = glue(plan, 1);

    assertThatThrownBy(() -> start(glue, "1")).isExactlyInstanceOf(GlueException.class)
        .isInstanceOfSatisfying(AwsServiceException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(502);
          assertThat(e.isThrottlingException()).isFalse();
          assertThat(e.retryable()).isFalse();
          assertThat(e.requestId()).isEqualTo("chaos-1");
        });
    assertThat(startsReceived()).isEqualTo(1);
    assertThat(plan.log().createdRunIds()).containsExactly("wr_1");
  }

  @Test
  void theSdkRetriesABadGatewaySoTheServiceStartsTwoRuns() {
    ChaosPlan plan = ChaosPlan.none().script("StartWorkflowRun", Fault.BAD_GATEWAY);
    GlueClient glue = glue(plan, 2);

    assertThat(start(glue, "1")).isEqualTo("wr_2");
    assertThat(startsReceived()).isEqualTo(2);
  }

  @Test
  void aServerErrorIsGluesInternalServiceExceptionAndNeverReachesTheService() {
    ChaosPlan plan = ChaosPlan.none().script("StartWorkflowRun", Fault.SERVER_ERROR);
    GlueClient glue = glue(plan, 1);

    assertThatThrownBy(() -> start(glue, "1")).isInstanceOfSatisfying(InternalServiceException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(500);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalServiceException");
      assertThat(e.isThrottlingException()).isFalse();
    });
    assertThat(server.requests()).isEmpty();
    assertThat(plan.log().entries()).singleElement().satisfies(entry -> {
      assertThat(entry.forwarded()).isFalse();
      assertThat(entry.serviceStatus()).isEmpty();
      assertThat(entry.createdRunId()).isEmpty();
    });
  }

  @Test
  void aThrottleIsGluesThrottlingExceptionAndNeverReachesTheService() {
    ChaosPlan plan = ChaosPlan.none().script("StartWorkflowRun", Fault.THROTTLE);
    GlueClient glue = glue(plan, 1);

    assertThatThrownBy(() -> start(glue, "1")).isInstanceOfSatisfying(ThrottlingException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.isThrottlingException()).isTrue();
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
    });
    assertThat(server.requests()).isEmpty();
    assertThat(plan.log().forwardedCount("StartWorkflowRun")).isZero();
  }

  @Test
  void theSdkRetriesThrottlesAndServerErrorsWithoutDuplicates() {
    ChaosPlan plan = ChaosPlan.none().script("StartWorkflowRun", Fault.THROTTLE, Fault.SERVER_ERROR);
    GlueClient glue = glue(plan, 3);

    assertThat(start(glue, "1")).isEqualTo("wr_1");
    assertThat(startsReceived()).isEqualTo(1);
    assertThat(plan.log().count("StartWorkflowRun")).isEqualTo(3);
  }

  @Test
  void aResetIsAnIoErrorThatNeverReachesTheService() {
    ChaosPlan plan = ChaosPlan.none().script("StartWorkflowRun", Fault.RESET);
    GlueClient glue = glue(plan, 1);

    assertThatThrownBy(() -> start(glue, "1")).isExactlyInstanceOf(SdkClientException.class)
        .hasRootCauseInstanceOf(SocketException.class)
        .hasRootCauseMessage("Connection reset");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aDelayLongerThanTheAttemptTimeoutTimesOutAfterTheServiceActed() {
    ChaosPlan plan = ChaosPlan.builder().delay(Duration.ofMillis(400)).build()
        .script("StartWorkflowRun", Fault.DELAY);
    GlueClient glue = glue(plan, 1, Duration.ofMillis(100));

    long began = System.nanoTime();
    assertThatThrownBy(() -> start(glue, "1")).isInstanceOf(ApiCallAttemptTimeoutException.class);

    assertThat(Duration.ofNanos(System.nanoTime() - began)).as("the abort ends the delay")
        .isLessThan(Duration.ofMillis(400));
    assertThat(startsReceived()).isEqualTo(1);
    assertThat(plan.log().entries()).singleElement().satisfies(entry -> {
      assertThat(entry.forwarded()).isTrue();
      assertThat(entry.serviceStatus()).hasValue(200);
    });
  }

  @Test
  void theSdkRetriesATimedOutAttemptSoTheServiceStartsTwoRuns() {
    ChaosPlan plan = ChaosPlan.builder().delay(Duration.ofMillis(400)).build()
        .script("StartWorkflowRun", Fault.DELAY);
    GlueClient glue = glue(plan, 2, Duration.ofMillis(100));

    assertThat(start(glue, "1")).isEqualTo("wr_2");
    assertThat(startsReceived()).isEqualTo(2);
  }

  @Test
  void aDelayShorterThanTheAttemptTimeoutOnlySlowsTheAnswer() {
    ChaosPlan plan = ChaosPlan.builder().delay(Duration.ofMillis(50)).build()
        .script("StartWorkflowRun", Fault.DELAY);
    GlueClient glue = glue(plan, 1, Duration.ofSeconds(5));

    assertThat(start(glue, "1")).isEqualTo("wr_1");
  }

  @Test
  void scriptedFaultsComeInOrderBeforeTheRandomOnes() {
    ChaosPlan plan = ChaosPlan.builder().seed(1).fault("GetWorkflowRuns", Fault.SERVER_ERROR, 1.0).build()
        .script("GetWorkflowRuns", Fault.NONE, Fault.THROTTLE, Fault.BAD_GATEWAY);
    GlueClient glue = glue(plan, 1);

    List<Object> outcomes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      try {
        outcomes.add(listed(glue));
      } catch (AwsServiceException e) {
        outcomes.add(e.statusCode());
      }
    }

    assertThat(outcomes).containsExactly(List.of(), 400, 502, 500);
    assertThat(plan.log().faults("GetWorkflowRuns"))
        .containsExactly(Fault.NONE, Fault.THROTTLE, Fault.BAD_GATEWAY, Fault.SERVER_ERROR);
    assertThat(plan.log().entries()).extracting(ChaosLog.Entry::scripted).containsExactly(true, true, true, false);
    assertThat(plan.scripted("GetWorkflowRuns")).isEmpty();
  }

  @Test
  void theSameSeedMeetsTheSameFaults() {
    List<Fault> first = faultsOf(ChaosPlan.builder().seed(42).fault(Fault.THROTTLE, 0.25)
        .fault(Fault.SERVER_ERROR, 0.25).fault(Fault.DROP_RESPONSE, 0.2).build());
    List<Fault> again = faultsOf(ChaosPlan.builder().seed(42).fault(Fault.THROTTLE, 0.25)
        .fault(Fault.SERVER_ERROR, 0.25).fault(Fault.DROP_RESPONSE, 0.2).build());
    List<Fault> other = faultsOf(ChaosPlan.builder().seed(43).fault(Fault.THROTTLE, 0.25)
        .fault(Fault.SERVER_ERROR, 0.25).fault(Fault.DROP_RESPONSE, 0.2).build());

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(first).contains(Fault.NONE, Fault.THROTTLE, Fault.SERVER_ERROR, Fault.DROP_RESPONSE);
  }

  private List<Fault> faultsOf(ChaosPlan plan) {
    GlueClient glue = glue(plan, 1);
    for (int i = 0; i < 20; i++) {
      try {
        start(glue, Integer.toString(i));
      } catch (RuntimeException expected) {
        // the fault shows in the log
      }
    }
    return plan.log().faults("StartWorkflowRun");
  }

  @Test
  void theLogTellsWhichStartsCarriedAGivenProperty() {
    ChaosPlan plan = ChaosPlan.none().script("StartWorkflowRun", Fault.NONE, Fault.DROP_RESPONSE);
    GlueClient glue = glue(plan, 2);
    for (int call = 1; call <= 3; call++) {
      start(glue, Integer.toString(call));
    }

    List<ChaosLog.Entry> call2 = plan.log().entries("StartWorkflowRun").stream()
        .filter(entry -> entry.requestBody().contains("\"call\":\"2\"")).toList();

    assertThat(call2).extracting(ChaosLog.Entry::fault).containsExactly(Fault.DROP_RESPONSE, Fault.NONE);
    assertThat(call2).extracting(entry -> entry.createdRunId().orElseThrow()).containsExactly("wr_2", "wr_3");
  }

  @Test
  void listingLagHidesANewRunFromExactlyTheNextNListings() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(2).build();
    GlueClient glue = glue(plan, 1);
    String first = start(glue, "1");

    assertThat(listed(glue)).isEmpty();
    assertThat(listed(glue)).isEmpty();
    assertThat(listed(glue)).containsExactly(first);

    String second = start(glue, "2");
    assertThat(listed(glue)).containsExactly(first);
    assertThat(listed(glue)).containsExactly(first);
    assertThat(listed(glue)).containsExactly(second, first);
    assertThat(plan.log().entries("GetWorkflowRuns")).extracting(ChaosLog.Entry::hiddenRunIds)
        .containsExactly(List.of(first), List.of(first), List.of(), List.of(second), List.of(second), List.of());
  }

  @Test
  void anEditedListingKeepsEveryOtherValueExactly() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(1).build();
    GlueClient glue = glue(plan, 1);
    start(glue, "1");
    listed(glue);
    start(glue, "2");

    List<WorkflowRun> edited = glue.getWorkflowRuns(r -> r.name("w")).runs();
    List<WorkflowRun> plain = glue.getWorkflowRuns(r -> r.name("w")).runs();

    assertThat(plan.log().entries("GetWorkflowRuns").get(1).hiddenRunIds()).containsExactly("wr_2");
    assertThat(edited).singleElement().isEqualTo(plain.get(1));
    assertThat(edited.get(0).startedOn()).as("the SDK keeps milliseconds").isEqualTo(Instant.parse("2025-11-21T08:00:00.123Z"));
    assertThat(plain).extracting(WorkflowRun::workflowRunId).containsExactly("wr_2", "wr_1");
  }

  @Test
  void aRunWhoseStartAnswerWasLostIsLaggedToo() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(1).build()
        .script("StartWorkflowRun", Fault.DROP_RESPONSE)
        .script("GetWorkflowRuns", Fault.DROP_RESPONSE);
    GlueClient glue = glue(plan, 1);

    assertThatThrownBy(() -> start(glue, "1")).isInstanceOf(SdkClientException.class);
    assertThatThrownBy(() -> listed(glue)).as("a listing the caller never got does not count")
        .isInstanceOf(SdkClientException.class);

    assertThat(listed(glue)).isEmpty();
    assertThat(listed(glue)).containsExactly("wr_1");
  }
}
