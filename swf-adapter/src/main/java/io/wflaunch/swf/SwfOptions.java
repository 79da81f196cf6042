package io.wflaunch.swf;

import io.wflaunch.BackendOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.swf.model.ChildPolicy;

/**
 * Every StartWorkflowExecution option, for a request to an SWF backend:
 * {@code StartRunRequest.builder(target).options(SwfOptions.builder()...build())}. Options left empty
 * are not sent, so the workflow type's registered defaults apply. Values are checked against SWF's
 * rules when the request is validated, before anything is sent.
 *
 * @param workflowId the execution's workflowId; without one it is derived from the idempotency key,
 *     or random
 * @param taskList the decision task list
 * @param taskPriority the decision task priority
 * @param executionStartToCloseTimeout how long the execution may run, in whole seconds
 * @param taskStartToCloseTimeout how long a decision task may take, in whole seconds or
 *     {@link TaskTimeout#NONE}
 * @param tagList the tag list (at most 5, one fewer with an idempotency key, whose marker takes a slot)
 * @param childPolicy what happens to child executions when this one is terminated or times out
 * @param lambdaRole the IAM role for Lambda tasks
 */
public record SwfOptions(
    Optional<String> workflowId,
    Optional<String> taskList,
    Optional<Integer> taskPriority,
    Optional<Duration> executionStartToCloseTimeout,
    Optional<TaskTimeout> taskStartToCloseTimeout,
    List<String> tagList,
    Optional<ChildPolicy> childPolicy,
    Optional<String> lambdaRole) implements BackendOptions {

  /** No options: the workflow type's defaults apply. */
  public static final SwfOptions NONE = builder().build();

  /**
   * A decision task timeout: whole seconds, or no limit.
   *
   * @param duration the limit, or empty for {@code NONE}
   */
  public record TaskTimeout(Optional<Duration> duration) {
    /** No limit ({@code NONE} on the wire). */
    public static final TaskTimeout NONE = new TaskTimeout(Optional.empty());

    /**
     * Checks the value.
     *
     * @param duration the limit, or empty for {@code NONE}
     */
    public TaskTimeout {
      Objects.requireNonNull(duration, "duration");
    }

    /**
     * A limit.
     *
     * @param duration whole seconds
     * @return the timeout
     */
    public static TaskTimeout of(Duration duration) {
      return new TaskTimeout(Optional.of(duration));
    }
  }

  /**
   * Checks and copies the values.
   *
   * @param workflowId the workflowId
   * @param taskList the task list
   * @param taskPriority the task priority
   * @param executionStartToCloseTimeout the execution timeout
   * @param taskStartToCloseTimeout the decision task timeout
   * @param tagList the tags
   * @param childPolicy the child policy
   * @param lambdaRole the Lambda role
   * @throws NullPointerException if a value or a tag is null
   */
  public SwfOptions {
    Objects.requireNonNull(workflowId, "workflowId");
    Objects.requireNonNull(taskList, "taskList");
    Objects.requireNonNull(taskPriority, "taskPriority");
    Objects.requireNonNull(executionStartToCloseTimeout, "executionStartToCloseTimeout");
    Objects.requireNonNull(taskStartToCloseTimeout, "taskStartToCloseTimeout");
    tagList = List.copyOf(tagList);
    Objects.requireNonNull(childPolicy, "childPolicy");
    Objects.requireNonNull(lambdaRole, "lambdaRole");
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
    builder.workflowId = workflowId.orElse(null);
    builder.taskList = taskList.orElse(null);
    builder.taskPriority = taskPriority.orElse(null);
    builder.executionStartToCloseTimeout = executionStartToCloseTimeout.orElse(null);
    builder.taskStartToCloseTimeout = taskStartToCloseTimeout.orElse(null);
    builder.tagList.addAll(tagList);
    builder.childPolicy = childPolicy.orElse(null);
    builder.lambdaRole = lambdaRole.orElse(null);
    return builder;
  }

  /** Builds {@link SwfOptions}; every setter takes null for "not set". */
  public static final class Builder {
    private String workflowId;
    private String taskList;
    private Integer taskPriority;
    private Duration executionStartToCloseTimeout;
    private TaskTimeout taskStartToCloseTimeout;
    private final List<String> tagList = new ArrayList<>();
    private ChildPolicy childPolicy;
    private String lambdaRole;

    private Builder() {}

    /**
     * Sets the workflowId.
     *
     * @param workflowId 1 to 256 characters without {@code : / |} or control characters
     * @return this builder
     */
    public Builder workflowId(String workflowId) {
      this.workflowId = workflowId;
      return this;
    }

    /**
     * Sets the decision task list.
     *
     * @param taskList a task list name
     * @return this builder
     */
    public Builder taskList(String taskList) {
      this.taskList = taskList;
      return this;
    }

    /**
     * Sets the decision task priority.
     *
     * @param taskPriority any int
     * @return this builder
     */
    public Builder taskPriority(Integer taskPriority) {
      this.taskPriority = taskPriority;
      return this;
    }

    /**
     * Sets how long the execution may run.
     *
     * @param timeout whole seconds, at most 99,999,999
     * @return this builder
     */
    public Builder executionStartToCloseTimeout(Duration timeout) {
      this.executionStartToCloseTimeout = timeout;
      return this;
    }

    /**
     * Sets how long a decision task may take.
     *
     * @param timeout whole seconds, at most 99,999,999
     * @return this builder
     */
    public Builder taskStartToCloseTimeout(Duration timeout) {
      this.taskStartToCloseTimeout = timeout == null ? null : TaskTimeout.of(timeout);
      return this;
    }

    /**
     * Lets decision tasks take as long as they need ({@code NONE}).
     *
     * @return this builder
     */
    public Builder noTaskStartToCloseTimeout() {
      this.taskStartToCloseTimeout = TaskTimeout.NONE;
      return this;
    }

    /**
     * Adds a tag.
     *
     * @param tag at most 256 characters
     * @return this builder
     */
    public Builder tag(String tag) {
      tagList.add(Objects.requireNonNull(tag, "tag"));
      return this;
    }

    /**
     * Sets the child policy.
     *
     * @param childPolicy TERMINATE, REQUEST_CANCEL or ABANDON
     * @return this builder
     */
    public Builder childPolicy(ChildPolicy childPolicy) {
      this.childPolicy = childPolicy;
      return this;
    }

    /**
     * Sets the IAM role for Lambda tasks.
     *
     * @param lambdaRole a role ARN
     * @return this builder
     */
    public Builder lambdaRole(String lambdaRole) {
      this.lambdaRole = lambdaRole;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public SwfOptions build() {
      return new SwfOptions(Optional.ofNullable(workflowId), Optional.ofNullable(taskList),
          Optional.ofNullable(taskPriority), Optional.ofNullable(executionStartToCloseTimeout),
          Optional.ofNullable(taskStartToCloseTimeout), tagList, Optional.ofNullable(childPolicy),
          Optional.ofNullable(lambdaRole));
    }
  }
}
