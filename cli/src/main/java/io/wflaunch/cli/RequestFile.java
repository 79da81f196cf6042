package io.wflaunch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.ErrorContext;
import io.wflaunch.InFlightPolicy;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.KeyReusePolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.stepfunctions.StepFunctionsBackend;
import io.wflaunch.stepfunctions.StepFunctionsOptions;
import io.wflaunch.swf.SwfBackend;
import io.wflaunch.swf.SwfOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The requests of {@code start --from FILE}: one JSON object per line (blank lines and lines starting
 * with {@code #} are skipped), each checked in full before anything is started:
 * <pre>{"target": "glue:etl", "parameters": {"date": "2026-11-24"}, "idempotencyKey": "etl-2026-11-24",
 *  "input": "...", "keyReusePolicy": "...", "inFlightPolicy": "...",
 *  "options": {"workflowId": "...", "taskList": "...", "tags": ["..."], "executionName": "...", "traceHeader": "..."}}</pre>
 */
final class RequestFile {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("target", "parameters", "input", "idempotencyKey", "options",
      "keyReusePolicy", "inFlightPolicy");
  private static final Set<String> SWF_OPTIONS = Set.of("workflowId", "taskList", "tags");
  private static final Set<String> SFN_OPTIONS = Set.of("executionName", "traceHeader");

  private RequestFile() {}

  /** A request and the line it came from. */
  record Line(int number, StartRunRequest request) {}

  /**
   * Reads and checks every line.
   *
   * @param file the file
   * @param launcher checks targets and requests with its backends
   * @param prepare makes each target exist (the fakes)
   * @return the requests in file order
   * @throws InvalidRequestException naming the file, the first bad line and its field, with every other
   *     bad line attached as suppressed; nothing was sent
   */
  static List<Line> read(Path file, WorkflowLauncher launcher, java.util.function.Consumer<WorkflowTarget> prepare,
      boolean hasStore) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidRequestException(ErrorContext.empty(), "--from",
          "names a file that cannot be read: " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    List<Line> requests = new ArrayList<>();
    List<InvalidRequestException> bad = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i).strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      try {
        StartRunRequest request = parse(text, launcher, hasStore);
        prepare.accept(request.target());
        requests.add(new Line(i + 1, request));
      } catch (WorkflowLaunchException e) {
        String field = e instanceof InvalidRequestException invalid ? invalid.field() : "line";
        String rule = e instanceof InvalidRequestException invalid ? invalid.rule() : e.getMessage();
        bad.add(new InvalidRequestException(e.context(), file.getFileName() + ":" + (i + 1) + " " + field, rule, e));
      }
    }
    if (!bad.isEmpty()) {
      InvalidRequestException first = bad.get(0);
      bad.subList(1, bad.size()).forEach(first::addSuppressed);
      if (bad.size() == 1) {
        throw new InvalidRequestException(first.context(), first.field(), first.rule() + " (nothing was started)", first);
      }
      StringBuilder others = new StringBuilder();
      for (InvalidRequestException other : bad.subList(1, Math.min(bad.size(), 20))) {
        others.append("; ").append(other.field()).append(": ").append(other.rule());
      }
      if (bad.size() > 20) {
        others.append("; and ").append(bad.size() - 20).append(" more");
      }
      throw new InvalidRequestException(first.context(), first.field(), first.rule() + others + " (" + bad.size()
          + " bad lines; nothing was started)", first);
    }
    if (requests.isEmpty()) {
      throw new InvalidRequestException(ErrorContext.empty(), "--from", "names a file without requests: " + file);
    }
    return requests;
  }

  static StartRunRequest parse(String text, WorkflowLauncher launcher, boolean hasStore) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      String reason = e.getOriginalMessage();
      int cut = reason.indexOf('\n');
      throw new InvalidRequestException(ErrorContext.empty(), "line",
          "must be one JSON object: " + (cut < 0 ? reason : reason.substring(0, cut)));
    }
    if (node == null || !node.isObject()) {
      throw new InvalidRequestException(ErrorContext.empty(), "line", "must be one JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new InvalidRequestException(ErrorContext.empty(), name, "is not a request field; the fields are "
            + new java.util.TreeSet<>(FIELDS));
      }
    }
    WorkflowTarget target = launcher.parseTarget(text(node, "target", true));
    StartRunRequest.Builder request = StartRunRequest.builder(target)
        .parameters(parameters(node.get("parameters")))
        .input(text(node, "input", false))
        .idempotencyKey(text(node, "idempotencyKey", false));
    for (String policy : List.of("keyReusePolicy", "inFlightPolicy")) {
      if (node.hasNonNull(policy) && !hasStore) {
        throw new InvalidRequestException(ErrorContext.of(target), policy,
            "needs --idempotency-table: the policies are kept with the key in that table");
      }
    }
    String keyReuse = text(node, "keyReusePolicy", false);
    if (keyReuse != null) {
      request.keyReusePolicy(policy(KeyReusePolicy.class, "keyReusePolicy", keyReuse));
    }
    String inFlight = text(node, "inFlightPolicy", false);
    if (inFlight != null) {
      request.inFlightPolicy(policy(InFlightPolicy.class, "inFlightPolicy", inFlight));
    }
    options(node.get("options"), target, request);
    StartRunRequest built = request.build();
    launcher.backend(target.backend(), WorkflowBackend.class).validate(built);
    return built;
  }

  private static String text(JsonNode node, String field, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new InvalidRequestException(ErrorContext.empty(), field, "is required");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidRequestException(ErrorContext.empty(), field, "must be a string");
    }
    return value.asText();
  }

  private static String optionText(JsonNode options, String field) {
    try {
      return text(options, field, false);
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException(e.context(), "options." + field, e.rule(), e);
    }
  }

  private static Map<String, String> parameters(JsonNode node) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return parameters;
    }
    if (!node.isObject()) {
      throw new InvalidRequestException(ErrorContext.empty(), "parameters", "must be an object of strings");
    }
    node.fields().forEachRemaining(entry -> {
      if (!entry.getValue().isTextual()) {
        throw new InvalidRequestException(ErrorContext.empty(), "parameters." + entry.getKey(), "must be a string");
      }
      parameters.put(entry.getKey(), entry.getValue().asText());
    });
    return parameters;
  }

  private static <E extends Enum<E>> E policy(Class<E> type, String field, String value) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(ErrorContext.empty(), field, "must be one of "
          + java.util.Arrays.toString(type.getEnumConstants()) + ", found " + value);
    }
  }

  private static void options(JsonNode node, WorkflowTarget target, StartRunRequest.Builder request) {
    if (node == null || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      throw new InvalidRequestException(ErrorContext.of(target), "options", "must be an object");
    }
    boolean swf = target.backend().equals(SwfBackend.DEFAULT_ID);
    boolean sfn = target.backend().equals(StepFunctionsBackend.DEFAULT_ID);
    Set<String> allowed = swf ? SWF_OPTIONS : sfn ? SFN_OPTIONS : Set.of();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new InvalidRequestException(ErrorContext.of(target), "options." + name, allowed.isEmpty()
            ? "is not an option of " + target.backend() + " targets, which take none"
            : "is not an option of " + target.backend() + " targets; they take " + new java.util.TreeSet<>(allowed));
      }
    }
    if (swf) {
      SwfOptions.Builder options = SwfOptions.builder().workflowId(optionText(node, "workflowId"))
          .taskList(optionText(node, "taskList"));
      JsonNode tags = node.get("tags");
      if (tags != null && !tags.isNull()) {
        if (!tags.isArray()) {
          throw new InvalidRequestException(ErrorContext.of(target), "options.tags", "must be an array of strings");
        }
        tags.forEach(tag -> {
          if (!tag.isTextual()) {
            throw new InvalidRequestException(ErrorContext.of(target), "options.tags", "must be an array of strings");
          }
          options.tag(tag.asText());
        });
      }
      request.options(options.build());
    } else if (sfn) {
      request.options(StepFunctionsOptions.builder().executionName(optionText(node, "executionName"))
          .traceHeader(optionText(node, "traceHeader")).build());
    }
  }
}
