package io.wflaunch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WaitOptionsTest {

  @Test
  void defaultsAreOneToThirtySecondsForOneHour() {
    assertThat(WaitOptions.DEFAULT.minInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(WaitOptions.DEFAULT.maxInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(WaitOptions.DEFAULT.multiplier()).isEqualTo(2.0);
    assertThat(WaitOptions.DEFAULT.timeout()).isEqualTo(Duration.ofHours(1));
    assertThat(WaitOptions.builder().build()).isEqualTo(WaitOptions.DEFAULT);
  }

  @Test
  void aRunIsLeftAloneUnlessAStopOnGiveUpIsAskedForAndEveryCopyKeepsTheChoice() {
    WaitListener listener = new WaitListener() {};

    WaitOptions stopping = WaitOptions.builder().stopOnGiveUp(true).build();

    assertThat(WaitOptions.DEFAULT.stopOnGiveUp()).isFalse();
    assertThat(new WaitOptions(Duration.ofSeconds(1), Duration.ofSeconds(2), 2.0, Duration.ofMinutes(1),
        WaitListener.NONE).stopOnGiveUp()).isFalse();
    assertThat(stopping.stopOnGiveUp()).isTrue();
    assertThat(stopping.withTimeout(Duration.ofMinutes(5)).stopOnGiveUp()).isTrue();
    assertThat(stopping.withListener(listener).stopOnGiveUp()).isTrue();
    assertThat(stopping.toBuilder().build()).isEqualTo(stopping);
    assertThat(stopping.withStopOnGiveUp(false)).isEqualTo(WaitOptions.DEFAULT);
  }

  @Test
  void impossibleOptionsAreRefusedSayingWhy() {
    assertThatThrownBy(() -> WaitOptions.builder().minInterval(Duration.ZERO).build())
        .hasMessageContaining("minInterval must be positive");
    assertThatThrownBy(() -> WaitOptions.builder().maxInterval(Duration.ofMillis(10)).build())
        .hasMessageContaining("maxInterval must be at least minInterval");
    assertThatThrownBy(() -> WaitOptions.builder().multiplier(0.5).build())
        .hasMessageContaining("multiplier must be a finite number of at least 1");
    assertThatThrownBy(() -> WaitOptions.builder().multiplier(Double.NaN).build())
        .hasMessageContaining("multiplier");
    assertThatThrownBy(() -> WaitOptions.DEFAULT.withTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("timeout must be positive");
  }
}
