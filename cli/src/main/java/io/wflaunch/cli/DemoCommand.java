package io.wflaunch.cli;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WaitListener;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.swf.SwfOptions;
import io.wflaunch.testkit.codecatalyst.CodeCatalystRunScript;
import io.wflaunch.testkit.glue.GlueRunScript;
import io.wflaunch.testkit.sfn.SfnRunScript;
import io.wflaunch.testkit.swf.SwfRunScript;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunStatus;

/**
 * {@code wflaunch demo}: one run on each backend, on in-memory fakes, with no AWS account and no
 * network. Shows idempotency keys, a repeated start returning the same handle, async waits with
 * progress, and a run that fails.
 */
@Command(name = "demo", description = "Run one workflow on each of Glue, SWF, CodeCatalyst and Step Functions on "
    + "in-memory fakes "
    + "(no AWS account, no network) and show how they end.")
final class DemoCommand implements Callable<Integer> {

  @ParentCommand
  private WflaunchCli cli;

  @Override
  public Integer call() {
    if (cli.globals().json || cli.globals().quiet) {
      throw new CommandLine.ParameterException(cli.spec().commandLine().getSubcommands().get("demo"),
          "demo prints its progress and a table; " + (cli.globals().json ? "--json" : "--quiet") + " does not apply");
    }
    PrintWriter out = cli.out();
    try (FakeSession fakes = cli.openDemoSession()) {
      fakes.glue().addWorkflow("nightly-etl", GlueRunScript.completesAfter(Duration.ofSeconds(2)));
      fakes.swf().addWorkflowType("payments", "Settle", "1.0",
          SwfRunScript.failsAfter(Duration.ofSeconds(3), "card declined"));
      fakes.codeCatalyst().addWorkflow("demo-space", "web-app", "deploy", CodeCatalystRunScript.builder()
          .then(WorkflowRunStatus.VALIDATING, Duration.ofMillis(500))
          .then(WorkflowRunStatus.PROVISIONING, Duration.ofMillis(500))
          .then(WorkflowRunStatus.IN_PROGRESS, Duration.ofMillis(1500))
          .endsIn(WorkflowRunStatus.SUCCEEDED));
      fakes.stepFunctions().addStateMachine("order-pipeline", SfnRunScript.succeedsAfter(Duration.ofMillis(2500)));
      WorkflowLauncher launcher = fakes.launcher();
      out.println("wflaunch demo: one run on each backend, on in-memory fakes (no AWS account, no network)");
      out.println();

      StartRunRequest glue = StartRunRequest.builder(WorkflowTarget.parse("glue:nightly-etl"))
          .parameter("date", "2026-11-23").idempotencyKey("nightly-etl-2026-11-23").build();
      StartRunRequest swf = StartRunRequest.builder(WorkflowTarget.parse("swf:payments/Settle/1.0"))
          .parameter("orderId", "4711").idempotencyKey("settle-order-4711")
          .options(SwfOptions.builder().taskList("settle-deciders").tag("team-payments").build()).build();
      StartRunRequest codeCatalyst = StartRunRequest.builder(WorkflowTarget.parse("codecatalyst:demo-space/web-app/deploy"))
          .idempotencyKey("deploy-release-42").build();
      StartRunRequest stepFunctions = StartRunRequest.builder(WorkflowTarget.parse("sfn:order-pipeline"))
          .parameter("orderId", "4711").idempotencyKey("pipeline-order-4711").build();
      List<StartRunRequest> requests = List.of(glue, swf, codeCatalyst, stepFunctions);
      List<CompletableFuture<RunHandle>> starting = requests.stream().map(launcher::startAsync).toList();
      CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
      List<RunHandle> handles = starting.stream().map(CompletableFuture::join).toList();
      for (int i = 0; i < handles.size(); i++) {
        out.printf("started  %-70s key %s%n", handles.get(i), requests.get(i).idempotencyKey().orElseThrow());
      }

      RunHandle again = launcher.start(glue);
      out.printf("started  %-70s key %s again: %s%n", again, glue.idempotencyKey().orElseThrow(),
          again.equals(handles.get(0)) ? "the same run, nothing new started" : "A DIFFERENT RUN");
      out.println();
      out.flush();

      WaitOptions wait = fakes.waitOptions().withTimeout(Duration.ofMinutes(1)).withListener(new WaitListener() {
        @Override
        public void onStateChange(Optional<RunStatus> previous, RunStatus current) {
          synchronized (out) {
            out.printf("  %-12s %-10s (%s)%n", current.handle().backend(), current.state(), current.rawStatus());
            out.flush();
          }
        }
      });
      List<CompletableFuture<RunStatus>> waits = handles.stream()
          .map(handle -> launcher.awaitCompletionAsync(handle, wait)).toList();
      CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).join();
      List<RunStatus> done = new ArrayList<>();
      waits.forEach(w -> done.add(w.join()));

      out.println();
      table(out, done);
      out.flush();
      return again.equals(handles.get(0)) ? ExitCodes.OK : ExitCodes.OTHER;
    }
  }

  private static void table(PrintWriter out, List<RunStatus> runs) {
    int width = Math.max("HANDLE".length(), runs.stream().mapToInt(r -> r.handle().toString().length()).max().orElse(0));
    String format = "%-" + width + "s  %-12s  %-9s  %8s  %s%n";
    out.printf(format, "HANDLE", "BACKEND", "STATE", "DURATION", "REASON");
    for (RunStatus run : runs) {
      out.printf(format, run.handle(), run.handle().backend(), run.state(),
          run.duration().map(StatusOutput::human).orElse("-"), String.join("; ", run.reasons()));
    }
  }
}
