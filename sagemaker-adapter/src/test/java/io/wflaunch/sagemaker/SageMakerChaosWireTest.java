package io.wflaunch.sagemaker;

import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.chaos.ChaosAsyncHttpClient;
import io.wflaunch.testkit.chaos.ChaosHttpClient;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.chaos.StartAudit;
import io.wflaunch.testkit.sagemaker.LocalSageMakerServer;
import io.wflaunch.testkit.sagemaker.SageMakerChaos;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerAsyncClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * Exactly-once starts under chaos: an audit of many starts (keyed, each key twice, and keyless), the real
 * SDK clients over the chaos layer in front of the project's local SageMaker server, which deduplicates
 * ClientRequestToken as SageMaker does (moto does not). About 30% of requests are faulted (answers dropped
 * after the service acted, 502s after it acted, 500s and throttling before it acted, resets, answers held
 * past the SDK's attempt timeout). Each group (a key, or one keyless call) starts a pipeline of its own, so
 * that the server's executions can be counted per group. Sizes: {@code -Dwflaunch.chaos.keys} and
 * {@code -Dwflaunch.chaos.keyless}.
 */
class SageMakerChaosWireTest {

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("chaos", "chaos"));

  @Test
  void everyBlockingStartHappensOnceAndEveryFailureTellsTheTruth() throws Exception {
    audit(false);
  }

  @Test
  void everyAsyncStartHappensOnceAndEveryFailureTellsTheTruth() throws Exception {
    audit(true);
  }

  private static void audit(boolean async) throws Exception {
    ChaosPlan plan = StartAudit.standardPlan();
    Map<String, String> pipelineOfGroup = new ConcurrentHashMap<>();
    try (LocalSageMakerServer server = LocalSageMakerServer.start();
         SageMakerClient chaotic = SageMakerClient.builder().endpointOverride(server.endpoint())
            .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
            .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, SageMakerChaos.PROFILE))
            .overrideConfiguration(o -> o.apiCallAttemptTimeout(Duration.ofMillis(300)))
            .build();
         SageMakerAsyncClient chaoticAsync = SageMakerAsyncClient.builder().endpointOverride(server.endpoint())
            .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
            .httpClient(ChaosAsyncHttpClient.wrap(NettyNioAsyncHttpClient.builder().maxConcurrency(16)
                .connectionAcquisitionTimeout(Duration.ofSeconds(60)).build(), plan, SageMakerChaos.PROFILE))
            .overrideConfiguration(o -> o.apiCallAttemptTimeout(Duration.ofMillis(300)))
            .build();
         WorkflowLauncher launcher = WorkflowLauncher.builder()
            .backend(SageMakerBackend.create(chaotic, chaoticAsync))
            .startPolicy(StartAudit.standardPolicy())
            .build()) {

      StartAudit.Report report = StartAudit.builder(launcher, plan.log())
          .async(async)
          .request((group, keyed) -> {
            String pipeline = pipelineOfGroup.computeIfAbsent(group, g -> {
              server.fake().addPipeline(g, Duration.ofHours(1));
              return g;
            });
            StartRunRequest.Builder request = StartRunRequest.builder(WorkflowTarget.of("sagemaker", pipeline))
                .parameter("Group", group);
            return keyed ? request.idempotencyKey(group).build() : request.build();
          })
          .census(() -> pipelineOfGroup.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
              group -> runsOf(server, group.getValue()))))
          .starts("StartPipelineExecution",
              (entry, group) -> entry.requestBody().contains("\"PipelineName\":\"" + pipelineOfGroup.get(group) + "\""))
          .build()
          .run();

      System.out.println("SageMaker on the local server (" + (async ? "async" : "blocking")
          + " client), exactly-once audit: " + report);
      report.assertClean();
    }
  }

  private static Set<RunHandle> runsOf(LocalSageMakerServer server, String pipeline) {
    Set<RunHandle> runs = new HashSet<>();
    for (String arn : server.fake().executionArns(pipeline)) {
      runs.add(SageMakerBackend.handleOf("sagemaker", arn));
    }
    return runs;
  }
}
