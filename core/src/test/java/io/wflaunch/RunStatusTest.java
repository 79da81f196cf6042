package io.wflaunch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunStatusTest {

  private static final RunHandle HANDLE = RunHandle.of("glue", "etl", "wr_1");
  private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

  record GlueDetail(int failedActions) {}

  @Test
  void theBuilderSkipsUnknownValuesAndKeepsDetailOrder() {
    RunStatus status = RunStatus.builder(HANDLE, RunState.FAILED, "COMPLETED")
        .startedAt(START).endedAt(null)
        .reason("2 actions failed").reason(null).reason(" ")
        .detail("zeta", 1).detail("alpha", null).detail("beta", "b")
        .backendDetail(new GlueDetail(2))
        .build();

    assertThat(status.startedAt()).contains(START);
    assertThat(status.endedAt()).isEmpty();
    assertThat(status.reasons()).containsExactly("2 actions failed");
    assertThat(status.details()).containsExactly(Map.entry("zeta", "1"), Map.entry("beta", "b"));
    assertThat(status.details()).isUnmodifiable();
    assertThat(status.detail(GlueDetail.class)).contains(new GlueDetail(2));
    assertThat(status.detail(String.class)).isEmpty();
  }

  @Test
  void durationNeedsBothEnds() {
    RunStatus running = RunStatus.builder(HANDLE, RunState.RUNNING, "RUNNING").startedAt(START).build();
    RunStatus done = running.toBuilder().state(RunState.SUCCEEDED).rawStatus("COMPLETED")
        .endedAt(START.plusSeconds(90)).build();

    assertThat(running.duration()).isEmpty();
    assertThat(done.duration()).contains(Duration.ofSeconds(90));
    assertThat(done.startedAt()).contains(START);
  }
}
