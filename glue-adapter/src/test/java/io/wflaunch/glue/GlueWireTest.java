package io.wflaunch.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.http.StubHttpServer;
import io.wflaunch.testkit.http.StubHttpServer.Request;
import io.wflaunch.testkit.http.StubHttpServer.Response;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;

/** What the real SDK client sends when wflaunch drives it, against a local HTTP stub. */
class GlueWireTest {

  private static final WorkflowTarget ETL = WorkflowTarget.of("glue", "etl");
  private static final StartPolicy POLICY = StartPolicy.builder().maxAttempts(3).lookUps(2, Duration.ZERO).build()
      .withoutPauses();

  private final StubHttpServer server = StubHttpServer.start(GlueWireTest::answer);
  private GlueClient glue;

  private static Response answer(Request request) {
    String target = request.header("X-Amz-Target");
    if (target.endsWith(".GetWorkflowRuns")) {
      return Response.json(200, "{\"Runs\":[]}");
    }
    return Response.awsError(500, "InternalServiceException", "internal failure");
  }

  @AfterEach
  void close() {
    if (glue != null) {
      glue.close();
    }
    server.close();
  }

  private WorkflowLauncher launcher(Consumer<GlueClientBuilder> configure) {
    GlueClientBuilder builder = GlueClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(UrlConnectionHttpClient.builder());
    configure.accept(builder);
    glue = builder.build();
    return WorkflowLauncher.builder().backend(GlueBackend.create(glue)).startPolicy(POLICY).build();
  }

  private List<Request> calls(String operation) {
    return server.requests().stream().filter(r -> r.header("X-Amz-Target").endsWith("." + operation)).toList();
  }

  @Test
  void aKeyedStartIsSentOncePerAttemptNeverRetriedByTheSdk() {
    try (WorkflowLauncher launcher = launcher(b -> { })) {
      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(ETL).parameter("a", "1").parameter("b", "2")
          .idempotencyKey("k-1").build()))
          .isInstanceOfSatisfying(BackendUnavailableException.class, e -> {
            assertThat(e.outcomeUnknown()).as("every 500 was settled: no run carries the key").isFalse();
            assertThat(e.httpStatus()).hasValue(500);
          });
    }

    assertThat(calls("StartWorkflowRun")).as("three attempts, no SDK retries").hasSize(3);
    assertThat(calls("GetWorkflowRuns")).as("a look before the first attempt, two to settle each")
        .hasSize(1 + 3 * POLICY.lookUps());
    String body = calls("StartWorkflowRun").get(0).body();
    assertThat(body).contains("\"Name\":\"etl\"");
    assertThat(body.indexOf("\"a\":\"1\"")).isLessThan(body.indexOf("\"b\":\"2\""));
    assertThat(body.indexOf("\"b\":\"2\"")).isLessThan(body.indexOf("\"wflaunch.idempotency-key\":\"k-1\""));
  }

  @Test
  void anUnkeyedStartIsSentOncePerAttemptWithOneGeneratedKey() {
    try (WorkflowLauncher launcher = launcher(b -> { })) {
      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(ETL).build()))
          .isInstanceOfSatisfying(BackendUnavailableException.class, e -> assertThat(e.outcomeUnknown()).isFalse());
    }

    assertThat(calls("StartWorkflowRun")).as("three attempts, no SDK retries").hasSize(3);
    assertThat(calls("StartWorkflowRun")).extracting(Request::body).as("the same request with one generated key")
        .allSatisfy(body -> assertThat(body).contains("\"wflaunch.idempotency-key\":\"wfl-"))
        .containsOnly(calls("StartWorkflowRun").get(0).body());
    assertThat(calls("GetWorkflowRuns")).as("no look before, two to settle each attempt").hasSize(3 * POLICY.lookUps());
  }

  @Test
  void errorTypesOnTheWireMapToTheirExceptions() {
    server.respondWith(request -> request.header("X-Amz-Target").endsWith(".StartWorkflowRun")
        ? Response.awsError(400, "EntityNotFoundException", "Entity not found")
        : Response.awsError(400, "ThrottlingException", "Rate exceeded"));
    try (WorkflowLauncher launcher = launcher(b -> b.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())))) {
      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(ETL).build()))
          .isInstanceOfSatisfying(WorkflowNotFoundException.class, e -> {
            assertThat(e.requestId()).contains("stub-request-id");
            assertThat(e.getMessage()).contains("EntityNotFoundException: Entity not found");
          });
      assertThatThrownBy(() -> launcher.listRuns(ETL, 5)).isInstanceOf(ThrottledException.class);
    }
  }
}
