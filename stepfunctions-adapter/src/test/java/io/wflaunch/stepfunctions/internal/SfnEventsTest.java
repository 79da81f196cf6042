package io.wflaunch.stepfunctions.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.RunState;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.RunEvent;
import io.wflaunch.spi.events.RunEventFormat;
import io.wflaunch.stepfunctions.StepFunctionsProvider;
import io.wflaunch.testkit.events.SampleEvents;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** Reading Step Functions' "Step Functions Execution Status Change" events, as AWS documents them. */
class SfnEventsTest {

  private static final EventEnvelope SAMPLE = SampleEvents.read("execution-status-change.json");
  private static final String ARN = "arn:aws:states:us-east-1:123456789012:execution:state-machine-name:execution-name";

  @Test
  void theDocumentedEventNamesTheRunAsAStartThroughTheStateMachinesNameDoes() {
    RunEvent event = SfnEvents.FORMAT.read(SAMPLE);

    assertThat(event.parts()).isEqualTo(SfnRules.handleOf("sfn-east", WorkflowTarget.of("sfn", "state-machine-name"),
        ARN).parts()).containsExactly("state-machine-name", "execution-name");
    assertThat(event.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(event.rawStatus()).isEqualTo("SUCCEEDED");
    assertThat(event.otherForms()).as("and as a start through the state machine's ARN does")
        .containsExactly(SfnRules.handleOf("sfn", WorkflowTarget.of("sfn",
            "arn:aws:states:us-east-1:123456789012:stateMachine:state-machine-name"), ARN).parts());
  }

  @ParameterizedTest
  @EnumSource(value = ExecutionStatus.class, mode = EnumSource.Mode.EXCLUDE, names = "UNKNOWN_TO_SDK_VERSION")
  void everyStatusMapsAsReadsMapIt(ExecutionStatus status) {
    RunEvent event = SfnEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, "status", status.toString()));

    assertThat(event.state()).isEqualTo(SfnStatuses.stateOf(status));
    assertThat(event.rawStatus()).isEqualTo(status.toString());
  }

  @Test
  void anAbortedExecutionIsCancelledAndAStatusThisSdkDoesNotKnowIsUnknownWithItsNameKept() {
    assertThat(SfnEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, "status", "ABORTED")).state())
        .isEqualTo(RunState.CANCELLED);
    RunEvent unknown = SfnEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, "status", "PAUSED_FOR_LUNCH"));
    assertThat(unknown.state()).isEqualTo(RunState.UNKNOWN);
    assertThat(unknown.rawStatus()).isEqualTo("PAUSED_FOR_LUNCH");
  }

  @Test
  void aMapRunsChildIsNamedByItsArnAsEveryTargetNamesIt() {
    String child = "arn:aws:states:us-east-1:123456789012:execution:state-machine-name/map-label:0f9b1c2d";

    RunEvent event = SfnEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, "executionArn", child));

    assertThat(event.parts()).containsExactly(child)
        .isEqualTo(SfnRules.handleOf("sfn", WorkflowTarget.of("sfn", "state-machine-name"), child).parts());
  }

  @ParameterizedTest
  @ValueSource(strings = {"executionArn", "status"})
  void aMissingEmptyOrNonTextFieldIsNamedAndNotQuoted(String field) {
    assertThatThrownBy(() -> SfnEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, field, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("detail." + field + " is missing");
    assertThatThrownBy(() -> SfnEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, field, "")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("detail." + field + " is empty");
    assertThatThrownBy(() -> SfnEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, field, 424242)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("detail." + field + " is not text")
        .message().doesNotContain("424242");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not-an-arn-secret-7731",
      "arn:aws:states:us-east-1:123456789012:stateMachine:secret-7731",
      "arn:aws:states:us-east-1:123456789012:execution:secret-7731",
      "arn:aws:states:us-east-1:123456789012:execution:secret-7731:run:extra",
      "arn:aws:states:us-east-1:12345:execution:secret-7731:run",
      "arn:aws:lambda:us-east-1:123456789012:execution:secret-7731:run"})
  void anExecutionArnThatDoesNotParseIsRefusedWithoutItsValue(String arn) {
    assertThatThrownBy(() -> SfnEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, "executionArn", arn)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("detail.executionArn is not an execution ARN");
  }

  @Test
  void anExpressExecutionsArnIsRefusedAsSuchWithoutItsValue() {
    String express = "arn:aws:states:us-east-1:123456789012:express:secret-7731:run:0f9b1c2d";

    assertThatThrownBy(() -> SfnEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, "executionArn", express)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("detail.executionArn is an Express")
        .message().doesNotContain("secret-7731");
  }

  @Test
  void theProviderReadsTheEventsOfItsEngine() {
    RunEventFormat format = new StepFunctionsProvider().runEvents().orElseThrow();

    assertThat(format.source()).isEqualTo("aws.states").isEqualTo(SAMPLE.source());
    assertThat(format.detailTypes()).isEqualTo(List.of("Step Functions Execution Status Change"))
        .containsExactly(SAMPLE.detailType());
    assertThat(format).isSameAs(SfnEvents.FORMAT);
  }
}
