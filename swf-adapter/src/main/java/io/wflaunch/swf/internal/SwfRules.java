package io.wflaunch.swf.internal;

import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import java.time.Duration;

/**
 * SWF's documented rules for names (domain, workflowId, workflow type name and version, task list),
 * tags, input and timeouts.
 */
public final class SwfRules {

  /** The longest domain, workflowId, type name or task list name. */
  public static final int MAX_NAME = 256;
  /** The longest workflow type version and run id. */
  public static final int MAX_VERSION = 64;
  /** The most tags on an execution. */
  public static final int MAX_TAGS = 5;
  /** The longest tag. */
  public static final int MAX_TAG = 256;
  /** The longest input, termination details and similar free text. */
  public static final int MAX_INPUT = 32_768;
  /** The longest termination reason. */
  public static final int MAX_REASON = 256;
  /** The longest timeout, in decimal digits of seconds. */
  public static final long MAX_TIMEOUT_SECONDS = 99_999_999L;

  private SwfRules() {}

  /**
   * Checks a name: 1 to {@code maxLength} characters, none of {@code : / |}, no control characters
   * (U+0000-U+001F, U+007F-U+009F), and not the literal {@code arn}.
   */
  public static void checkName(ErrorContext context, String field, String value, int maxLength) {
    String problem = nameProblem(value, maxLength);
    if (problem != null) {
      throw new InvalidRequestException(context, field, "must be 1 to " + maxLength
          + " characters without ':', '/', '|' or control characters, and not 'arn'; " + problem);
    }
  }

  /** What is wrong with a name, or null. */
  public static String nameProblem(String value, int maxLength) {
    if (value.isEmpty() || value.length() > maxLength) {
      return "found " + value.length() + " characters";
    }
    if (value.equals("arn")) {
      return "found the literal 'arn'";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ':' || c == '/' || c == '|' || c <= 0x1f || (c >= 0x7f && c <= 0x9f)) {
        return String.format("found U+%04X at index %d", (int) c, i);
      }
    }
    return null;
  }

  /** Checks free text against a maximum length. */
  public static void checkLength(ErrorContext context, String field, String value, int maxLength) {
    if (value.length() > maxLength) {
      throw new InvalidRequestException(context, field,
          "must be at most " + maxLength + " characters, found " + value.length());
    }
  }

  /** The wire form of a timeout: whole seconds, not negative, at most 8 digits. */
  public static String timeoutSeconds(ErrorContext context, String field, Duration timeout) {
    if (timeout.isNegative() || timeout.getNano() != 0 || timeout.getSeconds() > MAX_TIMEOUT_SECONDS) {
      throw new InvalidRequestException(context, field,
          "must be whole seconds from 0 to " + MAX_TIMEOUT_SECONDS + " (8 digits), found " + timeout);
    }
    return Long.toString(timeout.getSeconds());
  }
}
