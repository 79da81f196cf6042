package io.wflaunch.aws.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.SdkClientConfiguration;
import software.amazon.awssdk.core.client.config.SdkClientOption;

/**
 * A twin of an SDK client that differs only in sending each request once and in its API-call timeout:
 * the same HTTP client, credentials, region, endpoint, interceptors, metric publishers and scheduler,
 * made once from the client's own configuration. It is what a per-request override that switches the
 * retries off makes the SDK build for every request, made once instead. The twin owns nothing and is
 * never closed: closing it would close what it shares with the client.
 *
 * <p>Its API-call timeouts are timed on the client's own scheduler, as a bounded request on the client
 * would be. (That scheduler keeps a cancelled timeout task until it would have fired; a scheduler that
 * drops it at once costs a wake-up of its thread for every request, which costs more.)
 *
 * <p>The SDK's generated clients keep their configuration in a private field and are built from it by
 * a constructor; a client that is not one of those (a fake, a mock, a wrapper) has no twin, and its
 * requests get the per-request override instead.
 */
public final class ClientTwins {

  private static final Logger log = LoggerFactory.getLogger(ClientTwins.class);

  private ClientTwins() {}

  /**
   * The twin of {@code client} that sends each request once, with {@code apiCallTimeout}.
   *
   * @param client the user's client
   * @param apiCallTimeout the API-call timeout of every request
   * @param <T> the client type
   * @return the twin, or empty when the client is not one the SDK generated
   */
  public static <T extends SdkClient> Optional<T> sendingOnce(T client, Duration apiCallTimeout) {
    try {
      Field field = configurationField(client.getClass());
      Constructor<?> constructor = client.getClass().getDeclaredConstructor(SdkClientConfiguration.class);
      if (field == null) {
        return Optional.empty();
      }
      field.setAccessible(true);
      constructor.setAccessible(true);
      SdkClientConfiguration configuration = (SdkClientConfiguration) field.get(client);
      SdkClientConfiguration once = configuration.toBuilder()
          .option(SdkClientOption.RETRY_STRATEGY, SendOnce.NO_RETRY_STRATEGY)
          .option(SdkClientOption.CONFIGURED_RETRY_STRATEGY, SendOnce.NO_RETRY_STRATEGY)
          .option(SdkClientOption.CONFIGURED_RETRY_MODE, null)
          .option(SdkClientOption.CONFIGURED_RETRY_CONFIGURATOR, null)
          .option(SdkClientOption.RETRY_POLICY, null)
          .option(SdkClientOption.API_CALL_TIMEOUT, apiCallTimeout)
          .build();
      @SuppressWarnings("unchecked")
      T twin = (T) constructor.newInstance(once);
      return Optional.of(twin);
    } catch (ReflectiveOperationException | RuntimeException notGenerated) {
      log.debug("No twin of {}: its requests carry a per-request override", client.getClass().getName(), notGenerated);
      return Optional.empty();
    }
  }

  private static Field configurationField(Class<?> type) {
    for (Field field : type.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers()) && field.getType() == SdkClientConfiguration.class) {
        return field;
      }
    }
    return null;
  }
}
