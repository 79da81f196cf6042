package io.wflaunch.codecatalyst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.wflaunch.BackendOptions;
import io.wflaunch.ConflictException;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.testkit.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClient;
import software.amazon.awssdk.services.codecatalyst.model.GetWorkflowRunRequest;
import software.amazon.awssdk.services.codecatalyst.model.GetWorkflowRunResponse;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowRunsRequest;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowRunsResponse;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowsRequest;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowsResponse;
import software.amazon.awssdk.services.codecatalyst.model.ResourceNotFoundException;
import software.amazon.awssdk.services.codecatalyst.model.StartWorkflowRunRequest;
import software.amazon.awssdk.services.codecatalyst.model.StartWorkflowRunResponse;
import software.amazon.awssdk.services.codecatalyst.model.ThrottlingException;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunStatus;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunSummary;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowSummary;

/** The CodeCatalyst backend over a Mockito-mocked CodeCatalystClient. */
class CodeCatalystBackendTest {

  private static final String WORKFLOW_ID = "0b6a6c9e-1d2f-4e5a-9b8c-7d6e5f4a3b2c";
  private static final String RUN_ID = "5f0c1e2d-3b4a-4c5d-8e9f-a0b1c2d3e4f5";
  private static final WorkflowTarget BY_ID = WorkflowTarget.of("codecatalyst", "my-space", "my-project", WORKFLOW_ID);
  private static final WorkflowTarget BY_NAME = WorkflowTarget.of("codecatalyst", "my-space", "my-project", "deploy");

  private final CodeCatalystClient codeCatalyst = mock(CodeCatalystClient.class);
  private final VirtualScheduler time = new VirtualScheduler();
  private final CodeCatalystBackend backend = CodeCatalystBackend.builder(codeCatalyst).clock(time.clock()).build();
  private final WorkflowLauncher launcher = WorkflowLauncher.builder().backend(backend)
      .startPolicy(StartPolicy.DEFAULT.withoutPauses()).build();

  @AfterEach
  void close() {
    launcher.close();
  }

  private void startsAs(String runId) {
    when(codeCatalyst.startWorkflowRun(any(StartWorkflowRunRequest.class))).thenAnswer(call -> {
      StartWorkflowRunRequest request = call.getArgument(0);
      return StartWorkflowRunResponse.builder().spaceName(request.spaceName()).projectName(request.projectName())
          .workflowId(request.workflowId()).id(runId).build();
    });
  }

  private static WorkflowSummary workflow(String id, String name, String branch) {
    return WorkflowSummary.builder().id(id).name(name).sourceRepositoryName("repo").sourceBranchName(branch).build();
  }

  private static WorkflowRunSummary run(String id, WorkflowRunStatus status, Instant start) {
    return WorkflowRunSummary.builder().id(id).workflowId(WORKFLOW_ID).workflowName("deploy").status(status)
        .startTime(start).lastUpdatedTime(start).build();
  }

  private static ThrottlingException throttled() {
    return (ThrottlingException) ThrottlingException.builder().statusCode(429).message("Rate exceeded")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build();
  }

  @Nested
  class Starting {

    @Test
    void theRequestNamesSpaceProjectWorkflowAndTheKeyAsClientToken() {
      startsAs(RUN_ID);

      RunHandle handle = launcher.start(StartRunRequest.builder(BY_ID).idempotencyKey("deploy-2026-11-23").build());

      ArgumentCaptor<StartWorkflowRunRequest> sent = ArgumentCaptor.forClass(StartWorkflowRunRequest.class);
      verify(codeCatalyst).startWorkflowRun(sent.capture());
      assertThat(sent.getValue().toBuilder().overrideConfiguration((AwsRequestOverrideConfiguration) null).build())
          .isEqualTo(StartWorkflowRunRequest.builder().spaceName("my-space")
              .projectName("my-project").workflowId(WORKFLOW_ID).clientToken("deploy-2026-11-23").build());
      assertThat(sent.getValue().overrideConfiguration()).as("sent once: the start protocol owns retries").isPresent();
      assertThat(handle).isEqualTo(RunHandle.of("codecatalyst", "my-space", "my-project", WORKFLOW_ID, RUN_ID));
      verify(codeCatalyst, never()).listWorkflows(any(ListWorkflowsRequest.class));
    }

