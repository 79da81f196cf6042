package io.wflaunch.glue;

import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
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

/**
 * The concurrency suite on moto's Glue, for workflows and jobs: the real blocking and async Glue clients
 * over the chaos layer. Glue takes no start token, so only the launcher keeps the callers of one key to
 * one run. The keys spread over a few workflows or jobs, so that a look-up reads a short listing.
 */
abstract class GlueMotoConcurrencySuite extends ConcurrencySuite {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static final int TARGETS = 20;

  @Override
  protected ServiceProfile profile() {
    return GlueChaos.PROFILE;
  }

  /** Creates the workflow or job named {@code name}. */
  abstract void create(GlueClient direct, String name);

  /** The backend under test over the two chaotic clients. */
  abstract WorkflowBackend backend(GlueClient blocking, GlueAsyncClient async);

  /** A start of {@code name} with {@code key}. */
  abstract StartRunRequest request(String name, String key);

  /** Every run moto holds of the workflow or job {@code name}, by the key it carries. */
  abstract void collectRuns(GlueClient direct, String name, Map<String, Set<RunHandle>> byKey);

  @Override
  protected final Peer openPeer(List<String> keys) {
    MOTO.reset();
    GlueClient direct = GlueMoto.direct(MOTO);
    List<SdkClient> clients = new ArrayList<>(List.of(direct));
    for (int i = 0; i < Math.min(TARGETS, keys.size()); i++) {
      create(direct, name(i));
    }
    Map<String, String> nameOfKey = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      nameOfKey.put(keys.get(i), name(i % TARGETS));
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
        return GlueMotoConcurrencySuite.this.backend(blocking, async);
      }

      @Override
      public StartRunRequest request(String key) {
        return GlueMotoConcurrencySuite.this.request(nameOfKey.get(key), key);
      }

      @Override
      public Map<String, Set<RunHandle>> runsByKey() {
        Map<String, Set<RunHandle>> byKey = new HashMap<>();
        for (String name : new HashSet<>(nameOfKey.values())) {
          collectRuns(direct, name, byKey);
        }
        return byKey;
      }

      @Override
      public void close() {
        clients.forEach(SdkClient::close);
      }
    };
  }

  private static String name(int i) {
    return String.format("concurrency-%02d", i);
  }
}
