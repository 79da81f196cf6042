package io.wflaunch.glue.internal;

import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;

/**
 * The Glue service model's rules for names, run ids and run property keys ({@code NameString} and
 * {@code IdString}): 1 to 255 characters, each a tab or in U+0020-U+D7FF, U+E000-U+FFFD or
 * U+10000-U+10FFFF.
 */
public final class GlueRules {

  /** The rule as written in error messages. */
  public static final String RULE = "must be 1 to 255 characters, each a tab or in U+0020-U+D7FF, U+E000-U+FFFD "
      + "or U+10000-U+10FFFF";

  private GlueRules() {}

  /** Refuses {@code value} as {@code field} if it breaks the rule; names the first offending character. */
  public static void check(ErrorContext context, String field, String value) {
    String problem = problem(value);
    if (problem != null) {
      throw new InvalidRequestException(context, field, RULE + "; " + problem);
    }
  }

  /** What is wrong with {@code value}, or null when it follows the rule. */
  public static String problem(String value) {
    int length = value.codePointCount(0, value.length());
    if (length < 1 || length > 255) {
      return "found " + length + " characters";
    }
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      boolean allowed = c == '\t'
          || (c >= 0x20 && c <= 0xD7FF)
          || (c >= 0xE000 && c <= 0xFFFD)
          || (c >= 0x10000 && c <= 0x10FFFF);
      if (!allowed) {
        return String.format("found U+%04X at index %d", c, i);
      }
      i += Character.charCount(c);
    }
    return null;
  }
}
