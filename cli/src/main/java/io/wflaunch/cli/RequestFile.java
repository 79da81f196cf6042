package io.wflaunch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wflaunch.ConfigurationException;
import io.wflaunch.ErrorContext;
import io.wflaunch.InFlightPolicy;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.KeyReusePolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.support.UserText;
import io.wflaunch.spi.WorkflowBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The requests of {@code start --from FILE}: one JSON object per line (blank lines and lines starting
 * with {@code #} are skipped), each checked in full before anything is started:
 * <pre>{"target": "type:etl", "parameters": {"date": "2026-11-24"}, "idempotencyKey": "etl-2026-11-24",
 *  "input": "...", "keyReusePolicy": "...", "inFlightPolicy": "...",
 *  "options": {"workflowId": "...", "taskList": "...", "tags": ["..."], "executionName": "...", "traceHeader": "..."}}</pre>
 *
 * <p>An error names the file, the line, the column and the field, and says what was expected there,
 * but never repeats text of the file (see {@link JsonLines}).
 */
final class RequestFile {

  private static final Set<String> FIELDS = Set.of("target", "parameters", "input", "idempotencyKey", "options",
      "keyReusePolicy", "inFlightPolicy");
  /** The options' names as the backends' checks call them, and as this file does. */
  private static final Map<String, String> OPTION_OF_FIELD = Map.of("tagList", "tags");
  /** The rule shown when the library's own words would repeat text of the line. */
  static final String WITHHELD = "is not valid; the reason would repeat text of the file, so it is not shown "
      + "(start this request from the command line to see it)";

  private RequestFile() {}

  /** A request and the line it came from. */
  record Line(int number, StartRunRequest request) {}

  /**
   * The bad lines of a request file: an {@link InvalidRequestException} naming the first (field
   * {@code <file>:<line>:<column> <field>}) with the others in its rule, which the command line prints as
   * one line per bad line, {@code <file>:<line>:<column>: <field>: <rule>}, then a summary.
   *
   * @serial exclude
   */
  static final class BadLines extends InvalidRequestException {
    private static final long serialVersionUID = 1L;
    private final List<String> lines;
    private final String summary;

    BadLines(String field, String rule, List<String> lines, String summary) {
      super(ErrorContext.empty(), field, rule);
      this.lines = List.copyOf(lines);
      this.summary = summary;
    }

    /**
     * Each bad line's error, {@code <file>:<line>:<column>: <field>: <rule>}, at most 20, then the summary;
     * one bad line is one line, ending {@code (nothing was started)}.
     */
    List<String> lines() {
      if (lines.size() == 1) {
        return List.of(lines.get(0) + " (nothing was started)");
      }
      List<String> shown = new ArrayList<>(lines.subList(0, Math.min(lines.size(), 20)));
      if (lines.size() > 20) {
        shown.add("and " + (lines.size() - 20) + " more bad lines");
      }
      shown.add(summary);
      return shown;
    }
  }

  /**
   * Reads and checks every line.
   *
   * @param file the file
   * @param launcher checks targets and requests with its backends
   * @param prepare makes each target exist (the fakes)
   * @param hasStore whether an idempotency store is configured (the key policies need one)
   * @return the requests in file order
   * @throws InvalidRequestException naming the file, the first bad line, its column and field, with every
   *     other bad line attached as suppressed; nothing was sent
   */
  static List<Line> read(Path file, WorkflowLauncher launcher, Consumer<WorkflowTarget> prepare, boolean hasStore) {
    String name = JsonLines.name(file);
    Set<String> ours = ours(launcher);
    List<Line> requests = new ArrayList<>();
    List<InvalidRequestException> bad = new ArrayList<>();
    List<String> described = new ArrayList<>();
    for (JsonLines.Line line : JsonLines.lines(JsonLines.readAll(file, "--from"))) {
      try {
        if (line.skipped()) {
          continue;
        }
        requests.add(new Line(line.number(), parse(line.json(), launcher, prepare, hasStore, ours)));
      } catch (JsonLines.Bad e) {
        bad.add(e.toException(name));
        described.add(e.describe(name));
      }
    }
    if (!bad.isEmpty()) {
      InvalidRequestException first = bad.get(0);
      String rule = first.rule();
      if (bad.size() == 1) {
        rule += " (nothing was started)";
      } else {
        StringBuilder others = new StringBuilder();
        for (InvalidRequestException other : bad.subList(1, Math.min(bad.size(), 20))) {
          others.append("; ").append(other.field()).append(": ").append(other.rule());
        }
        if (bad.size() > 20) {
          others.append("; and ").append(bad.size() - 20).append(" more");
        }
        rule += others + " (" + bad.size() + " bad lines; nothing was started)";
      }
      InvalidRequestException error = new BadLines(first.field(), rule, described,
          (bad.size() == 1 ? "1 bad line" : bad.size() + " bad lines") + " in " + name + "; nothing was started");
      bad.subList(1, bad.size()).forEach(error::addSuppressed);
      throw error;
    }
    if (requests.isEmpty()) {
      throw new InvalidRequestException(ErrorContext.empty(), "--from", "names a file without requests: "
          + UserText.quote(file.toString()));
    }
    return requests;
  }

  /** The words of this program that a line's strings may equal without being hidden in messages. */
  private static Set<String> ours(WorkflowLauncher launcher) {
    Set<String> ours = new HashSet<>(FIELDS);
    io.wflaunch.spi.BackendProviders.installed().forEach(provider -> provider.startOptions()
        .forEach(option -> ours.add(option.name())));
    ours.addAll(launcher.backendIds());
    Arrays.stream(KeyReusePolicy.values()).forEach(policy -> ours.add(policy.name()));
    Arrays.stream(InFlightPolicy.values()).forEach(policy -> ours.add(policy.name()));
    return ours;
  }

  private static StartRunRequest parse(JsonLines.Json json, WorkflowLauncher launcher,
      Consumer<WorkflowTarget> prepare, boolean hasStore, Set<String> ours) {
    ObjectNode node = json.root();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        List<String> nearest = WflaunchCli.closest(name, List.copyOf(new TreeSet<>(FIELDS)));
        String guess = nearest.size() == 1 && WflaunchCli.distance(name, nearest.get(0)) <= 2
            ? " (did you mean " + nearest.get(0) + "?)" : "";
        throw json.badName(JsonLines.pointer(name), null, "names a member that is not a request field" + guess
            + "; the fields are " + new TreeSet<>(FIELDS));
      }
    }
    String targetText = text(json, node, "target", true);
    WorkflowTarget target = checked(json, ours, "target", () -> launcher.parseTarget(targetText));
    Map<String, String> parameters = parameters(json, node.get("parameters"));
    String input = text(json, node, "input", false);
    String key = text(json, node, "idempotencyKey", false);
    StartRunRequest.Builder request = checked(json, ours, "request", () -> StartRunRequest.builder(target)
        .parameters(parameters).input(input).idempotencyKey(key));
    for (String policy : List.of("keyReusePolicy", "inFlightPolicy")) {
      if (node.hasNonNull(policy) && !hasStore) {
        throw json.bad(JsonLines.pointer(policy), policy,
            "needs --idempotency-table: the policies are kept with the key in that table");
      }
    }
    String keyReuse = text(json, node, "keyReusePolicy", false);
    if (keyReuse != null) {
      request.keyReusePolicy(policy(json, KeyReusePolicy.class, "keyReusePolicy", keyReuse));
    }
    String inFlight = text(json, node, "inFlightPolicy", false);
    if (inFlight != null) {
      request.inFlightPolicy(policy(json, InFlightPolicy.class, "inFlightPolicy", inFlight));
    }
    checked(json, ours, "options", () -> {
      options(json, node.get("options"), target, request);
      return null;
    });
    StartRunRequest built = checked(json, ours, "request", request::build);
    checked(json, ours, "request", () -> {
      launcher.backend(target.backend(), WorkflowBackend.class).validate(built);
      prepare.accept(built.target());
      return null;
    });
    return built;
  }

  /**
   * Runs a check of the library. Its refusal becomes an error about the line that names the field as
   * this file does and keeps the library's rule only without any text of the line in it; a
   * configuration error (no region, say) is about no line and is thrown as it is.
   */
  private static <T> T checked(JsonLines.Json json, Set<String> ours, String field, Supplier<T> check) {
    try {
      return check.get();
    } catch (JsonLines.Bad | ConfigurationException e) {
      throw e;
    } catch (InvalidRequestException e) {
      throw fromLibrary(json, ours, e.field(), e.rule(), field);
    } catch (WorkflowLaunchException | IllegalArgumentException e) {
      throw fromLibrary(json, ours, null, String.valueOf(e.getMessage()), field);
    }
  }

  private static JsonLines.Bad fromLibrary(JsonLines.Json json, Set<String> ours, String libraryField, String rule,
      String field) {
    String ourField = field;
    String pointer = field.equals("request") ? "" : JsonLines.pointer(field);
    if (libraryField != null) {
      for (String known : FIELDS) {
        if (libraryField.equals(known) || libraryField.startsWith(known + ".") || libraryField.startsWith(known + "[")) {
          ourField = known;
          pointer = JsonLines.pointer(known);
          String member = libraryField.substring(known.length());
          member = member.startsWith(".") ? member.substring(1)
              : member.startsWith("[") && member.endsWith("]") ? member.substring(1, member.length() - 1) : member;
          if (known.equals("options") && !member.isEmpty()) {
            String option = OPTION_OF_FIELD.getOrDefault(member, member);
            if (json.root().path("options").has(option)) {
              ourField = "options." + option;
              pointer = JsonLines.pointer("options", option);
            }
          } else if (known.equals("parameters") && !member.isEmpty()) {
            // The column then says which parameter; its name, text of the file, is not repeated.
            pointer = JsonLines.pointer("parameters", member);
          }
        }
      }
    }
    String shown = JsonLines.scrub(rule, json.strings(), ours);
    return json.bad(pointer, ourField, shown == null ? WITHHELD : shown);
  }

  private static String text(JsonLines.Json json, JsonNode node, String field, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw json.bad("", field, "is required");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw json.bad(JsonLines.pointer(field), field, "must be a string");
    }
    return value.asText();
  }

  private static String optionText(JsonLines.Json json, JsonNode options, String option) {
    JsonNode value = options.get(option);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw json.bad(JsonLines.pointer("options", option), "options." + option, "must be a string");
    }
    return value.asText();
  }

  private static Map<String, String> parameters(JsonLines.Json json, JsonNode node) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return parameters;
    }
    if (!node.isObject()) {
      throw json.bad(JsonLines.pointer("parameters"), "parameters", "must be an object of strings");
    }
    node.fields().forEachRemaining(entry -> {
      if (!entry.getValue().isTextual()) {
        throw json.bad(JsonLines.pointer("parameters", entry.getKey()), "parameters", "must be an object of strings; "
            + "the value here is not a string");
      }
      parameters.put(entry.getKey(), entry.getValue().asText());
    });
    return parameters;
  }

  private static <E extends Enum<E>> E policy(JsonLines.Json json, Class<E> type, String field, String value) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw json.bad(JsonLines.pointer(field), field, "must be one of " + Arrays.toString(type.getEnumConstants()));
    }
  }

  private static void options(JsonLines.Json json, JsonNode node, WorkflowTarget target,
      StartRunRequest.Builder request) {
    if (node == null || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      throw json.bad(JsonLines.pointer("options"), "options", "must be an object");
    }
    List<String> known = io.wflaunch.spi.BackendProviders.find(target.backend())
        .map(provider -> provider.startOptions().stream().map(io.wflaunch.spi.BackendOption::name).toList())
        .orElse(List.of());
    Map<String, List<String>> values = new java.util.LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> members = node.fields(); members.hasNext(); ) {
      Map.Entry<String, JsonNode> member = members.next();
      String name = member.getKey();
      if (!known.contains(name)) {
        throw json.badName(JsonLines.pointer("options", name), "options", known.isEmpty()
            ? "names an option, but " + target.backend() + " targets take none"
            : "names a member that is not an option of " + target.backend() + " targets; they take "
                + String.join(", ", known));
      }
      JsonNode value = member.getValue();
      List<String> texts = new ArrayList<>();
      if (value.isArray()) {
        for (int i = 0; i < value.size(); i++) {
          if (!value.get(i).isTextual()) {
            throw json.bad(JsonLines.pointer("options", name, String.valueOf(i)), "options." + name,
                "must be an array of strings");
          }
          texts.add(value.get(i).asText());
        }
      } else if (value.isTextual() || value.isBoolean() || value.isIntegralNumber()) {
        // Whole numbers and true/false read back as the file wrote them; other numbers would not.
        texts.add(value.asText());
      } else if (!value.isNull()) {
        throw json.bad(JsonLines.pointer("options", name), "options." + name,
            "must be a string, a whole number, true or false, or an array of strings");
      }
      if (!texts.isEmpty()) {
        values.put(name, texts);
      }
    }
    StartOptions.parse(target, values, "options").ifPresent(request::options);
  }
}
