package io.wflaunch.spi.support;

/**
 * How user-supplied text appears in error messages, written once for every backend: control
 * characters become Java-style unicode escapes (backslash, {@code u}, four hex digits), so that a newline, a NUL or a terminal escape sequence in
 * a name cannot break or forge a log line, and long values are cut after {@value #MAX_ECHO} characters
 * with a marker saying how much was left out. {@link io.wflaunch.WorkflowLaunchException} escapes the
 * whole detail of every message the same way; adapters quote the values they echo with
 * {@link #quote(String)}.
 *
 * <p>Never echo a parameter, run-property or input value: those may be secrets. Names and
 * identifiers are fine.
 */
public final class UserText {

  /** The most characters of one value an error message repeats. */
  public static final int MAX_ECHO = 200;

  private UserText() {}

  /**
   * The value in single quotes, escaped and cut to {@value #MAX_ECHO} characters, as in
   * {@code 'aaaa...' (1,300 characters)}.
   *
   * @param value the user's text, or null
   * @return the quoted text, or {@code null} unquoted for null
   */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    int length = value.codePointCount(0, value.length());
    if (length <= MAX_ECHO) {
      return "'" + escape(value) + "'";
    }
    int end = value.offsetByCodePoints(0, MAX_ECHO);
    return "'" + escape(value.substring(0, end)) + "...' (" + String.format("%,d", length) + " characters)";
  }

  /**
   * The text escaped as {@link #escape} does and cut after {@code max} characters of the escaped text
   * (an escape counts at its printed length and is never split) with a marker saying how long the text
   * was, as in {@code aaaa... (1,300 characters)}; unquoted.
   *
   * @param text the text, or null
   * @param max the most characters kept, at least 1
   * @return the escaped, possibly cut text
   */
  public static String cut(String text, int max) {
    if (text == null) {
      return "null";
    }
    String escaped = escape(text);
    if (escaped.length() <= max) {
      return escaped;
    }
    // Cut the escaped text, so that escapes count at their printed length, never inside an escape or a
    // surrogate pair.
    int end = max;
    int escapeStart = escaped.lastIndexOf("\\u", end - 1);
    if (escapeStart >= 0 && escapeStart > end - 6) {
      end = escapeStart;
    }
    if (end > 0 && Character.isHighSurrogate(escaped.charAt(end - 1))) {
      end--;
    }
    int length = text.codePointCount(0, text.length());
    return escaped.substring(0, end) + "... (" + String.format("%,d", length) + " characters)";
  }

  /**
   * The text with every control character (U+0000 to U+001F, U+007F to U+009F), line or paragraph
   * separator (U+2028, U+2029) and unpaired surrogate written as a unicode escape: a backslash,
   * {@code u} and four hex digits.
   *
   * @param text the text
   * @return the escaped text; the same instance when nothing needed escaping
   */
  public static String escape(String text) {
    int first = firstToEscape(text);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1));
      if (pairedHigh) {
        out.append(c).append(text.charAt(++i));
      } else if (needsEscape(c)) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static int firstToEscape(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (needsEscape(c)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean needsEscape(char c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c);
  }
}
