package io.wflaunch.codecatalyst.internal;

import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.spi.UserText;
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
    if (value.length() < MIN_NAME || value.length() > MAX_NAME || !NAME.matcher(value).matches()) {
      throw new InvalidRequestException(context, field, "must be " + MIN_NAME + " to " + MAX_NAME
          + " characters matching [a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*, found " + UserText.quote(value));
    }
  }

  public static void checkUuid(ErrorContext context, String field, String value) {
    if (!isUuid(value)) {
      throw new InvalidRequestException(context, field, "must be a UUID (8-4-4-4-12 hex digits), found "
          + UserText.quote(value));
    }
  }

  public static boolean isUuid(String value) {
    return UUID.matcher(value).matches();
  }

  /**
   * The client token for an idempotency key: the key itself when it already is a valid token
   * (1 to 64 characters matching the name pattern), else {@code wfl-} and the first 60 hex digits of
   * its SHA-256.
   */
  public static String clientTokenFor(String key) {
    if (key.length() <= MAX_TOKEN && NAME.matcher(key).matches()) {
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
