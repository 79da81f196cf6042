package io.wflaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java block of the README is a whole source file that compiles against the project as it is; the
 * one that runs on the testkit's fakes (the testing example) is run too.
 */
class ReadmeSnippetsTest {

  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern TYPE_NAME = Pattern.compile("(?m)^(?:public )?(?:final )?class (\\w+)");

  static List<String> javaBlocks() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    List<String> blocks = new ArrayList<>();
    Matcher matcher = JAVA_BLOCK.matcher(readme);
    while (matcher.find()) {
      blocks.add(matcher.group(1));
    }
    return blocks;
  }

  @Test
  void everyJavaBlockIsAFileThatCompilesAndTheTestingExampleRuns(@TempDir Path dir) throws Exception {
    List<String> blocks = javaBlocks();
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(8);
    List<Path> sources = new ArrayList<>();
    for (String block : blocks) {
      Matcher name = TYPE_NAME.matcher(block);
      assertThat(name.find()).as("a class in the README block%n%s", block).isTrue();
      assertThat(block).as("the README block of %s names its imports", name.group(1)).contains("import ");
      sources.add(Files.writeString(dir.resolve(name.group(1) + ".java"), block));
    }

    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
        StandardCharsets.UTF_8)) {
      boolean compiled = compiler.getTask(null, files, diagnostics,
          List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString(), "-proc:none"), null,
          files.getJavaFileObjectsFromPaths(sources)).call();
      assertThat(diagnostics.getDiagnostics()).as("compiler errors")
          .noneMatch(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR);
      assertThat(compiled).isTrue();
    }

    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      Class<?> testing = loader.loadClass("NightlyEtlFailureTest");
      var constructor = testing.getDeclaredConstructor();
      constructor.setAccessible(true);
      Method test = testing.getDeclaredMethod("aFailedStepFailsTheRunInVirtualTime");
      test.setAccessible(true);
      test.invoke(constructor.newInstance());
    }
  }
}
