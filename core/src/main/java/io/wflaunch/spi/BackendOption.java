package io.wflaunch.spi;

import io.wflaunch.spi.support.UserText;

import java.util.Objects;
import java.util.Optional;

/**
 * One option a {@link BackendProvider} accepts in {@link BackendSettings#options()}, such as a
 * {@code look-back} for its listings: its name, what it means and its default, for tools to list and
 * check.
 *
 * @param name the option's name: words joined by {@code -} ({@code look-back}) or in camelCase
 *     ({@code workflowId})
 * @param description what it sets, in one sentence
 * @param defaultValue its value when not given, as text, if it has one
 * @param secret whether its value must never be printed (a token, say)
 */
public record BackendOption(String name, String description, Optional<String> defaultValue, boolean secret) {

  /**
   * Checks the parts.
   *
   * @param name the option's name
   * @param description what it sets
   * @param defaultValue its default, if it has one
   * @param secret whether its value must never be printed
   * @throws NullPointerException if a part is null
   * @throws IllegalArgumentException if the name is not letters and digits starting with a lower-case letter
   */
  public BackendOption {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(defaultValue, "defaultValue");
    if (!name.matches("[a-z][a-zA-Z0-9]*(-[a-zA-Z0-9]+)*")) {
      throw new IllegalArgumentException("option name " + UserText.quote(name)
          + " must be letters and digits starting with a lower-case letter, words joined by '-' or in "
          + "camelCase, such as look-back or workflowId");
    }
  }

  /**
   * An option that is not secret.
   *
   * @param name the name
   * @param description what it sets
   * @param defaultValue its default as text, or null when it has none
   * @return the option
   */
  public static BackendOption of(String name, String description, String defaultValue) {
    return new BackendOption(name, description, Optional.ofNullable(defaultValue), false);
  }

  /**
   * A secret option, whose value tools never print.
   *
   * @param name the name
   * @param description what it sets
   * @return the option
   */
  public static BackendOption secret(String name, String description) {
    return new BackendOption(name, description, Optional.empty(), true);
  }
}
