package io.wflaunch.swf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ConflictException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.swf.FakeSwfClient;
import io.wflaunch.testkit.swf.SwfRunScript;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;

/** Starting exactly once when SWF loses answers, with the fake's fault injection. */
class SwfIdempotencyUnderFaultsTest {

  private static final WorkflowTarget SETTLE = WorkflowTarget.of("swf", "payments", "Settle", "1");

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeSwfClient swf = FakeSwfClient.create(time.clock())
      .addWorkflowType("payments", "Settle", "1", SwfRunScript.completesAfter(Duration.ofMinutes(10)))
      .addWorkflowType("payments", "Refund", "1", SwfRunScript.completesAfter(Duration.ofMinutes(10)));
  private final WorkflowLauncher launcher = WorkflowLauncher.builder()
      .backend(SwfBackend.builder(swf).clock(time.clock()).build())
      .startPolicy(StartPolicy.DEFAULT.withoutPauses())
      .clock(time.clock()).scheduler(time).executor(time).build();

  @AfterEach
  void close() {
    launcher.close();
  }

  @Test
  void twoHundredKeyedStartsWhoseResponsesAreLostCreateTwoHundredExecutions() {
    swf.faults().loseNextStartResponses(200);
    Set<RunHandle> handles = new HashSet<>();

    for (int i = 0; i < 200; i++) {
      String key = "order-" + i;
      RunHandle handle = launcher.start(StartRunRequest.builder(SETTLE).parameter("n", String.valueOf(i))
          .idempotencyKey(key).build());

      assertThat(execution(handle).tagList()).as("start %d returned its own execution", i)
          .containsExactly("wflaunch-key:" + key);
      assertThat(handle.part(1)).isEqualTo(key);
      handles.add(handle);
    }

    assertThat(swf.executionsOf("payments")).hasSize(200);
    assertThat(handles).hasSize(200);
  }

  @Test
  void aKeyedStartAfterItsExecutionClosedReturnsThatExecution() {
    RunHandle first = launcher.start(StartRunRequest.builder(SETTLE).idempotencyKey("nightly-2026-11-23").build());
    time.advanceBy(Duration.ofHours(1));
    assertThat(launcher.getRun(first).state()).isEqualTo(RunState.SUCCEEDED);

    RunHandle again = launcher.start(StartRunRequest.builder(SETTLE).idempotencyKey("nightly-2026-11-23").build());

    assertThat(again).isEqualTo(first);
    assertThat(swf.executionsOf("payments")).hasSize(1);
  }

  @Test
  void withoutAKeyALostResponseIsResolvedForTheRandomWorkflowIdItUsed() {
    swf.faults().loseNextStartResponses(1);

    RunHandle handle = launcher.start(StartRunRequest.builder(SETTLE).build());

    assertThat(swf.executionsOf("payments")).singleElement()
        .satisfies(info -> assertThat(info.execution().runId()).isEqualTo(handle.runId()));
  }

  @Test
  void aChosenWorkflowIdWithoutKeyIsResolvedAfterALostResponseByItsGeneratedMarker() {
    swf.faults().loseNextStartResponses(1);
    StartRunRequest request = StartRunRequest.builder(SETTLE)
        .options(SwfOptions.builder().workflowId("chosen").build()).build();

    RunHandle handle = launcher.start(request);

    assertThat(swf.executionsOf("payments")).singleElement()
        .satisfies(info -> assertThat(info.execution().runId()).isEqualTo(handle.runId()));
    assertThatThrownBy(() -> launcher.start(request)).as("another call is another start: the open id is not its own")
        .isInstanceOf(ConflictException.class).hasMessageContaining("'chosen' is already open for another start");
    assertThat(swf.executionsOf("payments")).hasSize(1);
  }

  @Test
  void aKeyedStartRepeatedWhileTheListingLagsReturnsTheOpenExecution() {
    swf.listingLag(3);

    RunHandle first = launcher.start(StartRunRequest.builder(SETTLE).idempotencyKey("settle-4711").build());
    RunHandle second = launcher.start(StartRunRequest.builder(SETTLE).idempotencyKey("settle-4711").build());

    assertThat(second).isEqualTo(first);
    assertThat(swf.executionsOf("payments")).hasSize(1);
  }

  @Test
  void aKeyUsedForAnotherWorkflowTypeIsAConflictAndStartsNothing() {
    RunHandle settle = launcher.start(StartRunRequest.builder(SETTLE).idempotencyKey("order-4711").build());
    WorkflowTarget refund = WorkflowTarget.of("swf", "payments", "Refund", "1");

    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(refund).idempotencyKey("order-4711").build()))
        .isInstanceOf(ConflictException.class).hasMessageContaining(settle.toString());
    assertThat(swf.executionsOf("payments")).hasSize(1);
  }

  @Test
  void anOpenWorkflowIdOfAnotherKeyIsAConflict() {
    SwfOptions shared = SwfOptions.builder().workflowId("shared").build();
    launcher.start(StartRunRequest.builder(SETTLE).idempotencyKey("a").options(shared).build());

    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(SETTLE).idempotencyKey("b").options(shared).build()))
        .isInstanceOf(ConflictException.class).hasMessageContaining("'shared'");
    assertThat(swf.executionsOf("payments")).hasSize(1);
  }

  private WorkflowExecutionInfo execution(RunHandle handle) {
    List<WorkflowExecutionInfo> all = swf.executionsOf(handle.part(0));
    return all.stream().filter(info -> info.execution().runId().equals(handle.runId())).findFirst().orElseThrow();
  }
}
