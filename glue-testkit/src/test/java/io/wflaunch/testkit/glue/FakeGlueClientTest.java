package io.wflaunch.testkit.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.ConcurrentRunsExceededException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunsResponse;
import software.amazon.awssdk.services.glue.model.IllegalWorkflowStateException;
import software.amazon.awssdk.services.glue.model.InternalServiceException;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.glue.model.WorkflowRun;
import software.amazon.awssdk.services.glue.model.WorkflowRunStatus;

/** The Glue fake behaves like Glue where wflaunch (and its users' tests) rely on it. */
class FakeGlueClientTest {

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeGlueClient glue = FakeGlueClient.create(time.clock());

  private String start(String workflow) {
    return glue.startWorkflowRun(r -> r.name(workflow)).runId();
  }

  private WorkflowRun get(String workflow, String runId) {
    return glue.getWorkflowRun(r -> r.name(workflow).runId(runId)).run();
  }

  @Test
  void runsFollowTheirScriptOnTheClock() {
    glue.addWorkflow("ok", GlueRunScript.completesAfter(Duration.ofMinutes(1)));
    glue.addWorkflow("bad", GlueRunScript.completesWithFailedActionsAfter(Duration.ofMinutes(1), 4, 1));
    glue.addWorkflow("err", GlueRunScript.errorsAfter(Duration.ofMinutes(1), "job failed"));
    String ok = start("ok");
    String bad = start("bad");
    String err = start("err");

    assertThat(get("ok", ok).status()).isEqualTo(WorkflowRunStatus.RUNNING);
    time.advanceBy(Duration.ofMinutes(1));

    assertThat(get("ok", ok).status()).isEqualTo(WorkflowRunStatus.COMPLETED);
    assertThat(get("ok", ok).completedOn()).isEqualTo(time.now());
    assertThat(get("bad", bad).statistics().failedActions()).isEqualTo(1);
    assertThat(get("bad", bad).status()).isEqualTo(WorkflowRunStatus.COMPLETED);
    assertThat(get("err", err).status()).isEqualTo(WorkflowRunStatus.ERROR);
    assertThat(get("err", err).errorMessage()).isEqualTo("job failed");
  }

  @Test
  void runIdsLookLikeGlues() {
    glue.addWorkflow("w", GlueRunScript.runsUntilStopped());

    assertThat(start("w")).matches("wr_[0-9a-f]{64}");
  }

  @Test
  void stoppingPassesThroughStoppingToStoppedAndOnlyRunningRunsStop() {
    glue.addWorkflow("w", GlueRunScript.runsUntilStopped()).stopDelay(Duration.ofSeconds(10));
    String run = start("w");

    glue.stopWorkflowRun(r -> r.name("w").runId(run));

    assertThat(get("w", run).status()).isEqualTo(WorkflowRunStatus.STOPPING);
    time.advanceBy(Duration.ofSeconds(10));
    assertThat(get("w", run).status()).isEqualTo(WorkflowRunStatus.STOPPED);
    assertThatThrownBy(() -> glue.stopWorkflowRun(r -> r.name("w").runId(run)))
        .isInstanceOf(IllegalWorkflowStateException.class);
  }

  @Test
  void maxConcurrentRunsIsEnforced() {
    glue.createWorkflow(r -> r.name("w").maxConcurrentRuns(2));
    start("w");
    start("w");

    assertThatThrownBy(() -> start("w")).isInstanceOf(ConcurrentRunsExceededException.class);
  }

  @Test
  void createdWorkflowsMergeTheirDefaultPropertiesFirst() {
    glue.createWorkflow(r -> r.name("w").defaultRunProperties(Map.of("env", "test")));
    String run = glue.startWorkflowRun(r -> r.name("w").runProperties(Map.of("date", "d"))).runId();

    assertThat(glue.getWorkflowRunProperties(r -> r.name("w").runId(run)).runProperties())
        .containsExactly(Map.entry("env", "test"), Map.entry("date", "d"));
    assertThatThrownBy(() -> glue.createWorkflow(r -> r.name("w"))).isInstanceOf(AlreadyExistsException.class);
  }

