package io.wflaunch.toy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's own jar, in its own JVM, with this module's classes beside it on the class path:
 * it lists the toy type and starts, reads and waits on a toy run in local mode, with no change to the
 * command line.
 */
class ToyInTheCommandLineTest {

  private static final Path JAR = Path.of(System.getProperty("wflaunch.cli.jar", "../cli/target/wflaunch.jar"));
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path local;

  private record Result(int exit, String out, String err) {}

  private Result run(String... args) throws IOException, InterruptedException {
    assertThat(JAR).as("the command line's jar, built before this module").exists();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", JAR + File.pathSeparator + Path.of("target", "classes"), "io.wflaunch.cli.WflaunchCli"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(local, "out", ".txt");
    Path err = Files.createTempFile(local, "err", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("WFLAUNCH_LOCAL_DIR", local.resolve("state").toString());
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the command ended").isTrue();
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void theCommandLineListsTheToyType() throws Exception {
    Result result = run("backends", "--json");

    assertThat(result.exit()).as(result.err()).isZero();
    JsonNode types = JSON.readTree(result.out());
    JsonNode toy = null;
    for (JsonNode type : types) {
      if (type.get("type").asText().equals("toy")) {
        toy = type;
      }
    }
    assertThat(toy).as("the toy type in %s", result.out()).isNotNull();
    assertThat(toy.get("target").asText()).isEqualTo("toy:<box>");
    assertThat(toy.get("handle").asText()).isEqualTo("toy:<box>/<runId>");
    assertThat(toy.get("fake").asBoolean()).isTrue();
  }

  @Test
  void itStartsReadsAndWaitsOnAToyRunInLocalMode() throws Exception {
    Result started = run("start", "toy:nightly", "-p", "duration=0s", "--idempotency-key", "night-1", "--local");
    assertThat(started.exit()).as(started.err()).isZero();
    String handle = started.out().strip();
    assertThat(handle).startsWith("toy:nightly/");

    Result again = run("start", "toy:nightly", "-p", "duration=0s", "--idempotency-key", "night-1", "--local");
    Result waited = run("wait", handle, "--json", "--local");

    assertThat(again.out().strip()).as("the key's run, in a second process").isEqualTo(handle);
    assertThat(waited.exit()).as(waited.err()).isZero();
    JsonNode status = JSON.readTree(waited.out());
    assertThat(status.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(status.get("rawStatus").asText()).isEqualTo("TOY_SUCCEEDED");
  }

  @Test
  void aHandleOfTheWrongShapeIsRefusedByTheToysScheme() throws Exception {
    Result result = run("status", "toy:only-one-part", "--local");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("toy handle has 2 parts");
  }
}
