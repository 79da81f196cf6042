package io.wflaunch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wflaunch.RunStatus;
import io.wflaunch.spi.support.UserText;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How statuses are printed: one readable line, a table, or JSON. The line and the table show no
 * details, and no text of the service raw: control characters are escaped ({@link UserText#escape}),
 * so that a status cannot move the cursor or forge a line. No form shows the value of a
 * {@linkplain RunStatus#maskedDetails() masked detail} unless values are asked for, not even where a
 * reason repeats it.
 */
final class StatusOutput {

  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * Masked values shorter than this are not taken out of reasons and other details: they would match
   * ordinary words and numbers, and are too short to be secrets.
   */
  static final int SHORTEST_MASKED_IN_REASONS = 4;

  private StatusOutput() {}

  /**
   * {@code <handle> <STATE> (<raw>) started ... ended ... updated ... [reasons]}, the times as {@link Times}
   * writes a status's times.
   */
  static String line(RunStatus status) {
    StringBuilder line = new StringBuilder().append(status.handle()).append(' ').append(status.state())
        .append(" (").append(UserText.escape(status.rawStatus())).append(')');
    status.startedAt().ifPresent(at -> line.append(" started ").append(started(status)));
    status.endedAt().ifPresent(at -> line.append(" ended ").append(ended(status)));
    status.updatedAt().ifPresent(at -> line.append(" updated ").append(updated(status)));
    status.duration().ifPresent(d -> line.append(" took ").append(human(d)));
    List<String> reasons = reasons(status, false);
    if (!reasons.isEmpty()) {
      line.append(" reasons: ").append(UserText.escape(String.join("; ", reasons)));
    }
    return line.toString();
  }

  /**
   * The status's reasons, with every value of a masked detail (of {@value #SHORTEST_MASKED_IN_REASONS}
   * characters or more) that one repeats replaced by {@link RunStatus#MASK}, unless {@code showValues}:
   * a service's message can quote the input a caller gave.
   */
  static List<String> reasons(RunStatus status, boolean showValues) {
    List<String> values = maskedValues(status, showValues);
    return values.isEmpty() ? status.reasons()
        : status.reasons().stream().map(reason -> without(reason, values)).toList();
  }

  /**
   * The details as shown: unless {@code showValues}, {@link RunStatus#maskedView()}, with every masked
   * value that another detail repeats (a service's error message, say) replaced there too.
   */
  static Map<String, String> details(RunStatus status, boolean showValues) {
    if (showValues) {
      return status.details();
    }
    List<String> values = maskedValues(status, false);
    if (values.isEmpty()) {
      return status.maskedView();
    }
    Map<String, String> shown = new LinkedHashMap<>();
    status.maskedView().forEach((key, value) -> shown.put(key, without(value, values)));
    return shown;
  }

  /** The values to take out of other text, longest first, so that one inside another goes whole. */
  private static List<String> maskedValues(RunStatus status, boolean showValues) {
    if (showValues || status.maskedDetails().isEmpty()) {
      return List.of();
    }
    return status.maskedDetails().stream().map(key -> status.details().get(key))
        .filter(value -> value.length() >= SHORTEST_MASKED_IN_REASONS).distinct()
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  private static String without(String text, List<String> values) {
    for (String value : values) {
      text = text.replace(value, RunStatus.MASK);
    }
    return text;
  }

  /**
   * One JSON object: handle, backend, state, rawStatus, startedAt, endedAt, updatedAt (ISO-8601 in UTC,
   * always to the millisecond, as {@link Times#json} writes them, or null), reasons and details, with the values of masked details (parameters, run properties, input,
   * failure causes) masked, in the details and in the reasons, unless {@code showValues}.
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

  /**
   * A status as one JSON object, as {@link #json(RunStatus, boolean)} writes it, with a first member
   * {@code line} (the line of a request file the run was started from).
   */
  static String json(RunStatus status, boolean showValues, int line) {
    ObjectNode node = JSON.createObjectNode();
    node.put("line", line);
    node.setAll(node(status, showValues));
    return write(node);
  }

  /**
   * A run whose wait (or start) failed, as one JSON object: {@code line} (when {@code line} is not null),
   * {@code handle} and {@code backend} (when {@code handle} is not null), {@code error} (the exception's
   * simple class name), {@code message}, and {@code outcomeUnknown} (whether a start may have happened
   * though it failed; false for other failures than a {@link io.wflaunch.WorkflowLaunchException}).
   */
  static String errorJson(Integer line, io.wflaunch.RunHandle handle, Throwable failure) {
    return errorJson(line, handle, failure, null);
  }

  /**
   * {@link #errorJson(Integer, io.wflaunch.RunHandle, Throwable)} with, for a wait that was to stop the run
   * on giving up ({@code --stop-on-timeout}), the members {@code giveUpStop} (what became of the run, as
   * {@link io.wflaunch.GiveUpStop} names it), {@code stopSent} and {@code stopAccepted} (true, false, or
   * null where not known).
   *
   * @param stop what became of the stop, or null for a wait that was not to stop the run
   */
  static String errorJson(Integer line, io.wflaunch.RunHandle handle, Throwable failure, StopOutcome stop) {
    ObjectNode node = JSON.createObjectNode();
    if (line != null) {
      node.put("line", line);
    }
    if (handle != null) {
      node.put("handle", handle.toString());
      node.put("backend", handle.backend());
    }
    node.put("error", failure.getClass().getSimpleName());
    node.put("message", WflaunchCli.describe(failure));
    node.put("outcomeUnknown", failure instanceof io.wflaunch.WorkflowLaunchException launch && launch.outcomeUnknown());
    if (stop != null) {
      node.put("giveUpStop", stop.stop().name());
      node.put("stopSent", stop.sent());
      node.put("stopAccepted", stop.accepted());
    }
    return write(node);
  }

  /**
   * A started run whose wait was ended before the run did (the process was ended), as {@link #errorJson}
   * writes it: the handle with a {@link io.wflaunch.CancelledException}.
   */
  static String waitEndedJson(Integer line, io.wflaunch.RunHandle handle) {
    return errorJson(line, handle, new io.wflaunch.CancelledException(io.wflaunch.ErrorContext.of(handle),
        "the wait was ended before the run did; the run goes on", null));
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
      List<String> reasons = reasons(status, false);
      rows.add(new String[] {status.handle().toString(), status.state().toString(),
          UserText.escape(status.rawStatus()), status.startedAt().isPresent() ? started(status) : "-",
          status.duration().map(StatusOutput::human).orElse("-"),
          reasons.isEmpty() ? "-" : UserText.escape(String.join("; ", reasons))});
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
    put(node, "startedAt", status.startedAt().map(Times::json).orElse(null));
    put(node, "endedAt", status.endedAt().map(Times::json).orElse(null));
    put(node, "updatedAt", status.updatedAt().map(Times::json).orElse(null));
    ArrayNode reasons = node.putArray("reasons");
    reasons(status, showValues).forEach(reasons::add);
    ObjectNode details = node.putObject("details");
    details(status, showValues).forEach(details::put);
    return node;
  }

  private static void put(ObjectNode node, String key, String instant) {
    if (instant != null) {
      node.put(key, instant);
    } else {
      node.putNull(key);
    }
  }

  /** The start time as text writes a status's times ({@link Times#ofStatus}). */
  static String started(RunStatus status) {
    return Times.ofStatus(status.startedAt().orElseThrow(), status.endedAt(), status.updatedAt());
  }

  static String ended(RunStatus status) {
    return Times.ofStatus(status.endedAt().orElseThrow(), status.startedAt(), status.updatedAt());
  }

  static String updated(RunStatus status) {
    return Times.ofStatus(status.updatedAt().orElseThrow(), status.startedAt(), status.endedAt());
  }

  private static String write(Object node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
