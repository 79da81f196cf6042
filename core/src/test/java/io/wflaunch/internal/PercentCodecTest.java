package io.wflaunch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PercentCodecTest {

  @Test
  void unreservedCharactersStayAsTheyAre() {
    String unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    assertThat(PercentCodec.encode(unreserved)).isSameAs(unreserved);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
    "a/b          | a%2Fb",
    "a;b          | a%3Bb",
    "$(x)         | %24%28x%29",
    "a&b!*'       | a%26b%21%2A%27",
    "100%         | 100%25",
    "\" \"        | %20",
    "é            | %C3%A9",
    "中           | %E4%B8%AD",
    "\"\uD83D\uDE00\" | %F0%9F%98%80",
  })
  void everyOtherCharacterIsWrittenAsItsUtf8Bytes(String plain, String encoded) {
    assertThat(PercentCodec.encode(plain)).isEqualTo(encoded);
    assertThat(PercentCodec.encodeStrict(plain)).isEqualTo(encoded);
    assertThat(PercentCodec.decode(encoded)).isEqualTo(plain);
  }

  @ParameterizedTest(name = "{0} -> {1}, strictly {2}")
  @CsvSource(delimiter = '|', value = {
    "arn:aws:states:us-east-1:123456789012:execution:sm:run-1 | arn:aws:states:us-east-1:123456789012:execution:sm:run-1 "
        + "| arn%3Aaws%3Astates%3Aus-east-1%3A123456789012%3Aexecution%3Asm%3Arun-1",
    "aGk+Zm9v=                                                | aGk+Zm9v=                | aGk%2BZm9v%3D",
    "user@example.com,x                                       | user@example.com,x       | user%40example.com%2Cx",
  })
  void pathCharactersThatNoShellReadsStayReadableButNotInTheStrictForm(String plain, String readable, String strict) {
    assertThat(PercentCodec.encode(plain)).isEqualTo(readable);
    assertThat(PercentCodec.encodeStrict(plain)).isEqualTo(strict);
    assertThat(PercentCodec.decode(readable)).isEqualTo(plain);
    assertThat(PercentCodec.decode(strict)).isEqualTo(plain);
  }

  @Test
  void theReadableCharactersAreTheUnreservedOnesAndFivePathCharacters() {
    StringBuilder readable = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      if (PercentCodec.isReadable(c)) {
        readable.append(c);
      }
      assertThat(PercentCodec.encode(String.valueOf(c)).length() == 1).as("U+%04X", (int) c)
          .isEqualTo(PercentCodec.isReadable(c));
    }
    assertThat(readable.toString())
        .isEqualTo("+,-.0123456789:=@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");
  }

  @Test
  void everyByteValueDecodes() {
    for (int b = 0; b < 0x80; b++) {
      String escape = String.format("%%%02X", b);
      assertThat(PercentCodec.decode(escape)).isEqualTo(String.valueOf((char) b));
    }
  }

  @Test
  void truncatedAndNonHexEscapesAreRefused() {
    assertThatThrownBy(() -> PercentCodec.decode("ab%4")).hasMessageContaining("index 2");
    assertThatThrownBy(() -> PercentCodec.decode("%g0")).hasMessageContaining("found '%g0'");
  }

  @Test
  void bytesThatAreNotUtf8AreRefused() {
    assertThatThrownBy(() -> PercentCodec.decode("ok%80")).hasMessageContaining("not valid UTF-8");
  }

  @Test
  void escapedBytesSplitByALiteralCharacterMustEachBeComplete() {
    assertThatThrownBy(() -> PercentCodec.decode("%C3x%A9")).hasMessageContaining("not valid UTF-8");
  }

  @Test
  void unpairedSurrogatesAreFound() {
    assertThat(PercentCodec.firstUnpairedSurrogate("ok\uD83D\uDE00ok")).isEqualTo(-1);
    assertThat(PercentCodec.firstUnpairedSurrogate("ab\uDE00")).isEqualTo(2);
    assertThat(PercentCodec.firstUnpairedSurrogate("\uD83Dx")).isZero();
    assertThat(PercentCodec.firstUnpairedSurrogate("x\uD83D")).isEqualTo(1);
  }
}
