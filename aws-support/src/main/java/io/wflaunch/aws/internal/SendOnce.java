package io.wflaunch.aws.internal;

import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * Sending the start protocol's requests exactly once: the protocol owns their retries, so the SDK must
 * not send any of them again by itself. Decided once per client, not per request: a client built
 * without retries needs nothing; any other client gets a per-request override that switches its
 * retries off (which makes the SDK rebuild its configuration for that request, so the adapters'
 * convenience factories build a second, retry-less client instead).
 */
public final class SendOnce {

  private static final RetryStrategy NO_RETRIES = AwsRetryStrategy.doNotRetry();

  /** The retry strategy that makes one attempt. */
  public static final RetryStrategy NO_RETRY_STRATEGY = NO_RETRIES;

  /** The per-request override that switches the SDK's retries off. */
  public static final AwsRequestOverrideConfiguration NO_SDK_RETRIES = AwsRequestOverrideConfiguration.builder()
      .addPlugin(config -> config.overrideConfiguration(
          config.overrideConfiguration().toBuilder().retryStrategy(NO_RETRIES).build()))
      .build();

  private SendOnce() {}

  /**
   * What to put on each protocol request sent with {@code client}: nothing (null) when the client
   * already sends every request once, else {@link #NO_SDK_RETRIES}.
   *
   * @param client the client
   * @return the override, or null
   */
  public static AwsRequestOverrideConfiguration overrideFor(SdkClient client) {
    return sendsOnce(client) ? null : NO_SDK_RETRIES;
  }

  /**
   * Whether the client's retry strategy (or legacy retry policy) makes one attempt only.
   *
   * @param client the client
   * @return true when it never retries; false when it may, or when that cannot be read (fakes, mocks)
   */
  public static boolean sendsOnce(SdkClient client) {
    try {
      ClientOverrideConfiguration config = client.serviceClientConfiguration().overrideConfiguration();
      if (config == null) {
        return false;
      }
      boolean strategyOnce = config.retryStrategy().map(strategy -> strategy.maxAttempts() == 1).orElse(false);
      boolean legacyPolicyNone = config.retryPolicy()
          .map(policy -> policy.numRetries() != null && policy.numRetries() == 0).orElse(false);
      return strategyOnce || legacyPolicyNone;
    } catch (RuntimeException cannotTell) {
      return false;
    }
  }

  /**
   * Configures a client builder, already set up as the user wanted, to build a client that sends every
   * request once, keeping the rest of its override configuration.
   *
   * @param builder the builder
   * @param <C> the client type
   * @return the builder
   */
  @SuppressWarnings("unchecked")
  public static <C> SdkClientBuilder<?, C> withoutRetries(SdkClientBuilder<?, C> builder) {
    ClientOverrideConfiguration current = builder.overrideConfiguration();
    ClientOverrideConfiguration.Builder updated = current == null ? ClientOverrideConfiguration.builder()
        : current.toBuilder();
    builder.overrideConfiguration(updated.retryStrategy(NO_RETRIES).build());
    return builder;
  }
}
