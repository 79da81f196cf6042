package io.wflaunch.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.testkit.glue.GlueChaos;
import io.wflaunch.testkit.http.StubHttpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.WorkflowRun;

/**
 * {@link Fault#HOLD}: the service answers at once, the caller gets that answer only when the test releases
 * it, so that the test can change the world in between.
 */
class HeldAnswerTest {

  private static final SdkEventLoopGroup EVENT_LOOP = SdkEventLoopGroup.builder().numberOfThreads(1).build();

  private final StubHttpServer server = GlueStub.start();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final ExecutorService caller = Executors.newSingleThreadExecutor();

  @AfterEach
  void tearDown() throws Exception {
    caller.shutdownNow();
    for (AutoCloseable closeable : closing) {
      closeable.close();
    }
    server.close();
  }

  @AfterAll
  static void stopEventLoop() {
    EVENT_LOOP.eventLoopGroup().shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private GlueClient glue(ChaosPlan plan, Duration attemptTimeout) {
    ChaosHttpClient http = ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, GlueChaos.PROFILE);
    GlueClient glue = SdkClients.glue(server.endpoint(), http, 1, attemptTimeout);
    closing.add(glue);
    closing.add(http);
    return glue;
  }

  private static List<String> listed(GlueClient glue) {
    return glue.getWorkflowRuns(r -> r.name("w")).runs().stream().map(WorkflowRun::workflowRunId).toList();
  }

  private int listingsReceived() {
    return (int) server.requests().stream()
        .filter(request -> "AWSGlue.GetWorkflowRuns".equals(request.header("X-Amz-Target"))).count();
  }

  @Test
  void aHeldAnswerIsTheOneTheServiceGaveBeforeTheTestActedAndComesOnlyOnRelease() throws Exception {
    ChaosPlan plan = ChaosPlan.none().script("GetWorkflowRuns", Fault.HOLD);
    GlueClient glue = glue(plan, null);

    CompletableFuture<List<String>> held = CompletableFuture.supplyAsync(() -> listed(glue), caller);
    assertThat(plan.awaitHeld(1, Duration.ofSeconds(10))).isTrue();
    String started = glue.startWorkflowRun(r -> r.name("w")).runId();

    assertThat(listingsReceived()).as("the service answered before the hold").isEqualTo(1);
    assertThat(held).isNotDone();
    plan.release();
    assertThat(held.get(10, TimeUnit.SECONDS)).as("the answer from before the start").isEmpty();
    assertThat(listed(glue)).as("the script is used up: the next listing is not held").containsExactly(started);
    assertThat(plan.heldCount()).isEqualTo(1);
    assertThat(plan.log().entries("GetWorkflowRuns")).extracting(ChaosLog.Entry::fault)
        .containsExactly(Fault.HOLD, Fault.NONE);
    assertThat(plan.log().entries("GetWorkflowRuns").get(0).forwarded()).isTrue();
  }

  @Test
  void anAnswerHeldAfterAReleaseWaitsForTheNextRelease() throws Exception {
    ChaosPlan plan = ChaosPlan.none().script("GetWorkflowRuns", Fault.HOLD, Fault.HOLD);
    GlueClient glue = glue(plan, null);

    CompletableFuture<List<String>> first = CompletableFuture.supplyAsync(() -> listed(glue), caller);
    assertThat(plan.awaitHeld(1, Duration.ofSeconds(10))).isTrue();
    plan.release();
    first.get(10, TimeUnit.SECONDS);
    CompletableFuture<List<String>> second = CompletableFuture.supplyAsync(() -> listed(glue), caller);
    assertThat(plan.awaitHeld(2, Duration.ofSeconds(10))).isTrue();

    assertThat(second).isNotDone();
    plan.release();
    assertThat(second.get(10, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void awaitHeldSaysWhenNothingWasHeldInTime() throws Exception {
    ChaosPlan plan = ChaosPlan.none();
    listed(glue(plan, null));

    assertThat(plan.awaitHeld(1, Duration.ZERO)).isFalse();
    assertThat(plan.heldCount()).isZero();
  }

  @Test
  void theSdksAttemptTimeoutEndsAHoldAfterTheServiceActed() {
    ChaosPlan plan = ChaosPlan.none().script("StartWorkflowRun", Fault.HOLD);
    GlueClient glue = glue(plan, Duration.ofMillis(100));

    assertThatThrownBy(() -> glue.startWorkflowRun(r -> r.name("w")))
        .isInstanceOf(ApiCallAttemptTimeoutException.class);

    assertThat(plan.log().createdRunIds()).as("the service started the run").containsExactly("wr_1");
    assertThat(plan.heldCount()).isEqualTo(1);
  }

  @Test
  void theAsyncClientHoldsAnswersUntilReleaseToo() throws Exception {
    ChaosPlan plan = ChaosPlan.none().script("GetWorkflowRuns", Fault.HOLD);
    ChaosAsyncHttpClient http = ChaosAsyncHttpClient.wrap(
        NettyNioAsyncHttpClient.builder().eventLoopGroup(EVENT_LOOP).build(), plan, GlueChaos.PROFILE);
    GlueAsyncClient glue = SdkClients.glueAsync(server.endpoint(), http, 1, null);
    closing.add(glue);
    closing.add(http);

    CompletableFuture<List<WorkflowRun>> held = glue.getWorkflowRuns(r -> r.name("w")).thenApply(r -> r.runs());
    assertThat(plan.awaitHeld(1, Duration.ofSeconds(10))).isTrue();
    glue.startWorkflowRun(r -> r.name("w")).join();

    assertThat(held).isNotDone();
    plan.release();
    assertThat(held.get(10, TimeUnit.SECONDS)).isEmpty();
  }
}
