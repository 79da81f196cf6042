package io.wflaunch.spi;

import io.wflaunch.spi.support.UserText;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserTextTest {

  @Test
  void controlCharactersSeparatorsAndLoneSurrogatesAreEscaped() {
    assertThat(UserText.escape("a\nb\u0000c\u007fd\u0085e\u2028f\ud800g")).isEqualTo(
        "a\\u000Ab\\u0000c\\u007Fd\\u0085e\\u2028f\\uD800g");
  }

  @Test
  void ordinaryTextAndSurrogatePairsStayAsTheyAre() {
    String text = "Nightly ETL \u00e9t\u00e9 \ud83d\ude80 / : %";

    assertThat(UserText.escape(text)).isSameAs(text);
    assertThat(UserText.quote(text)).isEqualTo("'" + text + "'");
  }

  @Test
  void longValuesAreCutWithTheirLength() {
    String quoted = UserText.quote("x".repeat(1300));

    assertThat(quoted).isEqualTo("'" + "x".repeat(UserText.MAX_ECHO) + "...' (1,300 characters)");
  }

  @Test
  void theCutNeverSplitsASurrogatePair() {
    String quoted = UserText.quote("\ud83d\ude80".repeat(300));

    assertThat(quoted).startsWith("'" + "\ud83d\ude80".repeat(UserText.MAX_ECHO) + "...'");
  }
}
