package io.wflaunch.swf.internal;

import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.swf.SwfOptions;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.services.swf.model.ChildPolicy;

/**
 * SWF's documented rules for names (domain, workflowId, workflow type name and version, task list),
 * tags, input and timeouts, and the SWF backend's checks of targets, handles, start requests and
 * terminations built on them.
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
  /** The longest Lambda role. */
  public static final int MAX_LAMBDA_ROLE = 1600;

  private SwfRules() {}

  /** Checks a target's domain, workflow type name and workflow type version, and returns it. */
  public static WorkflowTarget checkTarget(WorkflowTarget target) {
    ErrorContext context = ErrorContext.of(target);
    checkName(context, "domain", target.part(0), MAX_NAME);
    checkName(context, "workflowTypeName", target.part(1), MAX_NAME);
    checkName(context, "workflowTypeVersion", target.part(2), MAX_VERSION);
    return target;
  }

  /** Checks a handle's domain, workflowId and runId, and returns it. */
  public static RunHandle checkHandle(RunHandle handle) {
    ErrorContext context = ErrorContext.of(handle);
    checkName(context, "domain", handle.part(0), MAX_NAME);
    checkName(context, "workflowId", handle.part(1), MAX_NAME);
    String runId = handle.part(2);
    if (runId.length() > MAX_VERSION || runId.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidRequestException(context, "runId",
          "must be 1 to " + MAX_VERSION + " characters without control characters, found " + runId.length());
    }
    return handle;
  }

  /**
   * Checks a start request: its options are {@link SwfOptions}, it has raw input or parameters but not
   * both, the input fits, and every option keeps SWF's rules, with one of the 5 tags left for the key
   * marker when the start needs one.
   *
   * @param backendId the backend's id, for the message about options of another type
   * @param request the request, whose target has been checked
   */
  public static void checkRequest(String backendId, StartRunRequest request) {
    ErrorContext context = ErrorContext.of(request.target());
    request.options().filter(options -> !(options instanceof SwfOptions)).ifPresent(options -> {
      throw new InvalidRequestException(context, "options", "must be SwfOptions for backend " + backendId
          + ", found " + options.getClass().getSimpleName());
    });
    if (request.input().isPresent() && !request.parameters().isEmpty()) {
      throw new InvalidRequestException(context, "input",
          "must be absent when parameters are given: give the raw input or the parameters (sent as a JSON object), not both");
    }
    String field = request.input().isPresent() ? "input" : "parameters";
    SwfStarts.inputOf(request).ifPresent(input -> checkLength(context, field, input, MAX_INPUT));
    SwfOptions options = request.options(SwfOptions.class).orElse(SwfOptions.NONE);
    options.workflowId().ifPresent(workflowId -> checkName(context, "options.workflowId", workflowId, MAX_NAME));
    options.taskList().ifPresent(taskList -> checkName(context, "options.taskList", taskList, MAX_NAME));
    options.executionStartToCloseTimeout().ifPresent(timeout ->
        timeoutSeconds(context, "options.executionStartToCloseTimeout", timeout));
    options.taskStartToCloseTimeout().flatMap(SwfOptions.TaskTimeout::duration).ifPresent(timeout ->
        timeoutSeconds(context, "options.taskStartToCloseTimeout", timeout));
    int slots = MAX_TAGS - (SwfStarts.needsMarker(request) ? 1 : 0);
    if (options.tagList().size() > slots) {
      throw new InvalidRequestException(context, "options.tagList", "must hold at most " + slots + " tags"
          + (slots < MAX_TAGS ? " (the start's key marker takes one of SWF's 5 when there is an "
              + "idempotency key or a workflowId in the options)" : "")
          + ", found " + options.tagList().size());
    }
    for (String tag : options.tagList()) {
      checkLength(context, "options.tagList", tag, MAX_TAG);
    }
    options.childPolicy().ifPresent(policy -> checkChildPolicy(context, "options.childPolicy", policy));
    options.lambdaRole().filter(role -> role.isEmpty() || role.length() > MAX_LAMBDA_ROLE).ifPresent(role -> {
      throw new InvalidRequestException(context, "options.lambdaRole",
          "must be 1 to " + MAX_LAMBDA_ROLE + " characters, found " + role.length());
    });
  }

  /**
   * Checks a termination's arguments, each of which may be null.
   *
   * @param context the handle's context
   * @param reason at most 256 characters
   * @param details at most 32,768 characters
   * @param childPolicy one SWF knows
   */
  public static void checkTermination(ErrorContext context, String reason, String details, ChildPolicy childPolicy) {
    if (reason != null) {
      checkLength(context, "reason", reason, MAX_REASON);
    }
    if (details != null) {
      checkLength(context, "details", details, MAX_INPUT);
    }
    if (childPolicy != null) {
      checkChildPolicy(context, "childPolicy", childPolicy);
    }
  }

  /** A builder's duration setting, which must be positive. */
  public static Duration positive(Duration duration, String name) {
    if (Objects.requireNonNull(duration, name).isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, found " + duration);
    }
    return duration;
  }

  private static void checkChildPolicy(ErrorContext context, String field, ChildPolicy policy) {
    if (policy == ChildPolicy.UNKNOWN_TO_SDK_VERSION) {
      throw new InvalidRequestException(context, field, "must be TERMINATE, REQUEST_CANCEL or ABANDON");
    }
  }

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
