package io.wflaunch.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which shown values may differ from the printed ones because they differ from run to run, recognised by
 * their form: instants and times of day, Glue run ids ({@code wr_} and 64 hexadecimal digits, {@code jr_} for job runs), SWF run ids
 * (44 characters of base64), UUIDs (also after a prefix, as {@code wfl-<uuid>}), durations such as
 * {@code 2.4s} or {@code 150ms}, and absolute paths (HOME is a fresh directory). Such a value matches a
 * printed value of the same form, so a page must show real-looking ones. Every other value (states, exit
 * words, error and backend names, keys, booleans, numbers) is compared exactly, and so are the parts of a
 * target or handle that are not of those forms.
 *
 * <p>Text output is compared line by line and word by word with the same rule: as many lines (a shown line
 * {@code ...} stands for any number of printed lines), as many words on each line, and each word equal
 * unless both vary by form. Instants in text may be to the second or to the millisecond.
 */
final class Values {

  /** A target's or handle's string form: {@code <backend>:<part>/<part>/...}. */
  static final Pattern IDENTIFIER = Pattern.compile("(?!https?:)[a-z][a-z0-9-]*:[^\\s/][^\\s]*");
  /** An instant as the command line prints it. */
  static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?Z");
  /** JSON keys whose numbers differ from run to run. */
  static final Pattern VARYING_NUMBER_KEY = Pattern.compile("(?i).*(elapsed|duration|millis|seconds|took|polls"
      + "|attempts).*");
  /** An escape of a character that a target's or handle's string form writes as it is ({@code : @ + , =}). */
  private static final Pattern READABLE_ESCAPE = Pattern.compile("(?i)%(3A|40|2B|2C|3D)");
  /** The forms of values that differ from run to run, each with its name. */
  private static final Map<String, Pattern> VARYING = new LinkedHashMap<>();

