package io.wflaunch.spring;

import io.wflaunch.IdempotencyPolicy;
import io.wflaunch.StartPolicy;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.ConfigurationException;
import io.wflaunch.spi.BackendProvider;
import io.wflaunch.spi.BackendProviders;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.store.IdempotencyStore;
import io.wflaunch.spi.observe.LaunchObserver;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.spi.events.RunEventSource;
import io.wflaunch.spring.internal.ClientSettings;
import io.wflaunch.spring.internal.OwnedClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Builds one {@link WorkflowLauncher} bean from the {@code wflaunch.*} properties
 * ({@link WflaunchProperties}) when at least one backend is configured and the application defines no
 * launcher of its own, and closes it on shutdown. It registers every {@link LaunchObserver} bean on
 * the launcher, among them the Micrometer metrics (when Micrometer, {@code wflaunch-micrometer} and a
 * {@code MeterRegistry} bean are there) and the OpenTelemetry tracing (when
 * {@code wflaunch-opentelemetry} and an {@code OpenTelemetry} bean are there), and defines the
 * {@link WaitOptions} bean from {@code wflaunch.wait.*}.
 *
 * <p>With {@code wflaunch.events.queue-url} set (and {@code wflaunch-eventbridge} on the class path), the
 * launcher ends waits on run events received from that SQS queue: an {@code SqsRunEvents} bean, over the
 * application's {@code SqsClient} bean if it has exactly one, else over a client built from
 * {@code wflaunch.events.region}, {@code endpoint} and {@code profile} and closed on shutdown. Without the
 * property, an application's own {@link RunEventSource} bean, if it has exactly one, is given to the
 * launcher.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration"})
@ConditionalOnClass(WorkflowLauncher.class)
@EnableConfigurationProperties(WflaunchProperties.class)
public class WflaunchAutoConfiguration {

  /** The SDK's client interface, when the SDK is on the classpath. */
  private static final Class<?> SDK_CLIENT = sdkClient();

  private static Class<?> sdkClient() {
    try {
      return Class.forName("software.amazon.awssdk.core.SdkClient", false, WflaunchAutoConfiguration.class.getClassLoader());
    } catch (ClassNotFoundException absent) {
      return null;
    }
  }

  private static final Pattern BACKEND_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  /** The name of the starter's run event source bean. */
  static final String EVENTS_BEAN = "wflaunchRunEvents";

  /** The longest visibility timeout SQS takes. */
  private static final Duration MAX_VISIBILITY = Duration.ofHours(12);

  /** Creates the auto-configuration. */
  public WflaunchAutoConfiguration() { }

