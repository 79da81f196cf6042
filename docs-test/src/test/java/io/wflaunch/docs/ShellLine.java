package io.wflaunch.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One command line of a console block, split into words as a POSIX shell would (quotes, backslashes,
 * comments), without running a shell: leading {@code NAME=value} assignments, the words, a {@code > FILE}
 * redirection of stdout and the trailing comment.
 *
 * @param environment the leading assignments ({@code WFLAUNCH_LOCAL_DIR=~/runs wflaunch ...})
 * @param words the words, the program's name first
 * @param stdoutFile where {@code > FILE} sends stdout, or null
 * @param operators the shell operators the line uses that the tests do not run ({@code |}, {@code &&}, ...)
 * @param comment the trailing comment without its {@code #}, or empty
 */
record ShellLine(Map<String, String> environment, List<String> words, String stdoutFile, List<String> operators,
    String comment) {

  private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
  private static final Pattern EXIT = Pattern.compile("(?i)\\bexit\\s+(\\d+)\\b");

  /** A word and whether any of it was quoted. */
  private record Word(String text, boolean quoted, boolean operator) {}

  /**
   * Splits a line. {@code ~} at the start of an unquoted word and {@code $HOME} (or {@code ${HOME}}) outside
   * single quotes become {@code home}.
   *
   * @throws IllegalArgumentException when a quote is not closed
   */
  static ShellLine parse(String line, String home) {
    List<Word> words = new ArrayList<>();
    StringBuilder word = null;
    boolean quoted = false;
    String comment = "";
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(new Word(word.toString(), quoted, false));
          word = null;
          quoted = false;
        }
        i++;
      } else if (c == '#' && word == null) {
        comment = line.substring(i + 1).strip();
        break;
      } else if (word == null && (c == '|' || c == '&' || c == ';' || c == '>' || c == '<')
          || word == null && c == '2' && i + 1 < line.length() && line.charAt(i + 1) == '>') {
        int end = i + 1;
        while (end < line.length() && "|&;><".indexOf(line.charAt(end)) >= 0) {
          end++;
        }
        words.add(new Word(line.substring(i, end), false, true));
        i = end;
      } else {
        if (word == null) {
          word = new StringBuilder();
          if (c == '~' && (i + 1 == line.length() || line.charAt(i + 1) == '/'
              || Character.isWhitespace(line.charAt(i + 1)))) {
            word.append(home);
            i++;
            continue;
          }
        }
        if (c == '\'') {
          int end = line.indexOf('\'', i + 1);
          if (end < 0) {
            throw new IllegalArgumentException("a single quote is not closed");
          }
          word.append(line, i + 1, end);
          quoted = true;
          i = end + 1;
        } else if (c == '"') {
          quoted = true;
          i++;
          boolean closed = false;
          while (i < line.length()) {
            char d = line.charAt(i);
            if (d == '"') {
              closed = true;
              i++;
              break;
            }
            if (d == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
              word.append(line.charAt(i + 1));
              i += 2;
            } else if (d == '$') {
              i = expandHome(line, i, word, home);
            } else {
              word.append(d);
              i++;
            }
          }
          if (!closed) {
            throw new IllegalArgumentException("a double quote is not closed");
          }
        } else if (c == '\\' && i + 1 < line.length()) {
          word.append(line.charAt(i + 1));
          i += 2;
        } else if (c == '$') {
          i = expandHome(line, i, word, home);
        } else if ("|&;<>".indexOf(c) >= 0) {
          words.add(new Word(word.toString(), quoted, false));
          word = null;
          quoted = false;
        } else {
          word.append(c);
          i++;
        }
      }
    }
    if (word != null) {
      words.add(new Word(word.toString(), quoted, false));
    }

    Map<String, String> environment = new LinkedHashMap<>();
    List<String> result = new ArrayList<>();
    List<String> operators = new ArrayList<>();
    String stdoutFile = null;
    for (int w = 0; w < words.size(); w++) {
      Word current = words.get(w);
      if (current.operator()) {
        if (current.text().equals(">") && w + 1 < words.size() && !words.get(w + 1).operator()
            && stdoutFile == null) {
          stdoutFile = words.get(++w).text();
        } else if (current.text().equals("2>") && w + 1 < words.size() && !words.get(w + 1).operator()) {
          w++; // stderr is not shown in the docs; where it goes does not matter to the tests
        } else {
          operators.add(current.text());
        }
      } else if (result.isEmpty() && !current.quoted() && ASSIGNMENT.matcher(current.text()).matches()) {
        int equals = current.text().indexOf('=');
        String value = current.text().substring(equals + 1);
        environment.put(current.text().substring(0, equals),
            value.equals("~") || value.startsWith("~/") ? home + value.substring(1) : value);
      } else {
        result.add(current.text());
      }
    }
    return new ShellLine(environment, result, stdoutFile, operators, comment);
  }

  private static int expandHome(String line, int i, StringBuilder word, String home) {
    if (line.startsWith("$HOME", i) && (i + 5 == line.length() || !Character.isLetterOrDigit(line.charAt(i + 5))
        && line.charAt(i + 5) != '_')) {
      word.append(home);
      return i + 5;
    }
    if (line.startsWith("${HOME}", i)) {
      word.append(home);
      return i + 7;
    }
    word.append('$');
    return i + 1;
  }

  /** The exit code the trailing comment gives ({@code # exit 1}), else 0. */
  int expectedExit() {
    Matcher exit = EXIT.matcher(comment);
    return exit.find() ? Integer.parseInt(exit.group(1)) : 0;
  }
}
