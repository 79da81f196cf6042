package io.wflaunch.spi;

import io.wflaunch.spi.support.UserText;

import io.wflaunch.ConfigurationException;
import io.wflaunch.ErrorContext;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a {@link BackendProvider} builds a backend from: its id, where and as whom it connects (region,
 * endpoint, profile), components the caller already has (an SDK client, an HTTP client, a credentials
 * provider: looked up by type), the type's own options as text, and a clock. Tools fill it from their
 * flags or properties; only the id is required.
 */
public final class BackendSettings {

  private final String id;
  private final String region;
  private final URI endpoint;
  private final String profile;
  private final Map<String, String> options;
  private final Function<Class<?>, Object> components;
  private final Clock clock;

  private BackendSettings(Builder builder) {
    this.id = builder.id;
    this.region = builder.region;
    this.endpoint = builder.endpoint;
    this.profile = builder.profile;
    this.options = Map.copyOf(builder.options);
    Map<Class<?>, Object> given = Map.copyOf(builder.given);
    Function<Class<?>, Object> lookup = builder.lookup;
    this.components = type -> given.containsKey(type) ? given.get(type) : lookup.apply(type);
    this.clock = builder.clock;
  }

  /**
   * Starts settings for a backend id.
   *
   * @param id the backend id (normally the provider's type)
   * @return a builder
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * The backend id.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * The region, if set.
   *
   * @return the region's name, such as {@code eu-west-1}
   */
  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  /**
   * The endpoint, if set (an emulator's, say).
   *
   * @return the endpoint
   */
  public Optional<URI> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  /**
   * The named profile of the shared AWS config files, if set.
   *
   * @return the profile
   */
  public Optional<String> profile() {
    return Optional.ofNullable(profile);
  }

  /**
   * The type's own options, by name, as text.
   *
   * @return the options
   */
  public Map<String, String> options() {
    return options;
  }

