package io.wflaunch.eventbridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.testkit.chaos.ChaosHttpClient;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.chaos.ServiceProfile;
import io.wflaunch.testkit.chaos.ServiceProfile.ErrorAnswer;
import io.wflaunch.testkit.moto.MotoServerExtension;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Clients aimed at moto (region us-east-1, its test credentials), straight or through the chaos layer. */
final class MotoAws {

  /** SQS as the chaos layer sees it: the JSON protocol's operations, its throttling and internal errors. */
  static final ServiceProfile SQS = ServiceProfile.builder("SQS")
      .throttling(ErrorAnswer.awsJson(400, "1.0", "ThrottlingException", "Rate exceeded"))
      .internalError(ErrorAnswer.awsJson(500, "1.0", "InternalFailure", "We encountered an internal error."))
      .build();

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
  private static final ObjectMapper JSON = new ObjectMapper();

  private MotoAws() {}

  static SqsClient sqs(MotoServerExtension moto) {
    return SqsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
  }

  static SqsClient chaoticSqs(MotoServerExtension moto, ChaosPlan plan) {
    return SqsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, SQS)).build();
  }

  static EventBridgeClient events(MotoServerExtension moto) {
    return EventBridgeClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
  }

  static SnsClient sns(MotoServerExtension moto) {
    return SnsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
  }

  /** Puts one event on the default bus, as its engine would publish it. */
  static void put(EventBridgeClient events, EventEnvelope event) {
    PutEventsResponse response = events.putEvents(b -> b.entries(e -> e.source(event.source())
        .detailType(event.detailType()).time(event.time()).resources(event.resources()).detail(detailJson(event))));
    assertThat(response.failedEntryCount()).as("events PutEvents refused").isZero();
  }

  /** The event as EventBridge delivers it (the body a rule's queue target gets). */
  static String eventJson(EventEnvelope event) {
    var node = JSON.createObjectNode();
    node.put("version", "0");
    node.put("id", event.id());
    node.put("detail-type", event.detailType());
    node.put("source", event.source());
    node.put("account", "123456789012");
    node.put("time", event.time().toString());
    node.put("region", "us-east-1");
    event.resources().forEach(node.putArray("resources")::add);
    node.set("detail", JSON.valueToTree(event.detail()));
    return node.toString();
  }

  static String detailJson(EventEnvelope event) {
    try {
      return JSON.writeValueAsString(event.detail());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until the condition holds, checking every few milliseconds; fails after {@code within}. */
  static void await(String what, BooleanSupplier condition, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + within + ": " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }
}
