package io.wflaunch.codecatalyst.internal;

import io.wflaunch.ConfigurationException;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.codecatalyst.CodeCatalystProvider;
import io.wflaunch.spi.support.UserText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * CodeCatalyst's model rules for space and project names, ids and client tokens, and the adapter's checks
 * of targets, handles and start requests built on them.
 */
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

  /**
   * Checks a target's parts, already counted: space and project names, then a workflow name or id.
   *
   * @return the target
   * @throws InvalidRequestException naming the first part that breaks its rule
   */
  public static WorkflowTarget checkTarget(WorkflowTarget target) {
    ErrorContext context = ErrorContext.of(target);
    checkName(context, "space", target.part(0));
    checkName(context, "project", target.part(1));
    checkWorkflow(context, "workflow", target.part(2));
    return target;
  }

  /**
   * Checks a handle's parts, already counted: space and project names, then the workflow's and the
   * run's UUIDs.
   *
   * @return the handle
   * @throws InvalidRequestException naming the first part that breaks its rule
   */
  public static RunHandle checkHandle(RunHandle handle) {
    ErrorContext context = ErrorContext.of(handle);
    checkName(context, "space", handle.part(0));
    checkName(context, "project", handle.part(1));
    checkUuid(context, "workflowId", handle.part(2));
    checkUuid(context, "runId", handle.part(3));
    return handle;
  }

  /**
   * Checks a bearer token given as text.
   *
   * @return the token
   * @throws ConfigurationException if it is null or blank (an unset environment variable, say)
   */
  public static String checkToken(ErrorContext context, String token) {
    if (token == null || token.isBlank()) {
      throw new ConfigurationException(context, "token", "No CodeCatalyst token was given (it is "
          + (token == null ? "null" : "blank") + "). Pass a personal access token, for example from the environment "
          + "variable " + CodeCatalystProvider.TOKEN_VARIABLE + ", or use the SDK's default token chain (aws sso login).",
          null);
    }
    return token;
  }

  /**
   * Checks a start request: CodeCatalyst runs take no input and no parameters, and the backend takes no
   * options.
   *
   * @param request the request, its target checked
   * @param backendId the backend's id, for the message
   * @throws InvalidRequestException naming the field that must be absent or empty
   */
  public static void checkRequest(StartRunRequest request, String backendId) {
    ErrorContext context = ErrorContext.of(request.target());
    if (request.input().isPresent()) {
      throw new InvalidRequestException(context, "input", "must be absent: CodeCatalyst workflow runs take no input");
    }
    if (!request.parameters().isEmpty()) {
      throw new InvalidRequestException(context, "parameters",
          "must be empty: CodeCatalyst workflow runs take no parameters, found " + request.parameters().keySet());
    }
    request.options().ifPresent(options -> {
      throw new InvalidRequestException(context, "options",
          "must be absent: backend " + backendId + " takes no options, found " + options.getClass().getSimpleName());
    });
  }

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
