package io.wflaunch.aws;

import java.util.Map;

/**
 * JSON text as AWS workflow services take it (RFC 8259): a map of strings written as one object, keys
 * in the map's order, and a strict check that a caller's text is one JSON value, so that it can be
 * refused before a request is sent.
 */
public final class JsonText {

  private JsonText() {}

  /** Writes {@code parameters} as one JSON object of strings, in the map's order. */
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

  /**
   * The index of the first UTF-16 unit of {@code text} that is half of no surrogate pair, or -1 when it
   * is well-formed Unicode (which UTF-8 can encode without loss).
   */
  public static int firstUnpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * What makes {@code text} other than exactly one JSON value (surrounded by optional whitespace), as
   * "expected ... at index n", or null when it is one. Iterative, so that deep nesting cannot exhaust
   * the stack.
   */
  public static String problem(String text) {
    return new Checker(text).check();
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

  /** A one-pass reader of the JSON grammar, with the open arrays and objects on its own stack. */
  private static final class Checker {
    private final String text;
    private int at;
    /** The open containers: '[' or '{'. */
    private final StringBuilder open = new StringBuilder();

    Checker(String text) {
      this.text = text;
    }

    String check() {
      try {
        skipSpace();
        boolean opened = value();
        while (open.length() > 0) {
          skipSpace();
          char container = open.charAt(open.length() - 1);
          char close = container == '[' ? ']' : '}';
          if (opened) {
            if (peek(container == '[' ? "']' or a value" : "'}' or a member name") == close) {
              at++;
              open.setLength(open.length() - 1);
              opened = false;
            } else {
              opened = element(container);
            }
            continue;
          }
          char c = peek("',' or '" + close + "'");
          if (c == ',') {
            at++;
            skipSpace();
            opened = element(container);
          } else if (c == close) {
            at++;
            open.setLength(open.length() - 1);
          } else {
            throw new Bad("expected ',' or '" + close + "'");
          }
        }
        skipSpace();
        if (at < text.length()) {
          throw new Bad("expected the end of the text after one JSON value");
        }
        return null;
      } catch (Bad bad) {
        return bad.getMessage() + " at index " + at;
      }
    }

    /** One element of the innermost container: a member of an object, a value of an array. */
    private boolean element(char container) {
      return container == '{' ? member() : value();
    }

    /**
     * One value. An array or object is only opened (pushed on the stack, its contents read by
     * {@link #check}); returns whether one was.
     */
    private boolean value() {
      char c = peek("a JSON value");
      if (c == '\uFEFF') {
        throw new Bad("expected a JSON value, found a byte-order mark (U+FEFF), which JSON text must not begin with");
      }
      switch (c) {
        case '{', '[' -> {
          at++;
          open.append(c);
          return true;
        }
        case '"' -> string();
        case 't' -> literal("true");
        case 'f' -> literal("false");
        case 'n' -> literal("null");
        default -> {
          if (c == '-' || (c >= '0' && c <= '9')) {
            number();
          } else {
            throw new Bad("expected a JSON value");
          }
        }
      }
      return false;
    }

    private boolean member() {
      if (peek("a member name") != '"') {
        throw new Bad("expected a member name in double quotes");
      }
      string();
      skipSpace();
      if (peek("':'") != ':') {
        throw new Bad("expected ':'");
      }
      at++;
      skipSpace();
      return value();
    }

    private void string() {
      at++;
      while (true) {
        char c = peek("'\"' closing the string");
        if (c == '"') {
          at++;
          return;
        }
        if (c < 0x20) {
          throw new Bad("expected an escape, not a control character, in a string");
        }
        if (c == '\\') {
          at++;
          char escape = peek("an escape");
          if ("\"\\/bfnrt".indexOf(escape) >= 0) {
            at++;
          } else if (escape == 'u') {
            at++;
            for (int i = 0; i < 4; i++) {
              char digit = peek("four hex digits");
              if (!(digit >= '0' && digit <= '9') && !(digit >= 'a' && digit <= 'f') && !(digit >= 'A' && digit <= 'F')) {
                throw new Bad("expected four hex digits after \\u");
              }
              at++;
            }
          } else {
            throw new Bad("expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
          }
        } else {
          at++;
        }
      }
    }

    private void number() {
      if (text.charAt(at) == '-') {
        at++;
      }
      char first = peek("a digit");
      if (first == '0') {
        at++;
      } else if (first >= '1' && first <= '9') {
        digits();
      } else {
        throw new Bad("expected a digit");
      }
      if (at < text.length() && text.charAt(at) == '.') {
        at++;
        requireDigit();
        digits();
      }
      if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
        at++;
        if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
          at++;
        }
        requireDigit();
        digits();
      }
    }

    private void requireDigit() {
      char c = peek("a digit");
      if (c < '0' || c > '9') {
        throw new Bad("expected a digit");
      }
    }

    private void digits() {
      while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
        at++;
      }
    }

    private void literal(String word) {
      if (!text.startsWith(word, at)) {
        throw new Bad("expected " + word);
      }
      at += word.length();
    }

    private void skipSpace() {
      while (at < text.length()) {
        char c = text.charAt(at);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        at++;
      }
    }

    private char peek(String expected) {
      if (at >= text.length()) {
        throw new Bad("expected " + expected + ", found the end of the text");
      }
      return text.charAt(at);
    }
  }

  /** A grammar error, carried out of the reader's steps. */
  private static final class Bad extends RuntimeException {
    Bad(String message) {
      super(message, null, false, false);
    }
  }
}
