package io.wflaunch.codecatalyst;

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
import io.wflaunch.testkit.codecatalyst.CodeCatalystChaos;
import io.wflaunch.testkit.codecatalyst.CodeCatalystRunScript;
import io.wflaunch.testkit.codecatalyst.LocalCodeCatalystServer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClient;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunStatus;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunSummary;

/**
 * Exactly-once starts on the wire: scripted sequences of faults, then an audit of many starts, the real
 * SDK client over a chaos layer in front of the project's local CodeCatalyst server (moto has no
 * CodeCatalyst). In the audit, about 30% of requests are faulted (answers dropped
 * after the service acted, 502s after it acted, 500s and throttling before it acted, resets, answers
 * held past the SDK's attempt timeout). Each group (a key, started twice, or one keyless call) starts
 * its own workflow, so that the server's runs can be counted per group. Sizes:
 * {@code -Dwflaunch.chaos.keys} and {@code -Dwflaunch.chaos.keyless}.
 */
class CodeCatalystChaosWireTest {


  private static CodeCatalystClient client(LocalCodeCatalystServer server, ChaosPlan plan) {
    return CodeCatalystClient.builder().endpointOverride(server.endpoint())
        .region(Region.US_WEST_2).tokenProvider(CodeCatalystBackend.staticToken("chaos-token"))
        .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, CodeCatalystChaos.PROFILE)).build();
  }

  @Test
  void aDroppedAnswerThenThrottlingUntilTheAttemptsRunOutSaysARunMayExist() {
    ChaosPlan plan = ChaosPlan.none();
    plan.script("StartWorkflowRun", Fault.DROP_RESPONSE, Fault.THROTTLE, Fault.THROTTLE);
    try (LocalCodeCatalystServer server = LocalCodeCatalystServer.start();
         CodeCatalystClient chaotic = client(server, plan);
         WorkflowLauncher launcher = WorkflowLauncher.builder().backend(CodeCatalystBackend.create(chaotic))
            .startPolicy(StartPolicy.DEFAULT.withoutPauses()).build()) {
      String workflowId = server.fake().addWorkflow("chaos-space", "chaos-project", "deploy",
          CodeCatalystRunScript.endsAfter(Duration.ofHours(1), WorkflowRunStatus.SUCCEEDED));

      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(
          WorkflowTarget.of("codecatalyst", "chaos-space", "chaos-project", workflowId)).build()))
          .isInstanceOfSatisfying(ThrottledException.class, e -> {
            assertThat(e.outcomeUnknown()).as("the dropped answer's run exists").isTrue();
            assertThat(e.getMessage()).contains("outcome unknown");
          });
      assertThat(server.fake().runCount(workflowId)).isEqualTo(1);
      assertThat(plan.log().count("StartWorkflowRun")).as("one request per attempt, no SDK retries")
          .isEqualTo(StartPolicy.DEFAULT.maxAttempts());
      assertThat(plan.log().entries("StartWorkflowRun")).extracting(ChaosLog.Entry::requestBody)
          .as("one client token throughout").containsOnly(plan.log().entries("StartWorkflowRun").get(0).requestBody());
    }
  }

  @Test
  void aDroppedAnswerIsSentAgainWithTheSameTokenAndReturnsTheOneRun() {
    ChaosPlan plan = ChaosPlan.none();
    plan.script("StartWorkflowRun", Fault.DROP_RESPONSE, Fault.BAD_GATEWAY);
    try (LocalCodeCatalystServer server = LocalCodeCatalystServer.start();
         CodeCatalystClient chaotic = client(server, plan);
         WorkflowLauncher launcher = WorkflowLauncher.builder().backend(CodeCatalystBackend.create(chaotic))
            .startPolicy(StartPolicy.DEFAULT.withoutPauses()).build()) {
      String workflowId = server.fake().addWorkflow("chaos-space", "chaos-project", "deploy",
          CodeCatalystRunScript.endsAfter(Duration.ofHours(1), WorkflowRunStatus.SUCCEEDED));

      RunHandle handle = launcher.start(StartRunRequest.builder(
          WorkflowTarget.of("codecatalyst", "chaos-space", "chaos-project", workflowId)).idempotencyKey("deploy-42").build());

      assertThat(server.fake().runCount(workflowId)).isEqualTo(1);
      assertThat(runsOf(server, workflowId)).containsExactly(handle);
    }
  }

  @Test
  void everyStartHappensOnceAndEveryFailureTellsTheTruth() throws Exception {
    ChaosPlan plan = StartAudit.standardPlan();
    Map<String, String> workflowOfGroup = new ConcurrentHashMap<>();
    try (LocalCodeCatalystServer server = LocalCodeCatalystServer.start();
         CodeCatalystClient chaotic = CodeCatalystClient.builder().endpointOverride(server.endpoint())
            .region(Region.US_WEST_2).tokenProvider(CodeCatalystBackend.staticToken("chaos-token"))
            .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, CodeCatalystChaos.PROFILE))
            .overrideConfiguration(o -> o.apiCallAttemptTimeout(Duration.ofMillis(300)))
            .build();
         WorkflowLauncher launcher = WorkflowLauncher.builder().backend(CodeCatalystBackend.create(chaotic))
            .startPolicy(StartAudit.standardPolicy())
            .build()) {
      server.fake().addProject("chaos-space", "chaos-project");

      StartAudit.Report report = StartAudit.builder(launcher, plan.log())
          .request((group, keyed) -> {
            String workflowId = workflowOfGroup.computeIfAbsent(group, g -> server.fake().addWorkflow("chaos-space",
                "chaos-project", g, CodeCatalystRunScript.endsAfter(Duration.ofHours(1), WorkflowRunStatus.SUCCEEDED)));
            StartRunRequest.Builder request = StartRunRequest.builder(
                WorkflowTarget.of("codecatalyst", "chaos-space", "chaos-project", workflowId));
            return keyed ? request.idempotencyKey(group).build() : request.build();
          })
          .census(() -> workflowOfGroup.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
              group -> runsOf(server, group.getValue()))))
          .starts("StartWorkflowRun",
              (entry, group) -> entry.path().endsWith("workflowId=" + workflowOfGroup.get(group)))
          .build()
          .run();

      System.out.println("CodeCatalyst on the local server, exactly-once audit: " + report);
      report.assertClean();
    }
  }

  private static Set<RunHandle> runsOf(LocalCodeCatalystServer server, String workflowId) {
    Set<RunHandle> runs = new HashSet<>();
    for (WorkflowRunSummary run : server.fake().listWorkflowRuns(r -> r.spaceName("chaos-space")
        .projectName("chaos-project").workflowId(workflowId).maxResults(50)).items()) {
      runs.add(RunHandle.of("codecatalyst", "chaos-space", "chaos-project", workflowId, run.id()));
    }
    return runs;
  }
}
