package io.wflaunch.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The documentation set: the README and every Markdown page under {@code docs/}.
 *
 * <p>The system property {@code docs.pages} (comma-separated page names, such as
 * {@code -Ddocs.pages=docs/cli.md,docs/testing.md}) limits the page tests to those pages, for a writer who
 * works on a few; a name that is no page fails the tests.
 */
final class Docs {

  /** Every page the documentation set must have, in reading order. */
  static final List<String> PAGES = List.of(
      "README.md",
      "docs/index.md",
      "docs/getting-started.md",
      "docs/concepts.md",
      "docs/exactly-once.md",
      "docs/idempotency-store.md",
      "docs/waiting-and-tracking.md",
      "docs/event-driven-tracking.md",
      "docs/backends/glue.md",
      "docs/backends/swf.md",
      "docs/backends/codecatalyst.md",
      "docs/backends/stepfunctions.md",
      "docs/backends/gluejob.md",
      "docs/backends/sagemaker.md",
      "docs/backends/emrserverless.md",
      "docs/cli.md",
      "docs/spring-boot.md",
      "docs/metrics-and-tracing.md",
      "docs/testing.md",
      "docs/writing-a-backend.md",
      "docs/benchmarks.md",
      "docs/troubleshooting.md",
      "docs/releasing.md");

  /** Whether every page of {@link #PAGES} must exist (false checks only the pages that exist). */
  static final boolean EVERY_PAGE_REQUIRED = true;

  private Docs() {}

  /** The repository's root. */
  static Path root() {
    return Path.of(System.getProperty("wflaunch.root", "..")).toAbsolutePath().normalize();
  }

  /** The README and every page under docs/, sorted by name; only those of {@code docs.pages} when it is set. */
  static List<Page> pages() {
    Path root = root();
    List<Path> files = new ArrayList<>();
    files.add(root.resolve("README.md"));
    try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
      docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return select(files.stream().map(file -> Page.read(root, file)).toList(),
        System.getProperty("docs.pages", ""));
  }

  /**
   * The pages that a {@code docs.pages} value selects: all of them when it is empty.
   *
   * @throws IllegalArgumentException when it names a page that does not exist (a typo would otherwise
   *     select nothing, and no test would fail)
   */
  static List<Page> select(List<Page> pages, String property) {
    Set<String> only = parse(property);
    if (only.isEmpty()) {
      return pages;
    }
    Set<String> names = pages.stream().map(Page::name).collect(Collectors.toSet());
    List<String> unknown = only.stream().filter(name -> !names.contains(name)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("docs.pages names no page: " + unknown + "; the pages are "
          + pages.stream().map(Page::name).toList());
    }
    return pages.stream().filter(page -> only.contains(page.name())).toList();
  }

  /** Every page, whatever {@code docs.pages} says. */
  static List<Page> allPages() {
    Path root = root();
    List<Page> pages = new ArrayList<>();
    pages.add(Page.read(root, root.resolve("README.md")));
    try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
      docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(file -> pages.add(Page.read(root, file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pages;
  }

  /** The page of that name, read; null when the file does not exist. */
  static Page page(String name) {
    Path file = root().resolve(name);
    return Files.isRegularFile(file) ? Page.read(root(), file) : null;
  }

  /** Whether the page tests run on that page. */
  static boolean selected(String name) {
    Set<String> only = selected();
    return only.isEmpty() || only.contains(name);
  }

  private static Set<String> selected() {
    return parse(System.getProperty("docs.pages", ""));
  }

  private static Set<String> parse(String value) {
    String property = value.strip();
    return property.isEmpty() ? Set.of()
        : Arrays.stream(property.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  }
}
