package io.wflaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.wflaunch.internal.PercentCodec;
import io.wflaunch.spi.support.UserText;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How lines are read and how the library's words about a line lose the line's text. */
class JsonLinesTest {

  static final String SECRET = "sk_live_7Hq2SECRETxZ9";

  @Test
  void quotedEchoesOfAStringOrOfAPartOfOneAreTakenOutInEveryFormTheLibraryWrites() {
    String target = "glue:" + SECRET;
    String withControl = SECRET + "\u0007";
    String longValue = SECRET + "Q".repeat(300);
    List<String> strings = List.of(target, withControl, longValue, "spaced " + SECRET + "x");

    assertThat(JsonLines.scrub("found '" + target + "'", strings, Set.of())).isEqualTo("found '\u2026'");
    assertThat(JsonLines.scrub("name '" + SECRET + "' is bad", strings, Set.of())).isEqualTo("name '\u2026' is bad");
    assertThat(JsonLines.scrub("found " + UserText.quote(withControl), strings, Set.of())).isEqualTo("found '\u2026'");
    assertThat(JsonLines.scrub("found " + UserText.quote(longValue), strings, Set.of()))
        .isEqualTo("found '\u2026' (321 characters)");
    assertThat(JsonLines.scrub("in '" + PercentCodec.encode("spaced " + SECRET + "x") + "'", strings, Set.of()))
        .isEqualTo("in '\u2026'");
    String withColons = "a:" + SECRET + ":b";
    assertThat(JsonLines.scrub("key '" + PercentCodec.encodeStrict(withColons) + "'", List.of(withColons), Set.of()))
        .as("the strict form stored keys are written in").isEqualTo("key '\u2026'");
  }

  @Test
  void anEchoThatIsNotQuotedMakesTheTextUnshowable() {
    List<String> strings = List.of("glue:" + SECRET, "pin1234");

    assertThat(JsonLines.scrub("workflow glue:" + SECRET + " failed", strings, Set.of())).isNull();
    assertThat(JsonLines.scrub("the name starts " + SECRET.substring(0, 16), strings, Set.of()))
        .as("a run of 16 characters of a longer string").isNull();
    assertThat(JsonLines.scrub("a value pin1234 here", strings, Set.of())).isNull();
    assertThat(JsonLines.scrub("a part " + SECRET + " alone", strings, Set.of())).as("a part of 16 or more").isNull();
  }

  @Test
  void ourWordsAndShortPartsStay() {
    List<String> strings = List.of("glue:etl", "sfn:arn:aws:states:us-east-1:12345:stateMachine:orders", "abc");

    assertThat(JsonLines.scrub("names backend 'glue', a glue target has 1 part", strings, Set.of("glue")))
        .isEqualTo("names backend 'glue', a glue target has 1 part");
    assertThat(JsonLines.scrub("must be a state machine ARN (arn:<partition>:states:<region>:stateMachine:<name>)",
        strings, Set.of())).as("parts shorter than 16 are words of the rules too")
        .isEqualTo("must be a state machine ARN (arn:<partition>:states:<region>:stateMachine:<name>)");
    assertThat(JsonLines.scrub("abc and details", strings, Set.of())).as("whole strings under 4 characters")
        .isEqualTo("abc and details");
  }

  @Test
  void linesAreSplitAtLineFeedsAndColumnsCountCharacters() {
    byte[] bytes = "a\r\n\n  {\"\u00e9\uD83D\uDE00\": x}\nlast".getBytes(StandardCharsets.UTF_8);

    List<JsonLines.Line> lines = JsonLines.lines(bytes);

    assertThat(lines).extracting(JsonLines.Line::number).containsExactly(1, 2, 3, 4);
    assertThat(lines.get(0).text()).isEqualTo("a");
    assertThat(lines.get(1).skipped()).isTrue();
    assertThat(lines.get(3).text()).isEqualTo("last");
    JsonLines.Bad bad = catchThrowableOfType(JsonLines.Bad.class, () -> lines.get(2).json());
    assertThat(bad.line()).isEqualTo(3);
    assertThat(bad.column()).as("two spaces, {, \", \u00e9, one character outside the BMP, \", :, space")
        .isEqualTo(10);
  }

  @Test
  void membersAreFoundByPointerAndAnAbsentOneByItsNearestEnclosingValue() {
    JsonLines.Json json = JsonLines.lines("{\"a\": {\"b/c\": 1}, \"d\": [true]}".getBytes(StandardCharsets.UTF_8))
        .get(0).json();

    assertThat(json.bad(JsonLines.pointer("a", "b/c"), null, "x").column()).isEqualTo(15);
    assertThat(json.badName(JsonLines.pointer("a", "b/c"), null, "x").column()).isEqualTo(8);
    assertThat(json.bad(JsonLines.pointer("a", "nothing"), null, "x").column()).isEqualTo(7);
    assertThat(json.bad(JsonLines.pointer("d", "0"), null, "x").column()).isEqualTo(25);
    assertThat(json.bad("", null, "x").column()).isEqualTo(1);
  }
}