  /**
   * The SDK clients the starter built for the launcher beyond those its backends own (the idempotency
   * store's), closed after the launcher.
   *
   * @return the holder
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(WorkflowLauncher.class)
  @Conditional(BackendsConfigured.class)
  OwnedClients wflaunchOwnedClients() {
    return new OwnedClients();
  }

  /**
   * The launcher.
   *
   * @param properties the properties
   * @param beans the application's beans (SDK client beans are used when there is one of a type)
   * @param observers the observers to register, in order
   * @param stores an idempotency store bean, used when {@code wflaunch.idempotency.table} is not set
   * @param eventSources a run event source bean, used when {@code wflaunch.events.queue-url} is not set
   * @param owned where clients built here are kept for closing
   * @return the launcher
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(WorkflowLauncher.class)
  @Conditional(BackendsConfigured.class)
  public WorkflowLauncher workflowLauncher(WflaunchProperties properties, ListableBeanFactory beans,
      ObjectProvider<LaunchObserver> observers, ObjectProvider<IdempotencyStore> stores,
      ObjectProvider<RunEventSource> eventSources, OwnedClients owned) {
    if (properties.getBackends().isEmpty()) {
      throw new InvalidConfigurationPropertyValueException("wflaunch.backends", null,
          "Configure at least one backend: wflaunch.backends.<id>.type=" + BackendProviders.typeList().replace(", ", "|")
              + ".");
    }
    List<WorkflowBackend> backends = new ArrayList<>();
    try {
      properties.getBackends().forEach((id, backend) -> backends.add(backend(id, backend, beans)));
      WorkflowLauncher.Builder builder = WorkflowLauncher.builder();
      backends.forEach(builder::backend);
      StartPolicy startPolicy = startPolicy(properties.getStart());
      builder.startPolicy(startPolicy);
      IdempotencyStore store = store(properties.getIdempotency(), beans, stores, owned);
      if (store != null) {
        builder.idempotencyStore(store);
        builder.idempotencyPolicy(idempotencyPolicy(properties.getIdempotency(), startPolicy));
      }
      observers.orderedStream().forEach(builder::observer);
      RunEventSource events = eventSource(properties.getEvents(), beans, eventSources);
      if (events != null) {
        builder.runEvents(events);
      }
      return builder.build();
    } catch (RuntimeException | Error e) {
      backends.forEach(WorkflowBackend::close);
      throw e;
    }
  }

  /**
   * The defaults of waits, from {@code wflaunch.wait.*}: pass it to {@code awaitCompletion}.
   *
   * @param properties the properties
   * @return the options
   */
  @Bean
  @ConditionalOnMissingBean(WaitOptions.class)
  public WaitOptions wflaunchWaitOptions(WflaunchProperties properties) {
    WflaunchProperties.Wait wait = properties.getWait();
    require("wflaunch.wait.min-interval", wait.getMinInterval());
    require("wflaunch.wait.max-interval", wait.getMaxInterval());
    require("wflaunch.wait.timeout", wait.getTimeout());
    if (wait.getMinInterval().isNegative() || wait.getMinInterval().isZero()) {
      throw new InvalidConfigurationPropertyValueException("wflaunch.wait.min-interval", text(wait.getMinInterval()),
          "Must be positive.");
    }
    if (wait.getMaxInterval().compareTo(wait.getMinInterval()) < 0) {
      throw new InvalidConfigurationPropertyValueException("wflaunch.wait.max-interval", text(wait.getMaxInterval()),
          "Must be at least wflaunch.wait.min-interval (" + text(wait.getMinInterval())
              + "); the pauses between polls grow from min-interval to max-interval.");
    }
    if (wait.getTimeout().isNegative() || wait.getTimeout().isZero()) {
      throw new InvalidConfigurationPropertyValueException("wflaunch.wait.timeout", text(wait.getTimeout()),
          "Must be positive.");
    }
    return WaitOptions.builder().minInterval(wait.getMinInterval()).maxInterval(wait.getMaxInterval())
        .timeout(wait.getTimeout()).stopOnGiveUp(wait.isStopOnGiveUp()).build();
  }

  private static WorkflowBackend backend(String id, WflaunchProperties.Backend backend, ListableBeanFactory beans) {
    String prefix = "wflaunch.backends." + id;
    if (!BACKEND_ID.matcher(id).matches()) {
      throw new InvalidConfigurationPropertyValueException(prefix, id, "A backend id is 1 to 64 lower-case "
          + "letters, digits, '.', '_' or '-', starting with a letter or digit.");
    }
    if (backend.getType() == null || backend.getType().isBlank()) {
      throw new InvalidConfigurationPropertyValueException(prefix + ".type", backend.getType(),
          "Required: one of " + BackendProviders.typeList() + ".");
    }
    BackendProvider provider = BackendProviders.find(backend.getType().trim()).orElseThrow(() ->
        new InvalidConfigurationPropertyValueException(prefix + ".type", backend.getType(), "Must be one of "
            + BackendProviders.typeList() + ": the types whose backend module is on the classpath (add "
            + "io.wflaunch:wflaunch-<backend>-adapter to the application's dependencies for another)."));
    ClientSettings client = new ClientSettings(prefix, backend.getRegion(), backend.getEndpoint(), backend.getProfile());
    BackendSettings.Builder settings = BackendSettings.builder(id)
        .region(client.region())
        .endpoint(client.endpoint() == null ? null : client.endpointUri())
        .profile(client.profile())
        .options(backend.getOptions())
        // The application's SDK client beans only (as before providers): not any bean of any type a
        // provider might look up, such as a credentials provider meant for something else.
        .components(type -> SDK_CLIENT != null && SDK_CLIENT.isAssignableFrom(type)
            ? beans.getBeanProvider(type).getIfUnique() : null);
    try {
      return provider.create(settings.build());
    } catch (ConfigurationException e) {
      String setting = e.setting();
      boolean option = setting.startsWith("options.");
      boolean named = option || List.of("region", "endpoint", "profile").contains(setting);
      Object value = switch (setting) {
        case "region" -> client.region();
        case "endpoint" -> client.endpoint();
        case "profile" -> client.profile();
        // An option's value is shown only when the type takes that option and it is not a secret: a
        // misspelt "tokne" may hold a token.
        default -> option && provider.options().stream().anyMatch(known -> known.name().equals(setting.substring(8))
            && !known.secret()) ? backend.getOptions().get(setting.substring(8)) : null;
      };
      throw new InvalidConfigurationPropertyValueException(named ? prefix + "." + setting : prefix, value,
          e.getMessage());
    }
  }

