package io.wflaunch.glue;

import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.chaos.ConcurrencySuite;
import io.wflaunch.testkit.chaos.ServiceProfile;
import io.wflaunch.testkit.glue.GlueChaos;
import io.wflaunch.testkit.moto.MotoServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.WorkflowRun;

/**
 * The concurrency suite on moto's Glue: the real blocking and async Glue clients over the chaos layer.
 * Glue has no service-side token, so only the launcher keeps the callers of one key to one run. The keys
 * spread over a few workflows, so that a look-up reads a short listing.
 */
class GlueConcurrencyMotoTest extends ConcurrencySuite {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static final int WORKFLOWS = 20;

  @Override
  protected ServiceProfile profile() {
    return GlueChaos.PROFILE;
  }

  @Override
  protected String heldOperation() {
    return "GetWorkflowRuns";
  }

  @Override
  protected Peer openPeer(List<String> keys) {
    MOTO.reset();
    GlueClient direct = GlueMoto.direct(MOTO);
    List<SdkClient> clients = new ArrayList<>(List.of(direct));
    for (int i = 0; i < Math.min(WORKFLOWS, keys.size()); i++) {
      String name = workflow(i);
      direct.createWorkflow(r -> r.name(name));
    }
    Map<String, String> workflowOfKey = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      workflowOfKey.put(keys.get(i), workflow(i % WORKFLOWS));
    }
    return new Peer() {
      @Override
      public WorkflowBackend backend(ChaosPlan plan) {
        GlueClient blocking = GlueMoto.chaotic(MOTO, plan).build();
        // 1,600 starts are in flight at once: they queue for a connection rather than fail after 10 s.
        GlueAsyncClient async = GlueMoto.chaoticAsync(MOTO, plan, NettyNioAsyncHttpClient.builder().maxConcurrency(16)
            .connectionAcquisitionTimeout(Duration.ofSeconds(60)).build()).build();
        clients.add(blocking);
        clients.add(async);
        return GlueBackend.create(blocking, async);
      }

      @Override
      public StartRunRequest request(String key) {
        return StartRunRequest.builder(WorkflowTarget.of("glue", workflowOfKey.get(key))).idempotencyKey(key).build();
      }

      @Override
      public Map<String, Set<RunHandle>> runsByKey() {
        Map<String, Set<RunHandle>> byKey = new HashMap<>();
        for (String name : new HashSet<>(workflowOfKey.values())) {
          for (WorkflowRun run : direct.getWorkflowRunsPaginator(r -> r.name(name).maxResults(1000)).runs()) {
            String key = run.workflowRunProperties().get(GlueOptions.DEFAULT_IDEMPOTENCY_PROPERTY);
            byKey.computeIfAbsent(key, k -> new HashSet<>()).add(RunHandle.of("glue", name, run.workflowRunId()));
          }
        }
        return byKey;
      }

      @Override
      public void close() {
        clients.forEach(SdkClient::close);
      }
    };
  }

  private static String workflow(int i) {
    return String.format("concurrency-%02d", i);
  }
}
