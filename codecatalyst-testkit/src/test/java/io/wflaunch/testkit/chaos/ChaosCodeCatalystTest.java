package io.wflaunch.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.codecatalyst.CodeCatalystChaos;
import io.wflaunch.testkit.codecatalyst.CodeCatalystRunScript;
import io.wflaunch.testkit.codecatalyst.LocalCodeCatalystServer;
import io.wflaunch.testkit.http.StubHttpServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClient;
import software.amazon.awssdk.services.codecatalyst.model.CodeCatalystException;
import software.amazon.awssdk.services.codecatalyst.model.ThrottlingException;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunSummary;

/** The CodeCatalyst profile over the local CodeCatalyst: REST-JSON naming, errors, client tokens and lag. */
class ChaosCodeCatalystTest {

  private final LocalCodeCatalystServer server = LocalCodeCatalystServer.start();
  private final String workflowId = server.fake().addWorkflow("my-space", "my-project", "deploy",
      CodeCatalystRunScript.runsForever());
  private ChaosHttpClient http;
  private CodeCatalystClient client;

  private CodeCatalystClient client(ChaosPlan plan, int maxAttempts) {
    http = ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, CodeCatalystChaos.PROFILE);
    client = SdkClients.codeCatalyst(server.endpoint(), http, maxAttempts);
    return client;
  }

  @AfterEach
  void tearDown() {
    client.close();
    http.close();
    server.close();
  }

  private String start() {
    return client.startWorkflowRun(r -> r.spaceName("my-space").projectName("my-project").workflowId(workflowId)).id();
  }

  private List<String> listed() {
    return client.listWorkflowRuns(r -> r.spaceName("my-space").projectName("my-project")).items().stream()
        .map(WorkflowRunSummary::id).toList();
  }

  @Test
  void aThrottleIsCodeCatalystsThrottlingExceptionWith429() {
    client(ChaosPlan.none().script("StartWorkflowRun", Fault.THROTTLE), 1);

    assertThatThrownBy(this::start).isInstanceOfSatisfying(ThrottlingException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(429);
      assertThat(e.isThrottlingException()).isTrue();
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
      assertThat(e.requestId()).isEqualTo("chaos-1");
    });
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aServerErrorIsA500CodeCatalystException() {
    client(ChaosPlan.none().script("GetWorkflowRun", Fault.SERVER_ERROR), 1);
    String runId = start();

    assertThatThrownBy(() -> client.getWorkflowRun(r -> r.spaceName("my-space").projectName("my-project").id(runId)))
        .isExactlyInstanceOf(CodeCatalystException.class)
        .isInstanceOfSatisfying(CodeCatalystException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(500);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalServerException");
        });
  }

  @Test
  void aRetriedDroppedStartReachesTheServiceTwiceButTheClientTokenKeepsOneRun() {
    ChaosPlan plan = ChaosPlan.none().script("StartWorkflowRun", Fault.DROP_RESPONSE);
    client(plan, 3);

    String runId = start();

    List<StubHttpServer.Request> starts = server.requests().stream().filter(r -> r.method().equals("PUT")).toList();
    assertThat(starts).hasSize(2);
    assertThat(starts.get(1).body()).as("the SDK made the token once per call").isEqualTo(starts.get(0).body());
    assertThat(server.fake().runCount(workflowId)).isEqualTo(1);
    assertThat(plan.log().createdRunIds()).containsExactly(runId, runId);
    assertThat(plan.log().faults("StartWorkflowRun")).containsExactly(Fault.DROP_RESPONSE, Fault.NONE);
  }

  @Test
  void aStartRepeatedWithItsClientTokenDoesNotHideTheRunAgain() {
    client(ChaosPlan.builder().listingLag(1).build(), 1);
    String runId = client.startWorkflowRun(r -> r.spaceName("my-space").projectName("my-project")
        .workflowId(workflowId).clientToken("once")).id();
    assertThat(listed()).isEmpty();
    assertThat(listed()).containsExactly(runId);

    assertThat(client.startWorkflowRun(r -> r.spaceName("my-space").projectName("my-project")
        .workflowId(workflowId).clientToken("once")).id()).isEqualTo(runId);
    assertThat(listed()).containsExactly(runId);
  }

  @Test
  void listingLagHidesANewRunFromListWorkflowRuns() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(1).build();
    client(plan, 1);
    String first = start();

    assertThat(listed()).isEmpty();
    assertThat(listed()).containsExactly(first);
    assertThat(client.getWorkflowRun(r -> r.spaceName("my-space").projectName("my-project").id(first)).id())
        .as("reads by id are not lagged").isEqualTo(first);
    assertThat(plan.log().entries()).extracting(ChaosLog.Entry::operation)
        .containsExactly("StartWorkflowRun", "ListWorkflowRuns", "ListWorkflowRuns", "GetWorkflowRun");
  }

  @Test
  void aListingLagInTimeHidesANewRunFromListWorkflowRunsUntilItsTimeHasPassed() {
    VirtualScheduler time = new VirtualScheduler();
    ChaosPlan plan = ChaosPlan.builder().listingLag(CodeCatalystChaos.PROFILE, Duration.ofSeconds(2))
        .clock(time.clock()).build();
    client(plan, 1);
    String runId = start();

    assertThat(listed()).isEmpty();
    assertThat(listed()).isEmpty();
    time.advanceBy(Duration.ofMillis(1999));
    assertThat(listed()).isEmpty();
    time.advanceBy(Duration.ofMillis(1));

    assertThat(listed()).containsExactly(runId);
    assertThat(plan.log().entries("ListWorkflowRuns")).extracting(ChaosLog.Entry::hiddenRunIds)
        .containsExactly(List.of(runId), List.of(runId), List.of(runId), List.of());
  }
}
