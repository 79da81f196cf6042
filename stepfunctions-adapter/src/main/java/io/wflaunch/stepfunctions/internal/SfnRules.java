package io.wflaunch.stepfunctions.internal;

import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.aws.JsonText;
import io.wflaunch.spi.support.UserText;
import io.wflaunch.stepfunctions.StepFunctionsOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The Step Functions model's rules: state machine and execution names, state machine and execution
 * ARNs, input, trace headers, and the error and cause of StopExecution; how an idempotency key becomes
 * an execution name; and which executions the API can read and stop.
 */
public final class SfnRules {

  /** Names (of state machines and executions) are 1 to 80 characters. */
  public static final int MAX_NAME = 80;
  /** ARNs are at most 256 characters. */
  public static final int MAX_ARN = 256;
  /** Input is at most 256 KiB of UTF-8. */
  public static final int MAX_INPUT_BYTES = 262_144;
  /** Trace headers are at most 256 ASCII characters. */
  public static final int MAX_TRACE_HEADER = 256;
  /** StopExecution's error is at most 256 characters, its cause 32,768. */
  public static final int MAX_ERROR = 256;
  public static final int MAX_CAUSE = 32_768;

  /** The name rule as written in error messages. */
  public static final String NAME_RULE = "must be 1 to 80 characters with no white space, control characters, "
      + "brackets (< > { } [ ]), wildcards (? *) or any of \" # % \\ ^ | ~ ` $ & , ; : /";

  private static final String FORBIDDEN = "<>{}[]?*\"#%\\^|~`$&,;:/";

  private SfnRules() {}

  /** A state machine ARN read into its parts. */
  public record StateMachineArn(String partition, String region, String account, String name, String qualifier) {

    /** The state machine's own ARN, without a version or alias. */
    public String unqualified() {
      return "arn:" + partition + ":states:" + region + ":" + account + ":stateMachine:" + name;
    }

    /** The ARN of the (Standard) execution of this state machine with {@code executionName}. */
    public String executionArn(String executionName) {
      return "arn:" + partition + ":states:" + region + ":" + account + ":execution:" + name + ":" + executionName;
    }
  }

  /**
   * The state machine ARN {@code value} is, or empty when it is not one: the name follows the name rule,
   * and a qualifier is a version number or an alias name.
   */
  public static Optional<StateMachineArn> stateMachineArn(String value) {
    String[] parts = value.length() > MAX_ARN ? null : arnParts(value, 7);
    if (parts == null || !parts[5].equals("stateMachine") || nameProblem(parts[6]) != null
        || (parts.length == 8 && !isQualifier(parts[7]))) {
      return Optional.empty();
    }
    return Optional.of(new StateMachineArn(parts[1], parts[3], parts[4], parts[6], parts.length == 8 ? parts[7] : null));
  }

  /** Whether {@code value} looks like an ARN of any kind (and so is not a state machine name). */
  public static boolean isArn(String value) {
    return value.startsWith("arn:");
  }

  /** Whether an execution ARN names an Express execution. */
  public static boolean isExpressExecution(String executionArn) {
    String[] parts = executionArnParts(executionArn);
    return parts != null && parts[5].equals("express");
  }

  /** The state machine's name in an execution ARN. */
  public static String stateMachineOf(String executionArn) {
    String[] parts = executionArnParts(executionArn);
    if (parts == null) {
      throw new IllegalArgumentException("not an execution ARN: " + executionArn);
    }
    return parts[6];
  }

  /**
   * Checks a target: its state machine is a state machine name or ARN.
   *
   * @return the target
   */
  public static WorkflowTarget checkTarget(WorkflowTarget target) {
    checkStateMachine(ErrorContext.of(target), "stateMachine", target.part(0));
    return target;
  }

