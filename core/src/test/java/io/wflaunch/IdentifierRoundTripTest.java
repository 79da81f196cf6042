package io.wflaunch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Property: every target and handle made of any well-formed parts reads back equal from its string. */
class IdentifierRoundTripTest {

  private static final int CASES = 12_000;
  private static final String[] BACKENDS = {"glue", "swf", "codecatalyst", "glue-eu", "x.y_z", "a1"};
  /** Characters the string form must escape or keep, weighted towards the troublesome ones. */
  private static final String AWKWARD = "/:%  ~-._?#[]@!$&'()*+,;=\"<>\\^`{|}\t";
  private static final int[] NON_ASCII = {
    0xE9, 0xDF, 0x4E2D, 0x6587, 0x0416, 0x05D0, 0x0627, 0x1F600, 0x1F4A9, 0x10348, 0xFFFD, 0x00A0, 0x2028,
  };

  private final Random random = new Random(20261123L);

  @Test
  void targetsRoundTripThroughTheirStringForm() {
    int escaped = 0;
    for (int i = 0; i < CASES; i++) {
      WorkflowTarget target = new WorkflowTarget(backend(), parts(1 + random.nextInt(3)));
      String text = target.toString();

      assertThat(WorkflowTarget.parse(text)).as("parse(%s)", text).isEqualTo(target);
      assertCanonical(text, target.backend());
      escaped += text.indexOf('%') >= 0 ? 1 : 0;
    }
    assertThat(escaped).as("cases that needed escaping").isGreaterThan(CASES / 2);
  }

  @Test
  void handlesRoundTripThroughTheirStringForm() {
    for (int i = 0; i < CASES; i++) {
      RunHandle handle = new RunHandle(backend(), parts(1 + random.nextInt(4)));
      String text = handle.toString();

      RunHandle parsed = RunHandle.parse(text);

      assertThat(parsed).as("parse(%s)", text).isEqualTo(handle);
      assertThat(parsed.hashCode()).isEqualTo(handle.hashCode());
      assertThat(parsed.toString()).isEqualTo(text);
      assertCanonical(text, handle.backend());
    }
  }

  @Test
  void theStrictFormOfEarlierVersionsParsesToTheSameIdentifiers() {
    for (int i = 0; i < CASES; i++) {
      RunHandle handle = new RunHandle(backend(), parts(1 + random.nextInt(4)));
      String strict = io.wflaunch.internal.Identifiers.strictFormat(handle.backend(), handle.parts());

      assertThat(strict.substring(handle.backend().length() + 1)).as("strict form %s", strict)
          .matches("[A-Za-z0-9._~/%-]+");
      assertThat(RunHandle.parse(strict)).as("parse(%s)", strict).isEqualTo(handle);
      assertThat(WorkflowTarget.parse(strict)).isEqualTo(new WorkflowTarget(handle.backend(), handle.parts()));
    }
  }

  /**
   * Only unreserved characters, {@code : @ + , =}, the separators and well-formed escapes appear in the
   * string after the backend id.
   */
  private static void assertCanonical(String text, String backend) {
    assertThat(text).startsWith(backend + ":");
    String body = text.substring(backend.length() + 1);
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '%') {
        assertThat(body.substring(i + 1, Math.min(body.length(), i + 3))).as("escape at %d of %s", i, text)
            .matches("[0-9A-F]{2}");
        i += 2;
      } else {
        assertThat(String.valueOf(c)).as("character %d of %s", i, text).matches("[A-Za-z0-9._~/:@+,=-]");
      }
    }
  }

  private String backend() {
    return BACKENDS[random.nextInt(BACKENDS.length)];
  }

  private List<String> parts(int count) {
    List<String> parts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      parts.add(part());
    }
    return parts;
  }

  private String part() {
    int length = 1 + random.nextInt(random.nextInt(10) == 0 ? 300 : 24);
    StringBuilder part = new StringBuilder();
    while (part.length() < length) {
      switch (random.nextInt(4)) {
        case 0 -> part.append((char) ('a' + random.nextInt(26)));
        case 1 -> part.append(AWKWARD.charAt(random.nextInt(AWKWARD.length())));
        case 2 -> part.appendCodePoint(NON_ASCII[random.nextInt(NON_ASCII.length)]);
        default -> part.appendCodePoint(anyScalarValue());
      }
    }
    return part.toString();
  }

  /** Any Unicode scalar value (no surrogates), including control characters. */
  private int anyScalarValue() {
    while (true) {
      int codePoint = random.nextInt(Character.MAX_CODE_POINT + 1);
      if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
        return codePoint;
      }
    }
  }
}
