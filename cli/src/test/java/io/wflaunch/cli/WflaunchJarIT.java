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

  private static Process javaProcess(java.util.Map<String, String> env, Path out, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(env);
    return builder.start();
  }

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
        .hasSize(8)
        .anySatisfy(line -> assertThat(line).contains("FAILED"))
        .anySatisfy(line -> assertThat(line).startsWith("sfn:").contains("SUCCEEDED"));
    assertThat(demo.err()).isEmpty();
  }

  @Test
  void theJarKnowsItsVersion() throws Exception {
    assertThat(java("--version").out()).startsWith("wflaunch 0.1.0");
  }

  @Test
  void localModeKeepsARunFromOneProcessToTheNext(@org.junit.jupiter.api.io.TempDir Path local) throws Exception {
    java.util.Map<String, String> env = java.util.Map.of("WFLAUNCH_LOCAL_DIR", local.toString());

    Result started = java(env, "--local", "start", "glue:nightly-etl", "-p", "duration=3s");
    assertThat(started.exit()).as(started.err()).isZero();
    String handle = started.out().strip();
    assertThat(handle).matches("glue:nightly-etl/wr_[0-9a-f]{64}");

    Result running = java(env, "--local", "status", handle);
    Result listed = java(env, "--local", "list", "glue:nightly-etl", "--json");
    Result waited = java(env, "--local", "wait", handle, "--quiet");
    Result again = java(env, "--fake", "status", handle);
    Result failing = java(env, "--local", "start", "glue:nightly-etl", "-p", "duration=0s", "-p", "fail=true",
        "--wait", "--quiet");
    Process one = javaProcess(env, local.resolve("one"), "--local", "start", "glue:nightly-etl", "--idempotency-key", "k");
    Process two = javaProcess(env, local.resolve("two"), "--local", "start", "glue:nightly-etl", "--idempotency-key", "k");
    assertThat(one.waitFor(120, TimeUnit.SECONDS) && two.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(local.resolve("one")).strip()).startsWith("glue:nightly-etl/wr_")
        .isEqualTo(Files.readString(local.resolve("two")).strip());
    Result reset = java(env, "--local", "local", "reset");
    Result gone = java(env, "--local", "status", handle);

    assertThat(running.out()).contains(handle).contains("RUNNING");
    assertThat(listed.out()).contains(handle);
    assertThat(waited.exit()).as(waited.err()).isZero();
    assertThat(waited.out()).contains("SUCCEEDED (COMPLETED)");
    assertThat(again.out()).contains("SUCCEEDED");
    assertThat(failing.exit()).isEqualTo(ExitCodes.RUN_NOT_SUCCESSFUL);
    assertThat(failing.out()).contains("FAILED (ERROR)");
    assertThat(reset.exit()).isZero();
    assertThat(gone.exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(gone.err()).contains("local mode");
  }

  @Test
  void aLocalRunFailedInOneProcessIsReRunByTheNextAndWaitedForByAThird(@org.junit.jupiter.api.io.TempDir Path local)
      throws Exception {
    java.util.Map<String, String> env = java.util.Map.of("WFLAUNCH_LOCAL_DIR", local.toString());
    Result failed = java(env, "start", "gluejob:nightly-etl-job", "-p", "duration=0s", "-p", "fail=true", "--wait",
        "--quiet");
    String handle = failed.out().lines().findFirst().orElseThrow();

    Result retried = java(env, "retry", handle);
    String rerun = retried.out().strip();
    Result waited = java(env, "wait", rerun, "--json", "--quiet");
    Result listed = java(env, "list", "gluejob:nightly-etl-job");

    assertThat(failed.exit()).isEqualTo(ExitCodes.RUN_NOT_SUCCESSFUL);
    assertThat(retried.exit()).as(retried.err()).isZero();
    assertThat(rerun).matches("gluejob:nightly-etl-job/jr_[0-9a-f]{64}").isNotEqualTo(handle);
    assertThat(retried.err()).contains("re-running " + handle + " as " + rerun);
    assertThat(waited.exit()).as(waited.err()).isZero();
    assertThat(waited.out()).contains("\"handle\":\"" + rerun + "\"").contains("\"state\":\"SUCCEEDED\"");
    assertThat(listed.out().lines()).hasSize(2).anySatisfy(line -> assertThat(line).startsWith(rerun + " SUCCEEDED"))
        .anySatisfy(line -> assertThat(line).startsWith(handle + " FAILED"));
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
        .contains("(endpoint 'http://127.0.0.1:" + closed + "')")
        .doesNotContain("sup3r-s3cr3t-value");
  }
}
