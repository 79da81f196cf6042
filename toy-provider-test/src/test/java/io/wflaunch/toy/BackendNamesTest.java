package io.wflaunch.toy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A backend is its own modules: no main source or resource of a module that is not a backend's names a
 * backend (its type, its folder's name, or its package), nor does its pom outside test-scoped
 * dependencies. The backends are found in the source tree as the folders {@code <name>-adapter}; a
 * backend owns {@code <name>-adapter} and {@code <name>-testkit}, and is listed in the bom and the parent
 * pom, which are not checked. Demonstrations that choose backends on purpose ({@code examples},
 * {@code benchmarks}) and this test module are not checked either, nor is test code, which uses real
 * backends as fixtures.
 */
class BackendNamesTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Set<String> NOT_CHECKED = Set.of("examples", "benchmarks", "toy-provider-test");
  private static final Pattern TEST_DEPENDENCY =
      Pattern.compile("<dependency>(?:(?!</dependency>).)*<scope>test</scope>(?:(?!</dependency>).)*</dependency>",
          Pattern.DOTALL);
  private static final Pattern DEFAULT_ID = Pattern.compile("DEFAULT_ID\\s*=\\s*\"([a-z0-9]+)\"");

  /** A backend: its folder's name, its type and the last part of its package names. */
  private record Backend(String folder, Set<String> names) {}

  @Test
  void noModuleButABackendsOwnNamesIt() throws IOException {
    List<Backend> backends = backends();
    assertThat(backends).as("backends found in %s", ROOT).hasSizeGreaterThanOrEqualTo(4);
    List<String> found = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path module : modules.filter(dir -> Files.isDirectory(dir.resolve("src/main"))).toList()) {
        String folder = module.getFileName().toString();
        if (NOT_CHECKED.contains(folder) || isBackendsOwn(folder, backends)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(module.resolve("src/main"))) {
          files.filter(Files::isRegularFile).forEach(file -> found.addAll(namings(file, backends)));
        }
        found.addAll(namings(module.resolve("pom.xml"), backends));
      }
    }
    assertThat(found).as("backends named outside their own modules").isEmpty();
  }

  @Test
  void theCheckSeesANamingWhereThereIsOne() throws IOException {
    Path file = Files.createTempFile("naming", ".java");
    try {
      Files.writeString(file, "/** Reads a Glue workflow run. */\nclass X {}\n");
      assertThat(namings(file, backends())).hasSize(1);
      Files.writeString(file, "/** Glued together. */\nclass X {}\n");
      assertThat(namings(file, backends())).isEmpty();
    } finally {
      Files.delete(file);
    }
  }

  private static boolean isBackendsOwn(String folder, List<Backend> backends) {
    return backends.stream().anyMatch(backend -> folder.equals(backend.folder() + "-adapter")
        || folder.equals(backend.folder() + "-testkit"));
  }

  private static List<Backend> backends() throws IOException {
    List<Backend> backends = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(ROOT)) {
      for (Path adapter : dirs.filter(dir -> dir.getFileName().toString().endsWith("-adapter")).sorted().toList()) {
        String folder = adapter.getFileName().toString().replaceFirst("-adapter$", "");
        Set<String> names = new LinkedHashSet<>(List.of(folder));
        try (Stream<Path> files = Files.walk(adapter.resolve("src/main/java"))) {
          for (Path file : files.filter(f -> f.toString().endsWith("Backend.java")).toList()) {
            Matcher id = DEFAULT_ID.matcher(Files.readString(file, StandardCharsets.UTF_8));
            if (id.find()) {
              names.add(id.group(1));
            }
            names.add(file.getParent().getFileName().toString());
          }
        }
        backends.add(new Backend(folder, names));
      }
    }
    return backends;
  }

  private static List<String> namings(Path file, List<Backend> backends) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
      if (file.getFileName().toString().equals("pom.xml")) {
        // Test fixtures may be any backend; blanked rather than cut, so that line numbers stay true.
        text = TEST_DEPENDENCY.matcher(text)
            .replaceAll(m -> Matcher.quoteReplacement(m.group().replaceAll("[^\\n]", " ")));
      }
    } catch (java.nio.charset.MalformedInputException binary) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> found = new ArrayList<>();
    for (Backend backend : backends) {
      for (String name : backend.names()) {
        Matcher matcher = Pattern.compile("(?<![a-z0-9])" + Pattern.quote(name) + "(?![a-z0-9])").matcher(text);
        if (matcher.find()) {
          int line = (int) text.substring(0, matcher.start()).chars().filter(c -> c == '\n').count() + 1;
          found.add(ROOT.relativize(file) + ":" + line + " names " + name);
        }
      }
    }
    return found;
  }
}
