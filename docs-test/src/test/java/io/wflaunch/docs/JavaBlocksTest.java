package io.wflaunch.docs;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Every ```java block of a page is a whole compilation unit (imports, top-level types, the default package,
 * no elisions); the blocks of one page compile together against this module's test class path (every module,
 * the testkits, Spring, Micrometer, OpenTelemetry, JUnit, AssertJ). The JUnit test classes among them are then
 * run, except those that need a moto server or DynamoDB Local (a block that mentions
 * {@code MotoServerExtension} or {@code DynamoDBLocal}) or that are tagged {@code @Tag("aws")}.
 */
class JavaBlocksTest {

  private static final Pattern TOP_LEVEL_TYPE = Pattern.compile(
      "(?m)^((?:(?:public|final|abstract|sealed|non-sealed|strictfp)\\s+)*)(?:class|interface|enum|record|@interface)\\s+(\\w+)");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+[\\w.]+\\s*;");
  /** An elision: three dots that are not a varargs parameter ({@code String... args}). */
  private static final Pattern ELISION = Pattern.compile("(?<![\\w>\\]])\\.\\.\\.|\\.\\.\\.(?!\\s*\\w)|\\.{4,}");
  private static final Pattern JUNIT_TEST = Pattern.compile("@(Test|ParameterizedTest|RepeatedTest|TestFactory|Nested)\\b");
  private static final Pattern NOT_RUN = Pattern.compile("MotoServerExtension|DynamoDBLocal|@Tag\\(\"aws\"\\)");

  @TempDir
  Path dir;

  @TestFactory
  Stream<DynamicTest> everyJavaBlockCompilesWithTheOthersOfItsPageAndItsTestsPass() {
    return Docs.pages().stream()
        .filter(page -> !page.blocks("java").isEmpty())
        .map(page -> DynamicTest.dynamicTest(page.name(), () -> check(page)));
  }

  private void check(Page page) throws Exception {
    List<Page.Block> blocks = page.blocks("java");
    List<String> problems = new ArrayList<>();
    Path sources = Files.createDirectories(dir.resolve(page.name().replace('/', '_')).resolve("src"));
    Path classes = Files.createDirectories(sources.resolveSibling("classes"));
    Map<Path, Page.Block> files = new LinkedHashMap<>();
    Map<String, Page.Block> types = new LinkedHashMap<>();
    for (Page.Block block : blocks) {
      String text = block.text();
      if (PACKAGE.matcher(text).find()) {
        problems.add(block.where() + ": declares a package; blocks are in the default package");
      }
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (ELISION.matcher(withoutStrings(lines[i])).find()) {
          problems.add(page.name() + ":" + (block.firstContentLine() + i) + " (java block at line " + block.line()
              + "): '...' elides code; a Java block is a whole file that compiles: " + lines[i].strip());
        }
      }
      Matcher type = TOP_LEVEL_TYPE.matcher(text);
      String fileName = null;
      List<String> declared = new ArrayList<>();
      while (type.find()) {
        declared.add(type.group(2));
        if (fileName == null || type.group(1).contains("public")) {
          fileName = type.group(1).contains("public") || fileName == null ? type.group(2) : fileName;
        }
      }
      if (declared.isEmpty()) {
        problems.add(block.where() + ": declares no top-level type at the start of a line; a Java block is a whole"
            + " compilation unit (imports, then classes, interfaces, records or enums)");
        continue;
      }
      for (String name : declared) {
        Page.Block other = types.put(name, block);
        if (other != null) {
          problems.add(block.where() + ": declares " + name + ", which the block at line " + other.line()
              + " declares too; names are unique within a page");
        }
      }
      Path file = sources.resolve(fileName + ".java");
      if (files.containsKey(file)) {
        file = sources.resolve("b" + block.line()).resolve(fileName + ".java");
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
      files.put(file, block);
    }
    if (!problems.isEmpty()) {
      fail(String.join("\n", problems));
    }

    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    boolean compiled;
    try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
        StandardCharsets.UTF_8)) {
      compiled = compiler.getTask(null, fileManager, diagnostics,
          List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(), "-proc:none",
              "-parameters", "-encoding", "UTF-8"),
          null, fileManager.getJavaFileObjectsFromPaths(files.keySet())).call();
    }
    for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
      if (diagnostic.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      Path source = diagnostic.getSource() == null ? null : Path.of(diagnostic.getSource().toUri());
      Page.Block block = source == null ? null : files.get(source);
      String where = block == null ? page.name()
          : page.name() + ":" + (block.firstContentLine() + diagnostic.getLineNumber() - 1) + " (java block at line "
              + block.line() + ")";
      problems.add(where + ": " + diagnostic.getMessage(Locale.ROOT));
    }
    if (!compiled || !problems.isEmpty()) {
      fail("the Java blocks of " + page.name() + " do not compile:\n" + String.join("\n", problems));
    }

    runTests(page, files, types, classes);
  }

  private static void runTests(Page page, Map<Path, Page.Block> files, Map<String, Page.Block> types, Path classes)
      throws Exception {
    List<String> problems = new ArrayList<>();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        JavaBlocksTest.class.getClassLoader())) {
      ClassLoader previous = Thread.currentThread().getContextClassLoader();
      Thread.currentThread().setContextClassLoader(loader);
      try {
        for (Map.Entry<String, Page.Block> type : types.entrySet()) {
          Page.Block block = type.getValue();
          if (!JUNIT_TEST.matcher(block.text()).find() || NOT_RUN.matcher(block.text()).find()) {
            continue;
          }
          Class<?> testClass = loader.loadClass(type.getKey());
          if (!hasTests(testClass)) {
            continue;
          }
          problems.addAll(runJUnit(testClass, block.where() + ": the test " + type.getKey()));
        }
      } finally {
        Thread.currentThread().setContextClassLoader(previous);
      }
    }
    if (!problems.isEmpty()) {
      fail(String.join("\n", problems));
    }
  }

  /**
   * Runs a test class's JUnit tests; what went wrong, each line starting with {@code what}: a failed test,
   * an aborted one (an assumption that did not hold, which would otherwise pass unnoticed), a class whose
   * tests did not run, or no test at all.
   */
  static List<String> runJUnit(Class<?> testClass, String what) {
    List<String> problems = new ArrayList<>();
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(DiscoverySelectors.selectClass(testClass)).build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    TestExecutionListener aborted = new TestExecutionListener() {
      @Override
      public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
          problems.add(what + " " + test.getDisplayName() + " was aborted: "
              + result.getThrowable().map(Throwable::getMessage).orElse("no reason given"));
        }
      }

      @Override
      public void executionSkipped(TestIdentifier test, String reason) {
        problems.add(what + " " + test.getDisplayName() + " was skipped: " + reason);
      }
    };
    launcher.execute(request, listener, aborted);
    TestExecutionSummary summary = listener.getSummary();
    for (TestExecutionSummary.Failure failure : summary.getFailures()) {
      StringWriter trace = new StringWriter();
      failure.getException().printStackTrace(new PrintWriter(trace));
      problems.add(what + " " + failure.getTestIdentifier().getDisplayName() + " fails: "
          + trace.toString().lines().limit(12).reduce((a, b) -> a + "\n" + b).orElse(""));
    }
    if (summary.getTestsFoundCount() == 0) {
      problems.add(what + " has tests, but JUnit found none to run");
    }
    return problems;
  }

  private static boolean hasTests(Class<?> type) {
    for (Method method : type.getDeclaredMethods()) {
      for (var annotation : method.getAnnotations()) {
        if (annotation.annotationType().getName().startsWith("org.junit.jupiter")) {
          return true;
        }
      }
    }
    for (Class<?> nested : type.getDeclaredClasses()) {
      if (hasTests(nested)) {
        return true;
      }
    }
    return false;
  }

  /** The line with its string and character literals emptied, so that "wr_..." in a string is not an elision. */
  private static String withoutStrings(String line) {
    return line.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("'(?:[^'\\\\]|\\\\.)'", "''");
  }
}
