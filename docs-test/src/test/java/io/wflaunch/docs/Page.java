package io.wflaunch.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Markdown page of the documentation set, read the way GitHub renders it as far as the tests need: its
 * fenced code blocks, its headings (and their anchors) and its links, each with the line it is on.
 *
 * @param name the page's path from the repository's root, with forward slashes ({@code docs/cli.md})
 * @param file the page's file
 * @param lines the page's lines
 * @param blocks the fenced code blocks, in page order
 */
record Page(String name, Path file, List<String> lines, List<Block> blocks) {

  private static final Pattern FENCE = Pattern.compile("^( *)(```+|~~~+)\\s*(.*)$");
  private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern INLINE_LINK = Pattern.compile("!?\\[((?:[^\\[\\]]|\\[[^\\]]*\\])*)\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
  private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");

  /**
   * A fenced code block.
   *
   * @param page the page's name
   * @param line the line of the opening fence (1-based)
   * @param info the fence's info string ({@code java}, {@code console}, {@code json file=runs.jsonl})
   * @param text the block's content, its fence's indentation removed, lines ending in a new line
   */
  record Block(String page, int line, String info, String text) {

    /** The fence's language: the first word of the info string, or empty. */
    String language() {
      String trimmed = info.strip();
      int space = trimmed.indexOf(' ');
      return (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
    }

    /** The value of an attribute {@code name=value} of the info string, or null. */
    String attribute(String name) {
      for (String word : info.strip().split("\\s+")) {
        if (word.startsWith(name + "=")) {
          return word.substring(name.length() + 1);
        }
      }
      return null;
    }

    /** The page line of the block's first content line. */
    int firstContentLine() {
      return line + 1;
    }

    /** Where the block is, for messages: {@code docs/cli.md:42 (console block)}. */
    String where() {
      return page + ":" + line + " (" + (language().isEmpty() ? "code" : language()) + " block)";
    }
  }

  /**
   * A link.
   *
   * @param line the line it is on (1-based)
   * @param target the link's destination as written
   */
  record Link(int line, String target) {}

  static Page read(Path root, Path file) {
    try {
      String name = root.relativize(file).toString().replace('\\', '/');
      List<String> lines = List.of(Files.readString(file, StandardCharsets.UTF_8).split("\r?\n", -1));
      return new Page(name, file, lines, blocks(name, lines));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Block> blocks(String name, List<String> lines) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      int indent = open.group(1).length();
      String fence = open.group(2);
      StringBuilder text = new StringBuilder();
      int j = i + 1;
      for (; j < lines.size(); j++) {
        String line = lines.get(j);
        String stripped = line.strip();
        if (stripped.startsWith(fence) && stripped.chars().allMatch(c -> c == fence.charAt(0))) {
          break;
        }
        int drop = 0;
        while (drop < indent && drop < line.length() && line.charAt(drop) == ' ') {
          drop++;
        }
        text.append(line.substring(drop)).append('\n');
      }
      blocks.add(new Block(name, i + 1, open.group(3), text.toString()));
      i = j;
    }
    return blocks;
  }

  /** Whether the line (0-based) is inside a fenced block or is one of its fences. */
  boolean inBlock(int index) {
    for (Block block : blocks) {
      int first = block.line() - 1;
      int last = first + (int) block.text().chars().filter(c -> c == '\n').count() + 1;
      if (index >= first && index <= last) {
        return true;
      }
    }
    return false;
  }

  /** The links outside code blocks and code spans, inline and reference definitions. */
  List<Link> links() {
    List<Link> links = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (inBlock(i)) {
        continue;
      }
      String line = CODE_SPAN.matcher(lines.get(i)).replaceAll("");
      Matcher inline = INLINE_LINK.matcher(line);
      while (inline.find()) {
        links.add(new Link(i + 1, inline.group(2)));
      }
      Matcher definition = REFERENCE_DEFINITION.matcher(line);
      if (definition.matches()) {
        links.add(new Link(i + 1, definition.group(1)));
      }
    }
    return links;
  }

  /** The anchors GitHub gives the page's headings (and its HTML anchors), in page order. */
  Set<String> anchors() {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new java.util.HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      if (inBlock(i)) {
        continue;
      }
      Matcher html = HTML_ANCHOR.matcher(lines.get(i));
      while (html.find()) {
        anchors.add(html.group(1));
      }
      Matcher heading = HEADING.matcher(lines.get(i));
      if (heading.matches()) {
        String slug = slug(heading.group(2));
        int count = seen.merge(slug, 1, Integer::sum);
        anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
      }
    }
    return anchors;
  }

  /** GitHub's anchor of a heading: its rendered text lower-cased, punctuation dropped, spaces as '-'. */
  static String slug(String heading) {
    String text = INLINE_LINK.matcher(heading).replaceAll("$1");
    text = text.replaceAll("<[^>]+>", "").replace("`", "").replace("*", "");
    text = text.toLowerCase(Locale.ROOT);
    return text.replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
  }

  /** The blocks of one language. */
  List<Block> blocks(String language) {
    return blocks.stream().filter(block -> block.language().equals(language)).toList();
  }
}
