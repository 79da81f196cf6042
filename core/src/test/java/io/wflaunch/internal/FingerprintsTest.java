package io.wflaunch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.BackendOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FingerprintsTest {

  record Options(Map<String, String> properties, List<String> tags, Optional<String> id, Duration timeout,
      Optional<Nested> nested) implements BackendOptions {
    @Override
    public String toString() {
      return "Options[masked]";
    }
  }

  record Nested(int priority) {}

  static Options options(Map<String, String> properties, List<String> tags, String id) {
    return new Options(properties, tags, Optional.ofNullable(id), Duration.ofMinutes(5), Optional.of(new Nested(1)));
  }

  @Test
  void valuesThatPrintAlikeHaveDifferentFingerprints() {
    assertThat(options(Map.of("a", "b, c=d"), List.of(), null).fingerprint())
        .isNotEqualTo(options(Map.of("a", "b", "c", "d"), List.of(), null).fingerprint());
    assertThat(options(Map.of(), List.of("x, y"), null).fingerprint())
        .isNotEqualTo(options(Map.of(), List.of("x", "y"), null).fingerprint());
    assertThat(options(Map.of(), List.of(), "").fingerprint())
        .isNotEqualTo(options(Map.of(), List.of(), null).fingerprint());
    assertThat(options(Map.of(), List.of(), null).fingerprint()).doesNotContain("masked");
  }

  @Test
  void mapOrderDoesNotMatterButListOrderDoes() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");

    assertThat(options(ab, List.of(), null).fingerprint()).isEqualTo(options(ba, List.of(), null).fingerprint());
    assertThat(options(ab, List.of("x", "y"), null).fingerprint())
        .isNotEqualTo(options(ab, List.of("y", "x"), null).fingerprint());
  }

  @Test
  void nestedRecordsCountByTheirValues() {
    Options one = new Options(Map.of(), List.of(), Optional.empty(), Duration.ZERO, Optional.of(new Nested(1)));
    Options two = new Options(Map.of(), List.of(), Optional.empty(), Duration.ZERO, Optional.of(new Nested(2)));

    assertThat(one.fingerprint()).isNotEqualTo(two.fingerprint());
  }

  record Tagged(java.util.Set<String> tags, int[] sizes) implements BackendOptions {}

  @Test
  void setsCountByTheirElementsWhateverTheirOrderAndArraysByTheirValues() {
    java.util.Set<String> one = new java.util.LinkedHashSet<>(List.of("x", "y", "z"));
    java.util.Set<String> other = new java.util.LinkedHashSet<>(List.of("z", "x", "y"));

    assertThat(new Tagged(one, new int[] {1, 2}).fingerprint()).isEqualTo(new Tagged(other, new int[] {1, 2}).fingerprint());
    assertThat(new Tagged(one, new int[] {1, 2}).fingerprint()).isNotEqualTo(new Tagged(one, new int[] {2, 1}).fingerprint());
  }

  record Cyclic(List<Object> values) implements BackendOptions {}

  @Test
  void aCycleIsRefusedRatherThanOverflowing() {
    List<Object> values = new java.util.ArrayList<>();
    Cyclic cyclic = new Cyclic(values);
    values.add(values);

    org.assertj.core.api.Assertions.assertThatThrownBy(cyclic::fingerprint)
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nested deeper");
  }
}
