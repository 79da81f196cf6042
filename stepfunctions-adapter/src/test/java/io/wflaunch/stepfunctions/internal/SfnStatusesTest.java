package io.wflaunch.stepfunctions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveStatus;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

class SfnStatusesTest {

  private static final String ARN = "arn:aws:states:us-east-1:123456789012:execution:orders:run-1";
  private static final RunHandle HANDLE = RunHandle.of("sfn", ARN);
  private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");
  private static final Instant STOP = Instant.parse("2026-11-24T10:05:00Z");

  /** Every status the SDK knows, and what it is. */
  private static final Map<ExecutionStatus, RunState> TABLE = new EnumMap<>(Map.of(
      ExecutionStatus.RUNNING, RunState.RUNNING,
      ExecutionStatus.SUCCEEDED, RunState.SUCCEEDED,
      ExecutionStatus.FAILED, RunState.FAILED,
      ExecutionStatus.TIMED_OUT, RunState.TIMED_OUT,
      ExecutionStatus.ABORTED, RunState.CANCELLED,
      ExecutionStatus.PENDING_REDRIVE, RunState.PENDING,
      ExecutionStatus.UNKNOWN_TO_SDK_VERSION, RunState.UNKNOWN));

  @ParameterizedTest
  @EnumSource(ExecutionStatus.class)
  void everyStatusHasItsState(ExecutionStatus status) {
    assertThat(TABLE).containsKey(status);
    assertThat(SfnStatuses.stateOf(status)).isEqualTo(TABLE.get(status));
    RunStatus described = SfnStatuses.fromDescribe(HANDLE, DescribeExecutionResponse.builder().executionArn(ARN)
        .status(status).startDate(START).build());
    assertThat(described.state()).isEqualTo(TABLE.get(status));
    if (status != ExecutionStatus.UNKNOWN_TO_SDK_VERSION) {
      assertThat(described.rawStatus()).isEqualTo(status.toString());
    }
  }

  @Test
  void aStatusThisSdkDoesNotKnowIsUnknownWithItsRawValueKept() {
    RunStatus status = SfnStatuses.fromDescribe(HANDLE, DescribeExecutionResponse.builder().executionArn(ARN)
        .status("PAUSED_FOR_LUNCH").build());

    assertThat(status.state()).isEqualTo(RunState.UNKNOWN);
    assertThat(status.rawStatus()).isEqualTo("PAUSED_FOR_LUNCH");
    assertThat(SfnStatuses.stateOf(null)).isEqualTo(RunState.UNKNOWN);
  }

  @Test
  void pendingRedriveIsNotTerminalAndKeepsItsRawStatus() {
    RunStatus status = SfnStatuses.fromDescribe(HANDLE, DescribeExecutionResponse.builder().executionArn(ARN)
        .status(ExecutionStatus.PENDING_REDRIVE).redriveCount(2).redriveDate(STOP)
        .redriveStatus(ExecutionRedriveStatus.NOT_REDRIVABLE).redriveStatusReason("Execution is RUNNING").build());

    assertThat(status.state().isTerminal()).isFalse();
    assertThat(status.rawStatus()).isEqualTo("PENDING_REDRIVE");
    assertThat(status.details()).containsEntry("redriveCount", "2").containsEntry("redriveDate", STOP.toString())
        .containsEntry("redriveStatus", "NOT_REDRIVABLE").containsEntry("redriveStatusReason", "Execution is RUNNING");
    assertThat(status.maskedDetails()).containsExactly("redriveStatusReason");
  }

