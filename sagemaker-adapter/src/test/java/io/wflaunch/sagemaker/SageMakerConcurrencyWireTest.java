package io.wflaunch.sagemaker;

import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.testkit.chaos.ChaosAsyncHttpClient;
import io.wflaunch.testkit.chaos.ChaosHttpClient;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.chaos.ConcurrencySuite;
import io.wflaunch.testkit.chaos.ServiceProfile;
import io.wflaunch.testkit.sagemaker.LocalSageMakerServer;
import io.wflaunch.testkit.sagemaker.SageMakerChaos;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerAsyncClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The concurrency suite on the project's local SageMaker server (moto does not deduplicate client
 * tokens): the real blocking and async SageMaker clients over the chaos layer. Each key starts a pipeline
 * of its own, so that the server's executions can be counted per key. SageMaker's keyed start is its
 * client token and it does not look up, so the lease case holds the claimant's start.
 */
class SageMakerConcurrencyWireTest extends ConcurrencySuite {

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("concurrency", "concurrency"));

  @Override
  protected ServiceProfile profile() {
    return SageMakerChaos.PROFILE;
  }

  @Override
  protected String heldOperation() {
    return "StartPipelineExecution";
  }

  @Override
  protected Peer openPeer(List<String> keys) {
    LocalSageMakerServer server = LocalSageMakerServer.start();
    Map<String, String> pipelineOfKey = new HashMap<>();
    for (String key : keys) {
      String pipeline = "pipeline-" + key.replaceAll("[^A-Za-z0-9]", "-");
      server.fake().addPipeline(pipeline, Duration.ofHours(1));
      pipelineOfKey.put(key, pipeline);
    }
    List<SdkClient> clients = new ArrayList<>();
    return new Peer() {
      @Override
      public WorkflowBackend backend(ChaosPlan plan) {
        SageMakerClient blocking = SageMakerClient.builder().endpointOverride(server.endpoint())
            .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
            .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, SageMakerChaos.PROFILE))
            .build();
        // Many starts are in flight at once: they queue for a connection rather than fail after 10 s.
        SageMakerAsyncClient async = SageMakerAsyncClient.builder().endpointOverride(server.endpoint())
            .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
            .httpClient(ChaosAsyncHttpClient.wrap(NettyNioAsyncHttpClient.builder().maxConcurrency(16)
                .connectionAcquisitionTimeout(Duration.ofSeconds(60)).build(), plan, SageMakerChaos.PROFILE))
            .build();
        clients.add(blocking);
        clients.add(async);
        return SageMakerBackend.create(blocking, async);
      }

      @Override
      public StartRunRequest request(String key) {
        return StartRunRequest.builder(WorkflowTarget.of("sagemaker", pipelineOfKey.get(key))).idempotencyKey(key)
            .build();
      }

      @Override
      public Map<String, Set<RunHandle>> runsByKey() {
        Map<String, Set<RunHandle>> byKey = new HashMap<>();
        pipelineOfKey.forEach((key, pipeline) -> {
          Set<RunHandle> runs = new HashSet<>();
          for (String arn : server.fake().executionArns(pipeline)) {
            runs.add(SageMakerBackend.handleOf("sagemaker", arn));
          }
          byKey.put(key, runs);
        });
        return byKey;
      }

      @Override
      public void close() {
        clients.forEach(SdkClient::close);
        server.close();
      }
    };
  }
}
