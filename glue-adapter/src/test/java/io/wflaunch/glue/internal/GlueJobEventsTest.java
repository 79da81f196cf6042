package io.wflaunch.glue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.RunState;
import io.wflaunch.glue.GlueJobProvider;
import io.wflaunch.glue.GlueProvider;
import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.RunEvent;
import io.wflaunch.spi.events.RunEventFormat;
import io.wflaunch.testkit.events.SampleEvents;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.glue.model.JobRunState;

/** Reading Glue's "Glue Job State Change" events, as AWS documents them. */
class GlueJobEventsTest {

  private static final EventEnvelope SAMPLE = SampleEvents.read("job-state-change.json");

  @Test
  void theDocumentedEventNamesTheJobRun() {
    RunEvent event = GlueJobEvents.FORMAT.read(SAMPLE);

    assertThat(event.parts()).containsExactly("MyJob",
        "jr_abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
    assertThat(event.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(event.rawStatus()).isEqualTo("SUCCEEDED");
  }

  @ParameterizedTest
  @EnumSource(value = JobRunState.class, mode = EnumSource.Mode.EXCLUDE, names = "UNKNOWN_TO_SDK_VERSION")
  void everyStateMapsAsReadsMapIt(JobRunState state) {
    RunEvent event = GlueJobEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, "state", state.toString()));

    assertThat(event.state()).isEqualTo(GlueJobStatuses.stateOf(state));
    assertThat(event.rawStatus()).isEqualTo(state.toString());
  }

  @Test
  void aStoppedRunIsCancelledATimeoutTimedOutAndAStateThisSdkDoesNotKnowUnknownWithItsNameKept() {
    assertThat(GlueJobEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, "state", "STOPPED")).state())
        .isEqualTo(RunState.CANCELLED);
    assertThat(GlueJobEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, "state", "TIMEOUT")).state())
        .isEqualTo(RunState.TIMED_OUT);
    RunEvent unknown = GlueJobEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, "state", "HIBERNATING"));
    assertThat(unknown.state()).isEqualTo(RunState.UNKNOWN);
    assertThat(unknown.rawStatus()).isEqualTo("HIBERNATING");
  }

  @ParameterizedTest
  @ValueSource(strings = {"jobName", "jobRunId", "state"})
  void aMissingEmptyOrNonTextFieldIsNamedAndNotQuoted(String field) {
    assertThatThrownBy(() -> GlueJobEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, field, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("detail." + field + " is missing");
    assertThatThrownBy(() -> GlueJobEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, field, "")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("detail." + field + " is empty");
    assertThatThrownBy(() -> GlueJobEvents.FORMAT.read(SampleEvents.withDetail(SAMPLE, field, List.of("secret-7731"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("detail." + field + " is not text");
  }

  @Test
  void theJobProviderReadsTheEventsOfItsEngineAndTheWorkflowProviderNone() {
    RunEventFormat format = new GlueJobProvider().runEvents().orElseThrow();

    assertThat(format.source()).isEqualTo("aws.glue").isEqualTo(SAMPLE.source());
    assertThat(format.detailTypes()).isEqualTo(List.of("Glue Job State Change")).containsExactly(SAMPLE.detailType());
    assertThat(new GlueProvider().runEvents()).as("Glue workflow runs publish no state change events").isEmpty();
  }
}
