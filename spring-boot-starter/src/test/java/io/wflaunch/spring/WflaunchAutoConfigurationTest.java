package io.wflaunch.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.codecatalyst.CodeCatalystBackend;
import io.wflaunch.glue.GlueBackend;
import io.wflaunch.micrometer.WflaunchMetrics;
import io.wflaunch.opentelemetry.WflaunchTracing;
import io.wflaunch.stepfunctions.StepFunctionsBackend;
import io.wflaunch.emrserverless.EmrServerlessBackend;
import io.wflaunch.glue.GlueJobBackend;
import io.wflaunch.sagemaker.SageMakerBackend;
import io.wflaunch.swf.SwfBackend;
import io.wflaunch.testkit.InMemoryWorkflowBackend;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.ListWorkflowsResponse;

/** The auto-configuration for each property combination, its back-off, and bad properties. */
class WflaunchAutoConfigurationTest {

  /** A port nothing listens on: building clients never connects. */
  private static final String NOWHERE = "http://127.0.0.1:9";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(WflaunchAutoConfiguration.class,
          WflaunchHealthAutoConfiguration.class));

  @Test
  void withoutBackendsThereIsNoLauncherButTheWaitOptionsAreThere() {
    runner.run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(WorkflowLauncher.class);
      assertThat(context.getBean(WaitOptions.class)).isEqualTo(WaitOptions.DEFAULT);
    });
  }

  @Test
  void eachTypeBuildsItsBackendUnderItsIdWithItsRegionAndEndpoint() {
    runner.withPropertyValues(
            "wflaunch.backends.glue.type=glue", "wflaunch.backends.glue.region=eu-west-1",
            "wflaunch.backends.swf-eu.type=swf", "wflaunch.backends.swf-eu.endpoint=" + NOWHERE,
            "wflaunch.backends.sfn.type=SFN", "wflaunch.backends.sfn.region=us-east-2",
            "wflaunch.backends.codecatalyst.type=codecatalyst")
        .run(context -> {
          assertThat(context).hasNotFailed();
          WorkflowLauncher launcher = context.getBean(WorkflowLauncher.class);
          assertThat(launcher.backendIds()).containsExactly("glue", "swf-eu", "sfn", "codecatalyst");
          assertThat(launcher.backend("glue", GlueBackend.class).client().serviceClientConfiguration().region())
              .isEqualTo(Region.EU_WEST_1);
          assertThat(launcher.backend("swf-eu", SwfBackend.class).client().serviceClientConfiguration()
              .endpointOverride()).contains(URI.create(NOWHERE));
          assertThat(launcher.backend("sfn", StepFunctionsBackend.class).client().serviceClientConfiguration()
              .region()).isEqualTo(Region.US_EAST_2);
          assertThat(launcher.backend("codecatalyst", CodeCatalystBackend.class)).isNotNull();
          assertThat(launcher.parseTarget("swf-eu:orders/process/1.0").backend()).isEqualTo("swf-eu");
        });
  }

  @Test
  void theGlueJobSageMakerAndEmrServerlessTypesBuildTheirBackendsFromProperties() {
    runner.withPropertyValues(
            "wflaunch.backends.jobs.type=gluejob", "wflaunch.backends.jobs.region=eu-west-1",
            "wflaunch.backends.pipelines.type=sagemaker", "wflaunch.backends.pipelines.endpoint=" + NOWHERE,
            "wflaunch.backends.spark.type=emrserverless", "wflaunch.backends.spark.region=us-east-2")
        .run(context -> {
          assertThat(context).hasNotFailed();
          WorkflowLauncher launcher = context.getBean(WorkflowLauncher.class);
          assertThat(launcher.backendIds()).containsExactly("jobs", "pipelines", "spark");
          assertThat(launcher.backend("jobs", GlueJobBackend.class).client().serviceClientConfiguration().region())
              .isEqualTo(Region.EU_WEST_1);
          assertThat(launcher.backend("pipelines", SageMakerBackend.class).client().serviceClientConfiguration()
              .endpointOverride()).contains(URI.create(NOWHERE));
          assertThat(launcher.backend("spark", EmrServerlessBackend.class).client().serviceClientConfiguration()
              .region()).isEqualTo(Region.US_EAST_2);
          assertThat(launcher.parseTarget("jobs:nightly-etl").backend()).isEqualTo("jobs");
          assertThat(launcher.parseTarget("spark:00fabcdef1234567").backend()).isEqualTo("spark");
        });
  }

  @Test
  void blankClientPropertiesAreUnsetAndTypesAreSpelledAsSpringBindsEnums() {
    runner.withPropertyValues("wflaunch.backends.cc.type=CODE_CATALYST", "wflaunch.backends.cc.endpoint= ",
            "wflaunch.backends.glue.type=Glue", "wflaunch.backends.glue.region=", "wflaunch.backends.glue.profile=",
            "wflaunch.idempotency.table=")
        .run(context -> {
          assertThat(context).hasNotFailed();
          WorkflowLauncher launcher = context.getBean(WorkflowLauncher.class);
          assertThat(launcher.backend("cc", CodeCatalystBackend.class)).isNotNull();
          assertThat(launcher.backend("glue", GlueBackend.class).client().serviceClientConfiguration()
              .endpointOverride()).isEmpty();
        });
  }

  @Test
  void theWaitPropertiesBecomeTheWaitOptionsBean() {
    runner.withPropertyValues("wflaunch.wait.min-interval=5s", "wflaunch.wait.max-interval=2m",
        "wflaunch.wait.timeout=6h", "wflaunch.wait.stop-on-give-up=true")
        .run(context -> assertThat(context.getBean(WaitOptions.class))
        .isEqualTo(WaitOptions.builder().minInterval(Duration.ofSeconds(5)).maxInterval(Duration.ofMinutes(2))
            .timeout(Duration.ofHours(6)).stopOnGiveUp(true).build()));
  }

  @Test
  void aTypesOptionsComeFromItsOptionsPropertiesAndABadOneFailsStartupNamingIt() {
    runner.withPropertyValues("wflaunch.backends.glue.type=glue", "wflaunch.backends.glue.region=us-east-1",
            "wflaunch.backends.glue.options.look-back=3d", "wflaunch.backends.glue.options.page-size=100")
        .run(context -> {
          assertThat(context).hasNotFailed();
          io.wflaunch.glue.GlueOptions options = context.getBean(WorkflowLauncher.class)
              .backend("glue", GlueBackend.class).defaultOptions();
          assertThat(options.lookBack()).isEqualTo(Duration.ofDays(3));
          assertThat(options.pageSize()).isEqualTo(100);
        });
    runner.withPropertyValues("wflaunch.backends.glue.type=glue", "wflaunch.backends.glue.region=us-east-1",
            "wflaunch.backends.glue.options.page-size=0")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(startupFailure(context.getStartupFailure()))
              .hasMessageContaining("wflaunch.backends.glue.options.page-size")
              .hasMessageContaining("a whole number from 1 to 1000");
        });
  }

  @Test
  void aMisspeltSecretOptionFailsStartupWithoutShowingItsValue() {
    String token = "pat-secret-0123456789";
    runner.withPropertyValues("wflaunch.backends.cc.type=codecatalyst", "wflaunch.backends.cc.options.tokne=" + token)
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(startupFailure(context.getStartupFailure()))
              .hasMessageContaining("wflaunch.backends.cc.options.tokne")
              .hasMessageContaining("it takes name-cache-ttl, token")
              .hasMessageNotContaining(token);
        });
  }

  @Test
  void itBacksOffWhenTheApplicationDefinesALauncher() {
    WorkflowLauncher own = WorkflowLauncher.builder().backend(InMemoryWorkflowBackend.builder().build()).build();
    runner.withPropertyValues("wflaunch.backends.glue.type=glue")
        .withBean(WorkflowLauncher.class, () -> own)
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(WorkflowLauncher.class);
          assertThat(context.getBean(WorkflowLauncher.class)).isSameAs(own);
          assertThat(context).doesNotHaveBean(io.wflaunch.spring.internal.OwnedClients.class);
        });
    own.close();
  }

  @Test
  void itUsesTheApplicationsClientBeanOfTheRightType() {
    GlueClient glue = GlueClient.builder().region(Region.AP_SOUTH_1).endpointOverride(URI.create(NOWHERE)).build();
    runner.withPropertyValues("wflaunch.backends.glue.type=glue", "wflaunch.backends.swf.type=swf")
        .withBean(GlueClient.class, () -> glue)
        .run(context -> {
          WorkflowLauncher launcher = context.getBean(WorkflowLauncher.class);
          assertThat(launcher.backend("glue", GlueBackend.class).client()).isSameAs(glue);
          assertThat(launcher.backend("swf", SwfBackend.class).client()).isNotNull();
        });
    glue.close();
  }

  @Test
  void aClientBeanWithClientPropertiesFailsRatherThanIgnoringThem() {
    GlueClient glue = GlueClient.builder().region(Region.AP_SOUTH_1).build();
    runner.withPropertyValues("wflaunch.backends.glue.type=glue", "wflaunch.backends.glue.region=eu-west-1")
        .withBean(GlueClient.class, () -> glue)
        .run(context -> assertThat(startupFailure(context.getStartupFailure()))
            .hasMessageContaining("wflaunch.backends.glue.region")
            .hasMessageContaining("a GlueClient was given"));
    glue.close();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "wflaunch.backends.glue.type|nope|wflaunch.backends.glue.type",
      "wflaunch.backends.glue.type|gleu|one of codecatalyst, emrserverless, glue, gluejob, sagemaker, ",
      "wflaunch.backends.glue.type|''|wflaunch.backends.glue.type",
      "wflaunch.backends.glue.endpoint|127.0.0.1:5000|absolute http or https URL",
      "wflaunch.backends.glue.type|code-catalist|one of codecatalyst, emrserverless, glue, gluejob, sagemaker, ",
      "wflaunch.backends.glue.regoin|eu-west-1|wflaunch.backends.glue.regoin",
      "wflaunch.backends.glue2.typ|glue|wflaunch.backends.glue2.typ",
      "wflaunch.wait.max-intervall|1m|wflaunch.wait.max-intervall",
      "wflaunch.backends.glue.region|moon-1|wflaunch.backends.glue.region",
      "wflaunch.backends.glue.endpoint|ftp://127.0.0.1/|wflaunch.backends.glue.endpoint",
      "wflaunch.backends.glue.endpoint|localhost:5000|wflaunch.backends.glue.endpoint",
      "wflaunch.backends.glue.profile|no-such-profile-here|wflaunch.backends.glue.profile",
      "wflaunch.backends.[Glue EU].type|glue|wflaunch.backends.Glue EU",
      "wflaunch.backends.other.region|us-east-1|wflaunch.backends.other.type",
      "wflaunch.wait.min-interval|0s|wflaunch.wait.min-interval",
      "wflaunch.wait.max-interval|100ms|wflaunch.wait.min-interval (1s)",
      "wflaunch.wait.timeout|-1s|wflaunch.wait.timeout",
      "wflaunch.idempotency.region|eu-west-1|wflaunch.idempotency.region",
      "wflaunch.idempotency.table|ab|wflaunch.idempotency.table",
      "wflaunch.idempotency.endpoint|nowhere|wflaunch.idempotency.endpoint",
      "wflaunch.health.cache-ttl|-1s|wflaunch.health.cache-ttl",
      "wflaunch.health.timeout|0s|wflaunch.health.timeout",
  })
  void badPropertiesFailStartupNamingTheProperty(String property, String value, String named) {
    // The store's client properties are checked when there is a table; the region alone is refused as unused.
    String table = property.equals("wflaunch.idempotency.region") ? "x=y" : "wflaunch.idempotency.table=wflaunch-keys";
    runner.withPropertyValues("wflaunch.backends.glue.type=glue", table, property + "=" + value)
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(startupFailure(context.getStartupFailure())).hasMessageContaining(named);
        });
  }

  @Test
  void theIdempotencyTableGivesTheLauncherTheDynamoDbStore() {
    runner.withPropertyValues("wflaunch.backends.glue.type=glue", "wflaunch.idempotency.table=wflaunch-keys",
            "wflaunch.idempotency.endpoint=" + NOWHERE)
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(WorkflowLauncher.class);
          assertThat(context.getBean(io.wflaunch.spring.internal.OwnedClients.class).clients()).hasSize(1);
        });
  }

  @Test
  void theStartBoundsAndTheLeaseComeFromTheirProperties() {
    runner.withPropertyValues("wflaunch.backends.glue.type=glue", "wflaunch.idempotency.table=wflaunch-keys",
            "wflaunch.idempotency.endpoint=" + NOWHERE, "wflaunch.start.request-timeout=2s", "wflaunch.start.timeout=8s",
            "wflaunch.idempotency.lease=20s", "wflaunch.idempotency.lease-margin=12s")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(WorkflowLauncher.class));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "wflaunch.start.timeout=5s|wflaunch.start.timeout|wflaunch.start.request-timeout",
      "wflaunch.idempotency.lease=60s|wflaunch.idempotency.lease|wflaunch.start.timeout",
      "wflaunch.idempotency.lease-margin=10s|wflaunch.idempotency.lease-margin|wflaunch.start.request-timeout"})
  void aLeaseThatDoesNotOutlastAStartFailsNamingBothProperties(String setting, String named, String other) {
    runner.withPropertyValues("wflaunch.backends.glue.type=glue", "wflaunch.idempotency.table=wflaunch-keys",
            "wflaunch.idempotency.endpoint=" + NOWHERE, setting)
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .isInstanceOf(InvalidConfigurationPropertyValueException.class)
              .hasMessageContaining(named).hasMessageContaining(other);
        });
  }

  @Test
  void theLauncherIsClosedWithTheContext() {
    WorkflowLauncher[] launcher = new WorkflowLauncher[1];
    runner.withPropertyValues("wflaunch.backends.glue.type=glue")
        .run(context -> launcher[0] = context.getBean(WorkflowLauncher.class));
    assertThatThrownBy(() -> launcher[0].parseTarget("glue:nightly")).hasMessageContaining("closed");
  }

  @Test
  void withAMeterRegistryTheMetricsAreBoundToIt() {
    MeterRegistry registry = new SimpleMeterRegistry();
    runner.withPropertyValues("wflaunch.backends.glue.type=glue", "wflaunch.metrics.workflow-tag=true")
        .withBean(MeterRegistry.class, () -> registry)
        .run(context -> {
          assertThat(context).hasSingleBean(WflaunchMetrics.class);
          assertThat(registry.get(WflaunchMetrics.RUNS_TRACKED).tag("backend", "glue").gauge().value()).isZero();
        });
    assertThat(registry.find(WflaunchMetrics.RUNS_TRACKED).gauges()).as("removed when the launcher closed").isEmpty();
  }

  @Test
  void withoutAMeterRegistryThereAreNoMetrics() {
    runner.withPropertyValues("wflaunch.backends.glue.type=glue")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(WflaunchMetrics.class));
  }

  @Test
  void withAnOpenTelemetryBeanTheCallsAreTraced() {
    runner.withPropertyValues("wflaunch.backends.glue.type=glue")
        .withBean(OpenTelemetry.class, OpenTelemetry::noop)
        .run(context -> assertThat(context).hasSingleBean(WflaunchTracing.class));
  }

  @Test
  void anUnreachableBackendIsDownInTheHealthIndicatorNamingIt() {
    runner.withPropertyValues("wflaunch.backends.glue.type=glue", "wflaunch.backends.glue.endpoint=" + NOWHERE)
        .run(context -> {
          Health health = context.getBean(WflaunchHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          assertThat(health.getDetails().get("glue").toString()).contains("status=DOWN").contains("unavailable")
              .doesNotContain("127.0.0.1");
        });
  }

  @Test
  @SuppressWarnings("unchecked")
  void aBackendThatDoesNotAnswerInTimeIsDownWithoutHoldingTheHealthCheck() {
    GlueClient glue = mock(GlueClient.class);
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    when(glue.listWorkflows(any(Consumer.class))).thenAnswer(call -> {
      never.await();
      return ListWorkflowsResponse.builder().build();
    });
    try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(GlueBackend.create(glue))
        .backend(InMemoryWorkflowBackend.builder().build()).build()) {
      WflaunchHealthIndicator indicator = new WflaunchHealthIndicator(launcher, Duration.ofSeconds(30),
          Duration.ofMillis(200), java.time.Clock.systemUTC());
      Health health = indicator.health();
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails()).containsEntry("memory", "UP");
      assertThat(health.getDetails().get("glue").toString()).contains("timeout");
      indicator.destroy();
    } finally {
      never.countDown();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void anInterruptedCheckCachesNothingAndAProbeInFlightIsNotSentAgain() throws Exception {
    GlueClient glue = mock(GlueClient.class);
    java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
    when(glue.listWorkflows(any(Consumer.class))).thenAnswer(call -> {
      answer.await();
      return ListWorkflowsResponse.builder().build();
    });
    try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(GlueBackend.create(glue)).build()) {
      WflaunchHealthIndicator indicator = new WflaunchHealthIndicator(launcher, Duration.ofSeconds(30),
          Duration.ofSeconds(30), java.time.Clock.systemUTC());
      Thread.currentThread().interrupt();
      Health interrupted = indicator.health();
      assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
      assertThat(interrupted.getStatus()).isEqualTo(Status.UNKNOWN);

      answer.countDown();
      assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
      verify(glue, times(1)).listWorkflows(any(Consumer.class));
      indicator.destroy();
    } finally {
      answer.countDown();
    }
  }

  @Test
  void withTwoLauncherBeansThereIsNoHealthIndicatorAndNoFailure() {
    runner.withBean("first", WorkflowLauncher.class,
            () -> WorkflowLauncher.builder().backend(InMemoryWorkflowBackend.builder().build()).build())
        .withBean("second", WorkflowLauncher.class,
            () -> WorkflowLauncher.builder().backend(InMemoryWorkflowBackend.builder().build()).build())
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(WflaunchHealthIndicator.class));
  }

  @Test
  void theHealthIndicatorCanBeTurnedOff() {
    runner.withPropertyValues("wflaunch.backends.glue.type=glue", "management.health.wflaunch.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(WflaunchHealthIndicator.class));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theHealthIndicatorReadsOncePerTimeToLive() {
    GlueClient glue = mock(GlueClient.class);
    when(glue.listWorkflows(any(Consumer.class))).thenReturn(ListWorkflowsResponse.builder().build());
    java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
        new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-11-24T12:00:00Z"));
    java.time.Clock clock = new java.time.Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public java.time.Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public java.time.Instant instant() {
        return now.get();
      }
    };
    try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(GlueBackend.create(glue))
        .backend(InMemoryWorkflowBackend.builder().build()).build()) {
      WflaunchHealthIndicator indicator = new WflaunchHealthIndicator(launcher, Duration.ofSeconds(30),
          Duration.ofSeconds(10), clock);
      Health first = indicator.health();
      now.set(now.get().plusSeconds(29));
      assertThat(indicator.health()).isSameAs(first);
      verify(glue, times(1)).listWorkflows(any(Consumer.class));
      now.set(now.get().plusSeconds(1));
      indicator.health();
      verify(glue, times(2)).listWorkflows(any(Consumer.class));
      assertThat(first.getStatus()).isEqualTo(Status.UP);
      assertThat(first.getDetails()).containsEntry("glue", "UP").containsEntry("memory", "UP");
    }
  }

  @Test
  void configurationMetadataDescribesTheProperties() throws IOException {
    try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(metadata).isNotNull();
      String json = new String(metadata.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(json).contains("\"wflaunch.backends\"", "\"wflaunch.idempotency.table\"",
          "\"wflaunch.wait.min-interval\"", "\"wflaunch.wait.max-interval\"", "\"wflaunch.wait.timeout\"",
          "\"wflaunch.health.cache-ttl\"", "\"wflaunch.metrics.workflow-tag\"", "\"wflaunch.backends.keys\"",
          "\"wflaunch.events.queue-url\"", "\"wflaunch.events.safety-interval\"", "\"wflaunch.events.wait-time\"",
          "\"wflaunch.events.visibility-timeout\"", "\"wflaunch.events.region\"");
    }
  }

  @Test
  void configurationMetadataGivesEveryDurationDefaultThePropertiesHave() throws IOException {
    com.fasterxml.jackson.databind.JsonNode properties;
    try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      properties = new com.fasterxml.jackson.databind.ObjectMapper().readTree(metadata).get("properties");
    }
    java.util.Map<String, String> defaults = new java.util.HashMap<>();
    properties.forEach(property -> {
      if ("java.time.Duration".equals(property.path("type").asText())) {
        defaults.put(property.get("name").asText(), property.path("defaultValue").asText(null));
      }
    });
    WflaunchProperties fresh = new WflaunchProperties();
    java.util.Map<String, Duration> actual = java.util.Map.of(
        "wflaunch.idempotency.lease", fresh.getIdempotency().getLease(),
        "wflaunch.idempotency.lease-margin", fresh.getIdempotency().getLeaseMargin(),
        "wflaunch.start.request-timeout", fresh.getStart().getRequestTimeout(),
        "wflaunch.start.timeout", fresh.getStart().getTimeout(),
        "wflaunch.events.safety-interval", fresh.getEvents().getSafetyInterval(),
        "wflaunch.events.wait-time", fresh.getEvents().getWaitTime(),
        "wflaunch.events.visibility-timeout", fresh.getEvents().getVisibilityTimeout());

    assertThat(defaults).allSatisfy((name, value) -> assertThat(value).as("%s has a default", name).isNotNull());
    actual.forEach((name, value) -> assertThat(org.springframework.boot.convert.DurationStyle.detectAndParse(
        defaults.get(name))).as(name).isEqualTo(value));
  }

  /** Every message of the failure's cause chain, as the failure analysis of a startup shows them. */
  private static Throwable startupFailure(Throwable failure) {
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return new AssertionError(messages.toString(), failure);
  }
}
