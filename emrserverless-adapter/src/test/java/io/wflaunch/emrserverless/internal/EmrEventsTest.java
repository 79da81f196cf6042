package io.wflaunch.emrserverless.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.RunState;
import io.wflaunch.emrserverless.EmrServerlessProvider;
import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.RunEvent;
import io.wflaunch.spi.events.RunEventFormat;
import io.wflaunch.testkit.events.SampleEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;

/** Reading EMR Serverless's "EMR Serverless Job Run State Change" events, as AWS documents them. */
class EmrEventsTest {

  private static final EventEnvelope SAMPLE = SampleEvents.read("job-run-state-change.json");

  @Test
  void theDocumentedEventNamesTheJobRunAsAStartDoes() {
    RunEvent event = EmrEvents.FORMAT.read(SAMPLE);

    assertThat(event.parts()).containsExactly("00f1982r1uukb925", "00f1cbn5g4bb0c01");
    assertThat(event.state()).isEqualTo(RunState.RUNNING);
    assertThat(event.rawStatus()).isEqualTo("RUNNING");
  }

  @ParameterizedTest
  @EnumSource(value = JobRunState.class, mode = EnumSource.Mode.EXCLUDE, names = "UNKNOWN_TO_SDK_VERSION")
  void everyStateMapsAsReadsMapIt(JobRunState state) {
    RunEvent event = EmrEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, "state", state.toString()));

    assertThat(event.state()).isEqualTo(EmrStatuses.stateOf(state));
    assertThat(event.rawStatus()).isEqualTo(state.toString());
  }

  @Test
  void successSucceedsACancelledRunIsCancelledAndAStateThisSdkDoesNotKnowIsUnknownWithItsNameKept() {
    assertThat(EmrEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, "state", "SUCCESS")).state())
        .isEqualTo(RunState.SUCCEEDED);
    assertThat(EmrEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, "state", "CANCELLED")).state())
        .isEqualTo(RunState.CANCELLED);
    RunEvent unknown = EmrEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, "state", "HIBERNATING"));
    assertThat(unknown.state()).isEqualTo(RunState.UNKNOWN);
    assertThat(unknown.rawStatus()).isEqualTo("HIBERNATING");
  }

  @ParameterizedTest
  @ValueSource(strings = {"applicationId", "jobRunId", "state"})
  void aMissingEmptyOrNonTextFieldIsNamedAndNotQuoted(String field) {
    assertThatThrownBy(() -> EmrEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, field, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("detail." + field + " is missing");
    assertThatThrownBy(() -> EmrEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, field, "")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("detail." + field + " is empty");
    assertThatThrownBy(() -> EmrEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, field, Map.of("id", "secret-7731"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("detail." + field + " is not text");
  }

  @Test
  void theProviderReadsTheEventsOfItsEngine() {
    RunEventFormat format = new EmrServerlessProvider().runEvents().orElseThrow();

    assertThat(format.source()).isEqualTo("aws.emr-serverless").isEqualTo(SAMPLE.source());
    assertThat(format.detailTypes()).isEqualTo(List.of("EMR Serverless Job Run State Change"))
        .containsExactly(SAMPLE.detailType());
  }
}
