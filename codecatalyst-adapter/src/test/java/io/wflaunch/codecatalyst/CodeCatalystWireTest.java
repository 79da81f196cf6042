package io.wflaunch.codecatalyst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.AccessDeniedException;
import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ConflictException;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.LimitExceededException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.http.StubHttpServer;
import io.wflaunch.testkit.http.StubHttpServer.Request;
import io.wflaunch.testkit.http.StubHttpServer.Response;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClient;

/**
 * The real SDK client against a local HTTP server: what goes over the wire, and what canned answers
 * become. No public emulator knows CodeCatalyst.
 */
class CodeCatalystWireTest {

  private static final String TOKEN = "cc-personal-access-token";
  private static final String WORKFLOW_ID = "0b6a6c9e-1d2f-4e5a-9b8c-7d6e5f4a3b2c";
  private static final String RUN_ID = "5f0c1e2d-3b4a-4c5d-8e9f-a0b1c2d3e4f5";
  private static final WorkflowTarget TARGET = WorkflowTarget.of("codecatalyst", "my-space", "web.app_2", WORKFLOW_ID);

  private final StubHttpServer server = StubHttpServer.start(request -> Response.json(200,
      "{\"spaceName\":\"my-space\",\"projectName\":\"web.app_2\",\"id\":\"" + RUN_ID + "\",\"workflowId\":\""
          + WORKFLOW_ID + "\"}"));
  private CodeCatalystClient client;
  private WorkflowLauncher launcher;

