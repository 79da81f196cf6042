package io.wflaunch.swf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParametersJsonTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void anEmptyMapIsAnEmptyObject() {
    assertThat(ParametersJson.encode(Map.of())).isEqualTo("{}");
  }

  @Test
  void keysKeepTheirOrderAndEverythingIsEscaped() throws Exception {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("zeta", "quote \" and backslash \\");
    parameters.put("alpha", "line\nbreak\ttab\r\u0000\u001f\u2028");
    parameters.put("ünïcode \uD83D\uDE00", "/slash/");

    String encoded = ParametersJson.encode(parameters);
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
      Map<?, ?> read = json.readValue(ParametersJson.encode(parameters), LinkedHashMap.class);
      assertThat(read).isEqualTo(parameters);
      assertThat(new ArrayList<>(read.keySet())).isEqualTo(new ArrayList<>(parameters.keySet()));
    }
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
