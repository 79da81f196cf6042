package io.wflaunch.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.wflaunch.testkit.glue.GlueChaos;
import io.wflaunch.testkit.http.StubHttpServer;
import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.model.GlueException;
import software.amazon.awssdk.services.glue.model.InternalServiceException;
import software.amazon.awssdk.services.glue.model.ThrottlingException;
import software.amazon.awssdk.services.glue.model.WorkflowRun;

/** The async chaos client under a real GlueAsyncClient on Netty: the same faults, the same outcomes. */
class ChaosAsyncHttpClientTest {

  /** One event loop for the class: a Netty client leaves a group it was given running when it closes. */
  private static final SdkEventLoopGroup EVENT_LOOP = SdkEventLoopGroup.builder().numberOfThreads(2).build();

  private final StubHttpServer server = GlueStub.start();
  private ChaosAsyncHttpClient http;
  private GlueAsyncClient glue;

  @AfterEach
  void tearDown() {
    if (glue != null) {
      glue.close();
    }
    if (http != null) {
      http.close();
    }
    server.close();
  }

  @AfterAll
  static void stopEventLoop() {
    EVENT_LOOP.eventLoopGroup().shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private GlueAsyncClient glue(ChaosPlan plan, int maxAttempts, Duration attemptTimeout) {
    http = ChaosAsyncHttpClient.wrap(NettyNioAsyncHttpClient.builder().eventLoopGroup(EVENT_LOOP).build(), plan,
        GlueChaos.PROFILE);
    glue = SdkClients.glueAsync(server.endpoint(), http, maxAttempts, attemptTimeout);
    return glue;
  }

  private String start(String call) {
    return glue.startWorkflowRun(r -> r.name("w").runProperties(Map.of("call", call))).join().runId();
  }

  private Throwable startFailure() {
    Throwable thrown = catchThrowable(() -> start("1"));
    assertThat(thrown).isInstanceOf(CompletionException.class);
    return thrown.getCause();
  }

  private List<String> listed() {
    return glue.getWorkflowRuns(r -> r.name("w")).join().runs().stream().map(WorkflowRun::workflowRunId).toList();
  }

  private int startsReceived() {
    return (int) server.requests().stream()
        .filter(request -> "AWSGlue.StartWorkflowRun".equals(request.header("X-Amz-Target"))).count();
  }

  @Test
  void withoutFaultsTheBodiesPassIntact() {
    ChaosPlan plan = ChaosPlan.none();
    glue(plan, 1, null);

    assertThat(start("7")).isEqualTo("wr_1");

    assertThat(server.requests()).singleElement().satisfies(request ->
        assertThat(request.body()).isEqualTo("{\"Name\":\"w\",\"RunProperties\":{\"call\":\"7\"}}"));
    assertThat(plan.log().entries()).singleElement().satisfies(entry -> {
      assertThat(entry.requestBody()).isEqualTo(server.requests().get(0).body());
      assertThat(entry.serviceStatus()).hasValue(200);
      assertThat(entry.createdRunId()).contains("wr_1");
    });
  }

  @Test
  void aDroppedResponseIsAnIoErrorAfterTheServiceActed() {
    glue(ChaosPlan.none().script("StartWorkflowRun", Fault.DROP_RESPONSE), 1, null);

    assertThat(startFailure()).isExactlyInstanceOf(SdkClientException.class)
        .hasRootCauseInstanceOf(IOException.class)
        .hasRootCauseMessage("connection closed before the response was read");
    assertThat(startsReceived()).isEqualTo(1);
  }

  @Test
  void theSdkRetriesADroppedStartSoTheServiceStartsTwoRuns() {
    ChaosPlan plan = ChaosPlan.none().script("StartWorkflowRun", Fault.DROP_RESPONSE);
    glue(plan, 3, null);

    assertThat(start("1")).isEqualTo("wr_2");
    assertThat(startsReceived()).isEqualTo(2);
    assertThat(plan.log().createdRunIds()).containsExactly("wr_1", "wr_2");
  }

  @Test
  void aThrottleIsGluesThrottlingExceptionAndNeverReachesTheService() {
    glue(ChaosPlan.none().script("StartWorkflowRun", Fault.THROTTLE), 1, null);

    assertThat(startFailure()).isInstanceOfSatisfying(ThrottlingException.class, e -> {
      assertThat(e.isThrottlingException()).isTrue();
      assertThat(e.statusCode()).isEqualTo(400);
    });
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aServerErrorIsGluesInternalServiceExceptionAndNeverReachesTheService() {
    glue(ChaosPlan.none().script("StartWorkflowRun", Fault.SERVER_ERROR), 1, null);

    assertThat(startFailure()).isInstanceOfSatisfying(InternalServiceException.class,
        e -> assertThat(e.statusCode()).isEqualTo(500));
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aBadGatewayIsA502AfterTheServiceActed() {
    glue(ChaosPlan.none().script("StartWorkflowRun", Fault.BAD_GATEWAY), 1, null);

    assertThat(startFailure()).isExactlyInstanceOf(GlueException.class)
        .satisfies(e -> assertThat(((GlueException) e).statusCode()).isEqualTo(502));
    assertThat(startsReceived()).isEqualTo(1);
  }

  @Test
  void aResetIsAnIoErrorThatNeverReachesTheService() {
    glue(ChaosPlan.none().script("StartWorkflowRun", Fault.RESET), 1, null);

    assertThat(startFailure()).isExactlyInstanceOf(SdkClientException.class)
        .hasRootCauseInstanceOf(SocketException.class);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aDelayLongerThanTheAttemptTimeoutTimesOutAfterTheServiceActed() {
    ChaosPlan plan = ChaosPlan.builder().delay(Duration.ofMillis(400)).build().script("StartWorkflowRun", Fault.DELAY);
    glue(plan, 1, Duration.ofMillis(100));

    assertThat(startFailure()).isInstanceOf(ApiCallAttemptTimeoutException.class);
    assertThat(startsReceived()).isEqualTo(1);
    assertThat(plan.log().entries()).singleElement().satisfies(entry -> assertThat(entry.forwarded()).isTrue());
  }

  @Test
  void theSdkRetriesATimedOutAttemptSoTheServiceStartsTwoRuns() {
    ChaosPlan plan = ChaosPlan.builder().delay(Duration.ofMillis(400)).build().script("StartWorkflowRun", Fault.DELAY);
    glue(plan, 2, Duration.ofMillis(100));

    assertThat(start("1")).isEqualTo("wr_2");
    assertThat(startsReceived()).isEqualTo(2);
  }

  @Test
  void aDelayShorterThanTheAttemptTimeoutOnlySlowsTheAnswer() {
    glue(ChaosPlan.builder().delay(Duration.ofMillis(50)).build().script("StartWorkflowRun", Fault.DELAY), 1,
        Duration.ofSeconds(5));

    assertThat(start("1")).isEqualTo("wr_1");
  }

  @Test
  void listingLagHidesANewRunFromTheNextNListings() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(2).build();
    glue(plan, 1, null);
    String run = start("1");

    assertThat(listed()).isEmpty();
    assertThat(listed()).isEmpty();
    assertThat(listed()).containsExactly(run);
  }

  @Test
  void concurrentCallsAreAllServedAndLogged() {
    ChaosPlan plan = ChaosPlan.builder().seed(11).fault(Fault.THROTTLE, 0.3).build();
    glue(plan, 5, null);

    List<String> runIds = IntStream.range(0, 8)
        .mapToObj(i -> glue.startWorkflowRun(r -> r.name("w").runProperties(Map.of("call", Integer.toString(i)))))
        .toList().stream().map(future -> future.join().runId()).toList();

    assertThat(runIds).doesNotHaveDuplicates().hasSize(8);
    assertThat(startsReceived()).isEqualTo(8);
    assertThat(plan.log().forwardedCount("StartWorkflowRun")).isEqualTo(8);
  }
}