  @BeforeEach
  void setUp() {
    client = CodeCatalystClient.builder()
        .endpointOverride(server.endpoint())
        .region(Region.US_WEST_2)
        .tokenProvider(CodeCatalystBackend.staticToken(TOKEN))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c.retryStrategy(retries -> retries.maxAttempts(3)
            .backoffStrategy(BackoffStrategy.retryImmediately())
            .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())))
        .build();
    launcher = WorkflowLauncher.builder().backend(CodeCatalystBackend.create(client))
        .startPolicy(StartPolicy.DEFAULT.withoutPauses()).build();
  }

  @AfterEach
  void tearDown() {
    launcher.close();
    client.close();
    server.close();
  }

  @Test
  void aStartIsAPutWithTheWorkflowIdInTheQueryTheTokenInTheBodyAndABearerHeader() {
    RunHandle handle = launcher.start(StartRunRequest.builder(TARGET).idempotencyKey("release-42").build());

    Request sent = server.requests().get(0);
    assertThat(sent.method()).isEqualTo("PUT");
    assertThat(sent.path()).isEqualTo("/v1/spaces/my-space/projects/web.app_2/workflowRuns");
    assertThat(sent.query()).isEqualTo("workflowId=" + WORKFLOW_ID);
    assertThat(sent.body()).isEqualTo("{\"clientToken\":\"release-42\"}");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(sent.header("Content-Type")).startsWith("application/json");
    assertThat(handle).isEqualTo(RunHandle.of("codecatalyst", "my-space", "web.app_2", WORKFLOW_ID, RUN_ID));
  }

  @Test
  void theStartRequestCarriesThePolicysRequestTimeout() {
    io.wflaunch.testkit.chaos.RequestRecorder recorder = new io.wflaunch.testkit.chaos.RequestRecorder();
    java.time.Duration seven = java.time.Duration.ofSeconds(7);
    try (CodeCatalystClient recorded = CodeCatalystClient.builder().endpointOverride(server.endpoint())
            .region(Region.US_WEST_2).tokenProvider(CodeCatalystBackend.staticToken(TOKEN))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(c -> c.addExecutionInterceptor(recorder)).build();
        WorkflowLauncher bounded = WorkflowLauncher.builder().backend(CodeCatalystBackend.create(recorded))
            .startPolicy(StartPolicy.DEFAULT.toBuilder().requestTimeout(seven).build()).build()) {
      bounded.start(StartRunRequest.builder(TARGET).idempotencyKey("release-42").build());
    }

    assertThat(recorder.sent()).singleElement().satisfies(sent -> {
      assertThat(sent.operation()).isEqualTo("StartWorkflowRun");
      assertThat(sent.apiCallTimeout()).contains(seven);
    });
  }

  @Test
  void aNameIsResolvedWithListWorkflowsOverTheWire() {
    server.respondWith(request -> request.method().equals("POST") && request.path().endsWith("/workflows")
        ? Response.json(200, "{\"items\":[{\"id\":\"" + WORKFLOW_ID + "\",\"name\":\"deploy\","
            + "\"sourceRepositoryName\":\"repo\",\"sourceBranchName\":\"main\",\"definition\":{\"path\":\"p\"},"
            + "\"createdTime\":\"2026-01-01T00:00:00Z\",\"lastUpdatedTime\":\"2026-01-01T00:00:00Z\","
            + "\"runMode\":\"QUEUED\",\"status\":\"ACTIVE\"}]}")
        : Response.json(200, "{\"spaceName\":\"my-space\",\"projectName\":\"web.app_2\",\"id\":\"" + RUN_ID
            + "\",\"workflowId\":\"" + WORKFLOW_ID + "\"}"));

    launcher.start(StartRunRequest.builder(WorkflowTarget.of("codecatalyst", "my-space", "web.app_2", "deploy")).build());

    List<Request> requests = server.requests();
    assertThat(requests).extracting(Request::method).containsExactly("POST", "PUT");
    assertThat(requests.get(0).path()).isEqualTo("/v1/spaces/my-space/projects/web.app_2/workflows");
    assertThat(requests.get(0).query()).isEqualTo("maxResults=100");
    assertThat(requests.get(1).query()).isEqualTo("workflowId=" + WORKFLOW_ID);
  }

  @Test
  void aRunIsReadWithAGetOfItsId() {
    server.respondWith(request -> Response.json(200, "{\"spaceName\":\"my-space\",\"projectName\":\"web.app_2\","
        + "\"id\":\"" + RUN_ID + "\",\"workflowId\":\"" + WORKFLOW_ID + "\",\"status\":\"SUPERSEDED\","
        + "\"statusReasons\":[{}],\"startTime\":\"2026-11-23T10:00:00Z\",\"endTime\":\"2026-11-23T10:01:00Z\","
        + "\"lastUpdatedTime\":\"2026-11-23T10:01:00Z\"}"));

    var status = launcher.getRun(RunHandle.of("codecatalyst", "my-space", "web.app_2", WORKFLOW_ID, RUN_ID));

    assertThat(server.requests().get(0).method()).isEqualTo("GET");
    assertThat(server.requests().get(0).path()).isEqualTo("/v1/spaces/my-space/projects/web.app_2/workflowRuns/" + RUN_ID);
    assertThat(status.state()).isEqualTo(RunState.SKIPPED);
    assertThat(status.rawStatus()).isEqualTo("SUPERSEDED");
    assertThat(status.duration()).contains(Duration.ofMinutes(1));
    assertThat(status.details()).containsEntry("statusReasonCount", "1");
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(404, "ResourceNotFoundException", WorkflowNotFoundException.class),
        Arguments.of(409, "ConflictException", ConflictException.class),
        Arguments.of(400, "ValidationException", InvalidRequestException.class),
        Arguments.of(402, "ServiceQuotaExceededException", LimitExceededException.class),
        Arguments.of(403, "AccessDeniedException", AccessDeniedException.class),
        Arguments.of(500, "InternalServerException", BackendUnavailableException.class));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("errors")
  void cannedErrorsMapToTheirExceptions(int status, String type, Class<? extends WorkflowLaunchException> expected) {
    server.respondWith(request -> Response.awsError(status, type, "canned " + type));

    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(TARGET).build()))
        .isInstanceOfSatisfying(expected, e -> {
          assertThat(e.httpStatus()).hasValue(status);
          assertThat(e.requestId()).contains("stub-request-id");
          assertThat(e.getMessage()).contains("canned " + type);
        });
  }

  @Test
  void aMissingRunIsRunNotFound() {
    server.respondWith(request -> Response.awsError(404, "ResourceNotFoundException", "no such run"));

    assertThatThrownBy(() -> launcher.getRun(RunHandle.of("codecatalyst", "my-space", "web.app_2", WORKFLOW_ID, RUN_ID)))
        .isInstanceOf(RunNotFoundException.class);
  }

  @Test
  void aThrottleThatKeepsComingBackEndsThrottledHavingSentOneTokenOncePerAttempt() {
    server.respondWith(request -> Response.awsError(429, "ThrottlingException", "Rate exceeded"));

    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(TARGET).build()))
        .isInstanceOfSatisfying(ThrottledException.class, e -> {
          assertThat(e.retryable()).isTrue();
          assertThat(e.httpStatus()).hasValue(429);
        });

    List<Request> sent = server.requests();
    assertThat(sent).as("3 attempts, the SDK's own retries off").hasSize(StartPolicy.DEFAULT.maxAttempts());
    assertThat(sent).extracting(Request::body).as("one logical start, one client token").containsOnly(sent.get(0).body());
    assertThat(sent.get(0).body()).matches("\\{\"clientToken\":\"wfl-[0-9a-f-]{36}\"}");
  }
}
