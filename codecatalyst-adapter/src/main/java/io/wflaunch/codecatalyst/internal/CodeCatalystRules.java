package io.wflaunch.codecatalyst.internal;

import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.spi.support.UserText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** CodeCatalyst's model rules for space and project names, ids and client tokens. */
public final class CodeCatalystRules {

  /** The pattern of names and client tokens in the CodeCatalyst model. */
  public static final Pattern NAME = Pattern.compile("[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*");
  /** The model's Uuid. */
  public static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  /** Space and project names are 3 to 63 characters (the model's NameString). */
  public static final int MIN_NAME = 3;
  public static final int MAX_NAME = 63;
  /** Client tokens are 1 to 64 characters. */
  public static final int MAX_TOKEN = 64;

  private CodeCatalystRules() {}

  public static void checkName(ErrorContext context, String field, String value) {
    if (value.length() < MIN_NAME || value.length() > MAX_NAME || !isName(value)) {
      throw new InvalidRequestException(context, field, "must be " + MIN_NAME + " to " + MAX_NAME
          + " characters matching [a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*, found " + UserText.quote(value));
    }
  }

  /** The longest workflow name (or id) a target may hold. */
  public static final int MAX_WORKFLOW = 255;

  /**
   * Checks a target's workflow, a name or an id: 1 to {@value #MAX_WORKFLOW} characters, no control
   * characters (the service's name rules are checked by the service when the name is resolved).
   */
  public static void checkWorkflow(ErrorContext context, String field, String value) {
    boolean control = false;
    for (int i = 0; i < value.length() && !control; i++) {
      control = Character.isISOControl(value.charAt(i));
    }
    if (value.isEmpty() || value.length() > MAX_WORKFLOW || control) {
      throw new InvalidRequestException(context, field, "must be a workflow name or id of 1 to " + MAX_WORKFLOW
          + " characters without control characters, found " + UserText.quote(value));
    }
  }

  public static void checkUuid(ErrorContext context, String field, String value) {
    if (!isUuid(value)) {
      throw new InvalidRequestException(context, field, "must be a UUID (8-4-4-4-12 hex digits), found "
          + UserText.quote(value));
    }
  }

  public static boolean isUuid(String value) {
    if (value.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = value.charAt(i);
      boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
          : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code value} matches {@link #NAME}, checked without a regex (names are checked on every call). */
  static boolean isName(String value) {
    boolean afterSeparator = true;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        afterSeparator = false;
      } else if ((c == '-' || c == '_' || c == '.') && !afterSeparator) {
        afterSeparator = true;
      } else {
        return false;
      }
    }
    return !afterSeparator;
  }

  /**
   * The client token for an idempotency key: the key itself when it already is a valid token
   * (1 to 64 characters matching the name pattern), else {@code wfl-} and the first 60 hex digits of
   * its SHA-256.
   */
  public static String clientTokenFor(String key) {
    if (key.length() <= MAX_TOKEN && isName(key)) {
      return key;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "wfl-" + HexFormat.of().formatHex(digest).substring(0, 60);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
