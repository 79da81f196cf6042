package io.wflaunch.testkit.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.spi.events.EventEnvelope;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Events as an engine's documentation shows them, for tests of a {@link io.wflaunch.spi.events.RunEventFormat}:
 * a test resource under {@code events/} (or a JSON text) read into an {@link EventEnvelope} as an event source
 * reads a queue message (the detail as plain values, a null field at its top left out), and copies with a
 * field changed.
 */
public final class SampleEvents {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SampleEvents() {}

  /**
   * The event in the class-path resource {@code events/<name>}.
   *
   * @param name the resource's name under {@code events/}
   * @return the event
   * @throws IllegalArgumentException if there is no such resource
   */
  public static EventEnvelope read(String name) {
    try (InputStream in = SampleEvents.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource events/" + name);
      }
      return envelope(JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An event from its JSON text.
   *
   * @param json the event, as EventBridge delivers it
   * @return the event
   */
  public static EventEnvelope parse(String json) {
    try {
      return envelope(JSON.readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static EventEnvelope envelope(JsonNode event) {
    List<String> resources = new ArrayList<>();
    event.path("resources").forEach(resource -> resources.add(resource.textValue()));
    Map<String, Object> detail = new LinkedHashMap<>();
    event.get("detail").fields().forEachRemaining(field -> {
      if (!field.getValue().isNull()) {
        detail.put(field.getKey(), plain(field.getValue()));
      }
    });
    return new EventEnvelope(event.get("id").textValue(), event.get("source").textValue(),
        event.get("detail-type").textValue(), Instant.parse(event.get("time").textValue()),
        event.get("region").textValue(), event.get("account").textValue(), resources, detail);
  }

  /**
   * The event with one detail field set to {@code value}, or left out when it is null.
   *
   * @param event the event
   * @param field the detail's field
   * @param value its value, or null to leave it out
   * @return the copy
   */
  public static EventEnvelope withDetail(EventEnvelope event, String field, Object value) {
    Map<String, Object> detail = new LinkedHashMap<>(event.detail());
    if (value == null) {
      detail.remove(field);
    } else {
      detail.put(field, value);
    }
    return new EventEnvelope(event.id(), event.source(), event.detailType(), event.time(), event.region(),
        event.account(), event.resources(), detail);
  }

  /**
   * The event with the detail's field at a dotted path (such as {@code a.b.c}) set to {@code value}, or left
   * out when it is null; the objects on the way are copied.
   *
   * @param event the event
   * @param path the field's path in the detail
   * @param value its value, or null to leave it out
   * @return the copy
   */
  @SuppressWarnings("unchecked")
  public static EventEnvelope withDetailAt(EventEnvelope event, String path, Object value) {
    String[] names = path.split("\\.");
    Map<String, Object> detail = new LinkedHashMap<>(event.detail());
    Map<String, Object> at = detail;
    for (int i = 0; i < names.length - 1; i++) {
      Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) at.get(names[i]));
      at.put(names[i], copy);
      at = copy;
    }
    if (value == null) {
      at.remove(names[names.length - 1]);
    } else {
      at.put(names[names.length - 1], value);
    }
    return new EventEnvelope(event.id(), event.source(), event.detailType(), event.time(), event.region(),
        event.account(), event.resources(), detail);
  }

  /**
   * The event with other resources.
   *
   * @param event the event
   * @param resources the resources
   * @return the copy
   */
  public static EventEnvelope withResources(EventEnvelope event, List<String> resources) {
    return new EventEnvelope(event.id(), event.source(), event.detailType(), event.time(), event.region(),
        event.account(), resources, event.detail());
  }

  private static Object plain(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(field -> map.put(field.getKey(), plain(field.getValue())));
      return Collections.unmodifiableMap(map);
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(element -> list.add(plain(element)));
      return Collections.unmodifiableList(list);
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return node.isNumber() ? node.numberValue() : null;
  }
}
