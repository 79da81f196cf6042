package io.wflaunch.sagemaker;

import io.wflaunch.BackendOptions;
import java.util.Objects;
import java.util.Optional;

/**
 * SageMaker Pipelines start options, for a request to a SageMaker backend:
 * {@code StartRunRequest.builder(target).options(SageMakerOptions.builder()...build())}. Values are checked
 * against the service model when the request is validated, before anything is sent. Pipeline parameters
 * are the request's parameters.
 *
 * @param displayName PipelineExecutionDisplayName: 1 to 82 characters matching
 *     {@code [a-zA-Z0-9](-*[a-zA-Z0-9]){0,81}}
 * @param description PipelineExecutionDescription: at most 3072 characters
 * @param maxParallelExecutionSteps ParallelismConfiguration.MaxParallelExecutionSteps: at least 1; overrides
 *     the pipeline's own for this execution
 */
public record SageMakerOptions(Optional<String> displayName, Optional<String> description,
    Optional<Integer> maxParallelExecutionSteps) implements BackendOptions {

  /** No options. */
  public static final SageMakerOptions NONE = builder().build();

  /**
   * Checks the values are present (their rules are checked when a request is validated).
   *
   * @throws NullPointerException if an argument is null
   */
  public SageMakerOptions {
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(maxParallelExecutionSteps, "maxParallelExecutionSteps");
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
    builder.displayName = displayName.orElse(null);
    builder.description = description.orElse(null);
    builder.maxParallelExecutionSteps = maxParallelExecutionSteps.orElse(null);
    return builder;
  }

  /** Builds {@link SageMakerOptions}. */
  public static final class Builder {
    private String displayName;
    private String description;
    private Integer maxParallelExecutionSteps;

    private Builder() {}

    /**
     * Sets the execution's display name.
     *
     * @param displayName the name, or null for none
     * @return this builder
     */
    public Builder displayName(String displayName) {
      this.displayName = displayName;
      return this;
    }

    /**
     * Sets the execution's description.
     *
     * @param description the description, or null for none
     * @return this builder
     */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /**
     * Sets how many steps may run at once in this execution.
     *
     * @param steps at least 1, or null for the pipeline's own setting
     * @return this builder
     */
    public Builder maxParallelExecutionSteps(Integer steps) {
      this.maxParallelExecutionSteps = steps;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public SageMakerOptions build() {
      return new SageMakerOptions(Optional.ofNullable(displayName), Optional.ofNullable(description),
          Optional.ofNullable(maxParallelExecutionSteps));
    }
  }
}
