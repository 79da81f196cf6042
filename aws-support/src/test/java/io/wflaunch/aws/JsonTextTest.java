package io.wflaunch.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void anEmptyMapIsAnEmptyObject() {
    assertThat(JsonText.encode(Map.of())).isEqualTo("{}");
  }

  @Test
  void keysKeepTheirOrderAndEverythingIsEscaped() throws Exception {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("zeta", "quote \" and backslash \\");
    parameters.put("alpha", "line\nbreak\ttab\r\u0000\u001f\u2028");
    parameters.put("ünïcode \uD83D\uDE00", "/slash/");

    String encoded = JsonText.encode(parameters);
    JsonNode read = json.readTree(encoded);

    List<String> keys = new ArrayList<>();
    read.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("zeta", "alpha", "ünïcode \uD83D\uDE00");
    parameters.forEach((k, v) -> assertThat(read.get(k).asText()).isEqualTo(v));
    assertThat(encoded).doesNotContain("\n");
  }

  @Test
  void randomMapsReadBackExactly() throws Exception {
    Random random = new Random(7);
    for (int round = 0; round < 500; round++) {
      Map<String, String> parameters = new LinkedHashMap<>();
      for (int i = 0; i < 5; i++) {
        parameters.put(text(random) + i, text(random));
      }
      Map<?, ?> read = json.readValue(JsonText.encode(parameters), LinkedHashMap.class);
      assertThat(read).isEqualTo(parameters);
      assertThat(new ArrayList<>(read.keySet())).isEqualTo(new ArrayList<>(parameters.keySet()));
    }
  }

  @Test
  void valuesOfEveryKindAreJson() {
    for (String valid : List.of("{}", "[]", " {\"a\" : [1, -2.5e+3, 0.0, true, false, null, \"\\u00e9\\n\"]}\n",
        "\"just a string\"", "0", "-0", "1E9", "[[[[{}]]]]", "{\"a\":{\"b\":{}},\"c\":[{}]}", "\"\\/\\b\\f\\r\\t\"")) {
      assertThat(JsonText.problem(valid)).as(valid).isNull();
    }
  }

  @Test
  void eachGrammarErrorIsNamedWithItsIndex() {
    assertThat(JsonText.problem("")).isEqualTo("expected a JSON value, found the end of the text at index 0");
    assertThat(JsonText.problem("{\"a\":1,}")).isEqualTo("expected a member name in double quotes at index 7");
    assertThat(JsonText.problem("[1 2]")).isEqualTo("expected ',' or ']' at index 3");
    assertThat(JsonText.problem("{'a':1}")).isEqualTo("expected a member name in double quotes at index 1");
    assertThat(JsonText.problem("01")).isEqualTo("expected the end of the text after one JSON value at index 1");
    assertThat(JsonText.problem("{} {}")).isEqualTo("expected the end of the text after one JSON value at index 3");
    assertThat(JsonText.problem("[1.]")).isEqualTo("expected a digit at index 3");
    assertThat(JsonText.problem("\"tab\there\"")).isEqualTo("expected an escape, not a control character, in a string at index 4");
    assertThat(JsonText.problem("\"\\x\"")).startsWith("expected one of");
    assertThat(JsonText.problem("\"\\u12g4\"")).isEqualTo("expected four hex digits after \\u at index 5");
    assertThat(JsonText.problem("[tru]")).isEqualTo("expected true at index 1");
    assertThat(JsonText.problem("{\"a\" 1}")).isEqualTo("expected ':' at index 5");
    assertThat(JsonText.problem("[{\"a\":[1]")).isEqualTo("expected ',' or '}', found the end of the text at index 9");
    assertThat(JsonText.problem("NaN")).isEqualTo("expected a JSON value at index 0");
    assertThat(JsonText.problem("\"\\u\u0660\u0660\u0664\u0661\"")).as("Arabic-Indic digits are no hex digits")
        .isEqualTo("expected four hex digits after \\u at index 3");
    assertThat(JsonText.problem("\"\\u\uFF10\uFF10\uFF14\uFF11\"")).as("nor are fullwidth ones").isNotNull();
    assertThat(JsonText.problem("\uFEFF{}")).contains("byte-order mark (U+FEFF)").endsWith("at index 0");
  }

  @Test
  void unpairedSurrogatesAreFoundWherePairsAreNot() {
    assertThat(JsonText.firstUnpairedSurrogate("plain \uD83D\uDE00 pair")).isEqualTo(-1);
    assertThat(JsonText.firstUnpairedSurrogate("a\uD800")).isEqualTo(1);
    assertThat(JsonText.firstUnpairedSurrogate("ab\uDFFFc")).isEqualTo(2);
    assertThat(JsonText.firstUnpairedSurrogate("\uDE00\uD83D")).isZero();
  }

  @Test
  void deepNestingNeedsNoStack() {
    String deep = "[".repeat(200_000) + "]".repeat(200_000);
    assertThat(JsonText.problem(deep)).isNull();
    assertThat(JsonText.problem(deep + "]")).isEqualTo("expected the end of the text after one JSON value at index 400000");
  }

  /** Mutations of valid documents: the checker and Jackson (strict, no trailing tokens) agree on each. */
  @Test
  void agreesWithAStrictParserOnMutatedDocuments() {
    ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    String base = "{\"id\": \"r-1\", \"n\": [1, -2.50, 3e-2, true, null], \"o\": {\"k\": \"\\u0041\\n\"}}";
    String alphabet = "{}[],:\"\\ -+.eE0123456789tfnulrsa\t";
    Random random = new Random(11);
    int invalid = 0;
    for (int round = 0; round < 20_000; round++) {
      StringBuilder doc = new StringBuilder(base);
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(doc.length() + 1);
        switch (random.nextInt(3)) {
          case 0 -> doc.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          case 1 -> { if (at < doc.length()) { doc.deleteCharAt(at); } }
          default -> { if (at < doc.length()) { doc.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length()))); } }
        }
      }
      String text = doc.toString();
      boolean jackson;
      try {
        strict.readTree(text);
        jackson = !text.isBlank();
      } catch (Exception e) {
        jackson = false;
      }
      assertThat(JsonText.problem(text) == null).as(text).isEqualTo(jackson);
      invalid += jackson ? 0 : 1;
    }
    assertThat(invalid).as("the mutations make invalid documents as well as valid ones").isBetween(5_000, 19_000);
  }

  private static String text(Random random) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(12);
    while (text.length() < length) {
      int codePoint = random.nextInt(0x2FFFF);
      if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
        text.appendCodePoint(codePoint);
      }
    }
    return text.toString();
  }
}
