package io.wflaunch.eventbridge.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Resource policies as JSON: one statement per purpose, known by its {@code Sid}, put into a policy that may
 * hold statements of others, which are kept.
 */
public final class Policies {

  /** The {@code Sid} of the statements the setup writes. */
  public static final String SID = "WflaunchRunEvents";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Policies() {}

  /**
   * A statement allowing a service to perform one action on a resource when the request comes from one
   * source ARN.
   *
   * @param service the service principal, such as {@code events.amazonaws.com}
   * @param action the action
   * @param resource the resource's ARN
   * @param sourceArn the ARN the request must come from
   * @return the statement
   */
  public static ObjectNode allowService(String service, String action, String resource, String sourceArn) {
    ObjectNode statement = JSON.createObjectNode();
    statement.put("Sid", SID);
    statement.put("Effect", "Allow");
    statement.putObject("Principal").put("Service", service);
    statement.put("Action", action);
    statement.put("Resource", resource);
    statement.putObject("Condition").putObject("ArnEquals").put("aws:SourceArn", sourceArn);
    return statement;
  }

  /**
   * The policy with the statement put in: any statement of the same {@code Sid} is replaced, the others
   * are kept. A policy that is absent or not JSON is replaced by one holding the statement alone.
   *
   * @param existing the policy now, if any
   * @param statement the statement
   * @return the new policy, or empty when the existing one already says exactly that
   */
  public static Optional<String> withStatement(Optional<String> existing, ObjectNode statement) {
    JsonNode before = existing.filter(text -> !text.isBlank()).map(Policies::parseOrNull).orElse(null);
    ObjectNode after = JSON.createObjectNode();
    after.put("Version", "2012-10-17");
    ArrayNode statements = after.putArray("Statement");
    if (before instanceof ObjectNode policy) {
      policy.fields().forEachRemaining(field -> {
        if (!field.getKey().equals("Statement") && !field.getKey().equals("Version")) {
          after.set(field.getKey(), field.getValue());
        }
      });
      JsonNode old = policy.get("Statement");
      if (old != null && old.isArray()) {
        old.forEach(s -> keepUnlessOurs(statements, s));
      } else if (old != null && old.isObject()) {
        keepUnlessOurs(statements, old);
      }
    }
    statements.add(statement);
    return after.equals(before) ? Optional.empty() : Optional.of(write(after));
  }

  private static void keepUnlessOurs(ArrayNode statements, JsonNode statement) {
    JsonNode sid = statement.get("Sid");
    if (sid == null || !SID.equals(sid.asText())) {
      statements.add(statement);
    }
  }

  /**
   * Whether two JSON texts hold the same value (key order aside).
   *
   * @param a one text, may be null
   * @param b the other, may be null
   * @return true when both parse to equal trees
   */
  public static boolean sameJson(String a, String b) {
    if (a == null || b == null) {
      return a == b;
    }
    JsonNode left = parseOrNull(a);
    return left != null && left.equals(parseOrNull(b));
  }

  /**
   * Writes a tree compactly, in its fields' order.
   *
   * @param node the tree
   * @return the JSON text
   */
  public static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A new empty JSON object.
   *
   * @return the object
   */
  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  private static JsonNode parseOrNull(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
