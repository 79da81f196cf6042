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
import software.amazon.awssdk.services.glue.model.JobRun;

/**
 * The concurrency suite on moto's Glue jobs: the real blocking and async clients over the chaos layer.
 * StartJobRun takes no token, so only the launcher keeps the callers of one key to one run. The keys
 * spread over a few jobs, so that a look-up reads a short listing.
 */
class GlueJobConcurrencyMotoTest extends ConcurrencySuite {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static final int JOBS = 20;

  @Override
  protected ServiceProfile profile() {
    return GlueChaos.PROFILE;
  }

  @Override
  protected String heldOperation() {
    return "GetJobRuns";
  }

  @Override
  protected Peer openPeer(List<String> keys) {
    MOTO.reset();
    GlueClient direct = GlueMoto.direct(MOTO);
    List<SdkClient> clients = new ArrayList<>(List.of(direct));
    for (int i = 0; i < Math.min(JOBS, keys.size()); i++) {
      GlueJobBackendMotoTest.createJob(direct, job(i));
    }
    Map<String, String> jobOfKey = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      jobOfKey.put(keys.get(i), job(i % JOBS));
    }
    return new Peer() {
      @Override
      public WorkflowBackend backend(ChaosPlan plan) {
        GlueClient blocking = GlueMoto.chaotic(MOTO, plan).build();
        GlueAsyncClient async = GlueMoto.chaoticAsync(MOTO, plan, NettyNioAsyncHttpClient.builder().maxConcurrency(16)
            .connectionAcquisitionTimeout(Duration.ofSeconds(60)).build()).build();
        clients.add(blocking);
        clients.add(async);
        return GlueJobBackend.create(blocking, async);
      }

      @Override
      public StartRunRequest request(String key) {
        return StartRunRequest.builder(WorkflowTarget.of("gluejob", jobOfKey.get(key))).idempotencyKey(key).build();
      }

      @Override
      public Map<String, Set<RunHandle>> runsByKey() {
        Map<String, Set<RunHandle>> byKey = new HashMap<>();
        for (String name : new HashSet<>(jobOfKey.values())) {
          for (JobRun run : direct.getJobRunsPaginator(r -> r.jobName(name).maxResults(200)).jobRuns()) {
            String key = run.arguments().get(GlueJobOptions.DEFAULT_IDEMPOTENCY_ARGUMENT);
            byKey.computeIfAbsent(key, k -> new HashSet<>()).add(RunHandle.of("gluejob", name, run.id()));
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

  private static String job(int i) {
    return String.format("concurrency-%02d", i);
  }
}
