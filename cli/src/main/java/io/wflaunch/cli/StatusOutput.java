package io.wflaunch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wflaunch.RunStatus;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** How statuses are printed: one readable line, or JSON. */
final class StatusOutput {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusOutput() {}

  /** {@code <handle> <STATE> (<raw>) started ... ended ... updated ... [reasons]}. */
  static String line(RunStatus status) {
    StringBuilder line = new StringBuilder()
        .append(status.handle()).append(' ').append(status.state()).append(" (").append(status.rawStatus()).append(')');
    status.startedAt().ifPresent(at -> line.append(" started ").append(at));
    status.endedAt().ifPresent(at -> line.append(" ended ").append(at));
    status.updatedAt().ifPresent(at -> line.append(" updated ").append(at));
    status.duration().ifPresent(d -> line.append(" took ").append(human(d)));
    if (!status.reasons().isEmpty()) {
      line.append(" reasons: ").append(String.join("; ", status.reasons()));
    }
    return line.toString();
  }

  /**
   * One JSON object: handle, backend, state, rawStatus, startedAt, endedAt, updatedAt (ISO-8601 or
   * null), reasons and details, with parameter and run-property values masked unless
   * {@code showValues}.
   */
  static String json(RunStatus status, boolean showValues) {
    return write(node(status, showValues));
  }

  /** One JSON object of the given names and values (strings, integers or booleans), in order. */
  static String object(Object... namesAndValues) {
    ObjectNode node = JSON.createObjectNode();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      Object value = namesAndValues[i + 1];
      if (value instanceof Boolean flag) {
        node.put((String) namesAndValues[i], flag);
      } else if (value instanceof Integer number) {
        node.put((String) namesAndValues[i], number);
      } else {
        node.put((String) namesAndValues[i], String.valueOf(value));
      }
    }
    return write(node);
  }

  /** The handle of a started run as one JSON object: {@code {"handle": ..., "backend": ...}}. */
  static String handleJson(io.wflaunch.RunHandle handle) {
    ObjectNode node = JSON.createObjectNode();
    node.put("handle", handle.toString());
    node.put("backend", handle.backend());
    return write(node);
  }

  /**
   * Statuses as a table with a header: handle, state, raw status, start time, duration, reasons; columns
   * as wide as their longest cell.
   */
  static String table(List<RunStatus> statuses) {
    List<String[]> rows = new java.util.ArrayList<>();
    rows.add(new String[] {"HANDLE", "STATE", "RAW", "STARTED", "DURATION", "REASONS"});
    for (RunStatus status : statuses) {
      rows.add(new String[] {status.handle().toString(), status.state().toString(), status.rawStatus(),
          status.startedAt().map(Object::toString).orElse("-"), status.duration().map(StatusOutput::human).orElse("-"),
          status.reasons().isEmpty() ? "-" : String.join("; ", status.reasons())});
    }
    int[] widths = new int[6];
    rows.forEach(row -> {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    });
    StringBuilder table = new StringBuilder();
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        table.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
      }
      table.append(System.lineSeparator());
    }
    return table.toString().stripTrailing();
  }

  /** A JSON array of such objects. */
  static String json(List<RunStatus> statuses, boolean showValues) {
    ArrayNode array = JSON.createArrayNode();
    statuses.forEach(status -> array.add(node(status, showValues)));
    return write(array);
  }

  static String human(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds < 60) {
      return duration.toMillis() < 10_000 ? String.format("%.1fs", duration.toMillis() / 1000.0) : seconds + "s";
    }
    return seconds < 3600 ? (seconds / 60) + "m" + (seconds % 60) + "s" : (seconds / 3600) + "h" + (seconds % 3600 / 60) + "m";
  }

  private static ObjectNode node(RunStatus status, boolean showValues) {
    ObjectNode node = JSON.createObjectNode();
    node.put("handle", status.handle().toString());
    node.put("backend", status.handle().backend());
    node.put("state", status.state().name());
    node.put("rawStatus", status.rawStatus());
    put(node, "startedAt", status.startedAt());
    put(node, "endedAt", status.endedAt());
    put(node, "updatedAt", status.updatedAt());
    ArrayNode reasons = node.putArray("reasons");
    status.reasons().forEach(reasons::add);
    ObjectNode details = node.putObject("details");
    (showValues ? status.details() : status.maskedView()).forEach(details::put);
    return node;
  }

  private static void put(ObjectNode node, String key, Optional<Instant> instant) {
    if (instant.isPresent()) {
      node.put(key, instant.get().toString());
    } else {
      node.putNull(key);
    }
  }

  private static String write(Object node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
