package io.wflaunch;

import io.wflaunch.internal.PercentCodec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to start one run of a workflow.
 *
 * <p>Build one with {@link #builder(WorkflowTarget)}:
 *
 * <pre>{@code
 * StartRunRequest request = StartRunRequest.builder(WorkflowTarget.parse("memory:nightly-etl"))
 *     .parameter("date", "2026-11-23")
 *     .idempotencyKey("nightly-etl-2026-11-23")
 *     .build();
 * }</pre>
 *
 * <p>{@link #toString()} shows parameter names but never their values or the raw input, which may
 * hold secrets.
 *
 * @param target the workflow to run
 * @param parameters named string parameters, in insertion order, which each adapter passes as its
 *     service takes them (as run properties, say, or as an input encoded as a JSON object); empty when
 *     there are none
 * @param input a raw input string for backends that take one, if any
 * @param idempotencyKey a key that makes the start happen at most once: starting again with the same
 *     key returns the handle of the run the first start created, if any
 * @param options the backend's own options (the {@link BackendOptions} type its adapter defines), if any
 * @param keyReusePolicy what the key means once its run has ended, if not the launcher's default;
 *     only with an idempotency key, on a launcher with an idempotency store
 * @param inFlightPolicy what a start does while the key's run is being started or running, if not the
 *     launcher's default; only with an idempotency key, on a launcher with an idempotency store
 */
public record StartRunRequest(
    WorkflowTarget target,
    Map<String, String> parameters,
    Optional<String> input,
    Optional<String> idempotencyKey,
    Optional<BackendOptions> options,
    Optional<KeyReusePolicy> keyReusePolicy,
    Optional<InFlightPolicy> inFlightPolicy) {

  /** The longest idempotency key core accepts; adapters may derive shorter service tokens from it. */
  public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 256;

  /**
   * Checks and copies the values.
   *
   * @param target the workflow to run
   * @param parameters the named parameters, in order
   * @param input the raw input, if any
   * @param idempotencyKey the idempotency key, if any
   * @param options the backend's options, if any
   * @param keyReusePolicy the key reuse policy, if not the launcher's default
   * @param inFlightPolicy the in-flight policy, if not the launcher's default
   * @throws NullPointerException if any value, parameter name or parameter value is null
   * @throws InvalidRequestException if a parameter name is empty, or the idempotency key is empty,
   *     longer than {@value #MAX_IDEMPOTENCY_KEY_LENGTH} characters or holds a control character, or a
   *     policy is given without an idempotency key
   */
  public StartRunRequest {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(keyReusePolicy, "keyReusePolicy");
    Objects.requireNonNull(inFlightPolicy, "inFlightPolicy");
    parameters = orderedCopy(target, parameters);
    idempotencyKey.ifPresent(key -> checkIdempotencyKey(target, key));
    if (idempotencyKey.isEmpty() && keyReusePolicy.isPresent()) {
      throw new InvalidRequestException(ErrorContext.of(target), "keyReusePolicy",
          "applies only to a start with an idempotencyKey");
    }
    if (idempotencyKey.isEmpty() && inFlightPolicy.isPresent()) {
      throw new InvalidRequestException(ErrorContext.of(target), "inFlightPolicy",
          "applies only to a start with an idempotencyKey");
    }
  }

  /**
   * Starts building a request for a target.
   *
   * @param target the workflow to run
   * @return a builder
   * @throws NullPointerException if {@code target} is null
   */
  public static Builder builder(WorkflowTarget target) {
    return new Builder(target);
  }

  /**
   * A builder holding this request's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder(target);
    builder.parameters.putAll(parameters);
    builder.input = input.orElse(null);
    builder.idempotencyKey = idempotencyKey.orElse(null);
    builder.options = options.orElse(null);
    builder.keyReusePolicy = keyReusePolicy.orElse(null);
    builder.inFlightPolicy = inFlightPolicy.orElse(null);
    return builder;
  }

  /**
   * The backend options, if the request carries options of that type.
   *
   * @param type the options type, the class the adapter defines for them
   * @param <T> that type
   * @return the options, if present and of that type
   * @throws NullPointerException if {@code type} is null
   */
  public <T extends BackendOptions> Optional<T> options(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return options.filter(type::isInstance).map(type::cast);
  }

  /** Names the target, parameter names and key; never parameter values or the input. */
  @Override
  public String toString() {
    return "StartRunRequest[target=" + target
        + ", parameters=" + parameters.keySet()
        + input.map(i -> ", input=<" + i.length() + " characters>").orElse("")
        + idempotencyKey.map(k -> ", idempotencyKey=" + k).orElse("")
        + options.map(o -> ", options=" + o.getClass().getSimpleName()).orElse("")
        + keyReusePolicy.map(p -> ", keyReusePolicy=" + p).orElse("")
        + inFlightPolicy.map(p -> ", inFlightPolicy=" + p).orElse("")
        + "]";
  }

  private static Map<String, String> orderedCopy(WorkflowTarget target, Map<String, String> parameters) {
    Objects.requireNonNull(parameters, "parameters");
    Map<String, String> copy = new LinkedHashMap<>();
    parameters.forEach((name, value) -> {
      Objects.requireNonNull(name, "parameter name");
      if (name.isEmpty()) {
        throw new InvalidRequestException(ErrorContext.of(target), "parameters", "names must not be empty");
      }
      copy.put(name, Objects.requireNonNull(value, () -> "value of parameter " + name));
    });
    return Collections.unmodifiableMap(copy);
  }

  private static void checkIdempotencyKey(WorkflowTarget target, String key) {
    String rule = null;
    if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
      rule = "must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters long, found " + key.length();
    } else if (key.chars().anyMatch(Character::isISOControl)) {
      rule = "must not contain control characters";
    } else if (PercentCodec.firstUnpairedSurrogate(key) >= 0) {
      // Backends hash or send keys as UTF-8, which would replace the surrogate: two keys would become one.
      rule = "must be well-formed Unicode, found an unpaired surrogate at index " + PercentCodec.firstUnpairedSurrogate(key);
    }
    if (rule != null) {
      throw new InvalidRequestException(ErrorContext.of(target), "idempotencyKey", rule);
    }
  }

  /** Builds a {@link StartRunRequest}. */
  public static final class Builder {
    private final WorkflowTarget target;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private String input;
    private String idempotencyKey;
    private BackendOptions options;
    private KeyReusePolicy keyReusePolicy;
    private InFlightPolicy inFlightPolicy;

    private Builder(WorkflowTarget target) {
      this.target = Objects.requireNonNull(target, "target");
    }

    /**
     * Adds one parameter; a name given twice keeps its first position and its last value.
     *
     * @param name the parameter name
     * @param value its value
     * @return this builder
     * @throws NullPointerException if {@code name} or {@code value} is null
     */
    public Builder parameter(String name, String value) {
      parameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Adds parameters, in the map's iteration order.
     *
     * @param parameters the parameters to add
     * @return this builder
     * @throws NullPointerException if the map, a name or a value is null
     */
    public Builder parameters(Map<String, String> parameters) {
      Objects.requireNonNull(parameters, "parameters").forEach(this::parameter);
      return this;
    }

    /**
     * Sets the raw input string, for backends that take one.
     *
     * @param input the input, or null for none
     * @return this builder
     */
    public Builder input(String input) {
      this.input = input;
      return this;
    }

    /**
     * Sets the idempotency key.
     *
     * @param idempotencyKey the key, or null for none
     * @return this builder
     */
    public Builder idempotencyKey(String idempotencyKey) {
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    /**
     * Sets the backend's own options.
     *
     * @param options the options, or null for none
     * @return this builder
     */
    public Builder options(BackendOptions options) {
      this.options = options;
      return this;
    }

    /**
     * Sets what the idempotency key means once its run has ended, instead of the launcher's default
     * ({@link IdempotencyPolicy#keyReuse()}). Needs an idempotency key and a launcher with an
     * {@link io.wflaunch.spi.store.IdempotencyStore}.
     *
     * @param keyReusePolicy the policy, or null for the launcher's default
     * @return this builder
     */
    public Builder keyReusePolicy(KeyReusePolicy keyReusePolicy) {
      this.keyReusePolicy = keyReusePolicy;
      return this;
    }

    /**
     * Sets what a start does while the key's run is being started or is running, instead of the
     * launcher's default ({@link IdempotencyPolicy#inFlight()}). Needs an idempotency key and a launcher
     * with an {@link io.wflaunch.spi.store.IdempotencyStore}.
     *
     * @param inFlightPolicy the policy, or null for the launcher's default
     * @return this builder
     */
    public Builder inFlightPolicy(InFlightPolicy inFlightPolicy) {
      this.inFlightPolicy = inFlightPolicy;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws InvalidRequestException as the record's constructor does
     */
    public StartRunRequest build() {
      return new StartRunRequest(target, parameters, Optional.ofNullable(input),
          Optional.ofNullable(idempotencyKey), Optional.ofNullable(options), Optional.ofNullable(keyReusePolicy),
          Optional.ofNullable(inFlightPolicy));
    }
  }
}
