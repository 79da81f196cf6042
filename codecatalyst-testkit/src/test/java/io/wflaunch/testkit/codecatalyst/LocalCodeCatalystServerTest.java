package io.wflaunch.testkit.codecatalyst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.http.StubHttpServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClient;
import software.amazon.awssdk.services.codecatalyst.model.GetWorkflowRunResponse;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowRunsResponse;
import software.amazon.awssdk.services.codecatalyst.model.ResourceNotFoundException;
import software.amazon.awssdk.services.codecatalyst.model.ThrottlingException;
import software.amazon.awssdk.services.codecatalyst.model.ValidationException;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunStatus;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunSummary;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowSummary;

/** The real CodeCatalystClient end to end against the local CodeCatalyst. */
class LocalCodeCatalystServerTest {

  private static final String SPACE = "my-space";
  private static final String PROJECT = "web.app_2";

  private final VirtualScheduler time = new VirtualScheduler();
  private final LocalCodeCatalystServer server = LocalCodeCatalystServer.start(FakeCodeCatalystClient.create(time.clock()));
  private final String workflowId = server.fake().addWorkflow(SPACE, PROJECT, "deploy",
      CodeCatalystRunScript.endsAfter(Duration.ofMinutes(1), WorkflowRunStatus.SUCCEEDED));
  private final CodeCatalystClient client = CodeCatalystClient.builder()
      .endpointOverride(server.endpoint())
      .region(Region.US_WEST_2)
      .tokenProvider(() -> () -> "token")
      .httpClientBuilder(UrlConnectionHttpClient.builder())
      .overrideConfiguration(c -> c.retryStrategy(retries -> retries.maxAttempts(1)
          .backoffStrategy(BackoffStrategy.retryImmediately())))
      .build();

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  private String start(String token) {
    return client.startWorkflowRun(r -> r.spaceName(SPACE).projectName(PROJECT).workflowId(workflowId)
        .clientToken(token)).id();
  }

  private GetWorkflowRunResponse get(String runId) {
    return client.getWorkflowRun(r -> r.spaceName(SPACE).projectName(PROJECT).id(runId));
  }

  @Test
  void aStartIsAPutAndTheSameClientTokenAnswersTheSameRun() {
    String first = start("release-1");

    assertThat(start("release-1")).isEqualTo(first);
    assertThat(start("release-2")).isNotEqualTo(first);
    assertThat(server.fake().runCount(workflowId)).isEqualTo(2);
    StubHttpServer.Request sent = server.requests().get(0);
    assertThat(sent.method()).isEqualTo("PUT");
    assertThat(sent.path()).isEqualTo("/v1/spaces/my-space/projects/web.app_2/workflowRuns");
    assertThat(sent.query()).isEqualTo("workflowId=" + workflowId);
    assertThat(sent.body()).isEqualTo("{\"clientToken\":\"release-1\"}");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer token");
  }

  @Test
  void aRunIsReadBackWithItsScriptedStatusAndTimes() {
    String runId = start("t");

    GetWorkflowRunResponse running = get(runId);
    time.advanceBy(Duration.ofMinutes(2));
    GetWorkflowRunResponse done = get(runId);

    assertThat(running.status()).isEqualTo(WorkflowRunStatus.VALIDATING);
    assertThat(running.spaceName()).isEqualTo(SPACE);
    assertThat(running.projectName()).isEqualTo(PROJECT);
    assertThat(running.workflowId()).isEqualTo(workflowId);
    assertThat(running.startTime()).isEqualTo(time.now().minus(Duration.ofMinutes(2)));
    assertThat(running.endTime()).isNull();
    assertThat(running.statusReasons()).isEmpty();
    assertThat(done.status()).isEqualTo(WorkflowRunStatus.SUCCEEDED);
    assertThat(done.endTime()).isEqualTo(running.startTime().plus(Duration.ofMinutes(1).plusSeconds(2)));
    assertThat(server.requests().get(1).method()).isEqualTo("GET");
    assertThat(server.requests().get(1).path()).endsWith("/workflowRuns/" + runId);
  }

  @Test
  void runListsPageWithNextTokenNewestFirst() {
    List<String> started = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      started.add(0, start("t" + i));
      time.advanceBy(Duration.ofSeconds(1));
    }

    ListWorkflowRunsResponse first = client.listWorkflowRuns(r -> r.spaceName(SPACE).projectName(PROJECT)
        .workflowId(workflowId).maxResults(2));
    List<String> all = client.listWorkflowRunsPaginator(r -> r.spaceName(SPACE).projectName(PROJECT).maxResults(2))
        .items().stream().map(WorkflowRunSummary::id).toList();

