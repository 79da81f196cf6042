package io.wflaunch.glue;

import io.wflaunch.BackendOptions;
import io.wflaunch.glue.internal.GlueLookUpSettings;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Glue job start options. A request carries them with
 * {@code StartRunRequest.builder(target).options(glueJobOptions)}; a request without them uses the
 * backend's {@link GlueJobBackend.Builder#defaultOptions(GlueJobOptions) default options}. Options on a
 * request are complete: build them from {@link #builder()} (or from the backend's defaults with
 * {@link #toBuilder()}). The values are checked against the Glue model when the request is validated,
 * before anything is sent; an empty value leaves the job definition's own.
 *
 * @param arguments extra job arguments, added after the request's parameters; names start with {@code --}
 * @param idempotencyArgument the job argument that carries the idempotency key; starts with {@code --}
 * @param workerType StartJobRun {@code WorkerType}, one of the SDK's {@code WorkerType} values
 * @param numberOfWorkers StartJobRun {@code NumberOfWorkers}, at least 1
 * @param timeoutMinutes StartJobRun {@code Timeout} in minutes, at least 1
 * @param executionClass StartJobRun {@code ExecutionClass}: {@code STANDARD} or {@code FLEX}
 * @param securityConfiguration StartJobRun {@code SecurityConfiguration}, a Glue name
 * @param notifyDelayAfterMinutes StartJobRun {@code NotificationProperty.NotifyDelayAfter}, at least 1
 * @param jobRunQueuing StartJobRun {@code JobRunQueuingEnabled}
 * @param scanPageLimit how many GetJobRuns pages the idempotency look-up reads at most
 * @param lookBack how far back the idempotency look-up searches for a run carrying the key
 * @param pageSize MaxResults of each GetJobRuns page, 1 to 200
 */
public record GlueJobOptions(
    Map<String, String> arguments, String idempotencyArgument, Optional<String> workerType,
    Optional<Integer> numberOfWorkers, Optional<Integer> timeoutMinutes, Optional<String> executionClass,
    Optional<String> securityConfiguration, Optional<Integer> notifyDelayAfterMinutes,
    Optional<Boolean> jobRunQueuing, int scanPageLimit, Duration lookBack, int pageSize)
    implements BackendOptions {

  /** The job argument that carries the idempotency key unless told otherwise; jobs ignore it. */
  public static final String DEFAULT_IDEMPOTENCY_ARGUMENT = "--wflaunch-idempotency-key";

  /**
   * The job argument a keyed start adds: 16 hex digits of the request's hash, so that a start of the
   * key with another request is told apart. Reserved like the key's.
   */
  public static final String REQUEST_HASH_ARGUMENT = "--wflaunch-request-hash";

  /** GetJobRuns' largest MaxResults. */
  static final int MAX_PAGE_SIZE = 200;

  /**
   * No extra arguments and the job definition's own capacity, timeout and class; the key in
   * {@value #DEFAULT_IDEMPOTENCY_ARGUMENT}; the look-up reads at most 10 pages of 200 runs (GetJobRuns'
   * largest page) from the last 7 days.
   */
  public static final GlueJobOptions DEFAULT = new GlueJobOptions(Map.of(), DEFAULT_IDEMPOTENCY_ARGUMENT,
      Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
      Optional.empty(), 10, Duration.ofDays(7), 200);

  /**
   * Checks and copies the values; the Glue model's rules are checked when a request is validated.
   *
   * @throws NullPointerException if a value, argument name or argument value is null
   * @throws IllegalArgumentException if {@code scanPageLimit} is below 1, {@code lookBack} is not
   *     positive or {@code pageSize} is outside 1 to 200
   */
  public GlueJobOptions {
    Objects.requireNonNull(arguments, "arguments");
    Map<String, String> copy = new LinkedHashMap<>();
    arguments.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "argument name"),
        Objects.requireNonNull(v, () -> "value of argument " + k)));
    arguments = Collections.unmodifiableMap(copy);
    Objects.requireNonNull(idempotencyArgument, "idempotencyArgument");
    Objects.requireNonNull(workerType, "workerType");
    Objects.requireNonNull(numberOfWorkers, "numberOfWorkers");
    Objects.requireNonNull(timeoutMinutes, "timeoutMinutes");
    Objects.requireNonNull(executionClass, "executionClass");
    Objects.requireNonNull(securityConfiguration, "securityConfiguration");
    Objects.requireNonNull(notifyDelayAfterMinutes, "notifyDelayAfterMinutes");
    Objects.requireNonNull(jobRunQueuing, "jobRunQueuing");
    GlueLookUpSettings.check(scanPageLimit, lookBack, pageSize, "GetJobRuns", MAX_PAGE_SIZE);
  }

  /** Shows the arguments' names but not their values, which may be secrets. */
  @Override
  public String toString() {
    return "GlueJobOptions[arguments=" + arguments.keySet() + ", idempotencyArgument=" + idempotencyArgument
        + ", workerType=" + workerType + ", numberOfWorkers=" + numberOfWorkers + ", timeoutMinutes="
        + timeoutMinutes + ", executionClass=" + executionClass + ", securityConfiguration="
        + securityConfiguration + ", notifyDelayAfterMinutes=" + notifyDelayAfterMinutes + ", jobRunQueuing="
        + jobRunQueuing + ", scanPageLimit=" + scanPageLimit + ", lookBack=" + lookBack + ", pageSize="
        + pageSize + "]";
  }

  /**
   * A builder starting from {@link #DEFAULT}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return DEFAULT.toBuilder();
  }

  /**
   * A builder holding these options.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link GlueJobOptions}; a null value clears an optional setting. */
  public static final class Builder {
    private final Map<String, String> arguments;
    private String idempotencyArgument;
    private String workerType;
    private Integer numberOfWorkers;
    private Integer timeoutMinutes;
    private String executionClass;
    private String securityConfiguration;
    private Integer notifyDelayAfterMinutes;
    private Boolean jobRunQueuing;
    private int scanPageLimit;
    private Duration lookBack;
    private int pageSize;

    private Builder(GlueJobOptions from) {
      arguments = new LinkedHashMap<>(from.arguments);
      idempotencyArgument = from.idempotencyArgument;
      workerType = from.workerType.orElse(null);
      numberOfWorkers = from.numberOfWorkers.orElse(null);
      timeoutMinutes = from.timeoutMinutes.orElse(null);
      executionClass = from.executionClass.orElse(null);
      securityConfiguration = from.securityConfiguration.orElse(null);
      notifyDelayAfterMinutes = from.notifyDelayAfterMinutes.orElse(null);
      jobRunQueuing = from.jobRunQueuing.orElse(null);
      scanPageLimit = from.scanPageLimit;
      lookBack = from.lookBack;
      pageSize = from.pageSize;
    }

    /**
     * Adds an extra job argument, sent after the request's parameters.
     *
     * @param name the argument name, starting with {@code --}
     * @param value its value
     * @return this builder
     */
    public Builder argument(String name, String value) {
      arguments.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets the job argument that carries the idempotency key.
     *
     * @param idempotencyArgument a name starting with {@code --}
     * @return this builder
     */
    public Builder idempotencyArgument(String idempotencyArgument) {
      this.idempotencyArgument = idempotencyArgument;
      return this;
    }

    /**
     * Sets the worker type, such as {@code G.1X}.
     *
     * @param workerType the type, or null for the job's own
     * @return this builder
     */
    public Builder workerType(String workerType) {
      this.workerType = workerType;
      return this;
    }

    /**
     * Sets the number of workers.
     *
     * @param numberOfWorkers at least 1, or null for the job's own
     * @return this builder
     */
    public Builder numberOfWorkers(Integer numberOfWorkers) {
      this.numberOfWorkers = numberOfWorkers;
      return this;
    }

    /**
     * Sets the run's timeout.
     *
     * @param timeoutMinutes at least 1 minute, or null for the job's own
     * @return this builder
     */
    public Builder timeoutMinutes(Integer timeoutMinutes) {
      this.timeoutMinutes = timeoutMinutes;
      return this;
    }

    /**
     * Sets the execution class.
     *
     * @param executionClass {@code STANDARD} or {@code FLEX}, or null for the job's own
     * @return this builder
     */
    public Builder executionClass(String executionClass) {
      this.executionClass = executionClass;
      return this;
    }

    /**
     * Sets the security configuration.
     *
     * @param securityConfiguration its name, or null for the job's own
     * @return this builder
     */
    public Builder securityConfiguration(String securityConfiguration) {
      this.securityConfiguration = securityConfiguration;
      return this;
    }

    /**
     * Sets how long after its start a run still going sends a delay notification.
     *
     * @param notifyDelayAfterMinutes at least 1 minute, or null for the job's own
     * @return this builder
     */
    public Builder notifyDelayAfterMinutes(Integer notifyDelayAfterMinutes) {
      this.notifyDelayAfterMinutes = notifyDelayAfterMinutes;
      return this;
    }

    /**
     * Sets whether a run over the job's concurrency waits in a queue (WAITING) instead of being refused.
     *
     * @param jobRunQueuing whether to queue, or null for the job's own
     * @return this builder
     */
    public Builder jobRunQueuing(Boolean jobRunQueuing) {
      this.jobRunQueuing = jobRunQueuing;
      return this;
    }

    /**
     * Sets how many GetJobRuns pages the idempotency look-up reads at most.
     *
     * @param scanPageLimit at least 1
     * @return this builder
     */
    public Builder scanPageLimit(int scanPageLimit) {
      this.scanPageLimit = scanPageLimit;
      return this;
    }

    /**
     * Sets how far back the idempotency look-up searches.
     *
     * @param lookBack a positive duration
     * @return this builder
     */
    public Builder lookBack(Duration lookBack) {
      this.lookBack = lookBack;
      return this;
    }

    /**
     * Sets MaxResults of each GetJobRuns page.
     *
     * @param pageSize 1 to 200
     * @return this builder
     */
    public Builder pageSize(int pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public GlueJobOptions build() {
      return new GlueJobOptions(arguments, idempotencyArgument, Optional.ofNullable(workerType),
          Optional.ofNullable(numberOfWorkers), Optional.ofNullable(timeoutMinutes), Optional.ofNullable(executionClass),
          Optional.ofNullable(securityConfiguration), Optional.ofNullable(notifyDelayAfterMinutes),
          Optional.ofNullable(jobRunQueuing), scanPageLimit, lookBack, pageSize);
    }
  }
}
