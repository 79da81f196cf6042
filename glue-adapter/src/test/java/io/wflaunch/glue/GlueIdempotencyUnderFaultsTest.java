package io.wflaunch.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.LimitExceededException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.glue.FakeGlueClient;
import io.wflaunch.testkit.glue.GlueRunScript;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.WorkflowRun;

/** Starting exactly once when the service loses answers, with the fake's fault injection. */
class GlueIdempotencyUnderFaultsTest {

  private static final WorkflowTarget ETL = WorkflowTarget.of("glue", "etl");

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeGlueClient glue = FakeGlueClient.create(time.clock())
      .addWorkflow("etl", GlueRunScript.completesAfter(Duration.ofMinutes(10)));
  private final WorkflowLauncher launcher = WorkflowLauncher.builder()
      .backend(GlueBackend.builder(glue).clock(time.clock()).build())
      .startPolicy(StartPolicy.DEFAULT.withoutPauses())
      .clock(time.clock()).scheduler(time).executor(time).build();

  @AfterEach
  void close() {
    launcher.close();
  }

  @Test
  void twoHundredKeyedStartsWhoseResponsesAreLostCreateTwoHundredRuns() {
    glue.faults().loseNextStartResponses(200);
    Set<RunHandle> handles = new HashSet<>();

    for (int i = 0; i < 200; i++) {
      String key = "order-" + i;
      RunHandle handle = launcher.start(StartRunRequest.builder(ETL).parameter("n", String.valueOf(i))
          .idempotencyKey(key).build());

      assertThat(keyOf(handle)).as("the handle of start %d is its own run", i).isEqualTo(key);
      handles.add(handle);
      time.advanceBy(Duration.ofSeconds(1));
    }

    assertThat(glue.runsOf("etl")).hasSize(200);
    assertThat(handles).hasSize(200);
    assertThat(glue.runsOf("etl").stream().map(run -> run.workflowRunProperties().get("n")).collect(Collectors.toSet()))
        .hasSize(200);
  }

  @Test
  void repeatingEveryKeyedStartAfterLostResponsesStartsNothingMore() {
    glue.faults().loseNextStartResponses(20);
    List<RunHandle> first = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      first.add(launcher.start(StartRunRequest.builder(ETL).idempotencyKey("k" + i).build()));
    }

    for (int i = 0; i < 20; i++) {
      assertThat(launcher.start(StartRunRequest.builder(ETL).idempotencyKey("k" + i).build())).isEqualTo(first.get(i));
    }
    assertThat(glue.runsOf("etl")).hasSize(20);
  }

  @Test
  void withoutAKeyALostResponseIsFoundByTheKeyGeneratedForTheCall() {
    glue.faults().loseNextStartResponses(1);

    RunHandle handle = launcher.start(StartRunRequest.builder(ETL).build());

    assertThat(glue.runsOf("etl")).singleElement().satisfies(run -> {
      assertThat(run.workflowRunId()).isEqualTo(handle.runId());
      assertThat(run.workflowRunProperties().get(GlueOptions.DEFAULT_IDEMPOTENCY_PROPERTY)).startsWith("wfl-");
    });
  }

  @Test
  void aKeyedStartRepeatedWhileTheListingLagsFindsTheFirstRun() {
    glue.listingLag(3);

    RunHandle first = launcher.start(StartRunRequest.builder(ETL).idempotencyKey("nightly").build());
    RunHandle second = launcher.start(StartRunRequest.builder(ETL).idempotencyKey("nightly").build());

    assertThat(second).isEqualTo(first);
    assertThat(glue.runsOf("etl")).hasSize(1);
  }

  @Test
  void throttledAndFailedKeyedStartsAreRetriedByTheAdapter() {
    glue.faults().throttleNext(1);
    RunHandle first = launcher.start(StartRunRequest.builder(ETL).idempotencyKey("a").build());

    glue.faults().failNext(2);
    RunHandle second = launcher.start(StartRunRequest.builder(ETL).idempotencyKey("b").build());

    assertThat(keyOf(first)).isEqualTo("a");
    assertThat(keyOf(second)).isEqualTo("b");
    assertThat(glue.runsOf("etl")).hasSize(2);
  }

  @Test
  void maxConcurrentRunsIsARetryableLimit() {
    glue.addWorkflow("single", GlueRunScript.completesAfter(Duration.ofMinutes(5)), 1, Map.of());
    WorkflowTarget single = WorkflowTarget.of("glue", "single");
    launcher.start(StartRunRequest.builder(single).build());

    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(single).build()))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.retryable()).isTrue());

    time.advanceBy(Duration.ofMinutes(5));
    assertThat(launcher.start(StartRunRequest.builder(single).build())).isNotNull();
  }

  private String keyOf(RunHandle handle) {
    WorkflowRun run = glue.runsOf(handle.part(0)).stream()
        .filter(r -> r.workflowRunId().equals(handle.runId())).findFirst().orElseThrow();
    return run.workflowRunProperties().get(GlueOptions.DEFAULT_IDEMPOTENCY_PROPERTY);
  }
}
