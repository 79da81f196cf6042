package io.wflaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The built jar, run as a user runs it: {@code java -jar cli/target/wflaunch.jar ...}. */
class WflaunchJarIT {

  private static final Path JAR = Path.of("target", "wflaunch.jar");

  record Result(int exit, String out, String err) {}

  private static Result java(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("wflaunch-out", ".txt");
    Path err = Files.createTempFile("wflaunch-err", ".txt");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void theDemoPrintsItsTableAndExitsZero() throws Exception {
    Result demo = java("demo");

    assertThat(demo.exit()).as(demo.err()).isZero();
    assertThat(demo.out()).contains("again: the same run, nothing new started");
    assertThat(demo.out().lines().dropWhile(line -> !line.startsWith("HANDLE")).toList())
        .hasSize(5)
        .anySatisfy(line -> assertThat(line).contains("FAILED"))
        .anySatisfy(line -> assertThat(line).startsWith("sfn:").contains("SUCCEEDED"));
    assertThat(demo.err()).isEmpty();
  }

  @Test
  void theJarKnowsItsVersionAndUsesTheFakes() throws Exception {
    assertThat(java("--version").out()).startsWith("wflaunch 0.1.0");
    Result started = java("start", "glue:from-the-jar", "--fake", "--wait", "--quiet");
    assertThat(started.exit()).as(started.err()).isZero();
    assertThat(started.out()).contains("SUCCEEDED (COMPLETED)");
    assertThat(java("status", "glue:from-the-jar/wr_1", "--fake").exit()).isEqualTo(ExitCodes.NOT_FOUND);
  }
}
