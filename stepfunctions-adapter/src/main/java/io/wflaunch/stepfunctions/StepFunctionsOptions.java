package io.wflaunch.stepfunctions;

import io.wflaunch.BackendOptions;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * Step Functions start options, for a request to a Step Functions backend:
 * {@code StartRunRequest.builder(target).options(StepFunctionsOptions.builder()...build())}. Values are
 * checked against the service's rules when the request is validated, before anything is sent.
 *
 * @param executionName the execution's name; without one it is the idempotency key (or a name derived
 *     from it), or generated. On a Standard state machine the name is what makes a start idempotent,
 *     so a start with a name is one with a key; it cannot also carry an idempotency key
 * @param traceHeader the AWS X-Ray trace header, at most 256 ASCII characters
 * @param stateMachineType the state machine's type when the caller knows it, which spares the
 *     DescribeStateMachine call that otherwise finds it out for a target given as an ARN
 */
public record StepFunctionsOptions(
    Optional<String> executionName, Optional<String> traceHeader, Optional<StateMachineType> stateMachineType)
    implements BackendOptions {

  /** No options. */
  public static final StepFunctionsOptions NONE = builder().build();

  /**
   * Checks the values.
   *
   * @param executionName the name
   * @param traceHeader the trace header
   * @param stateMachineType the state machine's type
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code stateMachineType} is {@code UNKNOWN_TO_SDK_VERSION}
   */
  public StepFunctionsOptions {
    Objects.requireNonNull(executionName, "executionName");
    Objects.requireNonNull(traceHeader, "traceHeader");
    Objects.requireNonNull(stateMachineType, "stateMachineType");
    if (stateMachineType.filter(type -> type == StateMachineType.UNKNOWN_TO_SDK_VERSION).isPresent()) {
      throw new IllegalArgumentException("stateMachineType must be STANDARD or EXPRESS");
    }
  }

  /**
   * A builder with no options set.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding these options.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.executionName = executionName.orElse(null);
    builder.traceHeader = traceHeader.orElse(null);
    builder.stateMachineType = stateMachineType.orElse(null);
    return builder;
  }

  /** Builds {@link StepFunctionsOptions}. */
  public static final class Builder {
    private String executionName;
    private String traceHeader;
    private StateMachineType stateMachineType;

    private Builder() {}

    /**
     * Sets the execution's name (1 to 80 characters; see the service's naming rules).
     *
     * @param executionName the name, or null for none
     * @return this builder
     */
    public Builder executionName(String executionName) {
      this.executionName = executionName;
      return this;
    }

    /**
     * Sets the X-Ray trace header.
     *
     * @param traceHeader the header, or null for none
     * @return this builder
     */
    public Builder traceHeader(String traceHeader) {
      this.traceHeader = traceHeader;
      return this;
    }

    /**
     * Says what type the state machine is, so that a start need not ask.
     *
     * @param stateMachineType STANDARD or EXPRESS, or null to find it out
     * @return this builder
     */
    public Builder stateMachineType(StateMachineType stateMachineType) {
      this.stateMachineType = stateMachineType;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     * @throws IllegalArgumentException if the type is {@code UNKNOWN_TO_SDK_VERSION}
     */
    public StepFunctionsOptions build() {
      return new StepFunctionsOptions(Optional.ofNullable(executionName), Optional.ofNullable(traceHeader),
          Optional.ofNullable(stateMachineType));
    }
  }
}
