package io.wflaunch.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.wflaunch.RunHandle;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.dynamodb.FleetWorker.Point;
import io.wflaunch.glue.GlueOptions;
import io.wflaunch.spi.store.IdempotencyRecord;
import io.wflaunch.testkit.moto.MotoServerExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * Launcher JVMs killed with SIGKILL at each point of a keyed start through the DynamoDB store (DynamoDB
 * Local) on Glue (moto): after the claim, after StartWorkflowRun was sent and before its answer was read,
 * and after the answer before the run was recorded. Each point holds {@value #KEYS_PER_POINT} keys in one
 * JVM (one thread per key), which is killed once every key has reached it; then one fresh JVM starts every
 * key again. Each key must end with exactly one run on the server, which the restarted call returns once
 * the dead claim's lease has ended, and which the store then holds.
 *
 * <p>The points are reached deterministically, by hooks in {@link FleetWorker} that print a line and hold
 * the thread there; the lease is {@link FleetWorker#SHORT_LEASE}, so the whole class takes seconds.
 */
class GlueKilledLauncherTest {

  static final int KEYS_PER_POINT = 3;
  static final String TABLE = "killed-keys";
  /** 128 + the signal's number is how Java reports a process a signal ended; SIGKILL is 9. */
  static final int KILLED_BY_SIGKILL = 128 + 9;
  static final Duration REACH_WITHIN = Duration.ofSeconds(90);
  static final Duration RESTART_WITHIN = Duration.ofSeconds(90);

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  @RegisterExtension
  static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  static GlueClient glue;
  static DynamoDbClient dynamo;

  /** What happened to each key, by the point its first launcher was killed at. */
  static final Map<Point, List<Key>> KEYS = new EnumMap<>(Point.class);
  /** What each killed JVM printed after its markers, and how it ended. */
  static final Map<Point, Killed> KILLED = new EnumMap<>(Point.class);

  /** One key's story: the marker, the store and the server after the kill, the restart's answer, and after. */
  static final class Key {
    final Point point;
    final String workflow;
    final String key;
    String marker;
    Instant killedAt;
    Optional<IdempotencyRecord> deadClaim;
    List<RunHandle> runsAfterKill;
    String restartLine;
    Optional<IdempotencyRecord> recordAfterRestart;
    List<RunHandle> runsAfterRestart;

    Key(Point point, int index) {
      this.point = point;
      this.workflow = "killed-" + point.word();
      this.key = point.word() + "-" + index;
    }

    String scopedKey() {
      return WorkflowTarget.of("glue", workflow) + " " + key;
    }
  }

  /**
   * A killed JVM.
   *
   * @param exit its exit value
   * @param afterMarkers what it printed after the last marker until its output closed
   * @param stderr the end of its standard error, for failure messages
   */
  record Killed(int exit, List<String> afterMarkers, String stderr) {}

  @BeforeAll
  static void killEachPointThenRestart(@TempDir Path dir) throws Exception {
    List<Process> started = new ArrayList<>();
    try {
      killEachPointThenRestart(dir, started);
    } finally {
      // A failure above must not leave a held worker behind.
      started.forEach(Process::destroyForcibly);
    }
  }

  private static void killEachPointThenRestart(Path dir, List<Process> started) throws Exception {
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    glue = GlueClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    dynamo = DYNAMODB.client();
    DynamoDbIdempotencyStore.createTable(dynamo, TABLE);
    for (Point point : Point.values()) {
      glue.createWorkflow(r -> r.name("killed-" + point.word()));
      List<Key> keys = new ArrayList<>();
      for (int i = 0; i < KEYS_PER_POINT; i++) {
        keys.add(new Key(point, i));
      }
      KEYS.put(point, keys);
    }

    // One JVM per point, all at once: each holds its keys at its point.
    Map<Point, Process> held = new EnumMap<>(Point.class);
    Map<Point, Lines> heldOut = new EnumMap<>(Point.class);
    for (Point point : Point.values()) {
      List<String> args = new ArrayList<>(List.of("stop", MOTO.endpoint().toString(), DYNAMODB.endpoint().toString(),
          TABLE, point.word(), "short"));
      KEYS.get(point).forEach(k -> args.add(k.workflow + "/" + k.key));
      Process process = GlueFleetTest.java(args.toArray(String[]::new))
          .redirectError(dir.resolve(point.word() + ".err").toFile()).start();
      started.add(process);
      held.put(point, process);
      heldOut.put(point, new Lines(process.getInputStream()));
    }
    long deadline = System.nanoTime() + REACH_WITHIN.toNanos();
    for (Point point : Point.values()) {
      for (int reached = 0; reached < KEYS_PER_POINT; reached++) {
        String line = heldOut.get(point).next(deadline);
        Path stderr = dir.resolve(point.word() + ".err");
        if (line == null) {
          fail("the worker held at %s ended or said nothing more within %s after %d of %d markers; its stderr:%n%s",
              point.word(), REACH_WITHIN, reached, KEYS_PER_POINT, tail(stderr));
        }
        String[] words = line.split(" ");
        Key key = KEYS.get(point).stream().filter(k -> words.length >= 3 && k.key.equals(words[2])).findFirst()
            .orElse(null);
        if (!words[0].equals("REACHED") || !words[1].equals(point.word()) || key == null || key.marker != null) {
          fail("the worker held at %s printed %s instead of the marker of one of its keys; its stderr:%n%s",
              point.word(), line, tail(stderr));
        }
        key.marker = line;
      }
    }

    // Every start is held at its point: kill each JVM (destroyForcibly is SIGKILL on Linux, checked below by
    // the exit value and the silent shutdown hook).
    for (Point point : Point.values()) {
      Instant killedAt = Instant.now();
      Process process = held.get(point);
      assertThat(process.isAlive()).as("the worker held at %s is alive when killed", point.word()).isTrue();
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the killed worker ended").isTrue();
      List<String> after = new ArrayList<>();
      for (String line = heldOut.get(point).next(System.nanoTime() + TimeUnit.SECONDS.toNanos(30)); line != null;
          line = heldOut.get(point).next(System.nanoTime() + TimeUnit.SECONDS.toNanos(30))) {
        after.add(line);
      }
      KILLED.put(point, new Killed(process.exitValue(), after, tail(dir.resolve(point.word() + ".err"))));
      KEYS.get(point).forEach(k -> k.killedAt = killedAt);
    }
    DynamoDbIdempotencyStore store = DynamoDbIdempotencyStore.create(dynamo, TABLE);
    for (Point point : Point.values()) {
      Map<String, List<RunHandle>> runs = runsByKey("killed-" + point.word());
      for (Key key : KEYS.get(point)) {
        key.deadClaim = store.read(key.scopedKey(), Instant.now());
        key.runsAfterKill = runs.getOrDefault(key.key, List.of());
      }
    }

    // A fresh JVM starts every key again, all at once.
    List<String> args = new ArrayList<>(List.of("start", MOTO.endpoint().toString(), DYNAMODB.endpoint().toString(),
        TABLE, "short"));
    KEYS.values().forEach(keys -> keys.forEach(k -> args.add(k.workflow + "/" + k.key)));
    Process restart = GlueFleetTest.java(args.toArray(String[]::new))
        .redirectOutput(dir.resolve("restart.out").toFile()).redirectError(dir.resolve("restart.err").toFile()).start();
    started.add(restart);
    if (!restart.waitFor(RESTART_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
      restart.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      fail("the restarted worker did not end within %s; it printed %s; its stderr:%n%s", RESTART_WITHIN,
          Files.readAllLines(dir.resolve("restart.out")), tail(dir.resolve("restart.err")));
    }
    assertThat(restart.exitValue()).as("exit of the restarted worker; its stderr:%n%s", tail(dir.resolve("restart.err")))
        .isZero();
    Map<String, String> lines = new LinkedHashMap<>();
    for (String line : Files.readAllLines(dir.resolve("restart.out"))) {
      String[] words = line.split(" ", 3);
      if (words.length == 3 && (words[0].equals("RESULT") || words[0].equals("ERROR"))) {
        lines.put(words[1], line);
      }
    }
    for (Point point : Point.values()) {
      Map<String, List<RunHandle>> runs = runsByKey("killed-" + point.word());
      for (Key key : KEYS.get(point)) {
        key.restartLine = lines.get(key.key);
        key.recordAfterRestart = store.read(key.scopedKey(), Instant.now());
        key.runsAfterRestart = runs.getOrDefault(key.key, List.of());
      }
    }
    for (Point point : Point.values()) {
      System.out.printf("Killed after %s: %d keys, %d runs on the server after the kill, %d after the restart%n",
          point.word(), KEYS_PER_POINT, KEYS.get(point).stream().mapToInt(k -> k.runsAfterKill.size()).sum(),
          KEYS.get(point).stream().mapToInt(k -> k.runsAfterRestart.size()).sum());
    }
  }

  @AfterAll
  static void closeClients() {
    if (glue != null) {
      glue.close();
    }
    if (dynamo != null) {
      dynamo.close();
    }
  }

  @Test
  void everyLauncherWasKilledWithSigkillWhileHeldAtItsPoint() {
    for (Point point : Point.values()) {
      Killed killed = KILLED.get(point);
      assertThat(killed.exit()).as("exit value of the worker killed at %s; its stderr:%n%s", point.word(),
          killed.stderr()).isEqualTo(KILLED_BY_SIGKILL);
      // Its shutdown hook would print SHUTDOWN on any orderly end (SIGTERM, System.exit); a start that went
      // on would print RESULT or ERROR.
      assertThat(killed.afterMarkers()).as("what the worker killed at %s printed after its markers", point.word())
          .isEmpty();
    }
  }

  @Test
  void killedAfterTheClaimTheRestartedStartWaitsForTheLeaseAndStartsTheOneRun() {
    for (Key key : KEYS.get(Point.CLAIMED)) {
      assertThat(key.marker).isEqualTo("REACHED claimed " + key.key);
      assertThat(key.runsAfterKill).as("runs of %s after the launcher died holding only its claim", key.key).isEmpty();
    }
    assertOneRunPerKeyReturnedAfterTheLease(Point.CLAIMED);
  }

  @Test
  void killedAfterSendingTheStartAndBeforeItsAnswerTheRestartedStartFindsTheRun() {
    for (Key key : KEYS.get(Point.SENT)) {
      assertThat(key.marker).isEqualTo("REACHED sent " + key.key);
      assertThat(key.runsAfterKill).as("runs of %s after the launcher died before reading the start's answer",
          key.key).hasSize(1);
      assertThat(returned(key)).as("the restarted start of %s", key.key).isEqualTo(key.runsAfterKill.get(0));
    }
    assertOneRunPerKeyReturnedAfterTheLease(Point.SENT);
  }

  @Test
  void killedAfterTheAnswerAndBeforeTheRecordTheRestartedStartFindsTheRun() {
    for (Key key : KEYS.get(Point.ANSWERED)) {
      assertThat(key.marker).startsWith("REACHED answered " + key.key + " ");
      RunHandle answered = RunHandle.parse(key.marker.substring(("REACHED answered " + key.key + " ").length()));
      assertThat(key.runsAfterKill).as("runs of %s after the launcher died before recording its run", key.key)
          .containsExactly(answered);
      assertThat(returned(key)).as("the restarted start of %s", key.key).isEqualTo(answered);
    }
    assertOneRunPerKeyReturnedAfterTheLease(Point.ANSWERED);
  }

  /**
   * Each key of the point: the dead launcher left a live claim without a run; the restarted call returned,
   * after that claim's lease, the one run on the server that carries the key; the store now records that
   * run under a claim taken over from the dead one; and the workflow has no other runs.
   */
  private static void assertOneRunPerKeyReturnedAfterTheLease(Point point) {
    for (Key key : KEYS.get(point)) {
      IdempotencyRecord dead = key.deadClaim.orElseThrow(
          () -> new AssertionError("no record of " + key.scopedKey() + " after the launcher was killed at " + point));
      assertThat(dead.handle()).as("the dead claim of %s records no run", key.key).isEmpty();
      assertThat(dead.leaseUntil()).as("the dead claim of %s was live when its launcher was killed", key.key)
          .isAfter(key.killedAt);

      RunHandle returned = returned(key);
      Instant returnedAt = Instant.parse(key.restartLine.split(" ")[3]);
      assertThat(returnedAt).as("when the restarted start of %s returned", key.key)
          .isAfterOrEqualTo(dead.leaseUntil());
      assertThat(key.runsAfterRestart).as("the runs on the server carrying %s", key.key).containsExactly(returned);

      IdempotencyRecord record = key.recordAfterRestart.orElseThrow(
          () -> new AssertionError("no record of " + key.scopedKey() + " after the restart"));
      assertThat(record.handle()).as("the run the store records for %s", key.key).contains(returned);
      assertThat(record.owner()).as("the owner of %s's record", key.key).isNotEqualTo(dead.owner());
      assertThat(record.fence()).as("the fence of %s's record", key.key).isGreaterThan(dead.fence());
    }
    assertThat(glue.getWorkflowRuns(r -> r.name("killed-" + point.word()).maxResults(1000)).runs())
        .as("every run of the workflow of the keys killed at %s", point.word()).hasSize(KEYS_PER_POINT);
  }

  /** The run the restarted start of a key returned; fails with its line if it failed. */
  private static RunHandle returned(Key key) {
    assertThat(key.restartLine).as("what the restarted worker printed for %s", key.key).startsWith("RESULT ");
    return RunHandle.parse(key.restartLine.split(" ")[2]);
  }

  /** The handles of a workflow's runs on the server, by the idempotency key they carry. */
  private static Map<String, List<RunHandle>> runsByKey(String workflow) {
    Map<String, List<RunHandle>> runs = new LinkedHashMap<>();
    for (WorkflowRun run : glue.getWorkflowRuns(r -> r.name(workflow).maxResults(1000)).runs()) {
      String key = run.workflowRunProperties().get(GlueOptions.DEFAULT.idempotencyProperty());
      runs.computeIfAbsent(key, k -> new ArrayList<>()).add(RunHandle.of("glue", workflow, run.workflowRunId()));
    }
    return runs;
  }

  private static String tail(Path file) {
    try {
      if (!Files.exists(file)) {
        return "(none)";
      }
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A process's output, line by line, read on a thread of its own so that the test can wait with a deadline. */
  static final class Lines {
    private static final String END = new String("end of output");
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    Lines(InputStream stream) {
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            lines.add(line);
          }
        } catch (IOException e) {
          lines.add("(reading the output failed: " + e + ")");
        } finally {
          lines.add(END);
        }
      }, "worker-output");
      reader.setDaemon(true);
      reader.start();
    }

    /** The next line; null at the end of the output or at the deadline ({@link System#nanoTime()}). */
    String next(long deadline) throws InterruptedException {
      String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == END) {
        lines.add(END); // the end stays the end for later calls
        return null;
      }
      return line;
    }
  }
}
