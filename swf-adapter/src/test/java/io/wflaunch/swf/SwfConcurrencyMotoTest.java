package io.wflaunch.swf;

import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.testkit.chaos.ChaosAsyncHttpClient;
import io.wflaunch.testkit.chaos.ChaosHttpClient;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.chaos.ConcurrencySuite;
import io.wflaunch.testkit.chaos.ServiceProfile;
import io.wflaunch.testkit.moto.MotoServerExtension;
import io.wflaunch.testkit.swf.SwfChaos;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;

/**
 * The concurrency suite on moto's SWF: the real blocking and async SWF clients over the chaos layer. A
 * key is the execution's workflowId, which SWF keeps to one open execution. moto ignores list filters, so
 * a look-up reads its whole domain: the keys spread over many small domains.
 */
class SwfConcurrencyMotoTest extends ConcurrencySuite {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static final int DOMAINS = 40;
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  @Override
  protected ServiceProfile profile() {
    return SwfChaos.PROFILE;
  }

  @Override
  protected String heldOperation() {
    return "ListOpenWorkflowExecutions";
  }

  @Override
  protected Peer openPeer(List<String> keys) {
    MOTO.reset();
    SwfClient direct = SwfClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    List<SdkClient> clients = new ArrayList<>(List.of(direct));
    Map<String, String> domainOfKey = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      domainOfKey.put(keys.get(i), domain(i % DOMAINS));
    }
    for (String domain : new HashSet<>(domainOfKey.values())) {
      direct.registerDomain(r -> r.name(domain).workflowExecutionRetentionPeriodInDays("1"));
      direct.registerWorkflowType(r -> r.domain(domain).name("Settle").version("1")
          .defaultTaskList(t -> t.name("deciders")).defaultExecutionStartToCloseTimeout("3600")
          .defaultTaskStartToCloseTimeout("60").defaultChildPolicy(ChildPolicy.TERMINATE));
    }
    return new Peer() {
      @Override
      public WorkflowBackend backend(ChaosPlan plan) {
        SwfClient blocking = SwfClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, SwfChaos.PROFILE)).build();
        // 1,600 starts are in flight at once: they queue for a connection rather than fail after 10 s.
        SwfAsyncClient async = SwfAsyncClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClient(ChaosAsyncHttpClient.wrap(NettyNioAsyncHttpClient.builder().maxConcurrency(16)
                .connectionAcquisitionTimeout(Duration.ofSeconds(60)).build(), plan, SwfChaos.PROFILE))
            .build();
        clients.add(blocking);
        clients.add(async);
        return SwfBackend.create(blocking, async);
      }

      @Override
      public StartRunRequest request(String key) {
        return StartRunRequest.builder(WorkflowTarget.of("swf", domainOfKey.get(key), "Settle", "1"))
            .idempotencyKey(key).build();
      }

      @Override
      public Map<String, Set<RunHandle>> runsByKey() {
        Map<String, Set<RunHandle>> byKey = new HashMap<>();
        for (String domain : new HashSet<>(domainOfKey.values())) {
          List<WorkflowExecutionInfo> infos = new ArrayList<>();
          direct.listOpenWorkflowExecutionsPaginator(r -> r.domain(domain)
              .startTimeFilter(f -> f.oldestDate(Instant.EPOCH))).executionInfos().forEach(infos::add);
          direct.listClosedWorkflowExecutionsPaginator(r -> r.domain(domain)
              .startTimeFilter(f -> f.oldestDate(Instant.EPOCH))).executionInfos().forEach(infos::add);
          for (WorkflowExecutionInfo info : infos) {
            String workflowId = info.execution().workflowId();
            byKey.computeIfAbsent(workflowId, k -> new HashSet<>())
                .add(RunHandle.of("swf", domain, workflowId, info.execution().runId()));
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

  private static String domain(int i) {
    return String.format("concurrency-%02d", i);
  }
}
