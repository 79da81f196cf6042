package io.wflaunch.eventbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wflaunch.spi.events.EventEnvelope;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Message bodies read as events: raw, inside an SNS notification, and every way a body can fail to be one. */
class EventMessagesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** A value that must never show in an error's message. */
  private static final String SECRET = "s3cr3t-body-content";

  private static ObjectNode event() {
    ObjectNode event = JSON.createObjectNode();
    event.put("version", "0");
    event.put("id", "6a7e8feb-b491-4cf7-a9f1-bf3703467718");
    event.put("detail-type", "Memory Run State Change");
    event.put("source", "wflaunch.memory");
    event.put("account", "123456789012");
    event.put("time", "2026-12-07T20:00:01Z");
    event.put("region", "eu-west-1");
    event.putArray("resources").add("arn:aws:example:eu-west-1:123456789012:run/" + SECRET);
    ObjectNode detail = event.putObject("detail");
    detail.put("workflow", "nightly");
    detail.put("runId", "r-1");
    detail.put("status", "SUCCEEDED");
    detail.put("attempt", 2);
    detail.putNull("note");
    detail.putObject("nested").put("ok", true).putArray("list").add(1.5).addNull();
    return event;
  }

  private static ObjectNode notification(String message) {
    ObjectNode sns = JSON.createObjectNode();
    sns.put("Type", "Notification");
    sns.put("MessageId", "m-1");
    sns.put("TopicArn", "arn:aws:sns:eu-west-1:123456789012:wflaunch-run-events");
    sns.put("Message", message);
    sns.put("Timestamp", "2026-12-07T20:00:02.000Z");
    return sns;
  }

  @Test
  void aRawEventIsReadWithItsEnvelopeAndItsDetailAsPlainValues() {
    EventEnvelope event = EventMessages.read(event().toString());

    assertThat(event.id()).isEqualTo("6a7e8feb-b491-4cf7-a9f1-bf3703467718");
    assertThat(event.source()).isEqualTo("wflaunch.memory");
    assertThat(event.detailType()).isEqualTo("Memory Run State Change");
    assertThat(event.time()).isEqualTo(Instant.parse("2026-12-07T20:00:01Z"));
    assertThat(event.region()).isEqualTo("eu-west-1");
    assertThat(event.account()).isEqualTo("123456789012");
    assertThat(event.resources()).containsExactly("arn:aws:example:eu-west-1:123456789012:run/" + SECRET);
    assertThat(event.text("runId")).isEqualTo("r-1");
    assertThat(event.detail()).containsEntry("attempt", 2).doesNotContainKey("note");
    @SuppressWarnings("unchecked")
    Map<String, Object> nested = (Map<String, Object>) event.detail().get("nested");
    assertThat(nested).containsEntry("ok", true);
    assertThat(nested.get("list")).isEqualTo(java.util.Arrays.asList(1.5, null));
  }

  @Test
  void anEventInsideAnSnsNotificationIsReadTheSame() {
    EventEnvelope raw = EventMessages.read(event().toString());
    EventEnvelope wrapped = EventMessages.read(notification(event().toString()).toString());

    assertThat(wrapped).isEqualTo(raw);
  }

  @Test
  void anEventWithoutRegionAccountOrResourcesHasThemEmpty() {
    ObjectNode event = event();
    event.remove(List.of("region", "account", "resources"));

    EventEnvelope read = EventMessages.read(event.toString());

    assertThat(read.region()).isEmpty();
    assertThat(read.account()).isEmpty();
    assertThat(read.resources()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "not json " + SECRET + "       | the message body is not JSON",
      "{\"id\": \"" + SECRET + "\"    | the message body is not JSON",
      "[\"" + SECRET + "\"]          | the message body is JSON but not an object",
      "\"" + SECRET + "\"            | the message body is JSON but not an object",
      "''                            | the message body is empty"})
  void aBodyThatIsNoJsonObjectIsRefusedWithoutEchoingIt(String body, String problem) {
    assertRefused(body, problem);
  }

  @ParameterizedTest
  @CsvSource({"id", "source", "detail-type", "time", "detail"})
  void anEventMissingARequiredFieldIsRefusedNamingIt(String field) {
    ObjectNode event = event();
    event.remove(field);

    assertRefused(event.toString(), "the message body: " + field + " is missing");
    assertRefused(notification(event.toString()).toString(), "the SNS notification's Message: " + field + " is missing");
  }

  @ParameterizedTest
  @CsvSource({"id", "source", "detail-type", "time"})
  void anEnvelopeFieldThatIsNotTextIsRefusedNamingIt(String field) {
    ObjectNode event = event();
    event.putObject(field).put("x", SECRET);

    assertRefused(event.toString(), "the message body: " + field + " is not text");
  }

  @Test
  void aDetailThatIsNotAnObjectIsRefused() {
    ObjectNode event = event();
    event.put("detail", SECRET);

    assertRefused(event.toString(), "the message body: detail is not an object");
  }

  @Test
  void aTimeThatIsNoInstantIsRefused() {
    ObjectNode event = event();
    event.put("time", SECRET);

    assertRefused(event.toString(), "the message body: time is not an ISO-8601 instant");
  }

  @Test
  void resourcesThatAreNotTextsAreRefused() {
    ObjectNode event = event();
    event.put("resources", SECRET);
    assertRefused(event.toString(), "the message body: resources is not a list");

    event.putArray("resources").addObject().put("arn", SECRET);
    assertRefused(event.toString(), "the message body: resources holds an entry that is not text");
  }

  @Test
  void anSnsNotificationWhoseMessageIsNoEventIsRefused() {
    assertRefused(notification("not json " + SECRET).toString(), "the SNS notification's Message is not JSON");
    assertRefused(notification("[\"" + SECRET + "\"]").toString(),
        "the SNS notification's Message is JSON but not an object");
    assertRefused(notification("{\"note\":\"" + SECRET + "\"}").toString(),
        "the SNS notification's Message: id is missing");
    ObjectNode noMessage = notification("x");
    noMessage.remove("Message");
    assertRefused(noMessage.toString(), "the SNS notification has no Message");
    ObjectNode objectMessage = notification("x");
    objectMessage.set("Message", event());
    assertRefused(objectMessage.toString(), "the SNS notification's Message is not text");
  }

  @Test
  void anSnsMessageThatIsNoNotificationIsRefused() {
    ObjectNode confirmation = notification(SECRET);
    confirmation.put("Type", "SubscriptionConfirmation");
    confirmation.put("SubscribeURL", "https://example.com/" + SECRET);

    assertRefused(confirmation.toString(), "the message body is an SNS message whose Type is not Notification");
  }

  private static void assertRefused(String body, String problem) {
    assertThatThrownBy(() -> EventMessages.read(body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(problem)
        .hasNoCause()
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
  }
}