  @Test
  void listsPageNewestFirst() {
    glue.addWorkflow("w", GlueRunScript.runsUntilStopped());
    for (int i = 0; i < 5; i++) {
      start("w");
      time.advanceBy(Duration.ofSeconds(1));
    }

    GetWorkflowRunsResponse first = glue.getWorkflowRuns(r -> r.name("w").maxResults(2));
    GetWorkflowRunsResponse second = glue.getWorkflowRuns(r -> r.name("w").maxResults(2).nextToken(first.nextToken()));
    GetWorkflowRunsResponse third = glue.getWorkflowRuns(r -> r.name("w").maxResults(2).nextToken(second.nextToken()));

    List<WorkflowRun> all = new java.util.ArrayList<>(first.runs());
    all.addAll(second.runs());
    all.addAll(third.runs());
    assertThat(all).extracting(WorkflowRun::startedOn).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(all).hasSize(5);
    assertThat(third.nextToken()).isNull();
    assertThatThrownBy(() -> glue.getWorkflowRuns(r -> r.name("w").maxResults(1001)))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void theServicesValidationAndNotFoundAnswers() {
    glue.addWorkflow("w", GlueRunScript.runsUntilStopped());

    assertThatThrownBy(() -> start("x".repeat(256))).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> start("a\nb")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> glue.startWorkflowRun(r -> r.name("w").runProperties(Map.of("", "v"))))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> start("missing")).isInstanceOf(EntityNotFoundException.class)
        .satisfies(e -> assertThat(((AwsServiceException) e).statusCode()).isEqualTo(400));
    assertThatThrownBy(() -> get("w", "wr_missing")).isInstanceOf(EntityNotFoundException.class);
    glue.addWorkflow("emoji \uD83D\uDE00\tname", GlueRunScript.runsUntilStopped());
    assertThat(start("emoji \uD83D\uDE00\tname")).startsWith("wr_");
  }

  @Test
  void faultsThrottleFailAndLoseResponses() {
    glue.addWorkflow("w", GlueRunScript.runsUntilStopped());
    glue.faults().denyNext(1);
    assertThatThrownBy(() -> start("w")).isInstanceOf(software.amazon.awssdk.services.glue.model.AccessDeniedException.class);
    glue.faults().throttleNext(1);
    assertThatThrownBy(() -> start("w"))
        .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.isThrottlingException()).isTrue());

    glue.faults().failNext(1);
    assertThatThrownBy(() -> start("w")).isInstanceOfSatisfying(InternalServiceException.class,
        e -> assertThat(e.statusCode()).isEqualTo(500));

    glue.faults().loseNextStartResponses(1);
    assertThatThrownBy(() -> start("w")).isInstanceOf(SdkClientException.class).hasMessageContaining("Read timed out");
    assertThat(glue.runsOf("w")).as("the lost start created its run").hasSize(1);
    assertThat(glue.requestCount()).isEqualTo(4);
  }

  @Test
  void theAsyncClientSharesTheState() {
    glue.addWorkflow("w", GlueRunScript.runsUntilStopped());
    String run = glue.asyncClient().startWorkflowRun(r -> r.name("w")).join().runId();

    assertThat(get("w", run).workflowRunId()).isEqualTo(run);
    assertThat(glue.asyncClient().getWorkflowRun(r -> r.name("w").runId("wr_x")))
        .isCompletedExceptionally();
  }

  private List<String> listed(String workflow) {
    return glue.getWorkflowRuns(r -> r.name(workflow)).runs().stream().map(WorkflowRun::workflowRunId).toList();
  }

  @Test
  void aListingLagInReadsHidesANewRunFromThatManyListingsOfItsWorkflow() {
    glue.addWorkflow("w", GlueRunScript.runsUntilStopped()).addWorkflow("other", GlueRunScript.runsUntilStopped());
    String before = start("w");
    glue.listingLag(2);
    String run = start("w");

    assertThat(listed("other")).as("another workflow's listing does not count").isEmpty();
    assertThat(listed("w")).containsExactly(before);
    assertThat(get("w", run).workflowRunId()).as("get is not lagged").isEqualTo(run);
    assertThat(glue.getWorkflowRuns(r -> r.name("w").maxResults(1)).runs()).extracting(WorkflowRun::workflowRunId)
        .as("a read of any page counts").containsExactly(before);
    assertThat(listed("w")).containsExactly(run, before);
    assertThat(glue.runsOf("w")).hasSize(2);
  }

  @Test
  void aListingLagInTimeHidesANewRunUntilThatLongAfterItsStart() {
    glue.addWorkflow("w", GlueRunScript.runsUntilStopped()).listingLag(Duration.ofSeconds(30));
    String run = start("w");

    assertThat(listed("w")).isEmpty();
    time.advanceBy(Duration.ofSeconds(29));
    assertThat(listed("w")).isEmpty();
    time.advanceBy(Duration.ofSeconds(1));
    assertThat(listed("w")).containsExactly(run);
  }

  @Test
  void withBothLagsBothMustHavePassed() {
    glue.addWorkflow("w", GlueRunScript.runsUntilStopped()).listingLag(1).listingLag(Duration.ofSeconds(10));
    String run = start("w");

    time.advanceBy(Duration.ofSeconds(10));
    assertThat(listed("w")).isEmpty();
    assertThat(listed("w")).containsExactly(run);
    assertThatThrownBy(() -> glue.listingLag(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> glue.listingLag(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
