package io.wflaunch.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.http.StubHttpServer;
import io.wflaunch.testkit.http.StubHttpServer.Response;
import io.wflaunch.testkit.swf.SwfChaos;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.SwfException;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;

/** The SWF profile: SWF's own error shapes, and lag over its two listings. */
class ChaosSwfTest {

  private final List<String> runIds = new ArrayList<>();
  private final StubHttpServer server = StubHttpServer.start(this::swf);
  private ChaosHttpClient http;
  private SwfClient swf;

  private synchronized Response swf(StubHttpServer.Request request) {
    String target = request.header("X-Amz-Target");
    if (target.endsWith(".StartWorkflowExecution")) {
      runIds.add("run-" + (runIds.size() + 1));
      return Response.json(200, "{\"runId\":\"" + runIds.get(runIds.size() - 1) + "\"}");
    }
    StringBuilder infos = new StringBuilder();
    for (String runId : runIds) {
      infos.append(infos.length() == 0 ? "" : ",").append("{\"execution\":{\"workflowId\":\"w-").append(runId)
          .append("\",\"runId\":\"").append(runId).append("\"},\"workflowType\":{\"name\":\"t\",\"version\":\"1\"},")
          .append("\"startTimestamp\":1763712000.5,\"executionStatus\":\"")
          .append(target.endsWith(".ListOpenWorkflowExecutions") ? "OPEN" : "CLOSED").append("\"}");
    }
    return Response.json(200, "{\"executionInfos\":[" + infos + "]}");
  }

  private SwfClient swf(ChaosPlan plan) {
    http = ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, SwfChaos.PROFILE);
    swf = SdkClients.swf(server.endpoint(), http, 1);
    return swf;
  }

  @AfterEach
  void tearDown() {
    swf.close();
    http.close();
    server.close();
  }

  private String start(String workflowId) {
    return swf.startWorkflowExecution(r -> r.domain("d").workflowId(workflowId).workflowType(t -> t.name("t").version("1")))
        .runId();
  }

  private List<String> open() {
    return swf.listOpenWorkflowExecutions(r -> r.domain("d").startTimeFilter(f -> f.oldestDate(Instant.EPOCH)))
        .executionInfos().stream().map(info -> info.execution().runId()).toList();
  }

  private List<WorkflowExecutionInfo> closed() {
    return swf.listClosedWorkflowExecutions(r -> r.domain("d").startTimeFilter(f -> f.oldestDate(Instant.EPOCH)))
        .executionInfos();
  }

  @Test
  void swfsThrottlingErrorIsThrottlingToTheSdk() {
    swf(ChaosPlan.none().script("StartWorkflowExecution", Fault.THROTTLE));

    assertThatThrownBy(() -> start("w")).isExactlyInstanceOf(SwfException.class)
        .isInstanceOfSatisfying(SwfException.class, e -> {
          assertThat(e.isThrottlingException()).isTrue();
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
        });
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void swfsInternalFailureIsA500() {
    swf(ChaosPlan.none().script("ListOpenWorkflowExecutions", Fault.SERVER_ERROR));

    assertThatThrownBy(this::open).isInstanceOfSatisfying(SwfException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(500);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
      assertThat(e.isThrottlingException()).isFalse();
    });
  }

  @Test
  void listingLagCountsReadsOfBothListings() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(2).build();
    swf(plan);
    String runId = start("w");

    assertThat(open()).isEmpty();
    assertThat(closed()).isEmpty();
    assertThat(open()).containsExactly(runId);
    assertThat(closed()).singleElement().satisfies(info -> {
      assertThat(info.execution().runId()).isEqualTo(runId);
      assertThat(info.startTimestamp()).isEqualTo(Instant.parse("2025-11-21T08:00:00.500Z"));
    });
    assertThat(plan.log().entries()).extracting(ChaosLog.Entry::operation).containsExactly("StartWorkflowExecution",
        "ListOpenWorkflowExecutions", "ListClosedWorkflowExecutions", "ListOpenWorkflowExecutions",
        "ListClosedWorkflowExecutions");
    assertThat(plan.log().createdRunIds()).containsExactly(runId);
  }

  @Test
  void aListingLagInTimeHidesANewExecutionFromBothListingsUntilItsTimeHasPassed() {
    VirtualScheduler time = new VirtualScheduler();
    ChaosPlan plan = ChaosPlan.builder().listingLag(SwfChaos.PROFILE, Duration.ofSeconds(2)).clock(time.clock())
        .build();
    swf(plan);
    String runId = start("w");

    assertThat(open()).isEmpty();
    assertThat(closed()).isEmpty();
    assertThat(open()).isEmpty();
    time.advanceBy(Duration.ofSeconds(2));

    assertThat(open()).containsExactly(runId);
    assertThat(closed()).extracting(info -> info.execution().runId()).containsExactly(runId);
  }
}
