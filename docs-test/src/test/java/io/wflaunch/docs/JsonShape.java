package io.wflaunch.docs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Whether printed JSON is what a page shows: the same number of documents, the same keys at every level,
 * the same JSON types where the shown value is not null, the same length of arrays, and the same values,
 * except where a value differs from run to run (see {@link Values}): an instant is compared by form (the
 * same digits of a second, to the millisecond at the finest), a target or handle part by part (the backend
 * id and each fixed part equal, parts such as run ids of the same kind, {@code : @ + , =} escaped only where
 * the page shows escapes), a string that varies by form (a UUID, a run id, a duration, a path) only with
 * another such string, and a number whose key names a duration or count that varies ({@link
 * Values#VARYING_NUMBER_KEY}) not at all. Booleans, states, error names, backend ids and every other string
 * and number are compared exactly. A shown {@code null} accepts any value.
 */
final class JsonShape {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern IDENTIFIER = Values.IDENTIFIER;
  private static final Pattern INSTANT = Values.INSTANT;

  private JsonShape() {}

  /** The JSON documents of a text, one after the other. */
  static List<JsonNode> documents(String text) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (JsonParser parser = JSON.getFactory().createParser(text)) {
      while (parser.nextToken() != null) {
        documents.add(JSON.readTree(parser));
      }
    }
    return documents;
  }

  /** The differences between the shown documents and the printed ones; empty when the shapes agree. */
  static List<String> compare(List<JsonNode> shown, List<JsonNode> printed) {
    List<String> problems = new ArrayList<>();
    if (shown.size() != printed.size()) {
      problems.add("the page shows " + shown.size() + " JSON document(s), the command printed " + printed.size());
    }
    for (int i = 0; i < Math.min(shown.size(), printed.size()); i++) {
      compare(shown.get(i), printed.get(i), shown.size() == 1 ? "$" : "document " + (i + 1) + " $", problems);
    }
    return problems;
  }

  private static void compare(JsonNode shown, JsonNode printed, String path, List<String> problems) {
    if (shown.isNull()) {
      return;
    }
    if (shown.getNodeType() != printed.getNodeType()) {
      problems.add(path + ": the page shows " + type(shown) + " " + abbreviate(shown) + ", the command printed "
          + type(printed) + " " + abbreviate(printed));
      return;
    }
    if (shown.isObject()) {
      TreeSet<String> missing = new TreeSet<>();
      shown.fieldNames().forEachRemaining(missing::add);
      TreeSet<String> extra = new TreeSet<>();
      printed.fieldNames().forEachRemaining(extra::add);
      TreeSet<String> common = new TreeSet<>(missing);
      common.retainAll(extra);
      missing.removeAll(common);
      extra.removeAll(common);
      if (!missing.isEmpty()) {
        problems.add(path + ": the page shows keys the command did not print: " + missing);
      }
      if (!extra.isEmpty()) {
        problems.add(path + ": the command printed keys the page does not show: " + extra);
      }
      for (String key : common) {
        compare(shown.get(key), printed.get(key), path + "." + key, problems);
      }
    } else if (shown.isArray()) {
      if (shown.size() != printed.size()) {
        problems.add(path + ": the page shows an array of " + shown.size() + ", the command printed one of "
            + printed.size());
      }
      for (int i = 0; i < Math.min(shown.size(), printed.size()); i++) {
        compare(shown.get(i), printed.get(i), path + "[" + i + "]", problems);
      }
    } else if (shown.isTextual() && INSTANT.matcher(shown.asText()).matches()) {
      if (!INSTANT.matcher(printed.asText()).matches()) {
        problems.add(path + ": the page shows an instant " + shown + ", the command printed " + printed);
      } else if (fraction(printed.asText()) > Math.max(3, fraction(shown.asText()))) {
        problems.add(path + ": the page shows the instant " + shown + ", the command printed " + printed
            + " (finer than milliseconds)");
      } else if (fraction(printed.asText()) != fraction(shown.asText())) {
        problems.add(path + ": the page shows the instant " + shown + " (" + fraction(shown.asText())
            + " digit(s) of a second), the command printed " + printed + " (" + fraction(printed.asText()) + ")");
      }
    } else if (shown.isTextual() && IDENTIFIER.matcher(shown.asText()).matches()) {
      String problem = Values.compareIdentifiers(shown.asText(), printed.asText());
      if (problem != null) {
        problems.add(path + ": the page shows " + shown + ", the command printed " + printed + " (" + problem + ")");
      }
    } else if (shown.isTextual() && shown.asText().strip().contains(" ")) {
      // a message: word by word, so that a handle or an instant in it is compared by form
      if (!shown.asText().equals(printed.asText()) && Values.lineDifference(shown.asText(), printed.asText()) != null) {
        problems.add(path + ": the page shows " + shown + ", the command printed " + printed + " ("
            + Values.lineDifference(shown.asText(), printed.asText()) + ")");
      }
    } else if (shown.isTextual()) {
      if (!Values.same(shown.asText(), printed.asText())) {
        problems.add(path + ": the page shows " + shown + ", the command printed " + printed);
      }
    } else if (shown.isNumber()) {
      String key = path.substring(path.lastIndexOf('.') + 1);
      if (!Values.VARYING_NUMBER_KEY.matcher(key).matches() && shown.decimalValue().compareTo(printed.decimalValue()) != 0) {
        problems.add(path + ": the page shows " + shown + ", the command printed " + printed);
      }
    } else if (!shown.equals(printed)) {
      problems.add(path + ": the page shows " + shown + ", the command printed " + printed);
    }
  }

  /**
   * Pairs of a string the page shows and the string the command printed at the same place (where they
   * differ), so that a value shown once can be replaced in later commands by what was printed.
   */
  static void collectStrings(JsonNode shown, JsonNode printed, Map<String, String> pairs) {
    if (shown == null || printed == null) {
      return;
    }
    if (shown.isTextual() && printed.isTextual() && !shown.asText().equals(printed.asText())) {
      pairs.putIfAbsent(shown.asText(), printed.asText());
    } else if (shown.isObject() && printed.isObject()) {
      for (Iterator<String> keys = shown.fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        collectStrings(shown.get(key), printed.get(key), pairs);
      }
    } else if (shown.isArray() && printed.isArray()) {
      for (int i = 0; i < Math.min(shown.size(), printed.size()); i++) {
        collectStrings(shown.get(i), printed.get(i), pairs);
      }
    }
  }

  /** The digits of an instant's fraction of a second. */
  private static int fraction(String instant) {
    int dot = instant.indexOf('.');
    return dot < 0 ? 0 : instant.length() - dot - 2;
  }

  private static String type(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase();
    };
  }

  private static String abbreviate(JsonNode node) {
    String text = node.toString();
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }
}
