package io.wflaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressTest {

  static final RunHandle LONG = RunHandle.of("sfn",
      "arn:aws:states:eu-west-1:123456789012:execution:order-pipeline:0123456789abcdef0123456789abcdef");

  @Test
  void theLiveLineNeverReachesTheTerminalsWidth() {
    for (int columns : new int[] {40, 80, 132}) {
      StringWriter text = new StringWriter();
      Progress progress = new Progress(new PrintWriter(text), true, Clock.systemUTC(), columns);

      progress.onPoll(RunStatus.builder(LONG, RunState.RUNNING, "RUNNING").build(), Duration.ofSeconds(5));
      progress.onStateChange(Optional.empty(), RunStatus.builder(LONG, RunState.SUCCEEDED, "SUCCEEDED").build());

      assertThat(Arrays.stream(text.toString().split("\r\u001b\\[2K|\n")).filter(line -> !line.isEmpty()))
          .as("at %d columns", columns).isNotEmpty()
          .allSatisfy(line -> assertThat(line.length()).isLessThan(columns))
          .anySatisfy(line -> assertThat(line).startsWith("RUNNING (RUNNING)"));
    }
  }

  @Test
  void theWidthComesFromColumnsElseEighty() {
    assertThat(Progress.terminalColumns("120")).isEqualTo(120);
    assertThat(Progress.terminalColumns(null)).isEqualTo(80);
    assertThat(Progress.terminalColumns("wide")).isEqualTo(80);
    assertThat(Progress.terminalColumns("3")).isEqualTo(80);
  }
}
