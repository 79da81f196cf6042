package io.wflaunch.docs;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The pages hold together: every relative link leads to a file of the repository and, where it names one, to an
 * anchor of that page (GitHub's: the heading lower-cased, punctuation dropped, spaces as '-'); every page is
 * linked from docs/index.md and from the README; every page the set must have exists.
 */
class LinksTest {

  @TestFactory
  Stream<DynamicTest> everyRelativeLinkResolves() {
    return Docs.pages().stream().map(page -> DynamicTest.dynamicTest(page.name(), () -> {
      List<String> problems = new ArrayList<>();
      for (Page.Link link : page.links()) {
        String problem = problem(page, link.target());
        if (problem != null) {
          problems.add(page.name() + ":" + link.line() + ": the link (" + link.target() + ") " + problem);
        }
      }
      if (!problems.isEmpty()) {
        fail(String.join("\n", problems));
      }
    }));
  }

  /** Why a link of the page does not resolve, or null when it does. */
  static String problem(Page page, String target) {
    if (target.isEmpty()) {
      return "is empty";
    }
    if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
      return null; // http:, https:, mailto:
    }
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
    Path root = Docs.root();
    Path file = path.isEmpty() ? page.file()
        : page.file().getParent().resolve(URLDecoder.decode(path, StandardCharsets.UTF_8)).normalize();
    if (path.startsWith("/")) {
      return "is absolute; use a path relative to the page";
    }
    if (!file.startsWith(root)) {
      return "leads out of the repository";
    }
    if (!Files.exists(file)) {
      return "leads to " + root.relativize(file) + ", which does not exist";
    }
    if (anchor != null && !anchor.isEmpty()) {
      if (!file.toString().endsWith(".md")) {
        return null;
      }
      Set<String> anchors = Page.read(root, file).anchors();
      if (!anchors.contains(anchor)) {
        return "names the anchor #" + anchor + ", which " + root.relativize(file) + " does not have; its anchors: "
            + anchors;
      }
    }
    return null;
  }

  @Test
  void everyPageIsLinkedFromTheIndexAndTheReadme() {
    List<String> problems = new ArrayList<>();
    Page readme = Docs.page("README.md");
    Page index = Docs.page("docs/index.md");
    if (Docs.EVERY_PAGE_REQUIRED && index == null) {
      problems.add("docs/index.md does not exist");
    }
    for (Page page : Docs.allPages()) {
      if (page.name().equals("README.md")) {
        continue;
      }
      if (!linksTo(readme, page)) {
        problems.add("README.md does not link " + page.name());
      }
      if (index != null && page != index && !page.name().equals(index.name()) && !linksTo(index, page)) {
        problems.add("docs/index.md does not link " + page.name());
      }
    }
    if (!problems.isEmpty()) {
      fail(String.join("\n", problems));
    }
  }

  @Test
  void theIndexLinksThePagesInReadingOrder() {
    Page index = Docs.page("docs/index.md");
    if (index == null) {
      return; // everyPageOfTheSetExists says so when the set is required
    }
    List<String> order = new ArrayList<>();
    for (Page.Link link : index.links()) {
      String path = link.target().contains("#") ? link.target().substring(0, link.target().indexOf('#'))
          : link.target();
      if (path.isEmpty() || path.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
        continue;
      }
      String name = Docs.root().relativize(index.file().getParent().resolve(path).normalize()).toString()
          .replace('\\', '/');
      if (Docs.PAGES.contains(name) && !order.contains(name)) {
        order.add(name);
      }
    }
    List<String> expected = Docs.PAGES.stream().filter(name -> !name.equals("docs/index.md"))
        .filter(order::contains).toList();
    if (!order.equals(expected)) {
      fail("docs/index.md links the pages in the order " + order + "; the reading order is " + expected);
    }
  }

  @Test
  void everyPageOfTheSetExists() {
    List<String> missing = Docs.PAGES.stream().filter(name -> !Files.isRegularFile(Docs.root().resolve(name))).toList();
    if (Docs.EVERY_PAGE_REQUIRED && !missing.isEmpty()) {
      fail("pages of the documentation set that do not exist: " + missing);
    }
  }

  private static boolean linksTo(Page from, Page to) {
    for (Page.Link link : from.links()) {
      String target = link.target();
      int hash = target.indexOf('#');
      String path = hash < 0 ? target : target.substring(0, hash);
      if (!path.isEmpty() && !path.matches("(?i)[a-z][a-z0-9+.-]*:.*")
          && from.file().getParent().resolve(path).normalize().equals(to.file().normalize())) {
        return true;
      }
    }
    return false;
  }
}