  /**
   * Checks a handle: its one part is an execution ARN, or its two parts are a state machine's name and
   * an execution's name.
   *
   * @return the handle
   */
  public static RunHandle checkHandle(RunHandle handle) {
    if (isShort(handle)) {
      checkName(ErrorContext.of(handle), "stateMachine", handle.part(0));
      checkName(ErrorContext.of(handle), "executionName", handle.part(1));
    } else {
      checkExecutionArn(ErrorContext.of(handle), "executionArn", handle.part(0));
    }
    return handle;
  }

  /** Whether a handle has the short form, {@code <stateMachine>/<executionName>}. */
  public static boolean isShort(RunHandle handle) {
    return handle.parts().size() == 2;
  }

  /**
   * The handle of an execution started or listed through {@code target}: the short form
   * {@code <stateMachine>/<executionName>} when the target names its state machine by name (so that
   * ListStateMachines found it in the client's account and region, where the name finds it again) and
   * the execution is a Standard execution of that state machine; else the execution's ARN.
   */
  public static RunHandle handleOf(String backendId, WorkflowTarget target, String executionArn) {
    String stateMachine = target.part(0);
    String[] parts = isArn(stateMachine) ? null : executionArnParts(executionArn);
    if (parts != null && parts.length == 8 && parts[5].equals("execution") && parts[6].equals(stateMachine)) {
      return RunHandle.of(backendId, stateMachine, parts[7]);
    }
    return RunHandle.of(backendId, executionArn);
  }

  /**
   * The handle parts a run event's execution ARN names, as {@link #handleOf} makes them for a start through
   * the state machine's name: {@code <stateMachine>, <executionName>}; a Map Run's child
   * ({@code ...:<stateMachine>/<label>:...}) is its ARN as one part, as every target gives it. Empty when the
   * text is no ARN of a Standard execution: not an execution ARN at all, or an Express execution's (which
   * publish no events).
   */
  public static Optional<java.util.List<String>> eventParts(String executionArn) {
    String[] parts = executionArn.length() > MAX_ARN ? null : executionArnParts(executionArn);
    if (parts == null || !parts[5].equals("execution") || parts.length != 8 || nameProblem(parts[7]) != null
        || java.util.Arrays.stream(parts[6].split("/", -1)).anyMatch(part -> nameProblem(part) != null)) {
      return Optional.empty();
    }
    return Optional.of(parts[6].contains("/") ? java.util.List.of(executionArn) : java.util.List.of(parts[6], parts[7]));
  }

  /** Whether {@code executionArn} is an Express execution's ARN (which publish no run events). */
  public static boolean isExpressArn(String executionArn) {
    return executionArn.length() <= MAX_ARN && isExpressExecution(executionArn);
  }

  /**
   * Checks a start request before anything is sent: its options are {@link StepFunctionsOptions}, it has
   * raw input or parameters but not both, its input is one JSON value of at most 256 KiB, and its
   * options follow the service's rules (an execution name only without a key, which is the name).
   */
  public static void checkRequest(StartRunRequest request, String backendId) {
    ErrorContext context = ErrorContext.of(request.target());
    request.options().filter(options -> !(options instanceof StepFunctionsOptions)).ifPresent(options -> {
      throw new InvalidRequestException(context, "options", "must be StepFunctionsOptions for backend " + backendId
          + ", found " + options.getClass().getSimpleName());
    });
    if (request.input().isPresent() && !request.parameters().isEmpty()) {
      throw new InvalidRequestException(context, "input", "must be absent when parameters are given: give the raw "
          + "input (one JSON value) or the parameters (sent as a JSON object of strings), not both");
    }
    checkInput(context, request.input().isPresent() ? "input" : "parameters", SfnStarts.inputOf(request));
    StepFunctionsOptions options = SfnStarts.optionsOf(request);
    options.executionName().ifPresent(name -> {
      checkName(context, "options.executionName", name);
      if (request.idempotencyKey().isPresent()) {
        throw new InvalidRequestException(context, "options.executionName", "must be absent when an idempotency key "
            + "is given: a name in the options is for Express executions, whose starts take no key; on a Standard "
            + "state machine the key is the execution's name");
      }
    });
    options.traceHeader().ifPresent(header -> checkTraceHeader(context, "options.traceHeader", header));
  }