  /** The starter's SQS source when a queue URL is set, else the application's own source bean, if any. */
  private static RunEventSource eventSource(WflaunchProperties.Events events, ListableBeanFactory beans,
      ObjectProvider<RunEventSource> sources) {
    if (events.getQueueUrl() == null || events.getQueueUrl().isBlank()) {
      return sources.getIfUnique();
    }
    if (!beans.containsBean(EVENTS_BEAN)) {
      throw new InvalidConfigurationPropertyValueException("wflaunch.events.queue-url", events.getQueueUrl(),
          "Needs io.wflaunch:wflaunch-eventbridge on the classpath; add it to the application's dependencies.");
    }
    return beans.getBean(EVENTS_BEAN, RunEventSource.class);
  }

  /**
   * Checks the {@code wflaunch.events.*} properties, each problem naming its property.
   *
   * @param events the properties, with a queue URL set
   * @return the queue's URL
   */
  static java.net.URI checkedEvents(WflaunchProperties.Events events) {
    String queueUrl = events.getQueueUrl().trim();
    java.net.URI uri;
    try {
      uri = new java.net.URI(queueUrl);
    } catch (java.net.URISyntaxException e) {
      uri = null;
    }
    if (uri == null || !uri.isAbsolute() || uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getPath() == null || uri.getPath().length() < 2) {
      throw new InvalidConfigurationPropertyValueException("wflaunch.events.queue-url", queueUrl, "Must be an SQS "
          + "queue URL such as https://sqs.eu-west-1.amazonaws.com/123456789012/wflaunch-run-events.");
    }
    Duration safety = events.getSafetyInterval();
    if (safety == null || safety.isNegative() || safety.isZero()) {
      throw new InvalidConfigurationPropertyValueException("wflaunch.events.safety-interval", text(safety),
          "Required, and positive: how often runs on engines with events are still read while events come.");
    }
    wholeSeconds("wflaunch.events.wait-time", events.getWaitTime(), Duration.ofSeconds(1), Duration.ofSeconds(20),
        "SQS long-polls for up to 20s");
    wholeSeconds("wflaunch.events.visibility-timeout", events.getVisibilityTimeout(), Duration.ofSeconds(1),
        MAX_VISIBILITY, "SQS hides a received message for up to 12h");
    return uri;
  }

