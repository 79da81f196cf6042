package io.wflaunch.swf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.RunState;
import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.RunEvent;
import io.wflaunch.spi.events.RunEventFormat;
import io.wflaunch.swf.SwfProvider;
import io.wflaunch.testkit.events.SampleEvents;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.swf.model.CloseStatus;

/**
 * Reading SWF's "Simple Workflow Execution State Change" events, as AWS documents them ("EventBridge for
 * Amazon SWF execution status changes" in the SWF developer guide: its five samples, less the trailing
 * commas that keep them from being JSON).
 */
class SwfEventsTest {

  private static final EventEnvelope COMPLETED = SampleEvents.read("execution-completed.json");
  private static final String INFO = "workflowExecutionDetail.executionInfo";

  @ParameterizedTest
  @CsvSource({
      "execution-started.json,    SimpleWorkflowUserSimulator, 123456789012,   AKIAIOSFODNN7EXAMPLE, RUNNING,   OPEN",
      "execution-completed.json,  SimpleWorkflowUserSimulator, 1234-5678-9012, 777788889999,         SUCCEEDED, COMPLETED",
      "execution-failed.json,     SimpleWorkflowUserSimulator, 1234-5678-9012, 777788889999,         FAILED,    FAILED",
      "execution-timed-out.json,  SimpleWorkflowUserSimulator, 1234-5678-9012, 777788889999,         TIMED_OUT, TIMED_OUT",
      "execution-terminated.json, canary,                      1234-5678-9012, 777788889999,         CANCELLED, TERMINATED"})
  void theDocumentedEventsNameTheRunAsAStartDoes(String sample, String domain, String workflowId, String runId,
      RunState state, String raw) {
    RunEvent event = SwfEvents.FORMAT.read(SampleEvents.read(sample));

    assertThat(event.parts()).containsExactly(domain, workflowId, runId);
    assertThat(event.state()).isEqualTo(state);
    assertThat(event.rawStatus()).isEqualTo(raw);
  }

  @ParameterizedTest
  @EnumSource(value = CloseStatus.class, mode = EnumSource.Mode.EXCLUDE, names = "UNKNOWN_TO_SDK_VERSION")
  void everyCloseStatusMapsAsReadsMapIt(CloseStatus close) {
    RunEvent event = SwfEvents.FORMAT.read(SampleEvents.withDetailAt(COMPLETED, INFO + ".closeStatus", close.toString()));

    assertThat(event.state()).isEqualTo(SwfStatuses.stateOf(close));
    assertThat(event.rawStatus()).isEqualTo(close.toString());
  }

  @Test
  void anOpenExecutionRunsUntilACancelIsRequestedAndUnknownStatusesAreUnknownWithTheirNamesKept() {
    EventEnvelope open = SampleEvents.withDetailAt(SampleEvents.withDetailAt(COMPLETED, INFO + ".executionStatus",
        "OPEN"), INFO + ".closeStatus", null);
    assertThat(SwfEvents.FORMAT.read(open).state()).isEqualTo(RunState.RUNNING);
    RunEvent cancelling = SwfEvents.FORMAT.read(SampleEvents.withDetailAt(open, INFO + ".cancelRequested", true));
    assertThat(cancelling.state()).isEqualTo(RunState.STOPPING);
    assertThat(cancelling.rawStatus()).isEqualTo("OPEN");

    RunEvent unknownClose = SwfEvents.FORMAT.read(SampleEvents.withDetailAt(COMPLETED, INFO + ".closeStatus",
        "VANISHED"));
    assertThat(unknownClose.state()).isEqualTo(RunState.UNKNOWN);
    assertThat(unknownClose.rawStatus()).isEqualTo("VANISHED");
    RunEvent unknownStatus = SwfEvents.FORMAT.read(SampleEvents.withDetailAt(open, INFO + ".executionStatus",
        "DORMANT"));
    assertThat(unknownStatus.state()).isEqualTo(RunState.UNKNOWN);
    assertThat(unknownStatus.rawStatus()).isEqualTo("DORMANT");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "workflowExecutionDetail",
      "workflowExecutionDetail.executionInfo",
      "workflowExecutionDetail.executionInfo.execution",
      "workflowExecutionDetail.executionInfo.execution.workflowId",
      "workflowExecutionDetail.executionInfo.execution.runId",
      "workflowExecutionDetail.executionInfo.executionStatus"})
  void aMissingFieldIsNamed(String path) {
    assertThatThrownBy(() -> SwfEvents.FORMAT.read(SampleEvents.withDetailAt(COMPLETED, path, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("detail." + path + " is missing");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "workflowExecutionDetail.executionInfo.execution.workflowId",
      "workflowExecutionDetail.executionInfo.execution.runId",
      "workflowExecutionDetail.executionInfo.executionStatus",
      "workflowExecutionDetail.executionInfo.closeStatus"})
  void aTextFieldThatIsEmptyOrNoTextIsNamedAndNotQuoted(String path) {
    assertThatThrownBy(() -> SwfEvents.FORMAT.read(SampleEvents.withDetailAt(COMPLETED, path, 424242)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("detail." + path + " is not text");
    if (!path.endsWith("closeStatus")) {
      assertThatThrownBy(() -> SwfEvents.FORMAT.read(SampleEvents.withDetailAt(COMPLETED, path, "")))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("detail." + path + " is empty");
    }
  }

  @Test
  void anObjectThatIsNoObjectAndACancelFlagThatIsNoBooleanAreNamed() {
    assertThatThrownBy(() -> SwfEvents.FORMAT.read(SampleEvents.withDetailAt(COMPLETED, INFO, "secret-7731")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("detail." + INFO + " is not an object");
    assertThatThrownBy(() -> SwfEvents.FORMAT.read(SampleEvents.withDetailAt(COMPLETED, INFO + ".cancelRequested",
        "secret-7731"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("detail." + INFO + ".cancelRequested is not a boolean");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "arn:aws:swf:us-east-1:444455556666:/domain/",
      "arn:aws:swf:us-east-1:444455556666:/domain/secret|7731",
      "arn:aws:swf:us-east-1:4444:/domain/secret-7731",
      "arn:aws:states:us-east-1:444455556666:/domain/secret-7731",
      "secret-7731"})
  void resourcesWithoutADomainArnAreRefusedWithoutTheirValue(String resource) {
    assertThatThrownBy(() -> SwfEvents.FORMAT.read(SampleEvents.withResources(COMPLETED, List.of(resource))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("resources holds no domain ARN")
        .message().doesNotContain("secret");
    assertThatThrownBy(() -> SwfEvents.FORMAT.read(SampleEvents.withResources(COMPLETED, List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("resources holds no domain ARN");
  }

  @Test
  void theDomainIsTheFirstDomainArnAmongTheResources() {
    RunEvent event = SwfEvents.FORMAT.read(SampleEvents.withResources(COMPLETED, List.of(
        "arn:aws:swf:us-east-1:444455556666:/domain/secret|7731", "arn:aws-cn:swf:cn-north-1:444455556666:/domain/payments")));

    assertThat(event.parts()).containsExactly("payments", "1234-5678-9012", "777788889999");
  }

  @Test
  void theProviderReadsTheEventsOfItsEngine() {
    RunEventFormat format = new SwfProvider().runEvents().orElseThrow();

    assertThat(format.source()).isEqualTo("aws.swf").isEqualTo(COMPLETED.source());
    assertThat(format.detailTypes()).isEqualTo(List.of("Simple Workflow Execution State Change"))
        .containsExactly(COMPLETED.detailType());
  }
}