    @Test
    void aKeyThatIsNoValidTokenIsHashedAndWithoutKeyEachStartGetsItsOwnToken() {
      startsAs(RUN_ID);

      launcher.start(StartRunRequest.builder(BY_ID).idempotencyKey("deploy on 2026/11/23").build());
      launcher.start(StartRunRequest.builder(BY_ID).build());
      launcher.start(StartRunRequest.builder(BY_ID).build());

      ArgumentCaptor<StartWorkflowRunRequest> sent = ArgumentCaptor.forClass(StartWorkflowRunRequest.class);
      verify(codeCatalyst, times(3)).startWorkflowRun(sent.capture());
      List<String> tokens = sent.getAllValues().stream().map(StartWorkflowRunRequest::clientToken).toList();
      assertThat(tokens.get(0)).matches("wfl-[0-9a-f]{60}");
      assertThat(tokens.subList(1, 3)).allMatch(t -> t.matches("wfl-[0-9a-f-]{36}")).doesNotHaveDuplicates();
    }

    @Test
    void aTokenAnsweredWithARunOfAnotherWorkflowIsAConflictNamingThatRun() {
      String other = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
      when(codeCatalyst.startWorkflowRun(any(StartWorkflowRunRequest.class))).thenReturn(StartWorkflowRunResponse
          .builder().spaceName("my-space").projectName("my-project").workflowId(other).id(RUN_ID).build());

      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(BY_ID).idempotencyKey("release-42").build()))
          .isInstanceOfSatisfying(ConflictException.class, e -> {
            assertThat(e.getMessage()).contains(RunHandle.of("codecatalyst", "my-space", "my-project", other, RUN_ID)
                .toString());
            assertThat(e.outcomeUnknown()).as("the token already named that run: this start created none").isFalse();
          });
      verify(codeCatalyst, times(1)).startWorkflowRun(any(StartWorkflowRunRequest.class));
    }

    @Test
    void runsTakeNoInputParametersOrOptions() {
      assertRefused(StartRunRequest.builder(BY_ID).input("{}").build(), "input");
      assertRefused(StartRunRequest.builder(BY_ID).parameter("a", "1").build(), "parameters");
      assertRefused(StartRunRequest.builder(BY_ID).options(new BackendOptions() {}).build(), "options");
    }

    @Test
    void aWorkflowNameTooLongOrWithControlCharactersIsRefusedBeforeAnyRequest() {
      for (String bad : List.of("w".repeat(5_021), "deploy\u001b[31m", "line\nbreak")) {
        assertRefused(StartRunRequest.builder(WorkflowTarget.of("codecatalyst", "my-space", "my-project", bad)).build(),
            "workflow");
      }
    }

    @Test
    void spaceAndProjectNamesFollowTheModel() {
      for (String bad : List.of("ab", "x".repeat(64), "bad space", "-lead", "trail_", "a..b", "ünï")) {
        assertRefused(StartRunRequest.builder(WorkflowTarget.of("codecatalyst", bad, "my-project", WORKFLOW_ID)).build(),
            "space");
        assertRefused(StartRunRequest.builder(WorkflowTarget.of("codecatalyst", "my-space", bad, WORKFLOW_ID)).build(),
            "project");
      }
      startsAs(RUN_ID);
      launcher.start(StartRunRequest.builder(WorkflowTarget.of("codecatalyst", "a-b", "x".repeat(63), WORKFLOW_ID))
          .build());
    }

    @Test
    void handlesNeedUuids() {
      assertThatThrownBy(() -> launcher.getRun(RunHandle.of("codecatalyst", "my-space", "my-project", "deploy", RUN_ID)))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("workflowId"));
      assertThatThrownBy(() -> launcher.getRun(RunHandle.of("codecatalyst", "my-space", "my-project", WORKFLOW_ID, "42")))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.field()).isEqualTo("runId");
            assertThat(e.rule()).contains("must be a UUID");
          });
      verifyNoInteractions(codeCatalyst);
    }

    @Test
    void stopIsUnsupportedAndSendsNothing() {
      assertThatThrownBy(() -> launcher.stop(RunHandle.of("codecatalyst", "my-space", "my-project", WORKFLOW_ID, RUN_ID)))
          .isInstanceOfSatisfying(OperationNotSupportedException.class, e -> {
            assertThat(e.operation()).isEqualTo("stop");
            assertThat(e.getMessage()).contains("the CodeCatalyst API has no operation to stop a workflow run");
          });
      assertThatThrownBy(() -> launcher.stopAsync(
          RunHandle.of("codecatalyst", "my-space", "my-project", WORKFLOW_ID, RUN_ID)).join())
          .hasCauseInstanceOf(OperationNotSupportedException.class);
      verifyNoInteractions(codeCatalyst);
    }

    private void assertRefused(StartRunRequest request, String field) {
      int before = org.mockito.Mockito.mockingDetails(codeCatalyst).getInvocations().size();
      assertThatThrownBy(() -> launcher.start(request))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains("backend codecatalyst");
          });
      assertThat(org.mockito.Mockito.mockingDetails(codeCatalyst).getInvocations()).hasSize(before);
    }
  }

  @Nested
  class NameResolution {

    @Test
    void aNameIsResolvedAcrossPagesAndCached() {
      when(codeCatalyst.listWorkflows(any(ListWorkflowsRequest.class)))
          .thenReturn(ListWorkflowsResponse.builder().items(workflow("a1111111-1111-1111-1111-111111111111", "build",
              "main")).nextToken("t1").build())
          .thenReturn(ListWorkflowsResponse.builder().items(workflow(WORKFLOW_ID, "deploy", "main")).build());
      startsAs(RUN_ID);

      RunHandle first = launcher.start(StartRunRequest.builder(BY_NAME).build());
      RunHandle second = launcher.start(StartRunRequest.builder(BY_NAME).build());

      assertThat(first.part(2)).isEqualTo(WORKFLOW_ID);
      assertThat(second.part(2)).isEqualTo(WORKFLOW_ID);
      ArgumentCaptor<ListWorkflowsRequest> asked = ArgumentCaptor.forClass(ListWorkflowsRequest.class);
      verify(codeCatalyst, times(2)).listWorkflows(asked.capture());
      assertThat(asked.getAllValues()).extracting(ListWorkflowsRequest::nextToken).containsExactly(null, "t1");
      assertThat(asked.getAllValues().get(0).spaceName()).isEqualTo("my-space");
      assertThat(asked.getAllValues().get(0).maxResults()).isEqualTo(100);
    }

    @Test
    void theCacheExpiresAfterItsTimeToLive() {
      when(codeCatalyst.listWorkflows(any(ListWorkflowsRequest.class)))
          .thenReturn(ListWorkflowsResponse.builder().items(workflow(WORKFLOW_ID, "deploy", "main")).build());
      startsAs(RUN_ID);

      launcher.start(StartRunRequest.builder(BY_NAME).build());
      time.advanceBy(Duration.ofMinutes(4));
      launcher.start(StartRunRequest.builder(BY_NAME).build());
      time.advanceBy(Duration.ofMinutes(2));
      launcher.start(StartRunRequest.builder(BY_NAME).build());

      verify(codeCatalyst, times(2)).listWorkflows(any(ListWorkflowsRequest.class));
    }

    @Test
    void aNameTheCachedListLacksIsLookedForInAFreshListBeforeItIsCalledMissing() {
      String build = "c3333333-3333-3333-3333-333333333333";
      when(codeCatalyst.listWorkflows(any(ListWorkflowsRequest.class)))
          .thenReturn(ListWorkflowsResponse.builder().items(workflow(build, "build", "main")).build())
          .thenReturn(ListWorkflowsResponse.builder().items(workflow(build, "build", "main"),
              workflow(WORKFLOW_ID, "deploy", "main")).build());
      startsAs(RUN_ID);

      launcher.start(StartRunRequest.builder(WorkflowTarget.of("codecatalyst", "my-space", "my-project", "build")).build());
      RunHandle deploy = launcher.start(StartRunRequest.builder(BY_NAME).build());
      launcher.start(StartRunRequest.builder(BY_NAME).build());

      assertThat(deploy.part(2)).isEqualTo(WORKFLOW_ID);
      verify(codeCatalyst, times(2)).listWorkflows(any(ListWorkflowsRequest.class));
    }

    @Test
    void anUnknownNameIsWorkflowNotFound() {
      when(codeCatalyst.listWorkflows(any(ListWorkflowsRequest.class)))
          .thenReturn(ListWorkflowsResponse.builder().items(workflow(WORKFLOW_ID, "build", "main")).build());

      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(BY_NAME).build()))
          .isInstanceOf(WorkflowNotFoundException.class)
          .hasMessageContaining("no workflow named 'deploy' in project my-project of space my-space");
      verify(codeCatalyst, never()).startWorkflowRun(any(StartWorkflowRunRequest.class));
    }

    @Test
    void anAmbiguousNameIsRefusedListingTheIds() {
      String other = "c3333333-3333-3333-3333-333333333333";
      when(codeCatalyst.listWorkflows(any(ListWorkflowsRequest.class))).thenReturn(ListWorkflowsResponse.builder()
          .items(workflow(WORKFLOW_ID, "deploy", "main"), workflow(other, "deploy", "release")).build());

      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(BY_NAME).build()))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.field()).isEqualTo("workflow");
            assertThat(e.rule()).contains("2 workflows called 'deploy'")
                .contains(WORKFLOW_ID + " (repo, main)").contains(other + " (repo, release)");
          });
      verify(codeCatalyst, never()).startWorkflowRun(any(StartWorkflowRunRequest.class));
    }

    @Test
    void aWorkflowThatVanishedIsLookedUpAgainNextTime() {
      when(codeCatalyst.listWorkflows(any(ListWorkflowsRequest.class)))
          .thenReturn(ListWorkflowsResponse.builder().items(workflow(WORKFLOW_ID, "deploy", "main")).build());
      when(codeCatalyst.startWorkflowRun(any(StartWorkflowRunRequest.class))).thenThrow(
          ResourceNotFoundException.builder().statusCode(404).message("Workflow not found").build());

      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(BY_NAME).build()))
          .isInstanceOf(WorkflowNotFoundException.class);
      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(BY_NAME).build()))
          .isInstanceOf(WorkflowNotFoundException.class);

      verify(codeCatalyst, times(2)).listWorkflows(any(ListWorkflowsRequest.class));
    }
  }

  @Nested
  class Reading {

    @Test
    void getRunMapsTheStatusAndTimes() {
      Instant start = Instant.parse("2026-11-23T10:00:00Z");
      when(codeCatalyst.getWorkflowRun(any(GetWorkflowRunRequest.class))).thenReturn(GetWorkflowRunResponse.builder()
          .id(RUN_ID).workflowId(WORKFLOW_ID).status(WorkflowRunStatus.PROVISIONING).startTime(start)
          .lastUpdatedTime(start.plusSeconds(5)).build());
      RunHandle handle = RunHandle.of("codecatalyst", "my-space", "my-project", WORKFLOW_ID, RUN_ID);

      RunStatus status = launcher.getRun(handle);

      verify(codeCatalyst).getWorkflowRun(GetWorkflowRunRequest.builder().spaceName("my-space").projectName("my-project")
          .id(RUN_ID).build());
      assertThat(status.state()).isEqualTo(RunState.PENDING);
      assertThat(status.rawStatus()).isEqualTo("PROVISIONING");
      assertThat(status.startedAt()).contains(start);
      assertThat(status.updatedAt()).contains(start.plusSeconds(5));
      assertThat(status.endedAt()).isEmpty();
      assertThat(status.details()).containsEntry("statusReasonCount", "0").containsEntry("workflowId", WORKFLOW_ID);
    }

    @Test
    void runsAreReadWithOneListingPerWorkflowAndSingleReadsForTheRest() {
      String other = "6f0c1e2d-3b4a-4c5d-8e9f-a0b1c2d3e4f6";
      String otherWorkflow = "1b6a6c9e-1d2f-4e5a-9b8c-7d6e5f4a3b2c";
      String unlisted = "7f0c1e2d-3b4a-4c5d-8e9f-a0b1c2d3e4f7";
      Instant now = Instant.parse("2026-11-23T10:00:00Z");
      when(codeCatalyst.listWorkflowRuns(any(ListWorkflowRunsRequest.class))).thenAnswer(call ->
          WORKFLOW_ID.equals(((ListWorkflowRunsRequest) call.getArgument(0)).workflowId())
              ? ListWorkflowRunsResponse.builder().items(run(RUN_ID, WorkflowRunStatus.SUCCEEDED, now),
                  run(other, WorkflowRunStatus.SUPERSEDED, now)).build()
              : ListWorkflowRunsResponse.builder().items(List.of()).build());
      when(codeCatalyst.getWorkflowRun(any(GetWorkflowRunRequest.class))).thenReturn(GetWorkflowRunResponse.builder()
          .id(unlisted).workflowId(otherWorkflow).status(WorkflowRunStatus.IN_PROGRESS).build());
      RunHandle a = RunHandle.of("codecatalyst", "my-space", "my-project", WORKFLOW_ID, RUN_ID);
      RunHandle b = RunHandle.of("codecatalyst", "my-space", "my-project", WORKFLOW_ID, other);
      RunHandle c = RunHandle.of("codecatalyst", "my-space", "my-project", otherWorkflow, unlisted);

      List<RunStatus> statuses = launcher.getRuns(List.of(b, c, a));

      assertThat(statuses).extracting(RunStatus::state)
          .containsExactly(RunState.SKIPPED, RunState.RUNNING, RunState.SUCCEEDED);
      ArgumentCaptor<ListWorkflowRunsRequest> asked = ArgumentCaptor.forClass(ListWorkflowRunsRequest.class);
      verify(codeCatalyst, times(2)).listWorkflowRuns(asked.capture());
      assertThat(asked.getAllValues()).extracting(ListWorkflowRunsRequest::workflowId)
          .containsExactlyInAnyOrder(WORKFLOW_ID, otherWorkflow);
      assertThat(asked.getAllValues()).allSatisfy(request -> {
        assertThat(request.spaceName()).isEqualTo("my-space");
        assertThat(request.projectName()).isEqualTo("my-project");
        assertThat(request.maxResults()).isEqualTo(50);
        assertThat(request.nextToken()).isNull();
      });
      verify(codeCatalyst).getWorkflowRun(GetWorkflowRunRequest.builder().spaceName("my-space")
          .projectName("my-project").id(unlisted).build());
    }

    @Test
    void theListingPagesOnUntilEveryRunIsSeenButNeverPastOnePagePerRun() {
      Instant now = Instant.parse("2026-11-23T10:00:00Z");
      List<String> ids = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        ids.add(String.format("6f0c1e2d-3b4a-4c5d-8e9f-a0b1c2d3e4%02d", i));
      }
      when(codeCatalyst.listWorkflowRuns(any(ListWorkflowRunsRequest.class))).thenAnswer(call -> {
        String token = ((ListWorkflowRunsRequest) call.getArgument(0)).nextToken();
        int page = token == null ? 0 : Integer.parseInt(token);
        return ListWorkflowRunsResponse.builder().items(run(ids.get(page), WorkflowRunStatus.SUCCEEDED, now))
            .nextToken(Integer.toString(page + 1)).build();
      });
      when(codeCatalyst.getWorkflowRun(any(GetWorkflowRunRequest.class))).thenReturn(GetWorkflowRunResponse.builder()
          .status(WorkflowRunStatus.IN_PROGRESS).build());
      List<RunHandle> firstFivePages = ids.subList(0, 5).stream().map(id ->
          RunHandle.of("codecatalyst", "my-space", "my-project", WORKFLOW_ID, id)).toList();
      RunHandle onPageOne = firstFivePages.get(0);
      RunHandle unlisted = RunHandle.of("codecatalyst", "my-space", "my-project", WORKFLOW_ID,
          "7f0c1e2d-3b4a-4c5d-8e9f-a0b1c2d3e4f5");

      List<RunStatus> statuses = launcher.getRuns(firstFivePages);
      List<RunStatus> withUnlisted = launcher.getRuns(List.of(onPageOne, unlisted));

      assertThat(statuses).extracting(RunStatus::state).containsOnly(RunState.SUCCEEDED).hasSize(5);
      assertThat(withUnlisted).extracting(RunStatus::state).containsExactly(RunState.SUCCEEDED, RunState.RUNNING);
      verify(codeCatalyst, times(5 + 2)).listWorkflowRuns(any(ListWorkflowRunsRequest.class));
      verify(codeCatalyst, times(1)).getWorkflowRun(any(GetWorkflowRunRequest.class));
    }

    @Test
    void aThrottledListingIsReportedForItsRunsAndGetRunsFailsThrottledWithoutReadingThemOneByOne() {
      when(codeCatalyst.listWorkflowRuns(any(ListWorkflowRunsRequest.class))).thenThrow(throttled());
      when(codeCatalyst.getWorkflowRun(any(GetWorkflowRunRequest.class))).thenReturn(GetWorkflowRunResponse.builder()
          .status(WorkflowRunStatus.IN_PROGRESS).build());
      List<RunHandle> handles = List.of(
          RunHandle.of("codecatalyst", "my-space", "my-project", WORKFLOW_ID, RUN_ID),
          RunHandle.of("codecatalyst", "my-space", "my-project", WORKFLOW_ID, "6f0c1e2d-3b4a-4c5d-8e9f-a0b1c2d3e4f6"));

      BatchRead read = backend.readRunsAsync(handles, Optional.empty(), Runnable::run).join();

      assertThat(read.statuses()).isEmpty();
      assertThat(read.requests()).isEqualTo(1);
      assertThat(read.failures()).containsOnlyKeys(handles)
          .allSatisfy((handle, failure) -> assertThat(failure).isInstanceOf(ThrottledException.class));
      // Not one read per run into a service that just throttled the listing.
      assertThatThrownBy(() -> backend.getRuns(handles)).isInstanceOf(ThrottledException.class);
      verify(codeCatalyst, times(2)).listWorkflowRuns(any(ListWorkflowRunsRequest.class));
      verify(codeCatalyst, never()).getWorkflowRun(any(GetWorkflowRunRequest.class));
    }

    @Test
    void theTrackersReadStopsListingOncePagesPassTheOldestStartAskedFor() {
      Instant oldest = Instant.parse("2026-11-23T10:00:00Z");
      String seen = "6f0c1e2d-3b4a-4c5d-8e9f-a0b1c2d3e400";
      List<List<WorkflowRunSummary>> pages = List.of(
          List.of(run(seen, WorkflowRunStatus.SUCCEEDED, oldest.plusSeconds(20)),
              run("6f0c1e2d-3b4a-4c5d-8e9f-a0b1c2d3e401", WorkflowRunStatus.SUCCEEDED, oldest.plusSeconds(10))),
          List.of(run("6f0c1e2d-3b4a-4c5d-8e9f-a0b1c2d3e402", WorkflowRunStatus.FAILED, oldest.minusSeconds(5))),
          List.of(run("6f0c1e2d-3b4a-4c5d-8e9f-a0b1c2d3e403", WorkflowRunStatus.FAILED, oldest.minusSeconds(10))));
      when(codeCatalyst.listWorkflowRuns(any(ListWorkflowRunsRequest.class))).thenAnswer(call -> {
        String token = ((ListWorkflowRunsRequest) call.getArgument(0)).nextToken();
        int page = token == null ? 0 : Integer.parseInt(token);
        return ListWorkflowRunsResponse.builder().items(pages.get(page))
            .nextToken(page + 1 < pages.size() ? Integer.toString(page + 1) : null).build();
      });
      RunHandle listed = RunHandle.of("codecatalyst", "my-space", "my-project", WORKFLOW_ID, seen);
      List<RunHandle> handles = List.of(listed,
          RunHandle.of("codecatalyst", "my-space", "my-project", WORKFLOW_ID, "7f0c1e2d-3b4a-4c5d-8e9f-a0b1c2d3e4f5"),
          RunHandle.of("codecatalyst", "my-space", "my-project", WORKFLOW_ID, "8f0c1e2d-3b4a-4c5d-8e9f-a0b1c2d3e4f5"));

      BatchRead cut = backend.readRunsAsync(handles, Optional.of(oldest), Runnable::run).join();
      BatchRead uncut = backend.readRunsAsync(handles, Optional.empty(), Runnable::run).join();

      assertThat(cut.requests()).as("the second page started before the oldest run asked for").isEqualTo(2);
      assertThat(cut.statuses()).containsOnlyKeys(listed);
      assertThat(cut.statuses().get(listed).state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(uncut.requests()).as("without a start to pass, a page per run asked for").isEqualTo(3);
      assertThat(uncut.statuses()).containsOnlyKeys(listed);
      verify(codeCatalyst, times(2 + 3)).listWorkflowRuns(any(ListWorkflowRunsRequest.class));
      verify(codeCatalyst, never()).getWorkflowRun(any(GetWorkflowRunRequest.class));
    }

    @Test
    void listRunsResolvesTheNameAndListsNewestFirst() {
      Instant t = Instant.parse("2026-11-23T10:00:00Z");
      when(codeCatalyst.listWorkflows(any(ListWorkflowsRequest.class)))
          .thenReturn(ListWorkflowsResponse.builder().items(workflow(WORKFLOW_ID, "deploy", "main")).build());
      ListWorkflowRunsResponse newest = ListWorkflowRunsResponse.builder().items(
          run("11111111-0000-0000-0000-000000000002", WorkflowRunStatus.SUCCEEDED, t.plusSeconds(10)),
          run("11111111-0000-0000-0000-000000000003", WorkflowRunStatus.IN_PROGRESS, t.plusSeconds(20))).nextToken("t1")
          .build();
      ListWorkflowRunsResponse oldest = ListWorkflowRunsResponse.builder().items(
          run("11111111-0000-0000-0000-000000000001", WorkflowRunStatus.FAILED, t)).build();
      when(codeCatalyst.listWorkflowRuns(any(ListWorkflowRunsRequest.class))).thenAnswer(call ->
          ((ListWorkflowRunsRequest) call.getArgument(0)).nextToken() == null ? newest : oldest);

      List<RunStatus> two = launcher.listRuns(BY_NAME, 2);
      List<RunStatus> three = launcher.listRuns(BY_NAME, 3);

      assertThat(two).extracting(s -> s.handle().runId())
          .containsExactly("11111111-0000-0000-0000-000000000003", "11111111-0000-0000-0000-000000000002");
      assertThat(three).extracting(RunStatus::state)
          .containsExactly(RunState.RUNNING, RunState.SUCCEEDED, RunState.FAILED);
      assertThat(three).allSatisfy(s -> assertThat(s.handle().part(2)).isEqualTo(WORKFLOW_ID));
      ArgumentCaptor<ListWorkflowRunsRequest> asked = ArgumentCaptor.forClass(ListWorkflowRunsRequest.class);
      verify(codeCatalyst, times(3)).listWorkflowRuns(asked.capture());
      assertThat(asked.getAllValues()).extracting(ListWorkflowRunsRequest::nextToken)
          .as("two runs need one page, three need both").containsExactly(null, null, "t1");
    }
  }
}
