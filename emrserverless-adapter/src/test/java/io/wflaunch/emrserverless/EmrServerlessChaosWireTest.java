package io.wflaunch.emrserverless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.chaos.ChaosHttpClient;
import io.wflaunch.testkit.chaos.ChaosLog;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.chaos.Fault;
import io.wflaunch.testkit.chaos.StartAudit;
import io.wflaunch.testkit.emrserverless.EmrServerlessChaos;
import io.wflaunch.testkit.emrserverless.EmrServerlessRunScript;
import io.wflaunch.testkit.emrserverless.LocalEmrServerlessServer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;

/**
 * Exactly-once starts on the wire: scripted sequences of faults, then an audit of many starts, the real
 * SDK client over a chaos layer in front of the project's local EMR Serverless server, which deduplicates
 * client tokens as the service does (moto does not). In the audit, about 30% of requests are faulted
 * (answers dropped after the service acted, 502s after it acted, 500s and throttling before it acted,
 * resets, answers held past the SDK's attempt timeout) and the listing lags. Each group (a key, started
 * twice, or one keyless call) starts on an application of its own, so that the server's runs can be
 * counted per group. Sizes: {@code -Dwflaunch.chaos.keys} and {@code -Dwflaunch.chaos.keyless}.
 */
class EmrServerlessChaosWireTest {

  private static EmrServerlessClient client(LocalEmrServerlessServer server, ChaosPlan plan, Duration attemptTimeout) {
    return EmrServerlessClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, EmrServerlessChaos.PROFILE))
        .overrideConfiguration(o -> o.apiCallAttemptTimeout(attemptTimeout))
        .build();
  }

  private static WorkflowLauncher launcher(EmrServerlessClient client, StartPolicy policy) {
    return WorkflowLauncher.builder().backend(EmrServerlessBackend.builder(client)
        .defaults(EmrServerlessBackendContractTest.DEFAULTS).build()).startPolicy(policy).build();
  }

  @Test
  void aDroppedAnswerThenThrottlingUntilTheAttemptsRunOutSaysARunMayExist() {
    ChaosPlan plan = ChaosPlan.none();
    plan.script("StartJobRun", Fault.DROP_RESPONSE, Fault.THROTTLE, Fault.THROTTLE);
    try (LocalEmrServerlessServer server = LocalEmrServerlessServer.start();
         EmrServerlessClient chaotic = client(server, plan, Duration.ofSeconds(10));
         WorkflowLauncher launcher = launcher(chaotic, StartPolicy.DEFAULT.withoutPauses())) {
      String app = server.fake().addApplication("etl", EmrServerlessRunScript.succeedsAfter(Duration.ofHours(1)));

      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(WorkflowTarget.of("emrserverless", app)).build()))
          .isInstanceOfSatisfying(ThrottledException.class, e -> {
            assertThat(e.outcomeUnknown()).as("the dropped answer's run exists").isTrue();
            assertThat(e.getMessage()).contains("outcome unknown");
          });
      assertThat(server.fake().runCount(app)).isEqualTo(1);
      assertThat(plan.log().count("StartJobRun")).as("one request per attempt, no SDK retries")
          .isEqualTo(StartPolicy.DEFAULT.maxAttempts());
      assertThat(plan.log().entries("StartJobRun")).extracting(ChaosLog.Entry::requestBody)
          .as("one client token throughout").containsOnly(plan.log().entries("StartJobRun").get(0).requestBody());
    }
  }

  @Test
  void aDroppedAnswerIsSentAgainWithTheSameTokenAndReturnsTheOneRun() {
    ChaosPlan plan = ChaosPlan.none();
    plan.script("StartJobRun", Fault.DROP_RESPONSE, Fault.BAD_GATEWAY);
    try (LocalEmrServerlessServer server = LocalEmrServerlessServer.start();
         EmrServerlessClient chaotic = client(server, plan, Duration.ofSeconds(10));
         WorkflowLauncher launcher = launcher(chaotic, StartPolicy.DEFAULT.withoutPauses())) {
      String app = server.fake().addApplication("etl", EmrServerlessRunScript.succeedsAfter(Duration.ofHours(1)));

      RunHandle handle = launcher.start(StartRunRequest.builder(WorkflowTarget.of("emrserverless", app))
          .idempotencyKey("nightly-42").build());

      assertThat(server.fake().runCount(app)).isEqualTo(1);
      assertThat(runsOf(server, app)).containsExactly(handle);
      assertThat(plan.log().entries("StartJobRun")).extracting(ChaosLog.Entry::requestBody)
          .allSatisfy(body -> assertThat(body).contains("\"clientToken\":\"nightly-42\""));
    }
  }

  @Test
  void everyStartHappensOnceAndEveryFailureTellsTheTruth() throws Exception {
    ChaosPlan plan = StartAudit.standardPlan();
    Map<String, String> applicationOfGroup = new ConcurrentHashMap<>();
    try (LocalEmrServerlessServer server = LocalEmrServerlessServer.start();
         EmrServerlessClient chaotic = client(server, plan, Duration.ofMillis(300));
         WorkflowLauncher launcher = launcher(chaotic, StartAudit.standardPolicy())) {
      server.fake().listingLag(2);

      StartAudit.Report report = StartAudit.builder(launcher, plan.log())
          .request((group, keyed) -> {
            String app = applicationOfGroup.computeIfAbsent(group, g -> server.fake().addApplication(g,
                EmrServerlessRunScript.succeedsAfter(Duration.ofHours(1))));
            StartRunRequest.Builder request = StartRunRequest.builder(WorkflowTarget.of("emrserverless", app));
            return keyed ? request.idempotencyKey(group).build() : request.build();
          })
          .census(() -> applicationOfGroup.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
              group -> runsOf(server, group.getValue()))))
          .starts("StartJobRun",
              (entry, group) -> entry.path().equals("/applications/" + applicationOfGroup.get(group) + "/jobruns"))
          .build()
          .run();

      System.out.println("EMR Serverless on the local server, exactly-once audit: " + report);
      report.assertClean();
    }
  }

  /** An application's runs as the server holds them (not through its lagging listing). */
  private static Set<RunHandle> runsOf(LocalEmrServerlessServer server, String applicationId) {
    Set<RunHandle> runs = new HashSet<>();
    for (String id : server.fake().runIds(applicationId)) {
      runs.add(RunHandle.of("emrserverless", applicationId, id));
    }
    return runs;
  }
}
