package io.wflaunch.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.aws.JsonText;
import io.wflaunch.internal.PercentCodec;
import io.wflaunch.spi.support.UserText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lines of a {@code --from} file (UTF-8, one request or handle per line), read so that an error
 * about a line names the file, the line, the column and what was expected there, and never repeats text
 * of the file: a line may hold secrets (parameter values), and in a malformed line they can stand
 * anywhere, even where a name or a target belongs. So the JSON reader's own messages, which quote the
 * token they stopped at, are never shown, and the messages of the library's checks are shown only with
 * every string of the line taken out of them ({@link #scrub}).
 */
final class JsonLines {

  /**
   * The longest line read, in bytes: far more than any one request a backend takes (the largest
   * inputs AWS takes are 256 KiB), little enough that a file without line breaks is refused at once.
   */
  static final int MAX_LINE_BYTES = 1 << 20;
  /** What a library message that had to lose text of the line shows in its place. */
  static final String REDACTED = "'\u2026'";

  private static final JsonFactory JSON = new JsonFactory();
  /** Strings of the line shorter than this are not looked for in messages: they would match ordinary words. */
  private static final int SHORTEST_LOOKED_FOR = 4;
  /** A run of this many characters of a longer string of the line in a message counts as an echo of it. */
  private static final int ECHO_RUN = 16;

  private JsonLines() {}

  /**
   * Reads a file whole.
   *
   * @param file the file
   * @param option the option that named it, for the error
   * @return its bytes
   * @throws InvalidRequestException naming the option and the path when it cannot be read
   */
  static byte[] readAll(Path file, String option) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException | RuntimeException e) {
      throw new InvalidRequestException(ErrorContext.empty(), option, "names a file that cannot be read: "
          + UserText.quote(file.toString()) + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * Reads a stream whole.
   *
   * @param in the stream
   * @param option the option that named it, for the error
   * @return its bytes
   * @throws InvalidRequestException naming the option when it cannot be read
   */
  static byte[] readAll(InputStream in, String option) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new InvalidRequestException(ErrorContext.empty(), option, "cannot read standard input ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * How the file is named in errors: its name without the directories, escaped and cut by
   * {@link UserText} when it must be, and in quotes only then.
   *
   * @param file the file
   * @return the name
   */
  static String name(Path file) {
    Path name = file.getFileName();
    String text = name == null ? file.toString() : name.toString();
    String quoted = UserText.quote(text);
    return quoted.equals("'" + text + "'") ? text : quoted;
  }

  /**
   * Splits the bytes into lines at line feeds (a line feed byte is never part of another UTF-8
   * character), numbered from 1; a byte-order mark at the start is dropped.
   *
   * @param bytes the file
   * @return the lines, a last one without a line feed included
   */
  static List<Line> lines(byte[] bytes) {
    List<Line> lines = new ArrayList<>();
    int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
    int number = 1;
    for (int i = start; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        lines.add(new Line(number++, bytes, start, i));
        start = i + 1;
      }
    }
    if (start < bytes.length) {
      lines.add(new Line(number, bytes, start, bytes.length));
    }
    return lines;
  }

  /**
   * The text with every quoted echo of a string of the line (as the library quotes: raw, escaped,
   * percent-encoded as in targets and handles, or escaped and cut by {@link UserText#quote}), or of a
   * part of one (a target's parts), replaced by {@value #REDACTED}; or null when a string of the line
   * still shows in it some other way, so that the text cannot be shown at all: a whole string of
   * {@value #SHORTEST_LOOKED_FOR} characters or more, a part of {@value #ECHO_RUN} or more (shorter parts,
   * such as {@code stateMachine} in an ARN, are also words of the library's own rules), or any run of
   * {@value #ECHO_RUN} characters of a longer string.
   *
   * @param text a message of the library about the line
   * @param strings every string of the line: member names, values and numbers
   * @param ours strings that are the program's own words (field names, backend ids), never taken out
   * @return the text without the line's strings, or null
   */
  static String scrub(String text, Collection<String> strings, Set<String> ours) {
    Set<String> whole = new LinkedHashSet<>(strings);
    List<String> candidates = new ArrayList<>(withPieces(whole));
    candidates.removeIf(ours::contains);
    candidates.sort(Comparator.comparingInt(String::length).reversed());
    String out = text;
    for (String candidate : candidates) {
      for (String form : forms(candidate)) {
        out = out.replace("'" + form + "'", REDACTED);
      }
    }
    Set<String> runs = new HashSet<>();
    for (int i = 0; i + ECHO_RUN <= out.length(); i++) {
      runs.add(out.substring(i, i + ECHO_RUN));
    }
    for (String candidate : candidates) {
      int length = candidate.codePointCount(0, candidate.length());
      if (length < (whole.contains(candidate) ? SHORTEST_LOOKED_FOR : ECHO_RUN)) {
        continue;
      }
      for (String form : List.of(candidate, UserText.escape(candidate), PercentCodec.encode(candidate),
          PercentCodec.encodeStrict(candidate))) {
        if (out.contains(form)) {
          return null;
        }
        if (whole.contains(candidate)) {
          for (int i = 0; i + ECHO_RUN <= form.length(); i++) {
            if (runs.contains(form.substring(i, i + ECHO_RUN))) {
              return null;
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * The strings, what follows the first ':' of each (a target's parts after its backend), and the parts
   * of each between ':' and '/', as written and percent-decoded (targets, handles, ARNs).
   */
  private static Set<String> withPieces(Collection<String> strings) {
    Set<String> all = new LinkedHashSet<>();
    for (String string : strings) {
      if (string.isEmpty()) {
        continue;
      }
      all.add(string);
      String afterBackend = string.substring(string.indexOf(':') + 1);
      all.add(afterBackend);
      all.add(percentDecoded(afterBackend));
      for (String piece : string.split("[:/]")) {
        if (!piece.isEmpty()) {
          all.add(piece);
          all.add(percentDecoded(piece));
        }
      }
    }
    all.remove("");
    return all;
  }

  private static String percentDecoded(String piece) {
    try {
      return PercentCodec.decode(piece);
    } catch (IllegalArgumentException e) {
      return piece;
    }
  }

  /** How the library may have written a string into a message inside quotes. */
  private static List<String> forms(String string) {
    // Identifiers are written readably, and stored keys in the strict form of earlier versions.
    List<String> forms = new ArrayList<>(List.of(string, UserText.escape(string), PercentCodec.encode(string),
        PercentCodec.encodeStrict(string)));
    String quoted = UserText.quote(string);
    if (quoted.endsWith(" characters)")) {
      // 'first 200...' (N characters): the part between the quotes
      forms.add(quoted.substring(1, quoted.lastIndexOf("' (")));
    }
    return forms;
  }

  /**
   * The JSON pointer of a member, such as {@code /parameters/date}.
   *
   * @param names the member names from the top
   * @return the pointer
   */
  static String pointer(String... names) {
    StringBuilder pointer = new StringBuilder();
    for (String name : names) {
      pointer.append('/').append(name.replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }

  /** One line of the file, decoded when first asked for. */
  static final class Line {
    private final int number;
    private final byte[] bytes;
    private final int from;
    private final int to;
    private String raw;
    private int leading;
    private int trailing;

    Line(int number, byte[] bytes, int from, int to) {
      this.number = number;
      this.bytes = bytes;
      this.from = from;
      this.to = to;
    }

    /** The line's number, from 1. */
    int number() {
      return number;
    }

    /**
     * The line's text without the JSON whitespace (space, tab, carriage return) around it.
     *
     * @throws Bad when the line is longer than {@link #MAX_LINE_BYTES} or is not UTF-8
     */
    String text() {
      decode();
      return raw.substring(leading, trailing);
    }

    /** Whether the line is blank or a comment (starting with {@code #}). */
    boolean skipped() {
      String text = text();
      return text.isEmpty() || text.startsWith("#");
    }

    /**
     * The line as one JSON object, with where each member stands.
     *
     * @throws Bad when it is not valid JSON, or not an object, or repeats a member name
     */
    Json json() {
      String text = text();
      String problem = JsonText.problem(text);
      if (problem != null) {
        // "expected ... at index n": the words are the checker's own, never text of the line.
        int at = problem.lastIndexOf(" at index ");
        int index = 0;
        if (at >= 0) {
          try {
            index = Integer.parseInt(problem.substring(at + " at index ".length()));
          } catch (NumberFormatException e) {
            at = -1;
          }
        }
        throw bad(index, null, "is not one JSON object: " + (at < 0 ? problem : problem.substring(0, at)));
      }
      if (!text.startsWith("{")) {
        throw bad(0, null, "is not one JSON object: expected '{'");
      }
      Json json = new Json(this);
      JsonParser parser = null;
      try {
        parser = JSON.createParser(text);
        json.root = (ObjectNode) json.read(parser, parser.nextToken());
        return json;
      } catch (StreamConstraintsException e) {
        throw bad(offset(parser), null, "is nested deeper, or holds a longer number or member name, than a request "
            + "line may (1,000 levels, 1,000 digits, 50,000 characters)");
      } catch (JsonProcessingException e) {
        // The checker above accepted the text, so the reader refuses what no grammar forbids.
        throw bad(offset(parser), null, "is JSON the reader refuses");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } finally {
        if (parser != null) {
          try {
            parser.close();
          } catch (IOException e) {
            // a parser over a string holds nothing to release
          }
        }
      }
    }

    /**
     * An error at an index of {@link #text()}.
     *
     * @param index the index in the stripped text
     * @param field the field as the program names it, or null
     * @param rule what was expected, with no text of the line
     * @return the error
     */
    Bad bad(int index, String field, String rule) {
      decode();
      int at = Math.min(raw.length(), leading + Math.max(0, index));
      return new Bad(number, raw.codePointCount(0, at) + 1, field, rule);
    }

    /** Where the reader stopped, in characters; not the reader's message, which quotes the text there. */
    private static int offset(JsonParser parser) {
      return parser == null ? 0 : (int) Math.max(0, parser.currentLocation().getCharOffset());
    }

    private void decode() {
      if (raw != null) {
        return;
      }
      int length = to - from;
      if (length > MAX_LINE_BYTES) {
        String first = new String(bytes, from, MAX_LINE_BYTES, StandardCharsets.UTF_8);
        throw new Bad(number, first.codePointCount(0, first.length()) + 1, null, "is longer than a line may be ("
            + String.format("%,d", length) + " bytes; at most " + String.format("%,d", MAX_LINE_BYTES) + ")");
      }
      CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
      CharBuffer out = CharBuffer.allocate(length);
      CoderResult result = decoder.decode(ByteBuffer.wrap(bytes, from, length), out, true);
      if (!result.isError()) {
        result = decoder.flush(out);
      }
      out.flip();
      if (result.isError()) {
        throw new Bad(number, out.toString().codePointCount(0, out.length()) + 1, null,
            "is not UTF-8 text: expected a UTF-8 character where a byte starts none");
      }
      raw = out.toString();
      // JSON's whitespace only: other characters that Java calls white space are errors to point at.
      leading = 0;
      while (leading < raw.length() && isSpace(raw.charAt(leading))) {
        leading++;
      }
      trailing = raw.length();
      while (trailing > leading && isSpace(raw.charAt(trailing - 1))) {
        trailing--;
      }
    }

    private static boolean isSpace(char c) {
      return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
  }

  /** A line's JSON object, where each of its members stands, and every string in it. */
  static final class Json {
    private final Line line;
    private final Map<String, Integer> values = new HashMap<>();
    private final Map<String, Integer> names = new HashMap<>();
    private final List<String> strings = new ArrayList<>();
    private ObjectNode root;

    private Json(Line line) {
      this.line = line;
    }

    /** The object. */
    ObjectNode root() {
      return root;
    }

    /** Every member name, string and number of the line, for {@link JsonLines#scrub}. */
    List<String> strings() {
      return strings;
    }

    /** The line the object is on. */
    Line line() {
      return line;
    }

    /**
     * An error about the value at a JSON pointer (such as {@code /parameters/date}), or about the
     * nearest enclosing value that exists.
     */
    Bad bad(String pointer, String field, String rule) {
      return line.bad(index(values, pointer), field, rule);
    }

    /** An error about the name of the member at a JSON pointer. */
    Bad badName(String pointer, String field, String rule) {
      return line.bad(index(names, pointer), field, rule);
    }

    private int index(Map<String, Integer> where, String pointer) {
      for (String at = pointer; ; at = at.substring(0, at.lastIndexOf('/'))) {
        Integer index = where.get(at);
        if (index != null) {
          return index;
        }
        if (!at.contains("/")) {
          return values.getOrDefault("", 0);
        }
      }
    }

    private JsonNode read(JsonParser parser, JsonToken token) throws IOException {
      String pointer = parser.getParsingContext().pathAsPointer().toString();
      values.putIfAbsent(pointer, (int) parser.currentTokenLocation().getCharOffset());
      JsonNodeFactory nodes = JsonNodeFactory.instance;
      switch (token) {
        case START_OBJECT -> {
          ObjectNode object = nodes.objectNode();
          for (JsonToken next = parser.nextToken(); next == JsonToken.FIELD_NAME; next = parser.nextToken()) {
            String name = parser.currentName();
            strings.add(name);
            String member = parser.getParsingContext().pathAsPointer().toString();
            int at = (int) parser.currentTokenLocation().getCharOffset();
            if (object.has(name)) {
              throw line.bad(at, null, "gives one member name twice in an object");
            }
            names.put(member, at);
            object.set(name, read(parser, parser.nextToken()));
          }
          return object;
        }
        case START_ARRAY -> {
          ArrayNode array = nodes.arrayNode();
          for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
            array.add(read(parser, next));
          }
          return array;
        }
        case VALUE_STRING -> {
          strings.add(parser.getText());
          return nodes.textNode(parser.getText());
        }
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
          strings.add(parser.getText());
          return nodes.numberNode(parser.getDecimalValue());
        }
        case VALUE_TRUE, VALUE_FALSE -> {
          return nodes.booleanNode(token == JsonToken.VALUE_TRUE);
        }
        default -> {
          return nodes.nullNode();
        }
      }
    }
  }

  /**
   * What is wrong on one line, and where: never text of the line. Thrown while a line is read and
   * checked; {@link #toException} makes the error the user sees.
   */
  static final class Bad extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String field;
    private final String rule;

    Bad(int line, int column, String field, String rule) {
      super(null, null, false, false);
      this.line = line;
      this.column = column;
      this.field = field;
      this.rule = rule;
    }

    /** The line, from 1. */
    int line() {
      return line;
    }

    /** The column, from 1, counted in characters. */
    int column() {
      return column;
    }

    /**
     * The error for the user, as {@code <file>:<line>:<column> <field>} and the rule, with no cause:
     * a cause would carry the library's own words, which may quote the line, into a stack trace.
     *
     * @param file the file's name, as {@link JsonLines#name} gives it
     * @return the error
     */
    InvalidRequestException toException(String file) {
      String where = file + ":" + line + ":" + column;
      return new InvalidRequestException(ErrorContext.empty(), field == null ? where : where + " " + field, rule);
    }

    /**
     * The error as one line for the user: {@code <file>:<line>:<column>: <field>: <rule>}, or without the
     * field when the error is about the line itself (it is not JSON, say).
     *
     * @param file the file's name, as {@link JsonLines#name} gives it
     * @return the line
     */
    String describe(String file) {
      return file + ":" + line + ":" + column + ": " + (field == null ? "" : field + ": ") + rule;
    }
  }
}
