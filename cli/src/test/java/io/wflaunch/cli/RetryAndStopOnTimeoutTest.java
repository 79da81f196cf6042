package io.wflaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.testkit.InMemoryWorkflowBackend;
import io.wflaunch.testkit.RunScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wflaunch retry} and {@code --stop-on-timeout}, in-process over the in-memory backend (which
 * re-runs in place, or as new runs) on the harness's virtual time, and over the fakes of backends that
 * cannot re-run.
 */
class RetryAndStopOnTimeoutTest {

  private final CliHarness cli = new CliHarness();
  private final ObjectMapper json = new ObjectMapper();
  private WorkflowLauncher launcher;

  @AfterEach
  void close() {
    if (launcher != null) {
      launcher.close();
    }
    cli.close();
  }

  /** Runs the commands against one in-memory backend with these workflows. */
  private InMemoryWorkflowBackend over(InMemoryWorkflowBackend.Builder backend) {
    InMemoryWorkflowBackend memory = backend.clock(cli.time.clock()).build();
    launcher = WorkflowLauncher.builder().clock(cli.time.clock()).scheduler(cli.time).executor(cli.time)
        .backend(memory).build();
    cli.sessions(options -> new Session() {
      @Override
      public WorkflowLauncher launcher() {
        return launcher;
      }

      @Override
      public WaitOptions waitOptions() {
        return cli.fakes.waitOptions();
      }

      @Override
      public void close() {
        // shared across invocations
      }
    });
    return memory;
  }

  private String started(String... args) {
    CliHarness.Result result = cli.run(args);
    assertThat(result.exit()).as(result.err()).isIn(ExitCodes.OK, ExitCodes.RUN_NOT_SUCCESSFUL);
    return result.out().lines().findFirst().orElseThrow();
  }

  @Nested
  class Retry {

