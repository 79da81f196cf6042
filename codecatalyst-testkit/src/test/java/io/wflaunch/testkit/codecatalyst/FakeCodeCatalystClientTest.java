package io.wflaunch.testkit.codecatalyst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowRunsResponse;
import software.amazon.awssdk.services.codecatalyst.model.ResourceNotFoundException;
import software.amazon.awssdk.services.codecatalyst.model.ValidationException;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunStatus;
import java.util.List;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunSummary;

/** The CodeCatalyst fake behaves like CodeCatalyst where wflaunch (and its users' tests) rely on it. */
class FakeCodeCatalystClientTest {

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeCodeCatalystClient codeCatalyst = FakeCodeCatalystClient.create(time.clock());
  private final String workflowId = codeCatalyst.addWorkflow("space", "project", "deploy",
      CodeCatalystRunScript.endsAfter(Duration.ofMinutes(1), WorkflowRunStatus.FAILED));

  private String start(String token) {
    return codeCatalyst.startWorkflowRun(r -> r.spaceName("space").projectName("project").workflowId(workflowId)
        .clientToken(token)).id();
  }

  private WorkflowRunStatus status(String runId) {
    return codeCatalyst.getWorkflowRun(r -> r.spaceName("space").projectName("project").id(runId)).status();
  }

  @Test
  void runsWalkThroughTheirStatusSequence() {
    String run = start("t1");

    assertThat(status(run)).isEqualTo(WorkflowRunStatus.VALIDATING);
    time.advanceBy(Duration.ofSeconds(1));
    assertThat(status(run)).isEqualTo(WorkflowRunStatus.PROVISIONING);
    time.advanceBy(Duration.ofSeconds(1));
    assertThat(status(run)).isEqualTo(WorkflowRunStatus.IN_PROGRESS);
    time.advanceBy(Duration.ofMinutes(1));
    assertThat(status(run)).isEqualTo(WorkflowRunStatus.FAILED);
    assertThat(codeCatalyst.getWorkflowRun(r -> r.spaceName("space").projectName("project").id(run)).endTime())
        .isEqualTo(time.now());
  }

  @Test
  void theSameClientTokenAnswersTheSameRun() {
    String first = start("release-1");

    assertThat(start("release-1")).isEqualTo(first);
    assertThat(start("release-2")).isNotEqualTo(first);
    assertThat(codeCatalyst.runCount(workflowId)).isEqualTo(2);
  }

  @Test
  void listsPageNewestFirst() {
    for (int i = 0; i < 3; i++) {
      start("t" + i);
      time.advanceBy(Duration.ofSeconds(1));
    }

    ListWorkflowRunsResponse first = codeCatalyst.listWorkflowRuns(r -> r.spaceName("space").projectName("project")
        .workflowId(workflowId).maxResults(2));
    ListWorkflowRunsResponse second = codeCatalyst.listWorkflowRuns(r -> r.spaceName("space").projectName("project")
        .workflowId(workflowId).maxResults(2).nextToken(first.nextToken()));

    assertThat(first.items()).hasSize(2);
    assertThat(first.items().get(0).startTime()).isAfter(first.items().get(1).startTime());
    assertThat(second.items()).hasSize(1);
    assertThat(second.nextToken()).isNull();
    assertThatThrownBy(() -> codeCatalyst.listWorkflowRuns(r -> r.spaceName("space").projectName("project")
        .maxResults(51))).isInstanceOf(ValidationException.class);
    assertThat(codeCatalyst.listWorkflows(r -> r.spaceName("space").projectName("project")).items())
        .singleElement().satisfies(w -> assertThat(w.name()).isEqualTo("deploy"));
  }

  @Test
  void theModelsValidationAndNotFoundAnswers() {
    assertThatThrownBy(() -> codeCatalyst.startWorkflowRun(r -> r.spaceName("space").projectName("project")
        .workflowId("deploy"))).isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThatThrownBy(() -> start("bad token!")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> start("t".repeat(65))).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> codeCatalyst.startWorkflowRun(r -> r.spaceName("space").projectName("project")
        .workflowId(UUID.randomUUID().toString()))).isInstanceOfSatisfying(ResourceNotFoundException.class,
            e -> assertThat(e.statusCode()).isEqualTo(404));
    assertThatThrownBy(() -> codeCatalyst.getWorkflowRun(r -> r.spaceName("space").projectName("other")
        .id(UUID.randomUUID().toString()))).isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> codeCatalyst.getWorkflowRun(r -> r.spaceName("sp").projectName("project")
        .id(UUID.randomUUID().toString()))).isInstanceOf(ValidationException.class);
  }

  @Test
  void faultsThrottleFailAndLoseResponses() {
    codeCatalyst.faults().denyNext(1);
    assertThatThrownBy(() -> start("b")).isInstanceOfSatisfying(AwsServiceException.class,
        e -> assertThat(e.statusCode()).isEqualTo(403));
    codeCatalyst.faults().throttleNext(1);
    assertThatThrownBy(() -> start("a")).isInstanceOfSatisfying(AwsServiceException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(429);
      assertThat(e.isThrottlingException()).isTrue();
    });
    codeCatalyst.faults().failNext(1);
    assertThatThrownBy(() -> start("a")).isInstanceOfSatisfying(AwsServiceException.class,
        e -> assertThat(e.statusCode()).isEqualTo(500));
    codeCatalyst.faults().loseNextStartResponses(1);
    assertThatThrownBy(() -> start("a")).isInstanceOf(SdkClientException.class);

    assertThat(codeCatalyst.runCount(workflowId)).isEqualTo(1);
    assertThat(start("a")).as("the lost start's run answers its token").isNotBlank();
    assertThat(codeCatalyst.runCount(workflowId)).isEqualTo(1);
    assertThat(codeCatalyst.asyncClient().getWorkflowRun(r -> r.spaceName("space").projectName("project")
        .id(UUID.randomUUID().toString()))).isCompletedExceptionally();
  }

  private List<String> listed(String workflow) {
    return codeCatalyst.listWorkflowRuns(r -> r.spaceName("space").projectName("project").workflowId(workflow))
        .items().stream().map(WorkflowRunSummary::id).toList();
  }

  @Test
  void aListingLagInReadsHidesANewRunFromThatManyListingsThatWouldShowIt() {
    String other = codeCatalyst.addWorkflow("space", "project", "other", CodeCatalystRunScript.runsForever());
    codeCatalyst.listingLag(2);
    String run = start("t");

    assertThat(listed(other)).as("another workflow's listing does not count").isEmpty();
    assertThat(listed(null)).isEmpty();
    assertThat(status(run)).as("get is not lagged").isEqualTo(WorkflowRunStatus.VALIDATING);
    assertThat(start("t")).as("nor is the client token").isEqualTo(run);
    assertThat(listed(workflowId)).isEmpty();
    assertThat(listed(workflowId)).containsExactly(run);
    assertThat(codeCatalyst.runCount(workflowId)).isEqualTo(1);
  }

  @Test
  void aListingLagInTimeHidesANewRunUntilThatLongAfterItsStart() {
    codeCatalyst.listingLag(Duration.ofSeconds(5));
    String run = start("t");

    assertThat(listed(workflowId)).isEmpty();
    time.advanceBy(Duration.ofSeconds(5));
    assertThat(listed(workflowId)).containsExactly(run);
    assertThatThrownBy(() -> codeCatalyst.listingLag(Duration.ofSeconds(-5))).isInstanceOf(IllegalArgumentException.class);
  }
}
