package io.wflaunch.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.IdempotencyPolicy;
import io.wflaunch.RunHandle;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.glue.GlueBackend;
import io.wflaunch.glue.GlueOptions;
import io.wflaunch.testkit.moto.MotoServerExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.WorkflowRun;

/**
 * A fleet of launcher processes on Glue (moto) sharing one DynamoDB table (DynamoDB Local), all in
 * separate JVMs, over HTTP with the real SDK clients: the race the store exists for, and a launcher
 * killed between starting a run and recording it.
 */
class GlueFleetTest {

  static final int PROCESSES = 4;
  static final int THREADS = 16;
  static final int KEYS = 500;
  static final int REPEATS = 1;
  static final int WORKFLOWS = 50;

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  @RegisterExtension
  static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  static GlueClient glue;
  static DynamoDbClient dynamo;

  @BeforeAll
  static void clients() {
    glue = GlueClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    dynamo = DYNAMODB.client();
  }

  @AfterAll
  static void closeClients() {
    glue.close();
    dynamo.close();
  }

  @Test
  void aFleetOfProcessesStartsOneRunPerKeyThroughTheTableAndDuplicatesWithoutIt(@TempDir Path dir)
      throws Exception {
    MOTO.reset();
    createWorkflows();
    DynamoDbIdempotencyStore.createTable(dynamo, "fleet-keys");

    long began = System.nanoTime();
    Map<String, Set<String>> handlesByKey = runFleet(dir.resolve("with"), "fleet-keys", true);
    Duration withTook = Duration.ofNanos(System.nanoTime() - began);
    Map<String, List<String>> runsByKey = runsByKey();

    int withStore = runsByKey.values().stream().mapToInt(List::size).sum();
    assertThat(handlesByKey).hasSize(KEYS);
    assertThat(runsByKey).hasSize(KEYS);
    handlesByKey.forEach((key, handles) -> {
      assertThat(handles).as("handles of %s", key).hasSize(1);
      assertThat(runsByKey.get(key)).as("runs of %s", key).containsExactly(handles.iterator().next());
    });
    assertThat(withStore).isEqualTo(KEYS);

    MOTO.reset();
    createWorkflows();
    began = System.nanoTime();
    Map<String, Set<String>> withoutHandles = runFleet(dir.resolve("without"), "none", false);
    Duration withoutTook = Duration.ofNanos(System.nanoTime() - began);
    Map<String, List<String>> withoutRuns = runsByKey();
    int withoutStore = withoutRuns.values().stream().mapToInt(List::size).sum();
    long keysWithSeveralHandles = withoutHandles.values().stream().filter(handles -> handles.size() > 1).count();

    System.out.printf("Fleet of %d processes x %d threads, %d keys x %d starts each per process on Glue (moto):%n"
        + "  with the DynamoDB store:  %d runs, %d duplicates, every caller of a key got the same handle (%d s)%n"
        + "  without it:               %d runs, %d duplicates, %d keys whose callers got different handles (%d s)%n",
        PROCESSES, THREADS, KEYS, REPEATS, withStore, withStore - KEYS, withTook.toSeconds(), withoutStore,
        withoutStore - KEYS, keysWithSeveralHandles, withoutTook.toSeconds());
    assertThat(withoutRuns).hasSize(KEYS);
  }

  @Test
  void aLauncherKilledAfterStartingARunAndBeforeRecordingItLeavesTheRunToTheNextCallerOfTheKey(@TempDir Path dir)
      throws Exception {
    MOTO.reset();
    glue.createWorkflow(r -> r.name("crash"));
    DynamoDbIdempotencyStore.createTable(dynamo, "crash-keys");

    Process worker = java("stop", MOTO.endpoint().toString(), DYNAMODB.endpoint().toString(), "crash-keys",
        "answered", "default", "crash/order-4711").redirectError(dir.resolve("crash.err").toFile()).start();
    String started;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
      started = out.readLine();
      assertThat(started).as("the worker's output (stderr in %s)", dir.resolve("crash.err"))
          .startsWith("REACHED answered order-4711 ");
      worker.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
      assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      worker.destroyForcibly();
    }
    RunHandle crashed = RunHandle.parse(started.substring("REACHED answered order-4711 ".length()));
    assertThat(glue.getWorkflowRuns(r -> r.name("crash")).runs()).extracting(WorkflowRun::workflowRunId)
        .containsExactly(crashed.runId());

    DynamoDbIdempotencyStore store = DynamoDbIdempotencyStore.create(dynamo, "crash-keys");
    String key = "glue:crash order-4711";
    assertThat(store.read(key, Clock.systemUTC().instant()).orElseThrow().handle()).isEmpty();