  static {
    VARYING.put("an instant", INSTANT);
    VARYING.put("a time of day", Pattern.compile("\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?"));
    VARYING.put("a Glue run id", Pattern.compile("wr_[0-9a-f]{64}"));
    VARYING.put("a Glue job run id", Pattern.compile("jr_[0-9a-f]{64}"));
    VARYING.put("an SWF run id", Pattern.compile("(?:[A-Za-z0-9+]|%2F){43}="));
    VARYING.put("a UUID", Pattern.compile(
        "[a-z]*-?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
    VARYING.put("a duration", Pattern.compile("(\\d+h)?(\\d+m)?\\d+(\\.\\d+)?(ms|s|m|h)"));
    VARYING.put("a path", Pattern.compile("/\\S*"));
  }

  /** Punctuation around a word that is not part of its value ({@code (CANCELED)}, {@code 2.4s,}). */
  private static final Pattern WRAPPING = Pattern.compile("^([(\\[\"'`]*)(.*?)([)\\]\"'`,;:.]*)$");

  private Values() {}

  /** The name of the value's form if it is one that differs from run to run; null if it is not. */
  static String form(String value) {
    for (Map.Entry<String, Pattern> form : VARYING.entrySet()) {
      if (form.getValue().matcher(value).matches()) {
        return form.getKey();
      }
    }
    return null;
  }

  /** Whether the shown value is the printed one, or both have the same form that differs from run to run. */
  static boolean same(String shown, String printed) {
    return shown.equals(printed) || form(shown) != null && form(shown).equals(form(printed));
  }

  /**
   * Why a printed target or handle is not the shown one, or null when it is: the same backend id, as many
   * parts, each part equal or of a form that varies in both, and {@code : @ + , =} percent-encoded only
   * where the page shows escapes.
   */
  static String compareIdentifiers(String shown, String printed) {
    if (!IDENTIFIER.matcher(printed).matches()) {
      return "not a target or handle";
    }
    String shownBackend = shown.substring(0, shown.indexOf(':'));
    String printedBackend = printed.substring(0, printed.indexOf(':'));
    if (!shownBackend.equals(printedBackend)) {
      return "another backend id";
    }
    String[] shownParts = shown.substring(shown.indexOf(':') + 1).split("/", -1);
    String[] printedParts = printed.substring(printed.indexOf(':') + 1).split("/", -1);
    if (shownParts.length != printedParts.length) {
      return shownParts.length + " part(s) after the backend id shown, " + printedParts.length + " printed";
    }
    if (!shown.contains("%") && READABLE_ESCAPE.matcher(printed).find()) {
      return "percent-encoded";
    }
    for (int i = 0; i < shownParts.length; i++) {
      if (!same(shownParts[i], printedParts[i])) {
        return "part " + (i + 1) + " differs: " + shownParts[i] + " shown, " + printedParts[i] + " printed";
      }
    }
    return null;
  }

  /** Whether a word of text output printed is the shown one, or both vary by form. */
  static boolean sameWord(String shown, String printed) {
    if (shown.equals(printed)) {
      return true;
    }
    var shownParts = WRAPPING.matcher(shown);
    var printedParts = WRAPPING.matcher(printed);
    if (!shownParts.matches() || !printedParts.matches() || !shownParts.group(1).equals(printedParts.group(1))
        || !shownParts.group(3).equals(printedParts.group(3))) {
      return false;
    }
    String shownValue = shownParts.group(2);
    String printedValue = printedParts.group(2);
    if (IDENTIFIER.matcher(shownValue).matches()) {
      return compareIdentifiers(shownValue, printedValue) == null;
    }
    return same(shownValue, printedValue);
  }

  /**
   * The differences between shown text output and the printed lines: line by line, word by word; a shown
   * line {@code ...} stands for any number of printed lines. Empty when they agree.
   */
  static List<String> compareText(List<String> shown, List<String> printed) {
    List<String> problems = new ArrayList<>();
    List<String> printedLines = printed.stream().filter(line -> !line.isBlank()).toList();
    List<String> shownLines = shown.stream().filter(line -> !line.isBlank()).toList();
    if (!matches(shownLines, 0, printedLines, 0)) {
      if (!shownLines.contains("...") && shownLines.size() != printedLines.size()) {
        problems.add("the page shows " + shownLines.size() + " line(s) of output, the command printed "
            + printedLines.size());
      }
      for (int i = 0; i < Math.min(shownLines.size(), printedLines.size()); i++) {
        if (shownLines.get(i).strip().equals("...")) {
          break;
        }
        String difference = lineDifference(shownLines.get(i), printedLines.get(i));
        if (difference != null) {
          problems.add("line " + (i + 1) + ": " + difference);
          break;
        }
      }
      if (problems.isEmpty()) {
        problems.add("the printed lines do not match the shown ones around the '...' line(s)");
      }
    }
    return problems;
  }

  private static boolean matches(List<String> shown, int s, List<String> printed, int p) {
    if (s == shown.size()) {
      return p == printed.size();
    }
    if (shown.get(s).strip().equals("...")) {
      for (int next = p; next <= printed.size(); next++) {
        if (matches(shown, s + 1, printed, next)) {
          return true;
        }
      }
      return false;
    }
    return p < printed.size() && lineDifference(shown.get(s), printed.get(p)) == null
        && matches(shown, s + 1, printed, p + 1);
  }

  /** How a printed line differs from the shown one; null when it does not. */
  static String lineDifference(String shown, String printed) {
    String[] shownWords = shown.strip().split("\\s+");
    String[] printedWords = printed.strip().split("\\s+");
    if (shownWords.length != printedWords.length) {
      return "the page shows " + shownWords.length + " word(s): '" + shown.strip() + "', the command printed "
          + printedWords.length + ": '" + printed.strip() + "'";
    }
    for (int i = 0; i < shownWords.length; i++) {
      if (!sameWord(shownWords[i], printedWords[i])) {
        return "the page shows '" + shownWords[i] + "', the command printed '" + printedWords[i] + "' in '"
            + printed.strip() + "'";
      }
    }
    return null;
  }
}