  /**
   * Whether DescribeExecution reads an execution: a Standard one, or a child of a Map Run
   * ({@code ...:<stateMachine>/<label>:...}), Express or not.
   */
  public static boolean describable(String executionArn) {
    return !isExpressExecution(executionArn) || stateMachineOf(executionArn).contains("/");
  }

  /** The refusal of {@code operation} on an Express execution, which the API neither describes, lists nor stops. */
  public static OperationNotSupportedException expressRefusal(RunHandle handle, String operation) {
    return new OperationNotSupportedException(ErrorContext.of(handle), operation, "Step Functions does not describe, "
        + "list or stop Express executions (only the children of a Map Run can be described); their history is in "
        + "the state machine's CloudWatch Logs");
  }

  /** Checks a target's state machine: an ARN of a state machine (or its version or alias), or a name. */
  public static void checkStateMachine(ErrorContext context, String field, String value) {
    if (isArn(value)) {
      if (stateMachineArn(value).isEmpty()) {
        throw new InvalidRequestException(context, field, "must be a state machine name or a state machine ARN "
            + "(arn:<partition>:states:<region>:<account>:stateMachine:<name>[:<version or alias>], at most "
            + MAX_ARN + " characters), found " + UserText.quote(value));
      }
      return;
    }
    checkName(context, field, value);
  }

  /**
   * Checks an execution ARN (a handle's part): its state machine (or Map Run, {@code <stateMachine>/<label>})
   * and execution names follow the name rule.
   */
  public static void checkExecutionArn(ErrorContext context, String field, String value) {
    String[] parts = value.length() > MAX_ARN ? null : executionArnParts(value);
    if (parts == null || (parts[5].equals("execution") && parts.length == 9)
        || java.util.Arrays.stream(parts[6].split("/", -1)).anyMatch(part -> nameProblem(part) != null)
        || nameProblem(parts[7]) != null) {
      throw new InvalidRequestException(context, field, "must be an execution ARN "
          + "(arn:<partition>:states:<region>:<account>:execution:<stateMachine>:<name>, or :express:...:<id> for an "
          + "Express execution, at most " + MAX_ARN + " characters), found " + UserText.quote(value));
    }
  }

  /** Checks a state machine or execution name. */
  public static void checkName(ErrorContext context, String field, String value) {
    String problem = nameProblem(value);
    if (problem != null) {
      throw new InvalidRequestException(context, field, NAME_RULE + "; " + problem);
    }
  }