    @Test
    void aRunReRunInPlacePrintsItsOwnHandleAndWithWaitEndsAsTheReRunDoes() throws Exception {
      InMemoryWorkflowBackend memory = over(InMemoryWorkflowBackend.builder()
          .workflow("etl", RunScript.succeedsAfter(Duration.ofMinutes(1))));
      String handle = started("start", "memory:etl");
      assertThat(cli.run("stop", handle).exit()).isZero();
      assertThat(cli.run("wait", handle).exit()).as("cancelled").isEqualTo(ExitCodes.RUN_NOT_SUCCESSFUL);

      CliHarness.Result retried = cli.run("retry", handle);
      CliHarness.Result waited = cli.run("retry", handle, "--wait", "--json");

      assertThat(retried.exit()).as(retried.err()).isZero();
      assertThat(retried.out()).isEqualTo(handle + System.lineSeparator());
      assertThat(retried.err()).contains("re-running " + handle + " in place");
      assertThat(waited.exit()).as(waited.err()).isZero();
      assertThat(waited.out().lines()).as("one document").hasSize(1);
      JsonNode status = json.readTree(waited.out());
      assertThat(status.get("handle").asText()).as("asked again while it runs: the same re-run").isEqualTo(handle);
      assertThat(status.get("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(memory.getRun(RunHandle.parse(handle)).state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void aRunReRunAsANewRunPrintsTheNewHandleWhichStatusAndListFind() throws Exception {
      over(InMemoryWorkflowBackend.builder().retriesAsNewRuns(true)
          .workflow("etl", RunScript.failsAfter(Duration.ofSeconds(30), "step 2 failed")));
      String handle = started("start", "memory:etl", "--wait");

      CliHarness.Result retried = cli.run("retry", handle, "--json");
      JsonNode document = json.readTree(retried.out());
      String rerun = document.get("handle").asText();
      CliHarness.Result again = cli.run("retry", handle, "--wait");

      assertThat(retried.exit()).as(retried.err()).isZero();
      assertThat(document.get("backend").asText()).isEqualTo("memory");
      assertThat(document.size()).as("the shape of start --json").isEqualTo(2);
      assertThat(rerun).isNotEqualTo(handle).startsWith("memory:etl/");
      assertThat(again.exit()).as("the re-run failed too").isEqualTo(ExitCodes.RUN_NOT_SUCCESSFUL);
      assertThat(again.out().lines()).as("the same re-run, then its final status").hasSize(2)
          .first().isEqualTo(rerun);
      assertThat(again.out().lines().skip(1).findFirst().orElseThrow()).startsWith(rerun + " FAILED");
      JsonNode status = json.readTree(cli.run("status", rerun, "--json").out());
      assertThat(status.get("details").get("retryOf").asText()).isEqualTo(RunHandle.parse(handle).runId());
      assertThat(json.readTree(cli.run("list", "memory:etl", "--json").out())).hasSize(2);
    }

    @Test
    void aRunThatSucceededIsAConflictAndAMissingRunIsNotFound() {
      over(InMemoryWorkflowBackend.builder().workflow("etl", RunScript.succeedsAfter(Duration.ofSeconds(5))));
      String handle = started("start", "memory:etl", "--wait");

      CliHarness.Result succeeded = cli.run("retry", handle);
      CliHarness.Result missing = cli.run("retry", "memory:etl/run-999999", "--json");

      assertThat(succeeded.exit()).isEqualTo(ExitCodes.CONFLICT);
      assertThat(succeeded.out()).isEmpty();
      assertThat(succeeded.err()).startsWith("wflaunch: conflict").contains("succeeded");
      assertThat(missing.exit()).isEqualTo(ExitCodes.NOT_FOUND);
      assertThat(missing.out()).isEmpty();
    }

    @Test
    void aBackendThatCannotReRunExitsSevenAndSendsNothing() {
      String handle = started("start", "codecatalyst:my-space/web-app/deploy", "--wait");
      int requests = cli.fakes.fake("codecatalyst").service(io.wflaunch.testkit.FakeService.class).orElseThrow()
          .requestCount();

      CliHarness.Result result = cli.run("retry", handle, "--wait", "--json");

      assertThat(result.exit()).isEqualTo(ExitCodes.NOT_SUPPORTED);
      assertThat(result.err()).contains("operation not supported").contains(handle);
      assertThat(result.out()).as("nothing was re-run: no document").isEmpty();
      assertThat(cli.fakes.fake("codecatalyst").service(io.wflaunch.testkit.FakeService.class).orElseThrow()
          .requestCount()).isEqualTo(requests);
    }

    @Test
    void waitOptionsWithoutWaitAreRefused() {
      CliHarness.Result timeout = cli.run("retry", "glue:etl/wr_1", "--timeout", "5m");
      CliHarness.Result stop = cli.run("retry", "glue:etl/wr_1", "--stop-on-timeout");

      assertThat(timeout.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(timeout.err()).contains("--timeout applies only with --wait");
      assertThat(stop.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(stop.err()).contains("--stop-on-timeout applies only with --wait");
    }

    @Test
    void theHelpAndTheCompletionNameTheCommand() {
      assertThat(cli.run("help").err() + cli.run("help").out()).contains("retry");
      assertThat(cli.run("generate-completion").out()).contains("retry").contains("--stop-on-timeout");
    }
  }

  /** Local mode, each command a session of its own over one directory, as separate processes are. */
  @Nested
  class Local {

    @TempDir
    Path dir;

    private CliHarness.Result local(String... args) {
      java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("--local-dir", dir.toString()));
      all.addAll(java.util.List.of(args));
      return cli.run(all.toArray(String[]::new));
    }

    @Test
    void aGlueRunReRunAsANewRunInOneInvocationIsFoundByTheNext() throws Exception {
      cli.sessions(WflaunchCli.defaultSessions(java.time.Clock.systemUTC()));
      String handle = local("start", "glue:nightly-etl", "-p", "duration=0s", "-p", "fail=true").line();
      assertThat(json.readTree(local("status", handle, "--json").out()).get("state").asText()).isEqualTo("FAILED");

      CliHarness.Result retried = local("retry", handle, "--json");
      String rerun = json.readTree(retried.out()).get("handle").asText();
      JsonNode status = json.readTree(local("status", rerun, "--json").out());
      JsonNode listed = json.readTree(local("list", "glue:nightly-etl", "--json").out());

      assertThat(retried.exit()).as(retried.err()).isZero();
      assertThat(rerun).isNotEqualTo(handle).matches("glue:nightly-etl/wr_[0-9a-f]{64}");
      assertThat(status.get("state").asText()).as("a re-run runs for the run's duration, then succeeds")
          .isEqualTo("SUCCEEDED");
      assertThat(listed).extracting(run -> run.get("handle").asText()).containsExactlyInAnyOrder(rerun, handle);
      assertThat(json.readTree(local("status", handle, "--json").out()).get("state").asText())
          .as("the first run stays as it ended").isEqualTo("FAILED");
    }

    @Test
    void aSageMakerExecutionReRunInPlaceKeepsItsHandleAndAnSwfOneIsRefused()
        throws Exception {
      cli.sessions(WflaunchCli.defaultSessions(java.time.Clock.systemUTC()));
      String handle = local("start", "sagemaker:daily-report", "-p", "duration=0s", "-p", "fail=true").line();
      String swf = local("start", "swf:payments/Settle/1.0", "-p", "duration=0s", "-p", "fail=true").line();

      CliHarness.Result retried = local("retry", handle, "--wait", "--json", "--quiet");
      CliHarness.Result again = local("retry", handle);
      CliHarness.Result refused = local("retry", swf);

      assertThat(retried.exit()).as(retried.err()).isZero();
      JsonNode status = json.readTree(retried.out());
      assertThat(status.get("handle").asText()).isEqualTo(handle);
      assertThat(status.get("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(again.exit()).as("it succeeded").isEqualTo(ExitCodes.CONFLICT);
      assertThat(refused.exit()).as("SWF cannot re-run").isEqualTo(ExitCodes.NOT_SUPPORTED);
      assertThat(refused.err()).contains(swf).contains("cannot re-run");
    }
  }

  @Nested
  class StopOnTimeout {

    @Test
    void aWaitThatTimesOutStopsTheRunAndSaysTheStopWasSentAndAccepted() throws Exception {
      InMemoryWorkflowBackend memory = over(InMemoryWorkflowBackend.builder()
          .workflow("etl", RunScript.runsUntilStopped()));
      String handle = started("start", "memory:etl");

      CliHarness.Result result = cli.run("wait", handle, "--timeout", "10s", "--stop-on-timeout", "--json");

      assertThat(result.exit()).isEqualTo(ExitCodes.WAIT_TIMEOUT);
      JsonNode document = json.readTree(result.out());
      assertThat(document.get("error").asText()).isEqualTo("WaitTimeoutException");
      assertThat(document.get("giveUpStop").asText()).isEqualTo("ACKNOWLEDGED");
      assertThat(document.get("stopSent").asBoolean()).isTrue();
      assertThat(document.get("stopAccepted").asBoolean()).isTrue();
      assertThat(memory.getRun(RunHandle.parse(handle)).state()).isIn(RunState.STOPPING, RunState.CANCELLED);
    }

    @Test
    void inTextTheErrorSaysSo() {
      over(InMemoryWorkflowBackend.builder().workflow("etl", RunScript.runsUntilStopped()));

      CliHarness.Result result = cli.run("start", "memory:etl", "--wait", "--timeout", "10s", "--stop-on-timeout");

      assertThat(result.exit()).isEqualTo(ExitCodes.WAIT_TIMEOUT);
      assertThat(result.out().lines()).hasSize(1);
      assertThat(result.err()).contains("wait timed out").contains("a stop was sent and accepted");
    }

    @Test
    void withoutItTheRunIsLeftRunningAndTheDocumentHasNoStopMembers() throws Exception {
      InMemoryWorkflowBackend memory = over(InMemoryWorkflowBackend.builder()
          .workflow("etl", RunScript.runsUntilStopped()));
      String handle = started("start", "memory:etl");

      CliHarness.Result result = cli.run("wait", handle, "--timeout", "10s", "--json");

      assertThat(result.exit()).isEqualTo(ExitCodes.WAIT_TIMEOUT);
      assertThat(json.readTree(result.out()).has("giveUpStop")).isFalse();
      assertThat(memory.getRun(RunHandle.parse(handle)).state()).isEqualTo(RunState.RUNNING);
    }

    @Test
    void aWaitForSeveralRunsStopsEachItGivesUpOn(@TempDir Path dir) throws Exception {
      InMemoryWorkflowBackend memory = over(InMemoryWorkflowBackend.builder()
          .workflow("long", RunScript.runsUntilStopped())
          .workflow("short", RunScript.succeedsAfter(Duration.ofSeconds(2))));
      Path file = Files.writeString(dir.resolve("runs.jsonl"), "{\"target\":\"memory:long\"}\n"
          + "{\"target\":\"memory:short\"}\n");

      CliHarness.Result result = cli.run("start", "--from", file.toString(), "--wait", "--timeout", "10s",
          "--stop-on-timeout", "--json");

      assertThat(result.exit()).isEqualTo(ExitCodes.WAIT_TIMEOUT);
      java.util.List<String> lines = result.out().lines().toList();
      assertThat(lines).hasSize(2);
      JsonNode gaveUp = json.readTree(lines.get(0));
      JsonNode ended = json.readTree(lines.get(1));
      assertThat(gaveUp.get("line").asInt()).isEqualTo(1);
      assertThat(gaveUp.get("giveUpStop").asText()).isEqualTo("ACKNOWLEDGED");
      assertThat(ended.get("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(memory.getRun(RunHandle.parse(gaveUp.get("handle").asText())).state())
          .isIn(RunState.STOPPING, RunState.CANCELLED);
    }

    @Test
    void aWaitForSeveralHandlesSaysInEachLineThatItsRunWasStopped() {
      InMemoryWorkflowBackend memory = over(InMemoryWorkflowBackend.builder()
          .workflow("etl", RunScript.runsUntilStopped()));
      String first = started("start", "memory:etl");
      String second = started("start", "memory:etl");

      CliHarness.Result result = cli.run("wait", first, second, "--timeout", "10s", "--stop-on-timeout");

      assertThat(result.exit()).isEqualTo(ExitCodes.WAIT_TIMEOUT);
      assertThat(result.out().lines().toList()).satisfiesExactly(
          line -> assertThat(line).startsWith(first + " ERROR ").contains("wait timed out")
              .endsWith("a stop was sent and accepted"),
          line -> assertThat(line).startsWith(second + " ERROR ").contains("wait timed out")
              .endsWith("a stop was sent and accepted"));
      assertThat(memory.getRun(RunHandle.parse(first)).state()).isIn(RunState.STOPPING, RunState.CANCELLED);
      assertThat(memory.getRun(RunHandle.parse(second)).state()).isIn(RunState.STOPPING, RunState.CANCELLED);
    }

    @Test
    void aWaitForSeveralHandlesGivesEachTimedOutRunsDocumentItsStop() throws Exception {
      over(InMemoryWorkflowBackend.builder()
          .workflow("long", RunScript.runsUntilStopped())
          .workflow("short", RunScript.succeedsAfter(Duration.ofSeconds(2))));
      String gaveUp = started("start", "memory:long");
      String ended = started("start", "memory:short");

      CliHarness.Result result = cli.run("wait", gaveUp, ended, "--timeout", "10s", "--stop-on-timeout", "--json");

      assertThat(result.exit()).isEqualTo(ExitCodes.WAIT_TIMEOUT);
      java.util.List<String> lines = result.out().lines().toList();
      assertThat(lines).hasSize(2);
      JsonNode stopped = json.readTree(lines.get(0));
      assertThat(stopped.get("handle").asText()).isEqualTo(gaveUp);
      assertThat(stopped.get("error").asText()).isEqualTo("WaitTimeoutException");
      assertThat(stopped.get("giveUpStop").asText()).isEqualTo("ACKNOWLEDGED");
      assertThat(stopped.get("stopSent").asBoolean()).isTrue();
      assertThat(stopped.get("stopAccepted").asBoolean()).isTrue();
      assertThat(json.readTree(lines.get(1)).get("state").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aWaitForSeveralRunsThatIsInterruptedStopsEachAndPrintsEachOutcome() throws Exception {
      Interrupted interrupted = interruptedWaitOfTwoRuns("--json");

      assertThat(interrupted.result.exit()).isEqualTo(ExitCodes.OTHER);
      java.util.List<String> lines = interrupted.result.out().lines().toList();
      assertThat(lines).hasSize(2);
      for (int i = 0; i < 2; i++) {
        JsonNode document = json.readTree(lines.get(i));
        assertThat(document.get("handle").asText()).isEqualTo(interrupted.handles.get(i).toString());
        assertThat(document.get("error").asText()).isEqualTo("CancelledException");
        assertThat(document.get("giveUpStop").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(document.get("stopSent").asBoolean()).isTrue();
        assertThat(document.get("stopAccepted").asBoolean()).isTrue();
        assertThat(interrupted.memory.getRun(interrupted.handles.get(i)).state())
            .isIn(RunState.STOPPING, RunState.CANCELLED);
      }
      assertThat(interrupted.result.err()).contains("interrupted while waiting for the runs to end");
    }

    @Test
    void inTextAnInterruptedWaitForSeveralRunsPrintsOneLinePerRun() throws Exception {
      Interrupted interrupted = interruptedWaitOfTwoRuns();

      assertThat(interrupted.result.out().lines().toList()).satisfiesExactly(
          line -> assertThat(line).startsWith(interrupted.handles.get(0) + " ERROR ")
              .contains("interrupted while waiting for the run to end").endsWith("a stop was sent and accepted"),
          line -> assertThat(line).startsWith(interrupted.handles.get(1) + " ERROR ")
              .contains("interrupted while waiting for the run to end").endsWith("a stop was sent and accepted"));
      assertThat(interrupted.memory.getRun(interrupted.handles.get(0)).state())
          .isIn(RunState.STOPPING, RunState.CANCELLED);
      assertThat(interrupted.memory.getRun(interrupted.handles.get(1)).state())
          .isIn(RunState.STOPPING, RunState.CANCELLED);
    }

    private record Interrupted(InMemoryWorkflowBackend memory, java.util.List<RunHandle> handles,
        CliHarness.Result result) {}

    /**
     * {@code wait} of two runs with {@code --stop-on-timeout}, on real time, its thread interrupted (as
     * the process told to end does) once each run has been read.
     */
    private Interrupted interruptedWaitOfTwoRuns(String... more) throws Exception {
      InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder()
          .workflow("etl", RunScript.runsUntilStopped()).build();
      launcher = WorkflowLauncher.builder().backend(memory).build();
      java.util.concurrent.CountDownLatch read = new java.util.concurrent.CountDownLatch(2);
      java.util.Set<RunHandle> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
      WaitOptions reading = WaitOptions.DEFAULT.toBuilder().listener(new io.wflaunch.WaitListener() {
        @Override
        public void onPoll(io.wflaunch.RunStatus status, Duration nextPollIn) {
          if (seen.add(status.handle())) {
            read.countDown();
          }
        }
      }).build();
      cli.sessions(options -> new Session() {
        @Override
        public WorkflowLauncher launcher() {
          return launcher;
        }

        @Override
        public WaitOptions waitOptions() {
          return reading;
        }

        @Override
        public void close() {
          // shared across invocations
        }
      });
      java.util.List<RunHandle> handles = java.util.List.of(
          RunHandle.parse(started("start", "memory:etl")), RunHandle.parse(started("start", "memory:etl")));
      java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("wait",
          handles.get(0).toString(), handles.get(1).toString(), "--timeout", "1h", "--stop-on-timeout", "--quiet"));
      args.addAll(java.util.List.of(more));
      java.util.concurrent.CompletableFuture<CliHarness.Result> result = new java.util.concurrent.CompletableFuture<>();
      Thread waiting = new Thread(() -> result.complete(cli.run(args.toArray(String[]::new))), "wflaunch-wait");
      waiting.start();
      assertThat(read.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("both runs read").isTrue();
      waiting.interrupt();
      return new Interrupted(memory, handles, result.get(30, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void withoutWaitItIsRefused() {
      CliHarness.Result result = cli.run("start", "glue:etl", "--stop-on-timeout");

      assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(result.err()).contains("--stop-on-timeout applies only with --wait");
    }
  }
}
