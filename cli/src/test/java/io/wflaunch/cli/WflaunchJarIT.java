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
    return java(java.util.Map.of(), args);
  }

  private static Result java(java.util.Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("wflaunch-out", ".txt");
    Path err = Files.createTempFile("wflaunch-err", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
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

  @Test
  void debugLogsTheSdkRequestsWithoutSecretsAndAConnectionFailureNamesTheEndpoint() throws Exception {
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    Result result = java(java.util.Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLEKEYID", "AWS_SECRET_ACCESS_KEY",
        "sup3r-s3cr3t-value", "AWS_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true"),
        "--debug", "status", "glue:etl/wr_1", "--endpoint-url", "http://127.0.0.1:" + closed);

    assertThat(result.exit()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(result.err()).contains("software.amazon.awssdk.request - Sending Request").contains("host=127.0.0.1")
        .contains("(endpoint http://127.0.0.1:" + closed + ")")
        .doesNotContain("sup3r-s3cr3t-value");
  }
}
