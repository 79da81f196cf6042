package io.wflaunch.swf.internal;

import java.util.Map;

/** Writes a map of strings as one JSON object, keys in the map's order (RFC 8259). */
public final class ParametersJson {

  private ParametersJson() {}

  public static String encode(Map<String, String> parameters) {
    StringBuilder json = new StringBuilder(2 + 16 * parameters.size()).append('{');
    boolean first = true;
    for (Map.Entry<String, String> entry : parameters.entrySet()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      string(json, entry.getKey()).append(':');
      string(json, entry.getValue());
    }
    return json.append('}').toString();
  }

  private static StringBuilder string(StringBuilder json, String text) {
    json.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        default -> {
          boolean unpaired = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1)))
              && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1)));
          if (c < 0x20 || c == 0x2028 || c == 0x2029 || unpaired) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"');
  }
}
