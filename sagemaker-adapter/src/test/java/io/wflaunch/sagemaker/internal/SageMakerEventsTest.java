package io.wflaunch.sagemaker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.sagemaker.SageMakerBackend;
import io.wflaunch.sagemaker.SageMakerProvider;
import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.RunEvent;
import io.wflaunch.spi.events.RunEventFormat;
import io.wflaunch.testkit.events.SampleEvents;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStatus;

/** Reading SageMaker's "SageMaker Model Building Pipeline Execution Status Change" events, as AWS documents them. */
class SageMakerEventsTest {

  private static final EventEnvelope SAMPLE = SampleEvents.read("pipeline-execution-status-change.json");
  private static final String ARN = "arn:aws:sagemaker:us-east-1:111122223333:pipeline/myPipeline-123/execution/"
      + "p4jn9xou8a8s";

  @Test
  void theDocumentedEventNamesTheRunAsAStartDoes() {
    RunEvent event = SageMakerEvents.FORMAT.read(SAMPLE);

    assertThat(event.parts()).containsExactly("us-east-1", "111122223333", "myPipeline-123", "p4jn9xou8a8s")
        .isEqualTo(SageMakerBackend.handleOf("sagemaker-east", ARN).parts());
    assertThat(SageMakerBackend.executionArn(new RunHandle("sagemaker", event.parts()))).isEqualTo(ARN);
    assertThat(event.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(event.rawStatus()).isEqualTo("Succeeded");
  }

  @ParameterizedTest
  @EnumSource(value = PipelineExecutionStatus.class, mode = EnumSource.Mode.EXCLUDE, names = "UNKNOWN_TO_SDK_VERSION")
  void everyStatusMapsAsReadsMapIt(PipelineExecutionStatus status) {
    RunEvent event = SageMakerEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, "currentPipelineExecutionStatus",
        status.toString()));

    assertThat(event.state()).isEqualTo(SageMakerStatuses.stateOf(status));
    assertThat(event.rawStatus()).isEqualTo(status.toString());
  }

  @Test
  void aStoppedExecutionIsCancelledAndAStatusThisSdkDoesNotKnowIsUnknownWithItsNameKept() {
    assertThat(SageMakerEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, "currentPipelineExecutionStatus",
        "Stopped")).state()).isEqualTo(RunState.CANCELLED);
    RunEvent unknown = SageMakerEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, "currentPipelineExecutionStatus",
        "Hibernating"));
    assertThat(unknown.state()).isEqualTo(RunState.UNKNOWN);
    assertThat(unknown.rawStatus()).isEqualTo("Hibernating");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pipelineExecutionArn", "currentPipelineExecutionStatus"})
  void aMissingEmptyOrNonTextFieldIsNamedAndNotQuoted(String field) {
    assertThatThrownBy(() -> SageMakerEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, field, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("detail." + field + " is missing");
    assertThatThrownBy(() -> SageMakerEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, field, "")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("detail." + field + " is empty");
    assertThatThrownBy(() -> SageMakerEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, field, true)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("detail." + field + " is not text");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "secret-7731",
      "arn:aws:sagemaker:us-east-1:111122223333:pipeline/secret-7731",
      "arn:aws:sagemaker:us-east-1:111122223333:pipeline/secret-7731/execution/",
      "arn:aws:sagemaker::111122223333:pipeline/secret-7731/execution/p4jn9xou8a8s",
      "arn:aws:sagemaker:mars:111122223333:pipeline/secret-7731/execution/p4jn9xou8a8s",
      "arn:aws:sagemaker:us-east-1:111122223333:pipeline/secret_7731/execution/p4jn9xou8a8s",
      "arn:aws:sagemaker:us-east-1:111122223333:training-job/secret-7731"})
  void anExecutionArnThatDoesNotParseIsRefusedWithoutItsValue(String arn) {
    assertThatThrownBy(() -> SageMakerEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, "pipelineExecutionArn", arn)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("detail.pipelineExecutionArn is not a pipeline execution ARN");
  }

  @Test
  void theProviderReadsTheEventsOfItsEngine() {
    RunEventFormat format = new SageMakerProvider().runEvents().orElseThrow();

    assertThat(format.source()).isEqualTo("aws.sagemaker").isEqualTo(SAMPLE.source());
    assertThat(format.detailTypes()).isEqualTo(List.of("SageMaker Model Building Pipeline Execution Status Change"))
        .containsExactly(SAMPLE.detailType());
  }
}