  /** What breaks the name rule in {@code value}, or null. */
  public static String nameProblem(String value) {
    int length = value.codePointCount(0, value.length());
    if (length < 1 || length > MAX_NAME) {
      return "found " + length + " characters";
    }
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c <= 0x1F || (c >= 0x7F && c <= 0x9F)
          || FORBIDDEN.indexOf(c) >= 0 || (c <= 0xFFFF && Character.isSurrogate((char) c))) {
        return String.format("found U+%04X at index %d", c, i);
      }
      i += Character.charCount(c);
    }
    return null;
  }

  /**
   * The execution name an idempotency key becomes: the key itself when it is 1 to 80 characters of
   * {@code [0-9A-Za-z_-]} (names that CloudWatch Logs accepts as well), else {@code wfl-} and the first
   * 60 hex digits of the key's SHA-256.
   */
  public static String executionNameFor(String key) {
    if (isPlainName(key)) {
      return key;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "wfl-" + HexFormat.of().formatHex(digest).substring(0, 60);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Checks input text: well-formed Unicode, one JSON value, at most 256 KiB as UTF-8. */
  public static void checkInput(ErrorContext context, String field, String input) {
    checkWellFormed(context, field, input);
    int bytes = input.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_INPUT_BYTES) {
      throw new InvalidRequestException(context, field, "must be at most " + MAX_INPUT_BYTES
          + " bytes (256 KiB) as UTF-8, found " + bytes);
    }
    String problem = JsonText.problem(input);
    if (problem != null) {
      throw new InvalidRequestException(context, field, "must be one JSON value (RFC 8259); " + problem);
    }
  }

  /**
   * Checks that text is well-formed Unicode: an unpaired surrogate cannot be sent as UTF-8 without
   * being replaced, so two different keys could become one execution name.
   */
  public static void checkWellFormed(ErrorContext context, String field, String text) {
    int bad = JsonText.firstUnpairedSurrogate(text);
    if (bad >= 0) {
      throw new InvalidRequestException(context, field,
          "must be well-formed Unicode, found an unpaired surrogate at index " + bad);
    }
  }

  /** Checks a trace header: at most 256 ASCII characters. */
  public static void checkTraceHeader(ErrorContext context, String field, String value) {
    if (value.length() > MAX_TRACE_HEADER) {
      throw new InvalidRequestException(context, field, "must be at most " + MAX_TRACE_HEADER
          + " characters, found " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) > 0x7F) {
        throw new InvalidRequestException(context, field, String.format(
            "must be ASCII, found U+%04X at index %d", (int) value.charAt(i), i));
      }
    }
  }

  /** Checks free text against a length limit (StopExecution's error and cause). */
  public static void checkLength(ErrorContext context, String field, String value, int max) {
    if (value.length() > max) {
      throw new InvalidRequestException(context, field, "must be at most " + max + " characters, found "
          + value.length());
    }
  }

  /**
   * An ARN's colon-separated parts when it is {@code arn:<partition>:states:<region>:<account>:} and
   * {@code parts - 5} or one more non-empty parts, of any length; else null. Partition
   * {@code [a-z][a-z0-9-]*}, region {@code [a-z0-9-]+}, account 12 digits.
   */
  private static String[] arnParts(String value, int parts) {
    if (!value.startsWith("arn:")) {
      return null;
    }
    String[] split = new String[parts + 1];
    int count = 0;
    int from = 0;
    while (true) {
      int colon = value.indexOf(':', from);
      int end = colon < 0 ? value.length() : colon;
      if (count == split.length || (count >= 5 && end == from)) {
        return null;
      }
      split[count++] = value.substring(from, end);
      if (colon < 0) {
        break;
      }
      from = colon + 1;
    }
    if (count < parts) {
      return null;
    }
    boolean partition = !split[1].isEmpty() && split[1].charAt(0) >= 'a' && split[1].charAt(0) <= 'z'
        && lowerDigitsHyphens(split[1]);
    boolean region = !split[3].isEmpty() && lowerDigitsHyphens(split[3]);
    boolean account = split[4].length() == 12 && digits(split[4]);
    if (!(partition && region && account && split[2].equals("states"))) {
      return null;
    }
    return count == split.length ? split : java.util.Arrays.copyOf(split, count);
  }

  /**
   * {@code arn:...:execution:<stateMachine>:<name>[:<id>]} or {@code arn:...:express:<stateMachine>:<name>[:<id>]}
   * as parts, else null.
   */
  private static String[] executionArnParts(String value) {
    String[] parts = arnParts(value, 8);
    return parts != null && (parts[5].equals("execution") || parts[5].equals("express")) ? parts : null;
  }

  private static boolean lowerDigitsHyphens(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static boolean digits(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** A version number (1 to 19 digits), or an alias name (1 to 80 of {@code [a-zA-Z0-9_.-]}, not all digits). */
  private static boolean isQualifier(String value) {
    if (digits(value)) {
      return value.length() <= 19;
    }
    return value.length() <= MAX_NAME && value.chars().allMatch(SfnRules::isNameChar);
  }

  /** 1 to 80 characters of {@code [0-9A-Za-z_-]}: names that CloudWatch Logs accepts as well. */
  private static boolean isPlainName(String value) {
    if (value.isEmpty() || value.length() > MAX_NAME) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '.' || !isNameChar(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNameChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
  }
}
