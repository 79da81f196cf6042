package io.wflaunch.codecatalyst;

import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.testkit.chaos.ChaosAsyncHttpClient;
import io.wflaunch.testkit.chaos.ChaosHttpClient;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.chaos.ConcurrencySuite;
import io.wflaunch.testkit.chaos.ServiceProfile;
import io.wflaunch.testkit.codecatalyst.CodeCatalystChaos;
import io.wflaunch.testkit.codecatalyst.CodeCatalystRunScript;
import io.wflaunch.testkit.codecatalyst.LocalCodeCatalystServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystAsyncClient;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClient;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunStatus;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunSummary;

/**
 * The concurrency suite on the project's local CodeCatalyst server (moto has no CodeCatalyst): the real
 * blocking and async CodeCatalyst clients over the chaos layer. Each key starts a workflow of its own, so
 * that the server's runs can be counted per key. CodeCatalyst's keyed start is its client token and it
 * does not look up, so the lease case holds the claimant's start.
 */
class CodeCatalystConcurrencyWireTest extends ConcurrencySuite {

  private static final String SPACE = "concurrency-space";
  private static final String PROJECT = "concurrency-project";

  @Override
  protected ServiceProfile profile() {
    return CodeCatalystChaos.PROFILE;
  }

  @Override
  protected String heldOperation() {
    return "StartWorkflowRun";
  }

  @Override
  protected Peer openPeer(List<String> keys) {
    LocalCodeCatalystServer server = LocalCodeCatalystServer.start();
    Map<String, String> workflowOfKey = new HashMap<>();
    for (String key : keys) {
      workflowOfKey.put(key, server.fake().addWorkflow(SPACE, PROJECT, key,
          CodeCatalystRunScript.endsAfter(Duration.ofHours(1), WorkflowRunStatus.SUCCEEDED)));
    }
    List<SdkClient> clients = new ArrayList<>();
    return new Peer() {
      @Override
      public WorkflowBackend backend(ChaosPlan plan) {
        CodeCatalystClient blocking = CodeCatalystClient.builder().endpointOverride(server.endpoint())
            .region(Region.US_WEST_2).tokenProvider(CodeCatalystBackend.staticToken("concurrency-token"))
            .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, CodeCatalystChaos.PROFILE))
            .build();
        // 1,600 starts are in flight at once: they queue for a connection rather than fail after 10 s.
        CodeCatalystAsyncClient async = CodeCatalystAsyncClient.builder().endpointOverride(server.endpoint())
            .region(Region.US_WEST_2).tokenProvider(CodeCatalystBackend.staticToken("concurrency-token"))
            .httpClient(ChaosAsyncHttpClient.wrap(NettyNioAsyncHttpClient.builder().maxConcurrency(16)
                .connectionAcquisitionTimeout(Duration.ofSeconds(60)).build(), plan, CodeCatalystChaos.PROFILE))
            .build();
        clients.add(blocking);
        clients.add(async);
        return CodeCatalystBackend.create(blocking, async);
      }

      @Override
      public StartRunRequest request(String key) {
        return StartRunRequest.builder(WorkflowTarget.of("codecatalyst", SPACE, PROJECT, workflowOfKey.get(key)))
            .idempotencyKey(key).build();
      }

      @Override
      public Map<String, Set<RunHandle>> runsByKey() {
        Map<String, Set<RunHandle>> byKey = new HashMap<>();
        workflowOfKey.forEach((key, workflowId) -> {
          Set<RunHandle> runs = new HashSet<>();
          for (WorkflowRunSummary run : server.fake().listWorkflowRuns(r -> r.spaceName(SPACE).projectName(PROJECT)
              .workflowId(workflowId).maxResults(50)).items()) {
            runs.add(RunHandle.of("codecatalyst", SPACE, PROJECT, workflowId, run.id()));
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