  private static void wholeSeconds(String property, Duration value, Duration min, Duration max, String why) {
    if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0 || value.toNanosPart() != 0) {
      throw new InvalidConfigurationPropertyValueException(property, text(value), "Required, in whole seconds from "
          + text(min) + " to " + text(max) + " (" + why + ").");
    }
  }

  private static IdempotencyStore store(WflaunchProperties.Idempotency idempotency, ListableBeanFactory beans,
      ObjectProvider<IdempotencyStore> stores, OwnedClients owned) {
    ClientSettings settings = new ClientSettings("wflaunch.idempotency", idempotency.getRegion(),
        idempotency.getEndpoint(), idempotency.getProfile());
    if (idempotency.getTable() == null || idempotency.getTable().isBlank()) {
      if (!settings.setProperties().isEmpty()) {
        throw new InvalidConfigurationPropertyValueException(settings.setProperties().get(0), "(set)",
            "Not used without wflaunch.idempotency.table.");
      }
      return stores.getIfUnique();
    }
    if (!ClassUtils.isPresent("io.wflaunch.dynamodb.DynamoDbIdempotencyStore",
        WflaunchAutoConfiguration.class.getClassLoader())) {
      throw new InvalidConfigurationPropertyValueException("wflaunch.idempotency.table", idempotency.getTable(),
          "Needs io.wflaunch:wflaunch-dynamodb-store on the classpath; add it to the application's dependencies.");
    }
    return io.wflaunch.spring.internal.StoreFactory.create(idempotency.getTable(), settings.checked(), beans,
        owned.clients());
  }

  /**
   * A duration as it would be written in a property: {@code 1s}, {@code 2m}, {@code 1500ms}.
   *
   * @param duration the duration, or null
   * @return its text
   */
  static String text(java.time.Duration duration) {
    if (duration == null) {
      return null;
    }
    long millis = duration.toMillis();
    if (duration.isNegative() || millis == 0 || !duration.equals(java.time.Duration.ofMillis(millis))) {
      return duration.toString();
    }
    for (Object[] unit : new Object[][] {{86_400_000L, "d"}, {3_600_000L, "h"}, {60_000L, "m"}, {1_000L, "s"}}) {
      if (millis % (long) unit[0] == 0) {
        return millis / (long) unit[0] + (String) unit[1];
      }
    }
    return millis + "ms";
  }

  private static StartPolicy startPolicy(WflaunchProperties.Start start) {
    require("wflaunch.start.request-timeout", start.getRequestTimeout());
    require("wflaunch.start.timeout", start.getTimeout());
    if ((start.getRequestTimeout().isNegative() || start.getRequestTimeout().isZero())) {
      throw new InvalidConfigurationPropertyValueException("wflaunch.start.request-timeout", start.getRequestTimeout(),
          "Must be positive.");
    }
    if (start.getTimeout().compareTo(start.getRequestTimeout()) < 0) {
      throw new InvalidConfigurationPropertyValueException("wflaunch.start.timeout", start.getTimeout(),
          "Must be at least wflaunch.start.request-timeout (" + start.getRequestTimeout() + ").");
    }
    return StartPolicy.DEFAULT.toBuilder().requestTimeout(start.getRequestTimeout()).startTimeout(start.getTimeout())
        .build();
  }

  /** The lease and its margin, checked against the start's bounds with the property names in the message. */
  private static IdempotencyPolicy idempotencyPolicy(WflaunchProperties.Idempotency idempotency, StartPolicy start) {
    require("wflaunch.idempotency.lease", idempotency.getLease());
    require("wflaunch.idempotency.lease-margin", idempotency.getLeaseMargin());
    Duration lease = idempotency.getLease();
    Duration margin = idempotency.getLeaseMargin();
    if (margin.isNegative() || margin.isZero() || margin.compareTo(lease) >= 0) {
      throw new InvalidConfigurationPropertyValueException("wflaunch.idempotency.lease-margin", margin,
          "Must be positive and shorter than wflaunch.idempotency.lease (" + lease + ").");
    }
    if (lease.compareTo(start.maxDuration().plus(margin)) < 0) {
      throw new InvalidConfigurationPropertyValueException("wflaunch.idempotency.lease", lease,
          "Must be at least wflaunch.start.timeout (" + start.startTimeout() + ") plus wflaunch.idempotency.lease-margin ("
              + margin + "): a start that outlives its claim's lease could be joined by a second one.");
    }
    Duration cover = start.requestTimeout().plus(start.consistencyWindow());
    if (margin.compareTo(cover) < 0) {
      throw new InvalidConfigurationPropertyValueException("wflaunch.idempotency.lease-margin", margin,
          "Must be at least wflaunch.start.request-timeout (" + start.requestTimeout() + ") plus the start's "
              + "consistency window (" + start.consistencyWindow() + ").");
    }
    IdempotencyPolicy defaults = IdempotencyPolicy.DEFAULT;
    return new IdempotencyPolicy(defaults.keyReuse(), defaults.inFlight(), lease, defaults.inFlightWait(),
        defaults.retention().compareTo(lease) < 0 ? lease : defaults.retention(), margin);
  }

  private static void require(String property, Object value) {
    if (value == null) {
      throw new InvalidConfigurationPropertyValueException(property, null, "Required.");
    }
  }

  /** Whether any {@code wflaunch.backends.*} property is set. */
  static final class BackendsConfigured extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
      Map<String, Object> backends = Binder.get(context.getEnvironment())
          .bind("wflaunch.backends", Bindable.mapOf(String.class, Object.class)).orElse(Map.of());
      return backends.isEmpty()
          ? ConditionOutcome.noMatch("no wflaunch.backends.<id>.* property is set")
          : ConditionOutcome.match("wflaunch.backends configures " + backends.keySet());
    }
  }

  /** Whether {@code wflaunch.events.queue-url} is set (not blank). */
  static final class EventsConfigured extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
      String queueUrl = Binder.get(context.getEnvironment()).bind("wflaunch.events.queue-url", String.class)
          .orElse("");
      return queueUrl.isBlank()
          ? ConditionOutcome.noMatch("wflaunch.events.queue-url is not set")
          : ConditionOutcome.match("wflaunch.events.queue-url is set");
    }
  }

  /**
   * The run events from an SQS queue, when wflaunch-eventbridge is there, {@code wflaunch.events.queue-url}
   * is set and the starter builds the launcher.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.wflaunch.eventbridge.SqsRunEvents")
  @ConditionalOnMissingBean(WorkflowLauncher.class)
  @Conditional({BackendsConfigured.class, EventsConfigured.class})
  static class EventsConfiguration {
    // Closed by the launcher, which owns its source once built, and again (harmlessly) as a bean, which
    // covers a launcher that failed to build.
    @Bean(name = EVENTS_BEAN, destroyMethod = "close")
    io.wflaunch.eventbridge.SqsRunEvents wflaunchRunEvents(WflaunchProperties properties, ListableBeanFactory beans,
        OwnedClients owned) {
      WflaunchProperties.Events events = properties.getEvents();
      java.net.URI queue = checkedEvents(events);
      ClientSettings client = new ClientSettings("wflaunch.events", events.getRegion(), events.getEndpoint(),
          events.getProfile());
      return io.wflaunch.spring.internal.EventsFactory.create(queue, client, events.getSafetyInterval(),
          events.getWaitTime(), events.getVisibilityTimeout(), beans, owned.clients());
    }
  }

  /** The Micrometer meters, when Micrometer, wflaunch-micrometer and a registry are there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry", "io.wflaunch.micrometer.WflaunchMetrics"})
  static class MetricsConfiguration {
    @Bean
    @ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
    @ConditionalOnMissingBean(type = "io.wflaunch.micrometer.WflaunchMetrics")
    io.wflaunch.micrometer.WflaunchMetrics wflaunchMetrics(io.micrometer.core.instrument.MeterRegistry registry,
        WflaunchProperties properties) {
      return io.wflaunch.micrometer.WflaunchMetrics.builder(registry)
          .workflowTag(properties.getMetrics().isWorkflowTag()).build();
    }
  }

  /** The OpenTelemetry spans, when wflaunch-opentelemetry and an OpenTelemetry bean are there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"io.opentelemetry.api.OpenTelemetry", "io.wflaunch.opentelemetry.WflaunchTracing"})
  static class TracingConfiguration {
    @Bean
    @ConditionalOnBean(type = "io.opentelemetry.api.OpenTelemetry")
    @ConditionalOnMissingBean(type = "io.wflaunch.opentelemetry.WflaunchTracing")
    io.wflaunch.opentelemetry.WflaunchTracing wflaunchTracing(io.opentelemetry.api.OpenTelemetry openTelemetry) {
      return io.wflaunch.opentelemetry.WflaunchTracing.create(openTelemetry);
    }
  }
}
