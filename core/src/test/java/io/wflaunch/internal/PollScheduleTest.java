package io.wflaunch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.WaitOptions;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PollScheduleTest {

  private static final WaitOptions OPTIONS = WaitOptions.builder()
      .minInterval(Duration.ofSeconds(1)).maxInterval(Duration.ofSeconds(60)).multiplier(2).build();

  @Test
  void theIntervalDoublesFromTheMinimumUpToTheMaximum() {
    long[] seconds = new long[9];
    for (int step = 0; step < seconds.length; step++) {
      seconds[step] = Duration.ofNanos(PollSchedule.intervalNanos(OPTIONS, step)).toSeconds();
    }
    assertThat(seconds).containsExactly(1, 2, 4, 8, 16, 32, 60, 60, 60);
    assertThat(PollSchedule.intervalNanos(OPTIONS, PollSchedule.MAX_STEP)).isEqualTo(Duration.ofSeconds(60).toNanos());
  }

  @Test
  void pausesLieWithinTwentyPercentOfTheIntervalAndAverageIt() {
    SplittableRandom random = new SplittableRandom(7);
    long interval = PollSchedule.intervalNanos(OPTIONS, 10);
    double sum = 0;
    for (int i = 0; i < 10_000; i++) {
      long pause = PollSchedule.pauseNanos(OPTIONS, 10, random);
      assertThat(pause).isBetween((long) (interval * 0.8), (long) (interval * 1.2));
      sum += pause;
    }
    assertThat(sum / 10_000 / interval).isBetween(0.99, 1.01);
  }

  @Test
  void afterAFailureThePauseIsNeverBelowTheInterval() {
    SplittableRandom random = new SplittableRandom(3);
    for (int step = 0; step < 12; step++) {
      long interval = PollSchedule.intervalNanos(OPTIONS, step);
      assertThat(PollSchedule.failurePauseNanos(OPTIONS, step, random))
          .isBetween(interval, (long) (interval * 1.2));
    }
  }

  @Test
  void theDefaultsPollARunAbout124TimesInItsFirstHour() {
    assertThat(PollSchedule.pollsPerHour(WaitOptions.DEFAULT)).isEqualTo(124);
  }
}