    // While the lease runs, a caller that does not wait is told the key is in flight...
    IdempotencyPolicy noWait = IdempotencyPolicy.DEFAULT.withInFlightWait(Duration.ZERO);
    try (WorkflowLauncher early = WorkflowLauncher.builder().backend(GlueBackend.create(glue))
        .idempotencyStore(store).idempotencyPolicy(noWait).build()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> early.start(FleetWorker.request("crash", "order-4711")))
          .isInstanceOfSatisfying(io.wflaunch.ConflictException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("in flight");
          });
    }
    // ...and once it has ended (a clock past the lease stands in for the wait), the next caller takes the
    // claim over, finds the run by its key and records it instead of starting a second one.
    Clock afterLease = Clock.offset(Clock.systemUTC(), IdempotencyPolicy.DEFAULT.lease().plusSeconds(1));
    try (WorkflowLauncher next = WorkflowLauncher.builder().backend(GlueBackend.create(glue))
        .idempotencyStore(store).clock(afterLease).build()) {
      RunHandle found = next.start(FleetWorker.request("crash", "order-4711"));

      assertThat(found).isEqualTo(crashed);
      assertThat(next.start(FleetWorker.request("crash", "order-4711"))).isEqualTo(crashed);
    }
    assertThat(glue.getWorkflowRuns(r -> r.name("crash")).runs()).hasSize(1);
    assertThat(store.read(key, afterLease.instant()).orElseThrow().handle()).contains(crashed);
    assertThat(store.read(key, afterLease.instant()).orElseThrow().fence()).isEqualTo(2);
  }

  // ---- the fleet ----

  private static void createWorkflows() {
    for (int w = 0; w < WORKFLOWS; w++) {
      int workflow = w;
      glue.createWorkflow(r -> r.name("fleet-" + workflow));
    }
  }

  /**
   * Runs the processes together; the handles every caller of each key got. With {@code everyCallSucceeds},
   * every start must have returned a handle; without, failures (moto overloaded) are printed and left out.
   */
  private static Map<String, Set<String>> runFleet(Path dir, String table, boolean everyCallSucceeds)
      throws Exception {
    Files.createDirectories(dir);
    List<Process> processes = new ArrayList<>();
    for (int p = 0; p < PROCESSES; p++) {
      processes.add(java("race", MOTO.endpoint().toString(),
          table.equals("none") ? "none" : DYNAMODB.endpoint().toString(), table, Integer.toString(WORKFLOWS),
          Integer.toString(KEYS), Integer.toString(REPEATS), Integer.toString(THREADS), dir.toString(),
          Integer.toString(p))
          .redirectOutput(dir.resolve("out-" + p).toFile()).redirectError(dir.resolve("err-" + p).toFile()).start());
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (readyCount(dir) < PROCESSES) {
      assertThat(System.nanoTime()).as("all workers ready (see %s)", dir).isLessThan(deadline);
      assertThat(processes).as("no worker died before the start (see %s)", dir).allMatch(Process::isAlive);
      Thread.sleep(20);
    }
    Files.createFile(dir.resolve("go"));
    for (Process process : processes) {
      assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
    }
    Map<String, Set<String>> handles = new TreeMap<>();
    List<String> errors = new ArrayList<>();
    for (int p = 0; p < PROCESSES; p++) {
      assertThat(processes.get(p).exitValue()).as("exit of worker %d (see %s)", p, dir.resolve("err-" + p)).isZero();
      for (String line : Files.readAllLines(dir.resolve("out-" + p))) {
        String[] words = line.split(" ", 3);
        if (words[0].equals("RESULT")) {
          handles.computeIfAbsent(words[1], k -> new java.util.TreeSet<>()).add(words[2]);
        } else if (words[0].equals("ERROR")) {
          errors.add(line);
        }
      }
    }
    if (everyCallSucceeds) {
      assertThat(errors).isEmpty();
      assertThat(handles).hasSize(KEYS);
    } else if (!errors.isEmpty()) {
      System.out.printf("  %d starts failed without the store, such as: %s%n", errors.size(), errors.get(0));
    }
    return handles;
  }

  private static long readyCount(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("ready-")).count();
    }
  }

  /** The handles of the runs on the server, by the key they carry. */
  private static Map<String, List<String>> runsByKey() {
    Map<String, List<String>> runs = new HashMap<>();
    for (int w = 0; w < WORKFLOWS; w++) {
      String workflow = "fleet-" + w;
      for (WorkflowRun run : glue.getWorkflowRuns(r -> r.name(workflow).maxResults(1000)).runs()) {
        String key = run.workflowRunProperties().get(GlueOptions.DEFAULT_IDEMPOTENCY_PROPERTY);
        runs.computeIfAbsent(key, k -> new ArrayList<>())
            .add(RunHandle.of("glue", workflow, run.workflowRunId()).toString());
      }
    }
    return runs.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /** A JVM running {@link FleetWorker} with {@code args}, on the test's class path. */
  static ProcessBuilder java(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        FleetWorker.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }
}
