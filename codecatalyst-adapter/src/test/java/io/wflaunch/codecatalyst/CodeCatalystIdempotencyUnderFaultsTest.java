package io.wflaunch.codecatalyst;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.codecatalyst.CodeCatalystRunScript;
import io.wflaunch.testkit.codecatalyst.FakeCodeCatalystClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunStatus;

/** Starting exactly once when CodeCatalyst loses answers, with the fake's fault injection. */
class CodeCatalystIdempotencyUnderFaultsTest {

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeCodeCatalystClient codeCatalyst = FakeCodeCatalystClient.create(time.clock());
  private final String workflowId = codeCatalyst.addWorkflow("my-space", "my-project", "deploy",
      CodeCatalystRunScript.endsAfter(Duration.ofMinutes(5), WorkflowRunStatus.SUCCEEDED));
  private final WorkflowLauncher launcher = WorkflowLauncher.builder()
      .backend(CodeCatalystBackend.builder(codeCatalyst).clock(time.clock()).build())
      .startPolicy(StartPolicy.DEFAULT.withoutPauses())
      .build();

  @AfterEach
  void close() {
    launcher.close();
  }

  @Test
  void twoHundredKeyedStartsWhoseResponsesAreLostCreateTwoHundredRuns() {
    codeCatalyst.faults().loseNextStartResponses(200);
    WorkflowTarget deploy = WorkflowTarget.of("codecatalyst", "my-space", "my-project", "deploy");
    Set<RunHandle> handles = new HashSet<>();

    for (int i = 0; i < 200; i++) {
      RunHandle handle = launcher.start(StartRunRequest.builder(deploy).idempotencyKey("release-" + i).build());
      handles.add(handle);
      assertThat(launcher.start(StartRunRequest.builder(deploy).idempotencyKey("release-" + i).build()))
          .as("the key of start %d names its own run", i).isEqualTo(handle);
    }

    assertThat(codeCatalyst.runCount(workflowId)).isEqualTo(200);
    assertThat(handles).hasSize(200);
  }

  @Test
  void aKeyUsedForAnotherWorkflowStartsThatWorkflowsOwnRunWhereTokensAreScopedToAWorkflow() {
    String other = codeCatalyst.addWorkflow("my-space", "my-project", "other",
        CodeCatalystRunScript.endsAfter(Duration.ofMinutes(5), WorkflowRunStatus.SUCCEEDED));
    WorkflowTarget deploy = WorkflowTarget.of("codecatalyst", "my-space", "my-project", workflowId);
    RunHandle first = launcher.start(StartRunRequest.builder(deploy).idempotencyKey("release-1").build());

    RunHandle second = launcher.start(StartRunRequest.builder(
        WorkflowTarget.of("codecatalyst", "my-space", "my-project", other)).idempotencyKey("release-1").build());

    assertThat(second.part(2)).as("the fake scopes tokens to a workflow, as the service may").isEqualTo(other);
    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void withoutAKeyALostResponseIsResolvedByTheRetriedToken() {
    codeCatalyst.faults().loseNextStartResponses(1);

    RunHandle handle = launcher.start(StartRunRequest.builder(
        WorkflowTarget.of("codecatalyst", "my-space", "my-project", workflowId)).build());

    assertThat(codeCatalyst.runCount(workflowId)).isEqualTo(1);
    assertThat(handle.part(2)).isEqualTo(workflowId);
  }
}
