package io.wflaunch.glue;

import io.wflaunch.BackendOptions;
import io.wflaunch.glue.internal.GlueLookUpSettings;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Glue-specific start options. A request carries them with
 * {@code StartRunRequest.builder(target).options(glueOptions)}; a request without them uses the
 * backend's {@link GlueBackend.Builder#defaultOptions(GlueOptions) default options}. Options on a
 * request are complete: build them from {@link #builder()} (or from the backend's defaults with
 * {@link #toBuilder()}).
 *
 * @param runProperties extra run properties, added after the request's parameters
 * @param idempotencyProperty the run property that carries the request's idempotency key
 * @param scanPageLimit how many pages of recent runs the idempotency look-up reads at most
 * @param lookBack how far back the idempotency look-up searches for a run carrying the key
 * @param pageSize MaxResults of each GetWorkflowRuns page, 1 to 1000
 */
public record GlueOptions(
    Map<String, String> runProperties, String idempotencyProperty, int scanPageLimit, Duration lookBack, int pageSize)
    implements BackendOptions {

  /** The run property that carries the idempotency key unless told otherwise. */
  public static final String DEFAULT_IDEMPOTENCY_PROPERTY = "wflaunch.idempotency-key";

  /**
   * The run property a keyed start adds: 16 hex digits of the request's hash (target, parameters,
   * options, as an idempotency store records it), so that a start of the key with another request is
   * told apart even when the workflow's jobs change its run properties. Reserved like the key's.
   */
  public static final String REQUEST_HASH_PROPERTY = "wflaunch.request-hash";

  /** GetWorkflowRuns' largest MaxResults. */
  static final int MAX_PAGE_SIZE = 1000;

  /**
   * No extra properties; the key in {@value #DEFAULT_IDEMPOTENCY_PROPERTY}; the look-up reads at most
   * 5 pages of 1000 runs from the last 7 days. 1000 is GetWorkflowRuns' maximum page size (and a size
   * moto accepts, which answers 500 to pages smaller than the number of runs).
   */
  public static final GlueOptions DEFAULT =
      new GlueOptions(Map.of(), DEFAULT_IDEMPOTENCY_PROPERTY, 5, Duration.ofDays(7), 1000);

  /**
   * Checks and copies the values.
   *
   * @param runProperties extra run properties
   * @param idempotencyProperty the property carrying the key
   * @param scanPageLimit the most pages the look-up reads
   * @param lookBack how far back the look-up searches
   * @param pageSize MaxResults per page
   * @throws NullPointerException if a value, property name or property value is null
   * @throws IllegalArgumentException if {@code scanPageLimit} is below 1, {@code lookBack} is not
   *     positive or {@code pageSize} is outside 1 to 1000
   */
  public GlueOptions {
    Objects.requireNonNull(runProperties, "runProperties");
    Map<String, String> copy = new LinkedHashMap<>();
    runProperties.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "run property name"),
        Objects.requireNonNull(v, () -> "value of run property " + k)));
    runProperties = Collections.unmodifiableMap(copy);
    Objects.requireNonNull(idempotencyProperty, "idempotencyProperty");
    GlueLookUpSettings.check(scanPageLimit, lookBack, pageSize, "GetWorkflowRuns", MAX_PAGE_SIZE);
  }

  /** Shows the run properties' names but not their values, which may be secrets. */
  @Override
  public String toString() {
    return "GlueOptions[runProperties=" + runProperties.keySet() + ", idempotencyProperty=" + idempotencyProperty
        + ", scanPageLimit=" + scanPageLimit + ", lookBack=" + lookBack + ", pageSize=" + pageSize + "]";
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

  /** Builds {@link GlueOptions}. */
  public static final class Builder {
    private final Map<String, String> runProperties;
    private String idempotencyProperty;
    private int scanPageLimit;
    private Duration lookBack;
    private int pageSize;

    private Builder(GlueOptions from) {
      runProperties = new LinkedHashMap<>(from.runProperties);
      idempotencyProperty = from.idempotencyProperty;
      scanPageLimit = from.scanPageLimit;
      lookBack = from.lookBack;
      pageSize = from.pageSize;
    }

    /**
     * Adds an extra run property, sent after the request's parameters.
     *
     * @param name the property name
     * @param value its value
     * @return this builder
     */
    public Builder runProperty(String name, String value) {
      runProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets the run property that carries the idempotency key.
     *
     * @param idempotencyProperty a Glue run property name
     * @return this builder
     */
    public Builder idempotencyProperty(String idempotencyProperty) {
      this.idempotencyProperty = idempotencyProperty;
      return this;
    }

    /**
     * Sets how many pages of recent runs the idempotency look-up reads at most.
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
     * Sets MaxResults of each GetWorkflowRuns page.
     *
     * @param pageSize 1 to 1000
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
    public GlueOptions build() {
      return new GlueOptions(runProperties, idempotencyProperty, scanPageLimit, lookBack, pageSize);
    }
  }
}
