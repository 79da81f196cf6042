package io.wflaunch;

import java.util.Objects;

/**
 * A request, target or handle was refused before anything was sent, or the service refused it as
 * invalid. The error names the offending {@linkplain #field() field} and the {@linkplain #rule() rule}
 * it broke, for example field {@code input}, rule {@code must be at most 32768 characters, found 40000}.
 * Not retryable.
 *
 * <p>Parameter values are never put into the message (they may be secrets); field names and
 * identifiers are.
 *
 * @serial exclude
 */
public class InvalidRequestException extends WorkflowLaunchException {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final String rule;

  /**
   * Creates the error.
   *
   * @param context what the failure is about
   * @param field the offending field, such as {@code input} or {@code parameters[region]}
   * @param rule the rule it broke, in words, such as {@code must be 1 to 255 characters long}
   * @throws NullPointerException if any argument is null
   */
  public InvalidRequestException(ErrorContext context, String field, String rule) {
    this(context, field, rule, null);
  }

  /**
   * Creates the error with a cause, for refusals reported by the service.
   *
   * @param context what the failure is about
   * @param field the offending field, such as {@code input} or {@code parameters[region]}
   * @param rule the rule it broke, in words
   * @param cause the original exception, or null
   * @throws NullPointerException if {@code context}, {@code field} or {@code rule} is null
   */
  public InvalidRequestException(ErrorContext context, String field, String rule, Throwable cause) {
    super("invalid request", context, "field '" + Objects.requireNonNull(field, "field") + "' "
        + Objects.requireNonNull(rule, "rule"), false, cause);
    this.field = field;
    this.rule = rule;
  }

  /**
   * The offending field, such as {@code input}, {@code idempotencyKey}, {@code parameters[region]} or
   * {@code handle}.
   *
   * @return the field name
   */
  public String field() {
    return field;
  }

  /**
   * The rule the field broke, in words.
   *
   * @return the rule
   */
  public String rule() {
    return rule;
  }

  @Override
  protected WorkflowLaunchException copy(ErrorContext context) {
    return new InvalidRequestException(context, field, rule, getCause());
  }
}