  @Test
  void aFailuresErrorAndCauseAreMaskedDetailsAndTheReasonOnlySaysSo() {
    DescribeExecutionResponse failed = DescribeExecutionResponse.builder().executionArn(ARN).name("run-1")
        .stateMachineArn("arn:aws:states:us-east-1:123456789012:stateMachine:orders")
        .status(ExecutionStatus.FAILED).startDate(START).stopDate(STOP)
        .error("States.TaskFailed").cause("card declined").input("{\"card\":\"4111\"}").output("{\"secret\":1}")
        .traceHeader("Root=1-abc").build();

    RunStatus status = SfnStatuses.fromDescribe(HANDLE, failed);

    assertThat(status.state()).isEqualTo(RunState.FAILED);
    assertThat(status.reasons())
        .containsExactly("execution FAILED; its error and cause are in the masked details 'error' and 'cause'");
    assertThat(status.startedAt()).contains(START);
    assertThat(status.endedAt()).contains(STOP);
    assertThat(status.details()).containsEntry("error", "States.TaskFailed").containsEntry("cause", "card declined")
        .containsEntry("name", "run-1").containsEntry("traceHeader", "Root=1-abc")
        .containsEntry("input", "{\"card\":\"4111\"}");
    assertThat(status.maskedDetails()).containsExactlyInAnyOrder("error", "cause", "input", "output");
    assertThat(status.toString()).doesNotContain("4111").doesNotContain("secret").doesNotContain("TaskFailed")
        .doesNotContain("card declined").contains("error=****", "cause=****");
    assertThat(status.detail(DescribeExecutionResponse.class)).contains(failed);
  }

  @Test
  void aReasonNamesWhichOfErrorAndCauseThereAreWithoutTheirText() {
    assertThat(SfnStatuses.reason("TIMED_OUT", "States.Timeout", null))
        .isEqualTo("execution TIMED_OUT; its error is in the masked detail 'error'");
    assertThat(SfnStatuses.reason("ABORTED", "", "stopped by operator"))
        .isEqualTo("execution ABORTED; its cause is in the masked detail 'cause'");
    assertThat(SfnStatuses.reason("", "E", "c")).startsWith("execution ended; its error and cause");
    assertThat(SfnStatuses.reason("FAILED", null, "")).isNull();
  }

  /**
   * Every field of DescribeExecution's answer that the service model marks sensitive (the SDK's own
   * toString redacts it) is masked in the status and absent from its reasons, whichever fields the model
   * marks.
   */
  @Test
  void everyFieldTheModelMarksSensitiveIsMasked() {
    DescribeExecutionResponse.Builder builder = DescribeExecutionResponse.builder();
    List<String> markers = new ArrayList<>();
    for (SdkField<?> field : builder.sdkFields()) {
      boolean set = field.memberName().equals("status") || field.memberName().equals("executionArn");
      if (field.marshallingType() == MarshallingType.STRING && !set) {
        String marker = "marker-" + field.memberName() + "-value";
        field.set(builder, marker);
        markers.add(marker);
      }
    }
    DescribeExecutionResponse execution = builder.status(ExecutionStatus.FAILED).executionArn(ARN).build();
    List<String> sensitive = markers.stream().filter(marker -> !execution.toString().contains(marker)).toList();

    RunStatus status = SfnStatuses.fromDescribe(HANDLE, execution);

    assertThat(sensitive).as("the model's sensitive fields").contains("marker-error-value", "marker-cause-value",
        "marker-input-value", "marker-output-value", "marker-redriveStatusReason-value");
    for (String marker : sensitive) {
      assertThat(status.toString()).doesNotContain(marker);
      assertThat(status.reasons()).noneMatch(reason -> reason.contains(marker));
      assertThat(status.maskedView()).doesNotContainValue(marker);
    }
    assertThat(status.details()).containsValues(sensitive.toArray(String[]::new));
  }

  @Test
  void aListedExecutionHasItsStateDatesAndRedriveCount() {
    ExecutionListItem item = ExecutionListItem.builder().executionArn(ARN).name("run-1").status(ExecutionStatus.ABORTED)
        .startDate(START).stopDate(STOP).redriveCount(1).build();

    RunStatus status = SfnStatuses.fromListItem(HANDLE, item);

    assertThat(status.state()).isEqualTo(RunState.CANCELLED);
    assertThat(status.rawStatus()).isEqualTo("ABORTED");
    assertThat(status.endedAt()).contains(STOP);
    assertThat(status.details()).containsEntry("redriveCount", "1").containsEntry("name", "run-1");
    assertThat(status.detail(ExecutionListItem.class)).contains(item);
  }
}
