package io.wflaunch.stepfunctions;

import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.stepfunctions.internal.SfnRules;
import io.wflaunch.testkit.chaos.ChaosAsyncHttpClient;
import io.wflaunch.testkit.chaos.ChaosHttpClient;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.chaos.ConcurrencySuite;
import io.wflaunch.testkit.chaos.ServiceProfile;
import io.wflaunch.testkit.moto.MotoServerExtension;
import io.wflaunch.testkit.sfn.SfnChaos;
import java.time.Duration;
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
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * The concurrency suite on moto's Step Functions: the real blocking and async clients over the chaos
 * layer, whose listing lag also answers DescribeExecution of a hidden execution as not found. A key is
 * the execution's name; the keys spread over a few standard state machines.
 */
class StepFunctionsConcurrencyMotoTest extends ConcurrencySuite {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static final int STATE_MACHINES = 20;
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  @Override
  protected ServiceProfile profile() {
    return SfnChaos.PROFILE;
  }

  @Override
  protected String heldOperation() {
    return "DescribeExecution";
  }

  @Override
  protected Peer openPeer(List<String> keys) {
    MOTO.reset();
    SfnClient direct = SfnClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    List<SdkClient> clients = new ArrayList<>(List.of(direct));
    Map<String, String> machineOfKey = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      machineOfKey.put(keys.get(i), machine(i % STATE_MACHINES));
    }
    Map<String, String> arnOfMachine = new HashMap<>();
    for (String machine : new HashSet<>(machineOfKey.values())) {
      arnOfMachine.put(machine, direct.createStateMachine(r -> r.name(machine)
          .roleArn(StepFunctionsBackendMotoTest.ROLE).definition(StepFunctionsBackendMotoTest.DEFINITION))
          .stateMachineArn());
    }
    return new Peer() {
      @Override
      public WorkflowBackend backend(ChaosPlan plan) {
        SfnClient blocking = SfnClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, SfnChaos.PROFILE))
            .build();
        // 1,600 starts are in flight at once: they queue for a connection rather than fail after 10 s.
        SfnAsyncClient async = SfnAsyncClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClient(ChaosAsyncHttpClient.wrap(NettyNioAsyncHttpClient.builder().maxConcurrency(16)
                .connectionAcquisitionTimeout(Duration.ofSeconds(60)).build(), plan, SfnChaos.PROFILE))
            .build();
        clients.add(blocking);
        clients.add(async);
        return StepFunctionsBackend.create(blocking, async);
      }

      @Override
      public StartRunRequest request(String key) {
        return StartRunRequest.builder(WorkflowTarget.of("sfn", machineOfKey.get(key))).idempotencyKey(key).build();
      }

      @Override
      public Map<String, Set<RunHandle>> runsByKey() {
        Map<String, Set<RunHandle>> byKey = new HashMap<>();
        arnOfMachine.forEach((machine, arn) -> {
          for (ExecutionListItem execution : direct.listExecutionsPaginator(r -> r.stateMachineArn(arn)).executions()) {
            // The form a start through the state machine's name gives.
            byKey.computeIfAbsent(execution.name(), k -> new HashSet<>())
                .add(SfnRules.handleOf("sfn", WorkflowTarget.of("sfn", machine), execution.executionArn()));
          }
        });
        return byKey;
      }

      @Override
      public void close() {
        clients.forEach(SdkClient::close);
      }
    };
  }

  private static String machine(int i) {
    return String.format("concurrency-%02d", i);
  }
}
