package io.wflaunch.glue.internal;

import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.glue.GlueOptions;
import io.wflaunch.spi.support.UserText;

/**
 * The Glue service model's rules for names, run ids and run property keys ({@code NameString} and
 * {@code IdString}): 1 to 255 characters, each a tab or in U+0020-U+D7FF, U+E000-U+FFFD or
 * U+10000-U+10FFFF; and the adapter's checks of targets, handles and start requests built on them.
 */
public final class GlueRules {

  /** The rule as written in error messages. */
  public static final String RULE = "must be 1 to 255 characters, each a tab or in U+0020-U+D7FF, U+E000-U+FFFD "
      + "or U+10000-U+10FFFF";

  private GlueRules() {}

  /**
   * Checks a target's part, already counted: the workflow name.
   *
   * @return the target
   * @throws InvalidRequestException naming {@code workflowName} if it breaks the rule
   */
  public static WorkflowTarget checkTarget(WorkflowTarget target) {
    check(ErrorContext.of(target), "workflowName", target.part(0));
    return target;
  }

  /**
   * Checks a handle's parts, already counted: the workflow name, then the run id.
   *
   * @return the handle
   * @throws InvalidRequestException naming the first part that breaks the rule
   */
  public static RunHandle checkHandle(RunHandle handle) {
    ErrorContext context = ErrorContext.of(handle);
    check(context, "workflowName", handle.part(0));
    check(context, "runId", handle.part(1));
    return handle;
  }

  /**
   * Checks a start request: no raw input; options, when given, are {@link GlueOptions}; every run
   * property name (parameters, the options' run properties, the key property) follows the rule; a
   * parameter is not also an extra run property; neither names the key property or
   * {@link GlueOptions#REQUEST_HASH_PROPERTY}.
   *
   * @param request the request, its target checked
   * @param backendId the backend's id, for the message
   * @param defaults the options of a request that carries none
   * @throws InvalidRequestException naming the first offending field and its rule
   */
  public static void checkRequest(StartRunRequest request, String backendId, GlueOptions defaults) {
    ErrorContext context = ErrorContext.of(request.target());
    if (request.input().isPresent()) {
      throw new InvalidRequestException(context, "input",
          "must be absent: Glue workflows take no raw input (parameters become run properties)");
    }
    request.options().filter(options -> !(options instanceof GlueOptions)).ifPresent(options -> {
      throw new InvalidRequestException(context, "options", "must be GlueOptions for backend " + backendId
          + ", found " + options.getClass().getSimpleName());
    });
    GlueOptions options = request.options(GlueOptions.class).orElse(defaults);
    String keyProperty = options.idempotencyProperty();
    checkName(context, "options.idempotencyProperty", keyProperty);
    for (String name : options.runProperties().keySet()) {
      checkName(context, "options.runProperties", name);
    }
    for (String name : request.parameters().keySet()) {
      checkName(context, "parameters", name);
      if (name.equals(keyProperty)) {
        throw reserved(context, "parameters", name, "the idempotency key (GlueOptions.idempotencyProperty)");
      }
      if (name.equals(GlueOptions.REQUEST_HASH_PROPERTY)) {
        throw reserved(context, "parameters", name, "the request's hash (GlueOptions.REQUEST_HASH_PROPERTY)");
      }
      if (options.runProperties().containsKey(name)) {
        throw new InvalidRequestException(context, "parameters", "name " + UserText.quote(name)
            + " is also set in GlueOptions.runProperties; give it once");
      }
    }
    if (options.runProperties().containsKey(GlueOptions.REQUEST_HASH_PROPERTY)
        || keyProperty.equals(GlueOptions.REQUEST_HASH_PROPERTY)) {
      throw reserved(context, "options.runProperties", GlueOptions.REQUEST_HASH_PROPERTY,
          "the request's hash (GlueOptions.REQUEST_HASH_PROPERTY)");
    }
    if (options.runProperties().containsKey(keyProperty)) {
      throw reserved(context, "options.runProperties", keyProperty,
          "the idempotency key (GlueOptions.idempotencyProperty)");
    }
  }

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

  /** Refuses a run property name that breaks the rule, quoting it. */
  private static void checkName(ErrorContext context, String field, String name) {
    String problem = problem(name);
    if (problem != null) {
      throw new InvalidRequestException(context, field, "name " + UserText.quote(name) + " " + RULE + "; " + problem);
    }
  }

  private static InvalidRequestException reserved(ErrorContext context, String field, String name, String forWhat) {
    return new InvalidRequestException(context, field, "name " + UserText.quote(name) + " is reserved for " + forWhat);
  }
}