  /**
   * One option's value, if given.
   *
   * @param name the option's name
   * @return its text
   */
  public Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }

  /**
   * A whole-number option, if given.
   *
   * @param name the option's name
   * @param min the least value allowed
   * @param max the greatest value allowed
   * @return the value
   * @throws ConfigurationException (setting {@code options.<name>}) if it is not a whole number in range
   */
  public Optional<Integer> intOption(String name, int min, int max) {
    return option(name).map(text -> {
      try {
        int value = Integer.parseInt(text.strip());
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException notANumber) {
        // reported below
      }
      throw new ConfigurationException(ErrorContext.of(id), "options." + name, "option " + name + " is "
          + UserText.quote(text) + "; it must be a whole number from " + min + " to " + max, null);
    });
  }

  /**
   * A true-or-false option, if given.
   *
   * @param name the option's name
   * @return the value
   * @throws ConfigurationException (setting {@code options.<name>}) if it is neither {@code true} nor
   *     {@code false}
   */
  public Optional<Boolean> booleanOption(String name) {
    return option(name).map(text -> {
      String plain = text.strip();
      if (plain.equalsIgnoreCase("true") || plain.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(plain);
      }
      throw new ConfigurationException(ErrorContext.of(id), "options." + name, "option " + name + " is "
          + UserText.quote(text) + "; it must be true or false", null);
    });
  }

  /**
   * A duration option, if given: ISO-8601 ({@code PT30M}) or a number with a unit, {@code ms}, {@code s},
   * {@code m}, {@code h} or {@code d} ({@code 500ms}, {@code 30m}, {@code 7d}).
   *
   * @param name the option's name
   * @return the value
   * @throws ConfigurationException (setting {@code options.<name>}) if it is not a positive duration
   */
  public Optional<java.time.Duration> durationOption(String name) {
    return option(name).map(text -> {
      java.time.Duration value = null;
      String trimmed = text.strip();
      java.util.regex.Matcher simple = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h|d)").matcher(trimmed);
      if (simple.matches()) {
        long amount = Long.parseLong(simple.group(1));
        value = switch (simple.group(2)) {
          case "ms" -> java.time.Duration.ofMillis(amount);
          case "s" -> java.time.Duration.ofSeconds(amount);
          case "m" -> java.time.Duration.ofMinutes(amount);
          case "h" -> java.time.Duration.ofHours(amount);
          default -> java.time.Duration.ofDays(amount);
        };
      } else {
        try {
          value = java.time.Duration.parse(trimmed);
        } catch (java.time.format.DateTimeParseException notIso) {
          // reported below
        }
      }
      if (value == null || value.isNegative() || value.isZero()) {
        throw new ConfigurationException(ErrorContext.of(id), "options." + name, "option " + name + " is "
            + UserText.quote(text) + "; it must be a positive duration such as 30m, 7d or PT1H", null);
      }
      return value;
    });
  }

  /**
   * A component the caller has of {@code type} (an SDK client, an HTTP client, a credentials
   * provider), if any. The backend uses it as it is and does not close it.
   *
   * @param type the component's type
   * @param <T> the type
   * @return the component
   */
  public <T> Optional<T> component(Class<T> type) {
    Object found = components.apply(Objects.requireNonNull(type, "type"));
    return type.isInstance(found) ? Optional.of(type.cast(found)) : Optional.empty();
  }

  /**
   * The clock the backend measures with.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * The settings that say where and as whom to connect and are set: {@code region}, {@code endpoint},
   * {@code profile}, in that order. A provider given a client refuses them (the client says it).
   *
   * @return the names of the set ones
   */
  public List<String> connectionSettings() {
    java.util.ArrayList<String> set = new java.util.ArrayList<>();
    if (region != null) {
      set.add("region");
    }
    if (endpoint != null) {
      set.add("endpoint");
    }
    if (profile != null) {
      set.add("profile");
    }
    return set;
  }

  /**
   * Refuses an option that {@code accepted} does not list.
   *
   * @param accepted the provider's options
   * @throws ConfigurationException whose setting is {@code options.<name>}, naming the accepted ones
   */
  public void checkOptions(List<BackendOption> accepted) {
    for (String name : options.keySet()) {
      if (accepted.stream().noneMatch(option -> option.name().equals(name))) {
        throw new ConfigurationException(ErrorContext.of(id), "options." + name, "unknown option "
            + UserText.quote(name) + " for backend " + id + "; "
            + (accepted.isEmpty() ? "it takes no options"
                : "it takes " + String.join(", ", accepted.stream().map(BackendOption::name).toList())), null);
      }
    }
  }

  /** Builds {@link BackendSettings}. */
  public static final class Builder {
    private final String id;
    private String region;
    private URI endpoint;
    private String profile;
    private final Map<String, String> options = new LinkedHashMap<>();
    private final Map<Class<?>, Object> given = new LinkedHashMap<>();
    private Function<Class<?>, Object> lookup = type -> null;
    private Clock clock = Clock.systemUTC();

    private Builder(String id) {
      this.id = Objects.requireNonNull(id, "id");
    }

    /**
     * Sets the region.
     *
     * @param region the region's name, or null for the default chain
     * @return this builder
     */
    public Builder region(String region) {
      this.region = region == null || region.isBlank() ? null : region.strip();
      return this;
    }

    /**
     * Sets the endpoint.
     *
     * @param endpoint the endpoint, or null for the region's
     * @return this builder
     */
    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /**
     * Sets the profile.
     *
     * @param profile the profile's name, or null for the default chain
     * @return this builder
     */
    public Builder profile(String profile) {
      this.profile = profile == null || profile.isBlank() ? null : profile.strip();
      return this;
    }

    /**
     * Sets one option.
     *
     * @param name the option's name
     * @param value its text
     * @return this builder
     */
    public Builder option(String name, String value) {
      options.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets options.
     *
     * @param values the options by name
     * @return this builder
     */
    public Builder options(Map<String, String> values) {
      values.forEach(this::option);
      return this;
    }

    /**
     * Gives a component the backend uses as it is (an SDK client, say) and does not close.
     *
     * @param type the type it is looked up by
     * @param component the component
     * @param <T> the type
     * @return this builder
     */
    public <T> Builder component(Class<T> type, T component) {
      given.put(Objects.requireNonNull(type, "type"), type.cast(Objects.requireNonNull(component, "component")));
      return this;
    }

    /**
     * Looks up components not given with {@link #component} (in a dependency-injection container,
     * say): the function returns the one component of a type, or null.
     *
     * @param lookup finds a component by type
     * @return this builder
     */
    public Builder components(Function<Class<?>, Object> lookup) {
      this.lookup = Objects.requireNonNull(lookup, "lookup");
      return this;
    }

    /**
     * Sets the clock (default the system clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     */
    public BackendSettings build() {
      return new BackendSettings(this);
    }
  }
}
