package io.wflaunch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.WaitOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final WaitOptions OPTIONS = WaitOptions.builder()
      .minInterval(Duration.ofSeconds(1)).maxInterval(Duration.ofSeconds(60)).multiplier(2.0).build();

  @Test
  void theCeilingDoublesFromTheMinimumUpToTheMaximum() {
    Backoff backoff = new Backoff(OPTIONS, new SplittableRandom(1)::nextLong);

    List<Long> ceilings = new ArrayList<>();
    for (int step = 0; step < 9; step++) {
      ceilings.add(Duration.ofNanos(backoff.ceilingNanos(step)).toSeconds());
    }

    assertThat(ceilings).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
    assertThat(backoff.ceilingNanos(10_000)).isEqualTo(Duration.ofSeconds(60).toNanos());
  }

  @Test
  void eachPauseIsDrawnBetweenTheMinimumAndThatStepsCeiling() {
    for (long seed = 0; seed < 200; seed++) {
      Backoff backoff = new Backoff(OPTIONS, new SplittableRandom(seed)::nextLong);
      for (int step = 0; step < 12; step++) {
        Duration pause = backoff.afterPoll();
        assertThat(pause).isBetween(Duration.ofSeconds(1), Duration.ofNanos(backoff.ceilingNanos(step)));
      }
    }
  }

  @Test
  void theJitterSpreadsOverTheWholeRange() {
    Backoff probe = new Backoff(OPTIONS, () -> 0L);
    long ceiling = probe.ceilingNanos(5);
    long low = Long.MAX_VALUE;
    long high = 0;
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 2_000; i++) {
      Backoff backoff = new Backoff(OPTIONS, random::nextLong);
      for (int step = 0; step < 5; step++) {
        backoff.afterPoll();
      }
      long nanos = backoff.afterPoll().toNanos();
      low = Math.min(low, nanos);
      high = Math.max(high, nanos);
    }
    long min = Duration.ofSeconds(1).toNanos();
    assertThat(low).isLessThan(min + (ceiling - min) / 20);
    assertThat(high).isGreaterThan(ceiling - (ceiling - min) / 20);
  }

  @Test
  void aFailureStretchesThePauseAndNeverShortensIt() {
    for (long seed = 0; seed < 200; seed++) {
      Backoff backoff = new Backoff(OPTIONS, new SplittableRandom(seed)::nextLong);
      Duration previous = backoff.afterPoll();
      for (int failures = 0; failures < 10; failures++) {
        Duration pause = backoff.afterFailure();
        assertThat(pause).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(Duration.ofSeconds(60));
        previous = pause;
      }
      assertThat(previous).as("after ten failures the pause has reached the maximum range")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }
  }

  @Test
  void failuresGrowTheCeilingFasterThanPolls() {
    Backoff polled = new Backoff(OPTIONS, () -> Long.MAX_VALUE);
    Backoff failed = new Backoff(OPTIONS, () -> Long.MAX_VALUE);
    for (int i = 0; i < 3; i++) {
      polled.afterPoll();
      failed.afterFailure();
    }

    assertThat(failed.afterFailure()).isGreaterThan(polled.afterPoll());
  }

  @Test
  void aMultiplierOfOneKeepsTheCeilingAtTheMinimum() {
    WaitOptions flat = OPTIONS.toBuilder().multiplier(1.0).build();
    Backoff backoff = new Backoff(flat, new SplittableRandom(3)::nextLong);

    for (int i = 0; i < 20; i++) {
      assertThat(backoff.afterPoll()).isEqualTo(Duration.ofSeconds(1));
    }
  }
}
