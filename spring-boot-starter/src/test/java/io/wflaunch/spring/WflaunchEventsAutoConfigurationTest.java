package io.wflaunch.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.eventbridge.SqsRunEvents;
import io.wflaunch.micrometer.WflaunchMetrics;
import io.wflaunch.spi.events.EventOutcome;
import io.wflaunch.spi.events.RunEventSource;
import io.wflaunch.spring.internal.EventsFactory;
import io.wflaunch.spring.internal.OwnedClients;
import io.wflaunch.testkit.events.ManualRunEvents;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/** The {@code wflaunch.events.*} properties: the launcher's SQS event source, its client, and bad values. */
class WflaunchEventsAutoConfigurationTest {

  /** A port nothing listens on: building clients never connects. */
  private static final String NOWHERE = "http://127.0.0.1:9";
  private static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/wflaunch-run-events";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(WflaunchAutoConfiguration.class))
      .withPropertyValues("wflaunch.backends.glue.type=glue", "wflaunch.backends.glue.region=eu-west-1",
          "wflaunch.backends.glue.endpoint=" + NOWHERE);

  @Test
  void aQueueUrlGivesTheLauncherAnSqsSourceOverTheApplicationsClientClosedWithTheContext() throws Exception {
    FakeSqs sqs = new FakeSqs();
    sqs.messages.add(Message.builder().messageId("m-1").receiptHandle("r-1")
        .body("{\"version\":\"0\",\"id\":\"e-1\",\"source\":\"example.elsewhere\",\"detail-type\":\"Thing Changed\","
            + "\"account\":\"123456789012\",\"time\":\"2026-11-24T12:00:00Z\",\"region\":\"eu-west-1\","
            + "\"resources\":[],\"detail\":{\"status\":\"SUCCEEDED\"}}")
        .build());
    MeterRegistry registry = new SimpleMeterRegistry();
    Set<Thread> before = eventThreads();
    runner.withBean(SqsClient.class, () -> sqs).withBean(MeterRegistry.class, () -> registry)
        .withPropertyValues("wflaunch.events.queue-url=" + QUEUE, "wflaunch.events.wait-time=15s",
            "wflaunch.events.visibility-timeout=2m", "wflaunch.events.safety-interval=3m")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(SqsRunEvents.class);
          assertThat(context.getBean(SqsRunEvents.class).safetyInterval()).isEqualTo(Duration.ofMinutes(3));
          assertThat(sqs.deleted.await(30, TimeUnit.SECONDS)).as("the message handled and deleted").isTrue();
          assertThat(sqs.deletedHandles).containsExactly("r-1");
          assertThat(registry.get(WflaunchMetrics.EVENTS).tags("type", "unknown", "outcome", "stale")
              .counter().count()).as("the launcher's observer heard of the event").isEqualTo(1);
          assertThat(context.getBean(OwnedClients.class).clients()).as("the application's client").isEmpty();
          assertThat(sqs.polling.await(30, TimeUnit.SECONDS)).as("a long poll under way").isTrue();
          ReceiveMessageRequest receive = sqs.receives.get(sqs.receives.size() - 1);
          assertThat(receive.queueUrl()).isEqualTo(QUEUE);
          assertThat(receive.waitTimeSeconds()).as("the receives after the first are long polls").isEqualTo(15);
          assertThat(receive.visibilityTimeout()).isEqualTo(120);
          assertThat(receive.maxNumberOfMessages()).isEqualTo(10);
        });
    assertThat(sqs.interrupted.getCount()).as("closing ended the long poll").isZero();
    assertThat(sqs.closed).as("the application's bean, closed by its context").isTrue();
    assertThat(sqs.closedWhileReceiving).as("only after the source stopped using it").isFalse();
    Set<Thread> started = eventThreads();
    started.removeAll(before);
    assertThat(started).as("the receiving thread ended").isEmpty();
  }

  @Test
  void withoutABeanTheStarterBuildsTheClientFromTheEventsPropertiesAndClosesIt() {
    Set<Thread> before = eventThreads();
    runner.withPropertyValues("wflaunch.events.queue-url=http://127.0.0.1:9/123456789012/events",
            "wflaunch.events.region=us-east-2", "wflaunch.events.endpoint=" + NOWHERE)
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(SqsRunEvents.class);
          assertThat(context.getBean(SqsRunEvents.class).safetyInterval()).as("the default")
              .isEqualTo(Duration.ofMinutes(5));
          List<AutoCloseable> owned = context.getBean(OwnedClients.class).clients();
          assertThat(owned).hasSize(1).first().isInstanceOfSatisfying(SqsClient.class, client -> {
            assertThat(client.serviceClientConfiguration().region()).isEqualTo(Region.US_EAST_2);
            assertThat(client.serviceClientConfiguration().endpointOverride()).contains(URI.create(NOWHERE));
          });
        });
    Set<Thread> started = eventThreads();
    started.removeAll(before);
    assertThat(started).as("the receiving thread ended").isEmpty();
  }

  @Test
  void withoutAQueueUrlThereIsNoSqsSource() {
    runner.withPropertyValues("wflaunch.events.queue-url= ").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(WorkflowLauncher.class).doesNotHaveBean(SqsRunEvents.class);
      assertThat(context.getBean(OwnedClients.class).clients()).isEmpty();
    });
  }

  @Test
  void withoutAQueueUrlTheApplicationsOwnSourceIsGivenToTheLauncher() {
    ManualRunEvents manual = new ManualRunEvents(Duration.ofMinutes(2));
    runner.withBean(RunEventSource.class, () -> manual).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(SqsRunEvents.class);
      // Publishing needs the source started, which only a launcher does.
      assertThat(manual.publish(new io.wflaunch.spi.events.EventEnvelope("e-1", "example.elsewhere", "Thing Changed",
          java.time.Instant.EPOCH, "", "", List.of(), java.util.Map.of()))).isEqualTo(EventOutcome.STALE);
    });
    assertThat(manual.closed()).as("closed with the launcher").isTrue();
  }

  @Test
  void aQueueUrlWithoutTheEventBridgeModuleFailsStartupNamingThePropertyAndTheArtifact() {
    runner.withClassLoader(new FilteredClassLoader(SqsRunEvents.class))
        .withPropertyValues("wflaunch.events.queue-url=" + QUEUE)
        .run(context -> assertThat(messages(context.getStartupFailure()))
            .contains("wflaunch.events.queue-url", "io.wflaunch:wflaunch-eventbridge"));
  }

  @Test
  void aClientBeanWithClientPropertiesFailsRatherThanIgnoringThem() {
    runner.withBean(SqsClient.class, FakeSqs::new)
        .withPropertyValues("wflaunch.events.queue-url=" + QUEUE, "wflaunch.events.region=us-east-1")
        .run(context -> assertThat(messages(context.getStartupFailure()))
            .contains("wflaunch.events.region", "SqsClient bean"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "wflaunch.events.queue-url|not a url|wflaunch.events.queue-url",
      "wflaunch.events.queue-url|ftp://sqs.eu-west-1.amazonaws.com/1/q|wflaunch.events.queue-url",
      "wflaunch.events.queue-url|https://sqs.eu-west-1.amazonaws.com|wflaunch.events.queue-url",
      "wflaunch.events.safety-interval|0s|wflaunch.events.safety-interval",
      "wflaunch.events.safety-interval|-5m|wflaunch.events.safety-interval",
      "wflaunch.events.safety-interval|five minutes|wflaunch.events.safety-interval",
      "wflaunch.events.wait-time|21s|wflaunch.events.wait-time",
      "wflaunch.events.wait-time|0s|wflaunch.events.wait-time",
      "wflaunch.events.wait-time|1500ms|wflaunch.events.wait-time",
      "wflaunch.events.visibility-timeout|0s|wflaunch.events.visibility-timeout",
      "wflaunch.events.visibility-timeout|13h|wflaunch.events.visibility-timeout",
      "wflaunch.events.region|moon-1|wflaunch.events.region",
      "wflaunch.events.endpoint|localhost:4566|wflaunch.events.endpoint",
  })
  void badEventsPropertiesFailStartupNamingTheProperty(String property, String value, String named) {
    runner.withPropertyValues("wflaunch.events.queue-url=" + QUEUE, property + "=" + value)
        .run(context -> assertThat(messages(context.getStartupFailure())).contains(named));
  }

  @Test
  void theRegionComesFromTheQueueUrlWhenItNamesOne() {
    assertThat(SqsRunEvents.regionOf(URI.create(QUEUE))).contains("eu-west-1");
    assertThat(SqsRunEvents.regionOf(URI.create("https://us-east-2.queue.amazonaws.com/1/q"))).contains("us-east-2");
    assertThat(SqsRunEvents.regionOf(URI.create("https://sqs.cn-north-1.amazonaws.com.cn/1/q")))
        .contains("cn-north-1");
    assertThat(SqsRunEvents.regionOf(URI.create("http://127.0.0.1:4566/000000000000/q"))).isEmpty();
  }

  /** The live threads that receive run events. */
  private static Set<Thread> eventThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals(SqsRunEvents.THREAD_NAME) && thread.isAlive())
        .collect(Collectors.toSet());
  }

  /** Every message of the failure's cause chain, as the failure analysis of a startup shows them. */
  private static String messages(Throwable failure) {
    assertThat(failure).as("startup failed").isNotNull();
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }

  /**
   * An SQS client that answers receives from a queue in memory, blocking as a long poll does until a
   * message comes or the receiving thread is interrupted.
   */
  static final class FakeSqs implements SqsClient {
    final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    final List<ReceiveMessageRequest> receives = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<String> deletedHandles = java.util.Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch deleted = new CountDownLatch(1);
    final CountDownLatch polling = new CountDownLatch(1);
    final CountDownLatch interrupted = new CountDownLatch(1);
    volatile boolean closed;
    volatile boolean closedWhileReceiving;
    volatile Thread receiver;

    @Override
    public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
      receiver = Thread.currentThread();
      receives.add(request);
      Message message = messages.poll();
      if (message == null) {
        polling.countDown();
        try {
          message = messages.take();
        } catch (InterruptedException e) {
          interrupted.countDown();
          Thread.currentThread().interrupt();
          throw AbortedException.create("the receive was interrupted");
        }
      }
      return ReceiveMessageResponse.builder().messages(message).build();
    }

    @Override
    public DeleteMessageBatchResponse deleteMessageBatch(DeleteMessageBatchRequest request) {
      List<DeleteMessageBatchResultEntry> done = new ArrayList<>();
      request.entries().forEach(entry -> {
        deletedHandles.add(entry.receiptHandle());
        done.add(DeleteMessageBatchResultEntry.builder().id(entry.id()).build());
      });
      deleted.countDown();
      return DeleteMessageBatchResponse.builder().successful(done).build();
    }

    @Override
    public String serviceName() {
      return SERVICE_NAME;
    }

    @Override
    public void close() {
      Thread receiving = receiver;
      closedWhileReceiving = receiving != null && receiving.isAlive();
      closed = true;
    }
  }
}
