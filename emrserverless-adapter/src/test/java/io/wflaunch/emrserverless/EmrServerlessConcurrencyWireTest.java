package io.wflaunch.emrserverless;

import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.testkit.chaos.ChaosAsyncHttpClient;
import io.wflaunch.testkit.chaos.ChaosHttpClient;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.chaos.ConcurrencySuite;
import io.wflaunch.testkit.chaos.ServiceProfile;
import io.wflaunch.testkit.emrserverless.EmrServerlessChaos;
import io.wflaunch.testkit.emrserverless.EmrServerlessRunScript;
import io.wflaunch.testkit.emrserverless.LocalEmrServerlessServer;
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
import software.amazon.awssdk.services.emrserverless.EmrServerlessAsyncClient;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;

/**
 * The concurrency suite on the project's local EMR Serverless server (moto does not deduplicate client
 * tokens): the real blocking and async EMR Serverless clients over the chaos layer, threads released
 * together on one key. Each key starts on an application of its own, so that the server's runs can be
 * counted per key. The keyed start is its client token and it does not look up, so the lease case holds
 * the claimant's start.
 */
class EmrServerlessConcurrencyWireTest extends ConcurrencySuite {

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  @Override
  protected ServiceProfile profile() {
    return EmrServerlessChaos.PROFILE;
  }

  @Override
  protected String heldOperation() {
    return "StartJobRun";
  }

  @Override
  protected Peer openPeer(List<String> keys) {
    LocalEmrServerlessServer server = LocalEmrServerlessServer.start();
    Map<String, String> applicationOfKey = new HashMap<>();
    for (String key : keys) {
      applicationOfKey.put(key, server.fake().addApplication(key,
          EmrServerlessRunScript.succeedsAfter(Duration.ofHours(1))));
    }
    List<SdkClient> clients = new ArrayList<>();
    return new Peer() {
      @Override
      public WorkflowBackend backend(ChaosPlan plan) {
        EmrServerlessClient blocking = EmrServerlessClient.builder().endpointOverride(server.endpoint())
            .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
            .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, EmrServerlessChaos.PROFILE))
            .build();
        // Many starts are in flight at once: they queue for a connection rather than fail after 10 s.
        EmrServerlessAsyncClient async = EmrServerlessAsyncClient.builder().endpointOverride(server.endpoint())
            .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
            .httpClient(ChaosAsyncHttpClient.wrap(NettyNioAsyncHttpClient.builder().maxConcurrency(16)
                .connectionAcquisitionTimeout(Duration.ofSeconds(60)).build(), plan, EmrServerlessChaos.PROFILE))
            .build();
        clients.add(blocking);
        clients.add(async);
        return EmrServerlessBackend.builder(blocking).asyncClient(async)
            .defaults(EmrServerlessBackendContractTest.DEFAULTS).build();
      }

      @Override
      public StartRunRequest request(String key) {
        return StartRunRequest.builder(WorkflowTarget.of("emrserverless", applicationOfKey.get(key)))
            .idempotencyKey(key).build();
      }

      @Override
      public Map<String, Set<RunHandle>> runsByKey() {
        Map<String, Set<RunHandle>> byKey = new HashMap<>();
        applicationOfKey.forEach((key, applicationId) -> {
          Set<RunHandle> runs = new HashSet<>();
          for (String id : server.fake().runIds(applicationId)) {
            runs.add(RunHandle.of("emrserverless", applicationId, id));
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
