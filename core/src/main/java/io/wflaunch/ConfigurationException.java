package io.wflaunch;

import java.util.Objects;

/**
 * The client is not configured to reach the service: no credentials, no region, an unknown profile,
 * no bearer token for a service that takes one, no HTTP client implementation. Nothing was sent, so
 * no run was started. Not retryable: the same call fails the same way until the configuration
 * changes, and waits fail at once on it instead of polling. The message says what to set, for example
 * {@code Unable to locate credentials. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, run aws
 * configure, or choose a profile with AWS_PROFILE}.
 *
 * @serial exclude
 */
public class ConfigurationException extends WorkflowLaunchException {

  private static final long serialVersionUID = 1L;

  private final String setting;

  /**
   * Creates the error.
   *
   * @param context what the failure is about
   * @param setting what is missing or wrong, such as {@code credentials}, {@code region},
   *     {@code profile}, {@code token} or {@code httpClient}
   * @param detail what to set, in words
   * @param cause the original exception, or null
   * @throws NullPointerException if {@code context}, {@code setting} or {@code detail} is null
   */
  public ConfigurationException(ErrorContext context, String setting, String detail, Throwable cause) {
    super("not configured", context, detail, false, cause);
    this.setting = Objects.requireNonNull(setting, "setting");
  }

  /**
   * What is missing or wrong: {@code credentials}, {@code region}, {@code profile}, {@code token},
   * {@code httpClient}, or another name an adapter documents.
   *
   * @return the setting
   */
  public String setting() {
    return setting;
  }

  @Override
  protected WorkflowLaunchException copy(ErrorContext context) {
    return new ConfigurationException(context, setting, detail(), getCause());
  }
}
