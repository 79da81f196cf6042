package io.wflaunch.eventbridge;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.spi.events.EventEnvelope;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the body of one queue message as an EventBridge event: the event itself (what a rule's queue
 * target delivers, and what a topic delivers with raw message delivery), or an SNS notification
 * ({@code {"Type":"Notification","Message":"<the event's JSON>"}}) around one.
 */
public final class EventMessages {

  private static final ObjectMapper JSON = new ObjectMapper();

  private EventMessages() {}

  /**
   * Reads one message body.
   *
   * @param body the message's body
   * @return the event, its {@code detail} as plain values (a {@code null} field of the detail is left out,
   *     as a missing one)
   * @throws IllegalArgumentException if the body is no event: the message says which field is missing or
   *     of the wrong kind, never what the body holds
   */
  public static EventEnvelope read(String body) {
    Objects.requireNonNull(body, "body");
    JsonNode root = parse(body, "the message body");
    if (!root.isObject()) {
      throw new IllegalArgumentException("the message body is JSON but not an object");
    }
    if (root.has("Type") && !root.has("detail-type")) {
      return fromNotification(root);
    }
    return event(root, "the message body");
  }

  private static EventEnvelope fromNotification(JsonNode notification) {
    JsonNode type = notification.get("Type");
    if (!type.isTextual() || !type.textValue().equals("Notification")) {
      throw new IllegalArgumentException("the message body is an SNS message whose Type is not Notification");
    }
    JsonNode message = notification.get("Message");
    if (message == null || message.isNull()) {
      throw new IllegalArgumentException("the SNS notification has no Message");
    }
    if (!message.isTextual()) {
      throw new IllegalArgumentException("the SNS notification's Message is not text");
    }
    JsonNode inner = parse(message.textValue(), "the SNS notification's Message");
    if (!inner.isObject()) {
      throw new IllegalArgumentException("the SNS notification's Message is JSON but not an object");
    }
    return event(inner, "the SNS notification's Message");
  }

  private static EventEnvelope event(JsonNode event, String what) {
    String id = text(event, "id", what);
    String source = text(event, "source", what);
    String detailType = text(event, "detail-type", what);
    String timeText = text(event, "time", what);
    Instant time;
    try {
      time = Instant.parse(timeText);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(what + ": time is not an ISO-8601 instant such as 2026-01-31T12:00:00Z");
    }
    JsonNode detail = event.get("detail");
    if (detail == null || detail.isNull()) {
      throw new IllegalArgumentException(what + ": detail is missing");
    }
    if (!detail.isObject()) {
      throw new IllegalArgumentException(what + ": detail is not an object");
    }
    return new EventEnvelope(id, source, detailType, time, optionalText(event, "region", what),
        optionalText(event, "account", what), resources(event, what), topLevel(detail));
  }

  private static String text(JsonNode event, String field, String what) {
    JsonNode value = event.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(what + ": " + field + " is missing");
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(what + ": " + field + " is not text");
    }
    if (value.textValue().isEmpty()) {
      throw new IllegalArgumentException(what + ": " + field + " is empty");
    }
    return value.textValue();
  }

  private static String optionalText(JsonNode event, String field, String what) {
    JsonNode value = event.get(field);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(what + ": " + field + " is not text");
    }
    return value.textValue();
  }

  private static List<String> resources(JsonNode event, String what) {
    JsonNode value = event.get("resources");
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException(what + ": resources is not a list");
    }
    List<String> resources = new ArrayList<>(value.size());
    for (JsonNode resource : value) {
      if (!resource.isTextual()) {
        throw new IllegalArgumentException(what + ": resources holds an entry that is not text");
      }
      resources.add(resource.textValue());
    }
    return resources;
  }

  /** The detail's fields; a null field is left out, since the envelope holds no null values at its top. */
  private static Map<String, Object> topLevel(JsonNode detail) {
    Map<String, Object> fields = new LinkedHashMap<>();
    detail.fields().forEachRemaining(field -> {
      if (!field.getValue().isNull()) {
        fields.put(field.getKey(), plain(field.getValue()));
      }
    });
    return fields;
  }

  private static Object plain(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(field -> map.put(field.getKey(), plain(field.getValue())));
      return Collections.unmodifiableMap(map);
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(element -> list.add(plain(element)));
      return Collections.unmodifiableList(list);
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNumber()) {
      return node.numberValue();
    }
    return null;
  }

  private static JsonNode parse(String text, String what) {
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new IllegalArgumentException(what + " is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      // Jackson's message quotes the text it choked on: only where is said.
      JsonLocation where = e.getLocation();
      throw new IllegalArgumentException(what + " is not JSON" + (where == null ? ""
          : " (at line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"));
    }
  }
}
