package io.wflaunch.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.testkit.chaos.ChaosHttpClient;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.chaos.Fault;
import io.wflaunch.testkit.chaos.StartAudit;
import io.wflaunch.testkit.sfn.FakeSfnClient;
import io.wflaunch.testkit.sfn.LocalSfnServer;
import io.wflaunch.testkit.sfn.SfnChaos;
import io.wflaunch.testkit.sfn.SfnRunScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Retry as RedriveExecution on the wire: the real {@code SfnClient} against the project's local Step
 * Functions server (moto has no RedriveExecution), through the chaos layer. Counted on the server: each
 * failed execution retried by two launchers at once is redriven exactly once, every retry that answered
 * has its redrive, and a retry that failed with a known outcome left none behind.
 */
class StepFunctionsRedriveWireTest {

  private static final int EXECUTIONS = Integer.getInteger("wflaunch.chaos.redrives", 300);

  private static SfnClient client(LocalSfnServer server, ChaosPlan plan) {
    return SfnClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, SfnChaos.PROFILE))
        .overrideConfiguration(o -> o.apiCallAttemptTimeout(Duration.ofMillis(300)))
        .build();
  }

  private static String failedExecution(FakeSfnClient sfn, String machineArn, String name) {
    return sfn.startExecution(r -> r.stateMachineArn(machineArn).name(name)).executionArn();
  }

  private static int redriveCount(FakeSfnClient sfn, String arn) {
    return sfn.describeExecution(r -> r.executionArn(arn)).redriveCount();
  }

  @Test
  void aRetryOverHttpRedrivesWithATokenAndARepeatSendsNoSecondRedrive() {
    FakeSfnClient sfn = FakeSfnClient.create().redrivesRun(SfnRunScript.runsUntilStopped());
    ChaosPlan plan = ChaosPlan.none();
    plan.script("RedriveExecution", Fault.DROP_RESPONSE);
    try (LocalSfnServer server = LocalSfnServer.start(sfn);
         SfnClient client = client(server, plan);
         WorkflowLauncher launcher = WorkflowLauncher.builder().backend(StepFunctionsBackend.create(client)).build()) {
      String machine = sfn.addStateMachine("orders", SfnRunScript.failsAfter(Duration.ZERO, "E", "c"));
      String arn = failedExecution(sfn, machine, "o-1");
      RunHandle handle = RunHandle.of("sfn", arn);

      assertThat(launcher.retry(handle)).isEqualTo(handle);
      assertThat(launcher.retry(handle)).as("running again after its redrive").isEqualTo(handle);

      assertThat(redriveCount(sfn, arn)).isEqualTo(1);
      assertThat(plan.log().entries("RedriveExecution")).as("the dropped answer's request was sent again by the SDK")
          .hasSizeGreaterThanOrEqualTo(2).extracting(entry -> entry.requestBody()).allSatisfy(body ->
              assertThat(body).contains("\"clientToken\":\"wfl-"));
      assertThat(plan.log().entries("RedriveExecution")).extracting(entry -> entry.requestBody()).containsOnly(
          plan.log().entries("RedriveExecution").get(0).requestBody());
    }
  }

  @Test
  void underFaultsEachFailedExecutionRetriedTwiceAtOnceIsRedrivenOnceAndEveryAnswerTellsTheTruth() throws Exception {
    FakeSfnClient sfn = FakeSfnClient.create().redrivesRun(SfnRunScript.runsUntilStopped());
    ChaosPlan plan = StartAudit.standardPlan();
    Map<String, List<Object>> outcomes = new ConcurrentHashMap<>();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try (LocalSfnServer server = LocalSfnServer.start(sfn);
         SfnClient first = client(server, plan);
         SfnClient second = client(server, plan);
         WorkflowLauncher a = WorkflowLauncher.builder().backend(StepFunctionsBackend.create(first))
             .startPolicy(StartAudit.standardPolicy()).build();
         WorkflowLauncher b = WorkflowLauncher.builder().backend(StepFunctionsBackend.create(second))
             .startPolicy(StartAudit.standardPolicy()).build()) {
      String machine = sfn.addStateMachine("orders", SfnRunScript.failsAfter(Duration.ZERO, "E", "c"));
      List<String> arns = new ArrayList<>();
      for (int i = 0; i < EXECUTIONS; i++) {
        arns.add(failedExecution(sfn, machine, "o-" + i));
      }
      CountDownLatch done = new CountDownLatch(2 * EXECUTIONS);
      for (String arn : arns) {
        outcomes.put(arn, new CopyOnWriteArrayList<>());
        for (WorkflowLauncher launcher : List.of(a, b)) {
          threads.execute(() -> {
            try {
              outcomes.get(arn).add(launcher.retry(RunHandle.of("sfn", arn)));
            } catch (WorkflowLaunchException e) {
              outcomes.get(arn).add(e);
            } finally {
              done.countDown();
            }
          });
        }
      }
      assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();

      int handles = 0;
      int failed = 0;
      int unknown = 0;
      int redriven = 0;
      List<String> duplicates = new ArrayList<>();
      List<String> lost = new ArrayList<>();
      List<String> untrue = new ArrayList<>();
      for (String arn : arns) {
        int count = redriveCount(sfn, arn);
        redriven += Math.min(count, 1);
        List<Object> results = outcomes.get(arn);
        boolean answered = results.stream().anyMatch(RunHandle.class::isInstance);
        boolean anyUnknown = results.stream().anyMatch(r -> r instanceof WorkflowLaunchException e && e.outcomeUnknown());
        handles += (int) results.stream().filter(RunHandle.class::isInstance).count();
        failed += (int) results.stream().filter(WorkflowLaunchException.class::isInstance).count();
        unknown += (int) results.stream().filter(r -> r instanceof WorkflowLaunchException e && e.outcomeUnknown()).count();
        if (count > 1) {
          duplicates.add(arn);
        }
        if (answered && count == 0) {
          lost.add(arn);
        }
        if (!answered && !anyUnknown && count > 0) {
          untrue.add(arn);
        }
      }
      long faulted = plan.log().entries().stream().filter(entry -> entry.fault() != Fault.NONE).count();
      System.out.printf("Step Functions redrive on the local server: %d retries of %d failed executions -> %d handles, "
              + "%d failed (%d outcome unknown); %d requests (%d faulted, %.1f%%); %d executions redriven; duplicates %d, "
              + "lost %d, untrue %d%n", 2 * EXECUTIONS, EXECUTIONS, handles, failed, unknown, plan.log().size(), faulted,
          100.0 * faulted / plan.log().size(), redriven, duplicates.size(), lost.size(), untrue.size());
      assertThat(duplicates).as("executions redriven more than once").isEmpty();
      assertThat(lost).as("retries answered without a redrive").isEmpty();
      assertThat(untrue).as("executions redriven by retries that all said nothing happened").isEmpty();
      assertThat(handles).as("most retries answer through the faults").isGreaterThan(EXECUTIONS);
    } finally {
      threads.shutdownNow();
    }
  }
}