    assertThat(first.items()).extracting(WorkflowRunSummary::id).containsExactlyElementsOf(started.subList(0, 2));
    assertThat(first.items().get(0).workflowName()).isEqualTo("deploy");
    assertThat(first.nextToken()).isNotNull();
    assertThat(all).containsExactlyElementsOf(started);
    assertThat(server.requests().get(5).method()).isEqualTo("POST");
    assertThat(server.requests().get(5).query()).isEqualTo("workflowId=" + workflowId + "&maxResults=2");
  }

  @Test
  void workflowsAreListed() {
    String other = server.fake().addWorkflow(SPACE, PROJECT, "test", "repo2", "dev", CodeCatalystRunScript.runsForever());

    List<WorkflowSummary> workflows = client.listWorkflows(r -> r.spaceName(SPACE).projectName(PROJECT)).items();

    assertThat(workflows).extracting(WorkflowSummary::id).containsExactly(workflowId, other);
    assertThat(workflows.get(1)).satisfies(w -> {
      assertThat(w.name()).isEqualTo("test");
      assertThat(w.sourceRepositoryName()).isEqualTo("repo2");
      assertThat(w.sourceBranchName()).isEqualTo("dev");
      assertThat(w.createdTime()).isEqualTo(time.now());
      assertThat(w.statusAsString()).isEqualTo("ACTIVE");
    });
    assertThat(server.requests().get(0).path()).isEqualTo("/v1/spaces/my-space/projects/web.app_2/workflows");
  }

  @Test
  void notFoundAndValidationErrorsBecomeTheSdksExceptions() {
    assertThatThrownBy(() -> get(UUID.randomUUID().toString()))
        .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(e.awsErrorDetails().errorMessage()).startsWith("Workflow run");
          assertThat(e.requestId()).isNotBlank();
        });
    assertThatThrownBy(() -> client.startWorkflowRun(r -> r.spaceName(SPACE).projectName("nope")
        .workflowId(workflowId))).isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> start("bad token!")).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThatThrownBy(() -> client.getWorkflowRun(r -> r.spaceName("ab").projectName(PROJECT)
        .id(UUID.randomUUID().toString()))).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> client.listWorkflowRuns(r -> r.spaceName(SPACE).projectName(PROJECT).maxResults(51)))
        .isInstanceOf(ValidationException.class);
    assertThat(server.fake().runCount(workflowId)).isZero();
  }

  @Test
  void theFakesFaultsGoOverTheWire() {
    server.fake().faults().throttleNext(1);
    assertThatThrownBy(() -> start("a")).isInstanceOfSatisfying(ThrottlingException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(429);
      assertThat(e.isThrottlingException()).isTrue();
    });

    server.fake().faults().loseNextStartResponses(1);
    assertThatThrownBy(() -> start("a")).as("the connection closes without an answer")
        .isInstanceOf(SdkClientException.class).hasRootCauseInstanceOf(IOException.class);
    assertThat(server.fake().runCount(workflowId)).isEqualTo(1);

    String runId = start("a");
    assertThat(server.fake().runCount(workflowId)).as("the token finds the run of the lost answer").isEqualTo(1);
    assertThat(get(runId).id()).isEqualTo(runId);
  }

  @Test
  void theFakesListingLagGoesOverTheWire() {
    server.fake().listingLag(1);
    String runId = start("a");

    assertThat(client.listWorkflowRuns(r -> r.spaceName(SPACE).projectName(PROJECT)).items()).isEmpty();
    assertThat(client.listWorkflowRuns(r -> r.spaceName(SPACE).projectName(PROJECT)).items())
        .extracting(WorkflowRunSummary::id).containsExactly(runId);
  }

  @Test
  void manyClientThreadsAtOnce() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try {
      List<Future<String>> starts = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        String token = "token-" + (i % 12);
        starts.add(threads.submit(() -> {
          String runId = start(token);
          assertThat(get(runId).id()).isEqualTo(runId);
          return token + "=" + runId;
        }));
      }
      List<String> results = new ArrayList<>();
      for (Future<String> start : starts) {
        results.add(start.get());
      }

      assertThat(results.stream().distinct()).as("each token names one run").hasSize(12);
      assertThat(server.fake().runCount(workflowId)).isEqualTo(12);
      assertThat(server.requests()).hasSize(48);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void otherPathsAndBadQueriesAreRefused() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/v1/spaces/s/other"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> badNumber = http.send(HttpRequest.newBuilder(server.endpoint()
            .resolve("/v1/spaces/my-space/projects/web.app_2/workflowRuns?maxResults=many"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> badBody = http.send(HttpRequest.newBuilder(server.endpoint()
            .resolve("/v1/spaces/my-space/projects/web.app_2/workflowRuns?workflowId=" + workflowId))
        .PUT(HttpRequest.BodyPublishers.ofString("{nope")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("x-amzn-ErrorType")).contains("UnknownOperationException");
    assertThat(badNumber.statusCode()).isEqualTo(400);
    assertThat(badNumber.body()).contains("maxResults must be an integer");
    assertThat(badBody.statusCode()).isEqualTo(400);
    assertThat(badBody.headers().firstValue("x-amzn-ErrorType")).contains("ValidationException");
  }

  @Test
  void percentEncodedPathSegmentsAreDecoded() throws Exception {
    HttpResponse<String> listed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.endpoint()
            .resolve("/v1/spaces/my%2Dspace/projects/web%2Eapp_2/workflows"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.body()).contains("\"id\":\"" + workflowId + "\"", "\"createdTime\":\"" + time.now() + "\"");
  }
}
