package io.wflaunch.stepfunctions;

import io.wflaunch.BackendOptions;
import java.util.Objects;
import java.util.Optional;

/**
 * Step Functions start options, for a request to a Step Functions backend:
 * {@code StartRunRequest.builder(target).options(StepFunctionsOptions.builder()...build())}. Values are
 * checked against the service's rules when the request is validated, before anything is sent.
 *
 * @param executionName the name of an Express execution, where a name is only a label. On a Standard
 *     state machine the name is what makes a start idempotent, so it is the idempotency key (a key of 1
 *     to 80 characters of {@code [0-9A-Za-z_-]} is the name itself), and a start with this option is
 *     refused there
 * @param traceHeader the AWS X-Ray trace header, at most 256 ASCII characters
 */
public record StepFunctionsOptions(Optional<String> executionName, Optional<String> traceHeader)
    implements BackendOptions {

  /** No options. */
  public static final StepFunctionsOptions NONE = builder().build();

  /**
   * Checks the values.
   *
   * @param executionName the name
   * @param traceHeader the trace header
   * @throws NullPointerException if an argument is null
   */
  public StepFunctionsOptions {
    Objects.requireNonNull(executionName, "executionName");
    Objects.requireNonNull(traceHeader, "traceHeader");
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
    return builder;
  }

  /** Builds {@link StepFunctionsOptions}. */
  public static final class Builder {
    private String executionName;
    private String traceHeader;

    private Builder() {}

    /**
     * Sets the name of an Express execution (1 to 80 characters; see the service's naming rules). On a
     * Standard state machine give the name as the idempotency key instead.
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
     * Builds the options.
     *
     * @return the options
     */
    public StepFunctionsOptions build() {
      return new StepFunctionsOptions(Optional.ofNullable(executionName), Optional.ofNullable(traceHeader));
    }
  }
}
