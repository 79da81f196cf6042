package io.wflaunch.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.glue.GlueChaos;
import io.wflaunch.testkit.http.StubHttpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.WorkflowRun;

/**
 * Listing lag measured in time on the plan's clock, under real Glue clients (blocking and async) in front
 * of a stub: a new run stays out of every listing until its time has passed, however often it is read.
 */
class TimedListingLagTest {

  /** Another service, to set a lag for that Glue must not see. */
  private static final ServiceProfile OTHER = ServiceProfile.builder("Other")
      .throttling(ServiceProfile.ErrorAnswer.awsJson(400, "1.0", "ThrottlingException", "Rate exceeded"))
      .internalError(ServiceProfile.ErrorAnswer.awsJson(500, "1.0", "InternalFailure", "Internal failure"))
      .start("StartRun", "runId")
      .listing("ListRuns", "runs[].runId")
      .build();

  private static final SdkEventLoopGroup EVENT_LOOP = SdkEventLoopGroup.builder().numberOfThreads(1).build();

  private final StubHttpServer server = GlueStub.start();
  private final VirtualScheduler time = new VirtualScheduler();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable closeable : closing) {
      closeable.close();
    }
    server.close();
  }

  @AfterAll
  static void stopEventLoop() {
    EVENT_LOOP.eventLoopGroup().shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private GlueClient glue(ChaosPlan plan) {
    ChaosHttpClient http = ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, GlueChaos.PROFILE);
    GlueClient glue = SdkClients.glue(server.endpoint(), http, 1, null);
    closing.add(glue);
    closing.add(http);
    return glue;
  }

  private GlueAsyncClient glueAsync(ChaosPlan plan) {
    ChaosAsyncHttpClient http = ChaosAsyncHttpClient.wrap(
        NettyNioAsyncHttpClient.builder().eventLoopGroup(EVENT_LOOP).build(), plan, GlueChaos.PROFILE);
    GlueAsyncClient glue = SdkClients.glueAsync(server.endpoint(), http, 1, null);
    closing.add(glue);
    closing.add(http);
    return glue;
  }

  private ChaosPlan lagging(Duration lag) {
    return ChaosPlan.builder().listingLag(GlueChaos.PROFILE, lag).clock(time.clock()).build();
  }

  private static String start(GlueClient glue, String call) {
    return glue.startWorkflowRun(r -> r.name("w").runProperties(Map.of("call", call))).runId();
  }

  private static List<String> listed(GlueClient glue) {
    return glue.getWorkflowRuns(r -> r.name("w")).runs().stream().map(WorkflowRun::workflowRunId).toList();
  }

  @Test
  void aNewRunStaysOutOfEveryListingUntilItsLagHasPassedOnThePlansClock() {
    ChaosPlan plan = lagging(Duration.ofSeconds(2));
    GlueClient glue = glue(plan);
    String first = start(glue, "1");

    for (int read = 0; read < 5; read++) {
      assertThat(listed(glue)).as("read %d at the start's own time", read).isEmpty();
    }
    time.advanceBy(Duration.ofMillis(1999));
    assertThat(listed(glue)).isEmpty();
    String second = start(glue, "2");
    time.advanceBy(Duration.ofMillis(1));

    assertThat(listed(glue)).as("two seconds after the first start, before the second's").containsExactly(first);
    time.advanceBy(Duration.ofMillis(1998));
    assertThat(listed(glue)).as("a millisecond before the second's two seconds").containsExactly(first);
    time.advanceBy(Duration.ofMillis(1));
    assertThat(listed(glue)).containsExactly(second, first);
    assertThat(plan.log().entries("GetWorkflowRuns")).extracting(ChaosLog.Entry::hiddenRunIds).containsExactly(
        List.of(first), List.of(first), List.of(first), List.of(first), List.of(first), List.of(first),
        List.of(second), List.of(second), List.of());
  }

  @Test
  void theLagIsTimedFromWhenTheStartsAnswerCameThroughNotFromWhenItIsListed() {
    ChaosPlan plan = lagging(Duration.ofSeconds(2));
    GlueClient glue = glue(plan);
    String runId = start(glue, "1");
    time.advanceBy(Duration.ofSeconds(5));

    assertThat(listed(glue)).as("never listed while hidden, and shown once its time passed").containsExactly(runId);
    assertThat(plan.log().entries("GetWorkflowRuns")).singleElement()
        .satisfies(entry -> assertThat(entry.hiddenRunIds()).isEmpty());
  }

  @Test
  void aRunWhoseStartAnswerWasDroppedIsLaggedToo() {
    ChaosPlan plan = lagging(Duration.ofSeconds(1)).script("StartWorkflowRun", Fault.DROP_RESPONSE);
    GlueClient glue = glue(plan);

    assertThatThrownBy(() -> start(glue, "1")).isInstanceOf(SdkClientException.class);

    assertThat(listed(glue)).isEmpty();
    time.advanceBy(Duration.ofSeconds(1));
    assertThat(listed(glue)).containsExactly("wr_1");
  }

  @Test
  void theLagCoversOnlyTheServiceItWasSetFor() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(OTHER, Duration.ofHours(1)).clock(time.clock()).build();
    GlueClient glue = glue(plan);
    String runId = start(glue, "1");

    assertThat(listed(glue)).containsExactly(runId);
    assertThat(plan.listingLag(OTHER)).isEqualTo(Duration.ofHours(1));
    assertThat(plan.listingLag(GlueChaos.PROFILE)).isZero();
  }

  @Test
  void withACountedLagTooARunShowsOnlyOnceBothLetItGo() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(3).listingLag(GlueChaos.PROFILE, Duration.ofSeconds(1))
        .clock(time.clock()).build();
    GlueClient glue = glue(plan);
    String runId = start(glue, "1");

    assertThat(listed(glue)).isEmpty();
    time.advanceBy(Duration.ofSeconds(1));
    assertThat(listed(glue)).as("the time has passed, the third counted read has not").isEmpty();
    assertThat(listed(glue)).isEmpty();
    assertThat(listed(glue)).containsExactly(runId);
  }

  @Test
  void theAsyncClientHidesRunsTheSameWay() {
    ChaosPlan plan = lagging(Duration.ofSeconds(2));
    GlueAsyncClient glue = glueAsync(plan);
    String runId = glue.startWorkflowRun(r -> r.name("w")).join().runId();

    assertThat(glue.getWorkflowRuns(r -> r.name("w")).join().runs()).isEmpty();
    time.advanceBy(Duration.ofSeconds(2));
    assertThat(glue.getWorkflowRuns(r -> r.name("w")).join().runs()).extracting(WorkflowRun::workflowRunId)
        .containsExactly(runId);
  }

  @Test
  void aPlanWithManyLaggedRunsForgetsThemOnceTheirTimeHasPassed() {
    ChaosPlan plan = lagging(Duration.ofSeconds(1));
    GlueClient glue = glue(plan);
    for (int i = 0; i < 20; i++) {
      start(glue, Integer.toString(i));
    }
    assertThat(plan.hidesRuns()).isTrue();

    time.advanceBy(Duration.ofSeconds(1));

    assertThat(plan.hidesRuns()).isFalse();
    assertThat(listed(glue)).hasSize(20);
  }
}
