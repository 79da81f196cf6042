package io.wflaunch.testkit.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.ConcurrentRunsExceededException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;
import software.amazon.awssdk.services.glue.model.ThrottlingException;
import software.amazon.awssdk.services.glue.model.WorkflowRun;

/** The real GlueClient end to end against the local Glue. */
class LocalGlueServerTest {

  private final VirtualScheduler time = new VirtualScheduler();
  private final LocalGlueServer server = LocalGlueServer.start(FakeGlueClient.create(time.clock()));
  private final GlueClient client = GlueClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
      .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
      .httpClientBuilder(UrlConnectionHttpClient.builder())
      .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  @Test
  void jobRunsStartAreReadListedAndStopped() {
    server.fake().addJob("j", 2, GlueJobScript.runsUntilStopped());
    String id = client.startJobRun(r -> r.jobName("j").arguments(Map.of("--date", "d")).timeout(30)).jobRunId();
    time.advanceBy(Duration.ofSeconds(2));

    JobRun run = client.getJobRun(r -> r.jobName("j").runId(id)).jobRun();
    assertThat(run.jobRunState()).isEqualTo(JobRunState.RUNNING);
    assertThat(run.arguments()).containsExactly(Map.entry("--date", "d"));
    assertThat(run.timeout()).isEqualTo(30);
    assertThat(run.startedOn()).isEqualTo(time.now().minusSeconds(2));
    assertThat(client.getJobRuns(r -> r.jobName("j")).jobRuns()).extracting(JobRun::id).containsExactly(id);
    assertThat(client.batchStopJobRun(r -> r.jobName("j").jobRunIds(id)).successfulSubmissions()).hasSize(1);
    assertThat(server.requests().get(0).header("X-Amz-Target")).isEqualTo("AWSGlue.StartJobRun");
    assertThat(server.count("GetJobRun")).isEqualTo(1);
  }

  @Test
  void workflowRunsAreResumedWithTheirGraph() {
    server.fake().addWorkflow("w", GlueRunScript.completesWithFailedActionsAfter(Duration.ofMinutes(1), 2, 1));
    String id = client.startWorkflowRun(r -> r.name("w")).runId();
    time.advanceBy(Duration.ofMinutes(1));

    WorkflowRun run = client.getWorkflowRun(r -> r.name("w").runId(id).includeGraph(true)).run();
    String resumed = client.resumeWorkflowRun(r -> r.name("w").runId(id).nodeIds("wnode_1")).runId();

    assertThat(run.graph().nodes()).hasSize(2);
    assertThat(client.getWorkflowRun(r -> r.name("w").runId(resumed)).run().previousRunId()).isEqualTo(id);
  }

  @Test
  void errorsAndLostAnswersCrossTheWireAsTheSdkKnowsThem() {
    server.fake().addJob("one", 1, GlueJobScript.runsUntilStopped());
    client.startJobRun(r -> r.jobName("one"));

    assertThatThrownBy(() -> client.startJobRun(r -> r.jobName("one")))
        .isInstanceOfSatisfying(ConcurrentRunsExceededException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThatThrownBy(() -> client.getJobRun(r -> r.jobName("none").runId("jr_1")))
        .isInstanceOf(EntityNotFoundException.class);
    server.fake().faults().throttleNext(1);
    assertThatThrownBy(() -> client.getJobRuns(r -> r.jobName("one")))
        .isInstanceOfSatisfying(ThrottlingException.class, e -> assertThat(e.isThrottlingException()).isTrue());
    server.fake().addJob("two", null, GlueJobScript.runsUntilStopped());
    server.fake().loseNextStartResponses(1);
    assertThatThrownBy(() -> client.startJobRun(r -> r.jobName("two"))).isInstanceOf(SdkClientException.class);
    assertThat(server.fake().jobRunsOf("two")).hasSize(1);
  }
}
