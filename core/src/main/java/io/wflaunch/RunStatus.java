package io.wflaunch;

import io.wflaunch.internal.InstantText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a backend said about a run at one moment.
 *
 * @param handle the run
 * @param state the state, mapped from the backend's status
 * @param rawStatus the backend's own status word, such as {@code COMPLETED} or {@code IN_PROGRESS}
 * @param startedAt when the run started, if known
 * @param endedAt when the run ended, if it has and that is known
 * @param updatedAt when the backend last changed the run, if known
 * @param reasons status reasons or messages from the backend, in its order; empty when there are none
 * @param details backend details as an immutable map of strings, in the adapter's order (for example
 *     counts of a run's actions by state, or the task list it runs on); see each adapter's
 *     documentation for the keys
 * @param backendDetail a typed detail object the adapter exposes, if any; read it with
 *     {@link #detail(Class)}
 * @param maskedDetails the keys of {@code details} whose values the caller supplied (parameters, run
 *     properties) and which may be secrets: {@link #toString()} shows them as {@value #MASK}, and so
 *     does the command line unless asked to show values; {@code details()} still holds them
 */
public record RunStatus(
    RunHandle handle,
    RunState state,
    String rawStatus,
    Optional<Instant> startedAt,
    Optional<Instant> endedAt,
    Optional<Instant> updatedAt,
    List<String> reasons,
    Map<String, String> details,
    Optional<Object> backendDetail,
    Set<String> maskedDetails) {

  /** What {@link #toString()} shows instead of a masked detail's value. */
  public static final String MASK = "****";

  /**
   * Checks and copies the values.
   *
   * @param handle the run
   * @param state the mapped state
   * @param rawStatus the backend's status word
   * @param startedAt the start, if known
   * @param endedAt the end, if known
   * @param updatedAt the last change, if known
   * @param reasons the status reasons
   * @param details the backend details
   * @param backendDetail the typed detail object, if any
   * @param maskedDetails the keys of details that hold caller-supplied values
   * @throws NullPointerException if any value, list element, map key or map value is null
   * @throws IllegalArgumentException if a masked key is not a key of {@code details}
   */
  public RunStatus {
    Objects.requireNonNull(handle, "handle");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(rawStatus, "rawStatus");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endedAt, "endedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    reasons = List.copyOf(reasons);
    details = orderedCopy(details);
    Objects.requireNonNull(backendDetail, "backendDetail");
    maskedDetails = Set.copyOf(maskedDetails);
    for (String key : maskedDetails) {
      if (!details.containsKey(key)) {
        throw new IllegalArgumentException("masked detail '" + key + "' is not among the details");
      }
    }
  }

  /**
   * Starts building a status.
   *
   * @param handle the run
   * @param state the mapped state
   * @param rawStatus the backend's own status word
   * @return a builder
   * @throws NullPointerException if any argument is null
   */
  public static Builder builder(RunHandle handle, RunState state, String rawStatus) {
    return new Builder(handle, state, rawStatus);
  }

  /**
   * The typed detail object the adapter exposes, if there is one of that type.
   *
   * @param type the adapter's detail type
   * @param <T> that type
   * @return the detail object, if present and of that type
   * @throws NullPointerException if {@code type} is null
   */
  public <T> Optional<T> detail(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return backendDetail.filter(type::isInstance).map(type::cast);
  }

  /**
   * How long the run took, when both its start and end are known.
   *
   * @return the time from start to end, if known
   */
  public Optional<Duration> duration() {
    return startedAt.flatMap(start -> endedAt.map(end -> Duration.between(start, end)));
  }

  /**
   * The details as {@link #toString()} shows them: caller-supplied values replaced by {@value #MASK}.
   *
   * @return the details, masked, in order
   */
  public Map<String, String> maskedView() {
    if (maskedDetails.isEmpty()) {
      return details;
    }
    Map<String, String> view = new LinkedHashMap<>();
    details.forEach((key, value) -> view.put(key, maskedDetails.contains(key) ? MASK : value));
    return Collections.unmodifiableMap(view);
  }

  /**
   * Shows everything but the values of {@linkplain #maskedDetails() masked details}, and of the typed
   * detail object only its type (SDK objects print every field).
   *
   * @return the status in words
   */
  @Override
  public String toString() {
    return "RunStatus[handle=" + handle + ", state=" + state + ", rawStatus=" + rawStatus
        + ", startedAt=" + startedAt.map(Object::toString).orElse("-")
        + ", endedAt=" + endedAt.map(Object::toString).orElse("-")
        + ", updatedAt=" + updatedAt.map(Object::toString).orElse("-")
        + ", reasons=" + reasons + ", details=" + maskedView()
        + ", backendDetail=" + backendDetail.map(d -> d.getClass().getSimpleName()).orElse("-") + "]";
  }

  /**
   * A builder with this status's values, for adapters that refine a status.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder(handle, state, rawStatus);
    builder.startedAt = startedAt.orElse(null);
    builder.endedAt = endedAt.orElse(null);
    builder.updatedAt = updatedAt.orElse(null);
    builder.reasons.addAll(reasons);
    builder.details.putAll(details);
    builder.maskedDetails.addAll(maskedDetails);
    builder.backendDetail = backendDetail.orElse(null);
    return builder;
  }

  private static Map<String, String> orderedCopy(Map<String, String> map) {
    Map<String, String> copy = new LinkedHashMap<>(Math.max(16, map.size() * 4 / 3 + 1));
    map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "details key"),
        Objects.requireNonNull(v, "details value")));
    return Collections.unmodifiableMap(copy);
  }

  /** Builds a {@link RunStatus}. Null times and detail values are taken as "not known" and skipped. */
  public static final class Builder {
    private RunHandle handle;
    private RunState state;
    private String rawStatus;
    private Instant startedAt;
    private Instant endedAt;
    private Instant updatedAt;
    private final List<String> reasons = new ArrayList<>();
    private final Map<String, String> details = new LinkedHashMap<>(32);
    private final Set<String> maskedDetails = new LinkedHashSet<>();
    private Object backendDetail;

    private Builder(RunHandle handle, RunState state, String rawStatus) {
      this.handle = Objects.requireNonNull(handle, "handle");
      this.state = Objects.requireNonNull(state, "state");
      this.rawStatus = Objects.requireNonNull(rawStatus, "rawStatus");
    }

    /**
     * Sets the run.
     *
     * @param handle the run
     * @return this builder
     * @throws NullPointerException if {@code handle} is null
     */
    public Builder handle(RunHandle handle) {
      this.handle = Objects.requireNonNull(handle, "handle");
      return this;
    }

    /**
     * Sets the mapped state.
     *
     * @param state the state
     * @return this builder
     * @throws NullPointerException if {@code state} is null
     */
    public Builder state(RunState state) {
      this.state = Objects.requireNonNull(state, "state");
      return this;
    }

    /**
     * Sets the backend's status word.
     *
     * @param rawStatus the raw status
     * @return this builder
     * @throws NullPointerException if {@code rawStatus} is null
     */
    public Builder rawStatus(String rawStatus) {
      this.rawStatus = Objects.requireNonNull(rawStatus, "rawStatus");
      return this;
    }

    /**
     * Sets when the run started.
     *
     * @param startedAt the start, or null when unknown
     * @return this builder
     */
    public Builder startedAt(Instant startedAt) {
      this.startedAt = startedAt;
      return this;
    }

    /**
     * Sets when the run ended.
     *
     * @param endedAt the end, or null when unknown or not ended
     * @return this builder
     */
    public Builder endedAt(Instant endedAt) {
      this.endedAt = endedAt;
      return this;
    }

    /**
     * Sets when the backend last changed the run.
     *
     * @param updatedAt the last change, or null when unknown
     * @return this builder
     */
    public Builder updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    /**
     * Adds a status reason or message; null or blank ones are skipped.
     *
     * @param reason the reason
     * @return this builder
     */
    public Builder reason(String reason) {
      if (reason != null && !reason.isBlank()) {
        reasons.add(reason);
      }
      return this;
    }

    /**
     * Adds a backend detail; a null value is skipped. A key given twice keeps its first position
     * and its last value.
     *
     * @param key the detail's name
     * @param value its value, or null when unknown
     * @return this builder
     * @throws NullPointerException if {@code key} is null
     */
    public Builder detail(String key, Object value) {
      Objects.requireNonNull(key, "key");
      if (value != null) {
        details.put(key, value instanceof Instant instant ? InstantText.format(instant) : value.toString());
      }
      return this;
    }

    /**
     * Adds a detail whose value the caller supplied (a parameter or run property), which may be a
     * secret: {@link RunStatus#toString()} and the command line mask it. A null value is skipped.
     *
     * @param key the detail's name
     * @param value its value, or null when unknown
     * @return this builder
     * @throws NullPointerException if {@code key} is null
     */
    public Builder maskedDetail(String key, String value) {
      detail(key, value);
      if (value != null) {
        maskedDetails.add(key);
      }
      return this;
    }

    /**
     * Sets the typed detail object.
     *
     * @param backendDetail the object, or null for none
     * @return this builder
     */
    public Builder backendDetail(Object backendDetail) {
      this.backendDetail = backendDetail;
      return this;
    }

    /**
     * Builds the status.
     *
     * @return the status
     */
    public RunStatus build() {
      return new RunStatus(handle, state, rawStatus, Optional.ofNullable(startedAt),
          Optional.ofNullable(endedAt), Optional.ofNullable(updatedAt), reasons, details,
          Optional.ofNullable(backendDetail), maskedDetails);
    }
  }
}
