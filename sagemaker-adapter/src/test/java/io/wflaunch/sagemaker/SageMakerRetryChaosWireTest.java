package io.wflaunch.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.chaos.ChaosHttpClient;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.chaos.StartAudit;
import io.wflaunch.testkit.sagemaker.FakeSageMakerClient.Outcome;
import io.wflaunch.testkit.sagemaker.LocalSageMakerServer;
import io.wflaunch.testkit.sagemaker.SageMakerChaos;
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
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * Retries under chaos: many failed executions, each retried by two threads released together, through the
 * real SDK client over the chaos layer (about 30% of requests faulted) in front of the local SageMaker
 * server, which deduplicates RetryPipelineExecution tokens. Counted on the server: no execution re-run
 * twice for one failure, none re-run without a caller being told it was or may have been, none told it
 * was when it was not.
 */
class SageMakerRetryChaosWireTest {

  private static final int EXECUTIONS = Integer.getInteger("wflaunch.chaos.retries", 150);

  @Test
  void eachFailureIsReRunAtMostOnceAndEveryCallerIsToldTheTruth() throws Exception {
    ChaosPlan plan = StartAudit.standardPlan();
    try (LocalSageMakerServer server = LocalSageMakerServer.start();
         SageMakerClient plain = SageMakerClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
             .httpClient(UrlConnectionHttpClient.create()).build();
         SageMakerClient chaotic = SageMakerClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
             .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, SageMakerChaos.PROFILE))
             .overrideConfiguration(o -> o.apiCallAttemptTimeout(Duration.ofMillis(300))).build();
         WorkflowLauncher setUp = WorkflowLauncher.builder().backend(SageMakerBackend.create(plain)).build();
         WorkflowLauncher launcher = WorkflowLauncher.builder().backend(SageMakerBackend.create(chaotic)).build()) {
      server.fake().addPipeline("nightly", Outcome.FAIL, Duration.ZERO, "Step Train failed")
          .retryOutcome("nightly", Outcome.RUN_UNTIL_STOPPED, Duration.ZERO);
      List<RunHandle> failed = new ArrayList<>();
      for (int i = 0; i < EXECUTIONS; i++) {
        failed.add(setUp.start(StartRunRequest.builder(WorkflowTarget.of("sagemaker", "nightly")).build()));
      }

      Map<RunHandle, List<Object>> answers = new ConcurrentHashMap<>();
      ExecutorService threads = Executors.newFixedThreadPool(8);
      try {
        CountDownLatch done = new CountDownLatch(failed.size() * 2);
        for (RunHandle run : failed) {
          CountDownLatch together = new CountDownLatch(2);
          for (int caller = 0; caller < 2; caller++) {
            threads.execute(() -> {
              together.countDown();
              try {
                together.await();
                Object answer;
                try {
                  answer = launcher.retry(run);
                } catch (WorkflowLaunchException e) {
                  answer = e;
                }
                answers.computeIfAbsent(run, r -> new CopyOnWriteArrayList<>()).add(answer);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                done.countDown();
              }
            });
          }
        }
        assertThat(done.await(50, TimeUnit.SECONDS)).isTrue();
      } finally {
        threads.shutdownNow();
      }

      int reRun = 0;
      int returned = 0;
      int unknown = 0;
      List<String> twice = new ArrayList<>();
      List<String> untold = new ArrayList<>();
      List<String> untrue = new ArrayList<>();
      for (RunHandle run : failed) {
        int attempts = server.fake().attemptCount(SageMakerBackend.executionArn(run));
        List<Object> calls = answers.get(run);
        boolean anyReturned = calls.stream().anyMatch(RunHandle.class::isInstance);
        boolean anyUnknown = calls.stream().anyMatch(a -> a instanceof WorkflowLaunchException e && e.outcomeUnknown());
        returned += (int) calls.stream().filter(RunHandle.class::isInstance).count();
        unknown += (int) calls.stream().filter(a -> a instanceof WorkflowLaunchException e && e.outcomeUnknown()).count();
        if (attempts > 2) {
          twice.add(run.toString());
        }
        if (attempts == 2) {
          reRun++;
          if (!anyReturned && !anyUnknown) {
            untold.add(run + " " + calls);
          }
        }
        if (attempts == 1 && anyReturned) {
          untrue.add(run + " " + calls);
        }
        calls.stream().filter(RunHandle.class::isInstance).forEach(handle -> assertThat(handle).isEqualTo(run));
      }
      System.out.printf("SageMaker retries under chaos: %d failed executions, %d retry calls -> %d handles, %d failures "
              + "(%d with outcome unknown); %,d requests on the wire %s, %d faulted; %d re-run, re-run twice %d, re-run untold %d, "
              + "untrue %d%n", failed.size(), failed.size() * 2, returned, failed.size() * 2 - returned, unknown,
          plan.log().size(), plan.log().entries().stream().collect(java.util.stream.Collectors.groupingBy(
              e -> e.operation(), java.util.TreeMap::new, java.util.stream.Collectors.counting())),
          plan.log().entries().stream().filter(e -> e.fault() != io.wflaunch.testkit.chaos.Fault.NONE).count(),
          reRun, twice.size(), untold.size(), untrue.size());
      assertThat(twice).as("executions re-run more than once for one failure").isEmpty();
      assertThat(untold).as("re-run executions whose callers were all told nothing happened").isEmpty();
      assertThat(untrue).as("executions not re-run whose caller got a handle").isEmpty();
      assertThat(reRun).as("most failures are re-run").isGreaterThan(failed.size() / 2);
    }
  }
}
