package io.wflaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar in a process of its own that gets SIGTERM while it starts runs: what it prints on
 * stdout still holds every handle.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "Process.destroy() is SIGTERM on Unix only")
class SignalsIT {

  private static final Path JAR = Path.of("target", "wflaunch.jar");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Process start(Map<String, String> env, Path out, Path err, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().putAll(env);
    return builder.start();
  }

  private static List<JsonNode> documents(Path out) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      documents.add(JSON.readTree(line));
    }
    return documents;
  }

  @Test
  void startFromWaitJsonEndedWhileStartingPrintsOneDocumentPerLineWithEveryHandle(@TempDir Path dir) throws Exception {
    Path local = Files.createDirectories(dir.resolve("local"));
    Path file = dir.resolve("runs.jsonl");
    int lines = 8;
    Files.writeString(file, "{\"target\":\"glue:nightly-etl\",\"parameters\":{\"duration\":\"1h\"}}\n".repeat(lines));
    Path runs = local.resolve("runs.json");

    Process process;
    try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
      local.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      process = start(Map.of(), dir.resolve("out"), dir.resolve("err"), "--local-dir", local.toString(), "start",
          "--from", file.toString(), "--wait", "--json", "--rate", "1");
      // Two runs started (one a second): the rest are still to come when the process is told to end.
      while (!Files.exists(runs) || JSON.readTree(runs.toFile()).size() < 2) {
        assertThat(watcher.poll(60, TimeUnit.SECONDS)).as("runs.json changed").isNotNull().satisfies(key -> {
          key.pollEvents();
          key.reset();
        });
      }
    }
    process.destroy();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    Set<String> stored = new java.util.HashSet<>();
    JSON.readTree(runs.toFile()).forEach(run -> stored.add(run.get("handle").asText()));
    List<JsonNode> documents = documents(dir.resolve("out"));
    assertThat(documents).as(Files.readString(dir.resolve("err"))).hasSize(lines);
    for (int i = 0; i < lines; i++) {
      assertThat(documents.get(i).get("line").asInt()).isEqualTo(i + 1);
      assertThat(documents.get(i).get("error").asText()).isEqualTo("CancelledException");
    }
    Set<String> printed = documents.stream().filter(document -> document.has("handle"))
        .map(document -> document.get("handle").asText()).collect(Collectors.toSet());
    assertThat(stored).hasSizeGreaterThanOrEqualTo(2).hasSizeLessThan(lines);
    assertThat(printed).isEqualTo(stored);
    assertThat(documents.stream().filter(document -> !document.has("handle")))
        .hasSize(lines - stored.size())
        .allSatisfy(document -> {
          assertThat(document.get("message").asText()).contains("it was not started");
          assertThat(document.get("outcomeUnknown").asBoolean()).isFalse();
        });
  }

  @Test
  void startWaitJsonEndedWhileTheStartIsUnderWayPrintsTheHandleItReturns(@TempDir Path dir) throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    HttpServer glue = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    glue.createContext("/", exchange -> {
      String operation = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
      exchange.getRequestBody().readAllBytes();
      String body;
      if (operation.endsWith(".StartWorkflowRun")) {
        arrived.countDown();
        try {
          answer.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        body = "{\"RunId\":\"wr_started-while-ending\"}";
      } else if (operation.endsWith(".GetWorkflowRuns")) {
        body = "{\"Runs\":[]}";
      } else {
        body = "{\"Run\":{\"Name\":\"nightly-etl\",\"WorkflowRunId\":\"wr_started-while-ending\",\"Status\":\"RUNNING\"}}";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    glue.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    glue.start();
    try {
      Process process = start(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret",
              "AWS_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true"),
          dir.resolve("out"), dir.resolve("err"), "--endpoint-url", "http://127.0.0.1:" + glue.getAddress().getPort(),
          "start", "glue:nightly-etl", "--wait", "--json");
      assertThat(arrived.await(60, TimeUnit.SECONDS)).as("StartWorkflowRun sent").isTrue();
      process.destroy();
      answer.countDown();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

      List<JsonNode> documents = documents(dir.resolve("out"));
      assertThat(documents).as(Files.readString(dir.resolve("err"))).hasSize(1);
      assertThat(documents.get(0).toString()).as(Files.readString(dir.resolve("err"))).contains("\"handle\":\"glue:nightly-etl/wr_started-while-ending\"");
      assertThat(documents.get(0).get("error").asText()).isEqualTo("CancelledException");
    } finally {
      answer.countDown();
      glue.stop(0);
    }
  }

  @Test
  void waitStopOnTimeoutEndedBySigtermStopsTheRunAndSaysSo(@TempDir Path dir) throws Exception {
    Path local = Files.createDirectories(dir.resolve("local"));
    Process start = start(Map.of(), dir.resolve("started"), dir.resolve("start-err"), "--local-dir", local.toString(),
        "start", "glue:nightly-etl", "-p", "duration=1h");
    assertThat(start.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String handle = Files.readString(dir.resolve("started")).strip();
    Path err = dir.resolve("err");

    Process process;
    try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
      dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      process = start(Map.of(), dir.resolve("out"), err, "--local-dir", local.toString(), "wait", handle,
          "--stop-on-timeout", "--json");
      // The first poll saw the run running: the wait is under way.
      while (!Files.exists(err) || !Files.readString(err).contains("RUNNING (RUNNING)")) {
        assertThat(watcher.poll(60, TimeUnit.SECONDS)).as("stderr written").isNotNull().satisfies(key -> {
          key.pollEvents();
          key.reset();
        });
      }
    }
    process.destroy();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    List<JsonNode> documents = documents(dir.resolve("out"));
    assertThat(documents).as(Files.readString(err)).hasSize(1);
    JsonNode document = documents.get(0);
    assertThat(document.get("handle").asText()).isEqualTo(handle);
    assertThat(document.get("error").asText()).isEqualTo("CancelledException");
    assertThat(document.get("giveUpStop").asText()).as(Files.readString(err)).isEqualTo("ACKNOWLEDGED");
    assertThat(document.get("stopSent").asBoolean()).isTrue();
    assertThat(document.get("stopAccepted").asBoolean()).isTrue();
    Process status = start(Map.of(), dir.resolve("status"), dir.resolve("status-err"), "--local-dir", local.toString(),
        "status", handle, "--json");
    assertThat(status.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(JSON.readTree(Files.readString(dir.resolve("status"))).get("state").asText()).isEqualTo("CANCELLED");
  }
}
