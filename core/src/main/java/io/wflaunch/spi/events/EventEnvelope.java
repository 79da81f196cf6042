package io.wflaunch.spi.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One state-change event as an event bus delivers it: the envelope's fields and its {@code detail}, a
 * tree of plain values (maps with string keys, lists, strings, numbers and booleans), so that a
 * {@link RunEventFormat} reads it with no JSON library of its own. The detail holds no null: a field whose
 * value is null is left out, and reads as missing.
 *
 * @param id the event's id, unique per event (a redelivered event keeps it)
 * @param source the event's source, such as {@code aws.states}
 * @param detailType the event's detail type
 * @param time when the event happened, as the event says (to the second)
 * @param region the region it happened in, empty when the event names none
 * @param account the account it happened in, empty when the event names none
 * @param resources the resources the event names, often the run's ARN
 * @param detail the event's detail
 */
public record EventEnvelope(String id, String source, String detailType, Instant time, String region,
    String account, List<String> resources, Map<String, Object> detail) {

  /**
   * Checks and copies the values.
   *
   * @param id the event's id
   * @param source the source
   * @param detailType the detail type
   * @param time when it happened
   * @param region the region, or empty
   * @param account the account, or empty
   * @param resources the resources
   * @param detail the detail
   */
  public EventEnvelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(detailType, "detailType");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(account, "account");
    resources = List.copyOf(Objects.requireNonNull(resources, "resources"));
    detail = Map.copyOf(Objects.requireNonNull(detail, "detail"));
  }

  /**
   * A text field of the detail.
   *
   * @param field the field's name
   * @return its value
   * @throws IllegalArgumentException naming the field when it is missing, empty or not text
   */
  public String text(String field) {
    Object value = detail.get(field);
    if (!(value instanceof String text) || text.isEmpty()) {
      throw new IllegalArgumentException("detail." + field + (value == null ? " is missing"
          : value instanceof String ? " is empty" : " is not text"));
    }
    return text;
  }
}
