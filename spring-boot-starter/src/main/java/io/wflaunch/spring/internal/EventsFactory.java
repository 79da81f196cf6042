package io.wflaunch.spring.internal;

import io.wflaunch.eventbridge.SqsRunEvents;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The run events of {@code wflaunch.events.*}: an {@link SqsRunEvents} over the application's
 * {@link SqsClient} bean, or over a client built from the properties. Loaded only when the
 * wflaunch-eventbridge module is on the class path.
 */
public final class EventsFactory {

  private static final String PREFIX = "wflaunch.events";

  private EventsFactory() {}

  /**
   * Builds the event source from checked values.
   *
   * @param queue the queue's URL, checked
   * @param settings the SQS client's settings (prefix {@code wflaunch.events})
   * @param safetyInterval {@code wflaunch.events.safety-interval}, checked
   * @param waitTime {@code wflaunch.events.wait-time}, checked
   * @param visibilityTimeout {@code wflaunch.events.visibility-timeout}, checked
   * @param beans the application's beans
   * @param owned collects a client built here, to close after the source
   * @return the source, not started
   * @throws InvalidConfigurationPropertyValueException naming the property in error
   */
  public static SqsRunEvents create(URI queue, ClientSettings settings, Duration safetyInterval,
      Duration waitTime, Duration visibilityTimeout, ListableBeanFactory beans, List<AutoCloseable> owned) {
    SqsRunEvents.Builder builder = SqsRunEvents.builder();
    set(PREFIX + ".queue-url", queue.toString(), builder::queueUrl);
    set(PREFIX + ".safety-interval", safetyInterval, builder::safetyInterval);
    set(PREFIX + ".wait-time", waitTime, builder::waitTime);
    set(PREFIX + ".visibility-timeout", visibilityTimeout, builder::visibilityTimeout);

    SqsClient client = beans.getBeanProvider(SqsClient.class).getIfUnique();
    if (client != null && !settings.setProperties().isEmpty()) {
      throw new InvalidConfigurationPropertyValueException(settings.setProperties().get(0), "(set)", "Not used: the "
          + "application defines an SqsClient bean, which wflaunch uses as it is configured. Remove "
          + String.join(", ", settings.setProperties()) + ", or the bean.");
    }
    if (client == null) {
      settings.checked();
      ClientSettings effective = settings.region() != null || settings.endpoint() != null ? settings
          : new ClientSettings(settings.prefix(), SqsRunEvents.regionOf(queue).orElse(null), null, settings.profile());
      SqsClientBuilder clientBuilder = SqsClient.builder();
      effective.apply(clientBuilder, true);
      try {
        client = clientBuilder.build();
      } catch (RuntimeException e) {
        throw new InvalidConfigurationPropertyValueException(PREFIX + ".region", settings.region(),
            "The SQS client could not be built: " + e.getMessage());
      }
      owned.add(client);
    }
    builder.sqsClient(client);
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(PREFIX, null, e.getMessage());
    }
  }

  private static <T> void set(String property, T value, Consumer<T> setter) {
    try {
      setter.accept(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage());
    }
  }
}
