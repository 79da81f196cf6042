package io.wflaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every instant the command line prints: JSON always to the millisecond; text to the second, or to the
 * millisecond beside one of the same second.
 */
class TimesTest {

  static final Instant T = Instant.parse("2026-12-07T07:32:08.985462649Z");
  static final RunHandle HANDLE = RunHandle.of("glue", "etl", "wr_1");

  @Test
  void anInstantAloneIsWrittenToTheSecond() {
    assertThat(Times.text(T, null)).isEqualTo("2026-12-07T07:32:08Z");
    assertThat(Times.text(T, T.plusSeconds(1))).isEqualTo("2026-12-07T07:32:08Z");
  }

  @Test
  void anInstantThatSharesItsSecondWithItsNeighbourIsWrittenToTheMillisecond() {
    assertThat(Times.text(T, T.minusMillis(500))).isEqualTo("2026-12-07T07:32:08.985Z");
    assertThat(Times.text(Instant.parse("2026-12-07T07:32:08Z"), T)).isEqualTo("2026-12-07T07:32:08.000Z");
  }

  @Test
  void progressLinesAreToTheSecondUnlessTheLineBeforeWasInTheSameSecond() {
    Instant[] now = {T};
    Clock clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    StringWriter text = new StringWriter();
    Progress progress = new Progress(new PrintWriter(text), false, clock, 80);

    progress.onStateChange(Optional.empty(), RunStatus.builder(HANDLE, RunState.PENDING, "STARTING").build());
    now[0] = T.plusMillis(10);
    progress.onStateChange(Optional.empty(), RunStatus.builder(HANDLE, RunState.RUNNING, "RUNNING").build());
    now[0] = T.plusSeconds(30);
    progress.onStateChange(Optional.empty(), RunStatus.builder(HANDLE, RunState.SUCCEEDED, "SUCCEEDED").build());

    assertThat(text.toString().lines()).containsExactly(
        "2026-12-07T07:32:08Z glue:etl/wr_1 PENDING (STARTING)",
        "2026-12-07T07:32:08.995Z glue:etl/wr_1 RUNNING (RUNNING)",
        "2026-12-07T07:32:38Z glue:etl/wr_1 SUCCEEDED (SUCCEEDED)");
  }

  @Test
  void aStatusWritesItsTimesByTheSecondRuleInTextAndTableAndAlwaysToTheMillisecondInJson() throws Exception {
    RunStatus status = RunStatus.builder(HANDLE, RunState.SUCCEEDED, "SUCCEEDED")
        .startedAt(T.minusSeconds(90)).endedAt(T).updatedAt(T.plusMillis(5)).build();

    String line = StatusOutput.line(status);
    String table = StatusOutput.table(java.util.List.of(status));
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(StatusOutput.json(status, false));

    assertThat(line).contains("started 2026-12-07T07:30:38Z ended 2026-12-07T07:32:08.985Z "
        + "updated 2026-12-07T07:32:08.990Z");
    assertThat(table).contains("2026-12-07T07:30:38Z");
    assertThat(json.get("startedAt").asText()).isEqualTo("2026-12-07T07:30:38.985Z");
    assertThat(json.get("endedAt").asText()).isEqualTo("2026-12-07T07:32:08.985Z");
    assertThat(json.get("updatedAt").asText()).isEqualTo("2026-12-07T07:32:08.990Z");
    assertThat(line + table + json).doesNotContain("462649");
  }

  @Test
  void jsonTimesHaveOneFixedFormWhateverTheNeighbouringTimes() throws Exception {
    Instant started = Instant.parse("2026-12-07T07:32:08.999Z");
    RunStatus quick = RunStatus.builder(HANDLE, RunState.SUCCEEDED, "SUCCEEDED")
        .startedAt(started).endedAt(Instant.parse("2026-12-07T07:32:09.001Z")).build();
    RunStatus running = RunStatus.builder(HANDLE, RunState.RUNNING, "RUNNING")
        .startedAt(started).updatedAt(started.plusMillis(1)).build();
    RunStatus whole = RunStatus.builder(HANDLE, RunState.RUNNING, "RUNNING")
        .startedAt(Instant.parse("2026-12-07T07:32:08Z")).build();
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();

    com.fasterxml.jackson.databind.JsonNode one = mapper.readTree(StatusOutput.json(quick, false));
    com.fasterxml.jackson.databind.JsonNode listed = mapper.readTree(StatusOutput.json(java.util.List.of(quick, running),
        false));

    assertThat(one.get("startedAt").asText()).isEqualTo("2026-12-07T07:32:08.999Z");
    assertThat(one.get("endedAt").asText()).isEqualTo("2026-12-07T07:32:09.001Z");
    assertThat(listed.get(1).get("startedAt").asText()).isEqualTo(one.get("startedAt").asText());
    assertThat(mapper.readTree(StatusOutput.json(whole, false)).get("startedAt").asText())
        .isEqualTo("2026-12-07T07:32:08.000Z");
    assertThat(StatusOutput.line(quick)).contains("started 2026-12-07T07:32:08Z ended 2026-12-07T07:32:09Z");
  }
}
