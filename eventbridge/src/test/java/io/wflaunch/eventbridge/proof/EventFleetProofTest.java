package io.wflaunch.eventbridge.proof;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunHandle;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.moto.MotoServerExtension;
import io.wflaunch.testkit.sfn.FakeSfnClient;
import io.wflaunch.testkit.sfn.SfnRunScript;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The fleet topology on the wire: three launcher processes (separate JVMs), each with its own SQS queue
 * subscribed to one SNS topic that the fleet's one EventBridge rule targets ({@code RunEventsSetup.init}
 * with the same rule and topic, each its own queue), each tracking its own third of the runs on one Step
 * Functions (the testkit's fake, over HTTP). Every event reaches every process; each wait ends once, in the
 * process that tracks it, and the others count the event as stale.
 *
 * <p>moto 5.2.1 accepts a rule whose target is an SNS topic but fails PutEvents for such a rule (it delivers
 * events to SQS targets only), so the test-side emitter publishes each event to the topic as EventBridge
 * would deliver it (the event's JSON as the message); the topic's delivery to the queues is moto's own.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EventFleetProofTest {

  static final int PROCESSES = 3;
  static final int RUNS_EACH = 100;
  static final Duration RUN_FOR = Duration.ofHours(1);
  static final String RULE = "wflaunch-fleet-proof";
  static final String TOPIC = "wflaunch-fleet-proof";
  static final Map<String, String> RAW_BY_MACHINE = Map.of(FleetMember.MACHINES[0], "SUCCEEDED",
      FleetMember.MACHINES[1], "FAILED", FleetMember.MACHINES[2], "ABORTED");
  static final Map<String, String> STATE_BY_MACHINE = Map.of(FleetMember.MACHINES[0], "SUCCEEDED",
      FleetMember.MACHINES[1], "FAILED", FleetMember.MACHINES[2], "CANCELLED");

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  @Test
  void eachWaitEndsOnceInTheProcessThatTracksIt(@TempDir Path dir) throws Exception {
    VirtualScheduler engineTime = new VirtualScheduler(Instant.now().minus(RUN_FOR).truncatedTo(ChronoUnit.SECONDS));
    FakeSfnClient fake = FakeSfnClient.create(engineTime.clock());
    fake.addStateMachine(FleetMember.MACHINES[0], SfnRunScript.succeedsAfter(RUN_FOR));
    fake.addStateMachine(FleetMember.MACHINES[1], SfnRunScript.failsAfter(RUN_FOR, "States.TaskFailed", "failed"));
    fake.addStateMachine(FleetMember.MACHINES[2], SfnRunScript.abortedAfter(RUN_FOR));
    List<Process> processes = new ArrayList<>();
    List<BlockingQueue<String>> outputs = new ArrayList<>();
    long began = System.nanoTime();
    try (ProofSfnServer server = ProofSfnServer.start(fake); SnsClient sns = ProofAws.sns(MOTO.endpoint())) {
      for (int p = 0; p < PROCESSES; p++) {
        Process process = java(MOTO.endpoint().toString(), server.endpoint().toString(), Integer.toString(p),
            Integer.toString(RUNS_EACH), Integer.toString(PROCESSES * RUNS_EACH), RULE, TOPIC)
            .redirectError(dir.resolve("err-" + p).toFile()).start();
        processes.add(process);
        outputs.add(lines(process, "fleet-member-" + p));
      }
      List<List<String>> seen = new ArrayList<>();
      Map<String, Integer> startedBy = new HashMap<>();
      for (int p = 0; p < PROCESSES; p++) {
        List<String> lines = new ArrayList<>();
        seen.add(lines);
        String line;
        do {
          line = next(outputs.get(p), Duration.ofSeconds(150), dir.resolve("err-" + p), lines);
          lines.add(line);
          if (line.startsWith("STARTED ")) {
            assertThat(startedBy.put(line.substring(8), p)).as("a run started by one process only").isNull();
          }
        } while (!line.startsWith("TRACKING "));
      }
      assertThat(startedBy).hasSize(PROCESSES * RUNS_EACH);
      Duration startup = Duration.ofNanos(System.nanoTime() - began);

      // Every run ends; its event goes to the topic, in shuffled order.
      engineTime.advanceBy(RUN_FOR.multipliedBy(2));
      String topicArn = sns.createTopic(r -> r.name(TOPIC)).topicArn();
      List<String> events = new ArrayList<>();
      for (String machine : FleetMember.MACHINES) {
        for (DescribeExecutionResponse execution : fake.executionsOf(machine)) {
          assertThat(execution.statusAsString()).isEqualTo(RAW_BY_MACHINE.get(machine));
          events.add(SfnStatusEvents.event(execution, Instant.now(), FakeSfnClient.ACCOUNT, FakeSfnClient.REGION));
        }
      }
      assertThat(events).hasSize(PROCESSES * RUNS_EACH);
      Collections.shuffle(events, new Random(3));
      long published = System.nanoTime();
      for (String event : events) {
        sns.publish(r -> r.topicArn(topicArn).message(event));
      }

      Map<String, List<Integer>> doneIn = new HashMap<>();
      int[][] counts = new int[PROCESSES][];
      for (int p = 0; p < PROCESSES; p++) {
        List<String> lines = seen.get(p);
        String line;
        do {
          line = next(outputs.get(p), Duration.ofSeconds(150), dir.resolve("err-" + p), lines);
          lines.add(line);
          String[] words = line.split(" ");
          assertThat(words[0]).as("process %d: %s", p, line).isNotEqualTo("FAILED");
          if (words[0].equals("DONE")) {
            doneIn.computeIfAbsent(words[1], h -> new ArrayList<>()).add(p);
            String machine = RunHandle.parse(words[1]).part(0);
            assertThat(words[2]).as("state of %s", words[1]).isEqualTo(STATE_BY_MACHINE.get(machine));
            assertThat(words[3]).as("raw status of %s", words[1]).isEqualTo(RAW_BY_MACHINE.get(machine));
          } else if (words[0].equals("SEEN")) {
            counts[p] = new int[] {Integer.parseInt(words[1]), Integer.parseInt(words[2]), Integer.parseInt(words[3])};
          }
        } while (!line.equals("END"));
        assertThat(processes.get(p).waitFor(30, TimeUnit.SECONDS)).as("process %d exits", p).isTrue();
        assertThat(processes.get(p).exitValue()).as("process %d's exit (see %s)", p, dir.resolve("err-" + p)).isZero();
      }
      Duration ending = Duration.ofNanos(System.nanoTime() - published);

      assertThat(doneIn.keySet()).as("every run's wait ended").isEqualTo(startedBy.keySet());
      doneIn.forEach((handle, where) -> assertThat(where).as("where %s's wait ended", handle)
          .containsExactly(startedBy.get(handle)));
      for (int p = 0; p < PROCESSES; p++) {
        assertThat(counts[p]).as("process %d's event counts", p).isNotNull();
        assertThat(counts[p][0]).as("process %d: events matched (its own runs)", p).isEqualTo(RUNS_EACH);
        assertThat(counts[p][1]).as("process %d: events stale (the others' runs)", p)
            .isEqualTo((PROCESSES - 1) * RUNS_EACH);
        assertThat(counts[p][2]).as("process %d: malformed", p).isZero();
      }
      System.out.printf("Run events fleet: %d processes, one rule -> one SNS topic -> a queue each, %d runs each: every"
          + " wait ended once, in its own process (matched/stale per process: %s); %d events published to the"
          + " topic and every process done %d ms after the first; start-up, starts and first reads took %d s%n",
          PROCESSES, RUNS_EACH, java.util.Arrays.stream(counts).map(c -> c[0] + "/" + c[1]).toList(), events.size(),
          ending.toMillis(), startup.toSeconds());
    } finally {
      for (Process process : processes) {
        process.destroyForcibly();
      }
      for (Process process : processes) {
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** The next line a process printed, failing with what it printed so far and its errors if none comes in time. */
  private static String next(BlockingQueue<String> output, Duration limit, Path errors, List<String> before)
      throws InterruptedException, IOException {
    String line = output.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null || line.equals(EOF)) {
      throw new AssertionError((line == null ? "no line within " + limit : "the process ended early") + "; it printed "
          + before.size() + " lines, last " + (before.isEmpty() ? "none" : before.get(before.size() - 1))
          + "; its errors: " + String.join("\n", tail(Files.readAllLines(errors), 40)));
    }
    return line;
  }

  private static List<String> tail(List<String> lines, int count) {
    return lines.subList(Math.max(0, lines.size() - count), lines.size());
  }

  private static final String EOF = "\u0000EOF";

  /** The lines a process prints, as they come, ending with {@link #EOF}. */
  private static BlockingQueue<String> lines(Process process, String name) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        lines.add(EOF);
      }
    }, name + "-output");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  /** A JVM running {@link FleetMember} with {@code args}, on the test's class path. */
  private static ProcessBuilder java(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        FleetMember.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }
}
