package io.wflaunch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstantTextTest {

  @ParameterizedTest
  @ValueSource(strings = {"1970-01-01T00:00:00Z", "2026-11-24T15:27:42Z", "2026-11-24T15:27:42.100Z",
      "2026-11-24T15:27:42.000001Z", "2026-11-24T15:27:42.000000001Z", "2026-11-24T15:27:42.123456789Z",
      "2024-02-29T23:59:59.999Z", "1969-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z",
      "9999-12-31T23:59:59.999999999Z", "-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
      "1900-03-01T12:00:00Z"})
  void writesWhatInstantToStringWrites(String text) {
    Instant instant = Instant.parse(text);

    assertThat(InstantText.format(instant)).isEqualTo(instant.toString()).isEqualTo(text);
  }

  @Test
  void agreesWithInstantToStringOnRandomInstants() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 200_000; i++) {
      long seconds = random.nextLong(-62_300_000_000L, 253_500_000_000L);
      int nano = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1_000;
        default -> random.nextInt(1_000_000_000);
      };
      Instant instant = Instant.ofEpochSecond(seconds, nano);

      assertThat(InstantText.format(instant)).as("%s", instant).isEqualTo(instant.toString());
    }
  }
}
