package io.wflaunch.cli;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WaitListener;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.FakeBackend;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code wflaunch demo}: one run on each installed backend type that has a fake, with no AWS account and
 * no network. Shows idempotency keys, a repeated start returning the same handle, async waits with
 * progress, and a run that fails.
 */
@Command(name = "demo", description = "Run one workflow on each installed backend (see 'wflaunch backends') on "
    + "in-memory fakes (no AWS account, no network) and show how they end.")
final class DemoCommand implements Callable<Integer> {

  /** The reason the demo's failing run gives. */
  static final String FAILURE = "source table missing";

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
      // Each backend's sample runs for a little longer than the one before; the second type's fails.
      List<StartRunRequest> requests = new ArrayList<>();
      int index = 0;
      String failing = fakes.fakes().keySet().stream().skip(1).findFirst().orElse("");
      for (Map.Entry<String, FakeBackend> entry : fakes.fakes().entrySet()) {
        FakeBackend fake = entry.getValue();
        StartRunRequest sample = fake.sampleRequest();
        Duration runTime = Duration.ofMillis(2000 + 500L * index);
        fake.define(sample.target(), entry.getKey().equals(failing) ? FakeBackend.Runs.failAfter(runTime, FAILURE)
            : FakeBackend.Runs.succeedAfter(runTime));
        requests.add(sample);
        index++;
      }
      if (requests.isEmpty()) {
        out.println("wflaunch demo: no backend with a fake is installed");
        out.flush();
        return ExitCodes.OTHER;
      }
      WorkflowLauncher launcher = fakes.launcher();
      out.println("wflaunch demo: one run on each backend, on in-memory fakes (no AWS account, no network)");
      out.println();

      StartRunRequest first = requests.get(0);
      List<CompletableFuture<RunHandle>> starting = requests.stream().map(launcher::startAsync).toList();
      CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
      List<RunHandle> handles = starting.stream().map(CompletableFuture::join).toList();
      for (int i = 0; i < handles.size(); i++) {
        out.printf("started  %-70s key %s%n", handles.get(i), requests.get(i).idempotencyKey().orElse("(none)"));
      }

      RunHandle again = launcher.start(first);
      out.printf("started  %-70s key %s again: %s%n", again, first.idempotencyKey().orElse("(none)"),
          again.equals(handles.get(0)) ? "the same run, nothing new started" : "A DIFFERENT RUN");
      out.println();
      out.flush();

      int backendWidth = Math.max("BACKEND".length(),
          handles.stream().mapToInt(handle -> handle.backend().length()).max().orElse(0));
      WaitOptions wait = fakes.waitOptions().withTimeout(Duration.ofMinutes(1)).withListener(new WaitListener() {
        @Override
        public void onStateChange(Optional<RunStatus> previous, RunStatus current) {
          synchronized (out) {
            out.printf("  %-" + backendWidth + "s %-10s (%s)%n", current.handle().backend(), current.state(),
                current.rawStatus());
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
    int backendWidth = Math.max("BACKEND".length(),
        runs.stream().mapToInt(r -> r.handle().backend().length()).max().orElse(0));
    String format = "%-" + width + "s  %-" + backendWidth + "s  %-9s  %8s  %s%n";
    out.printf(format, "HANDLE", "BACKEND", "STATE", "DURATION", "REASON");
    for (RunStatus run : runs) {
      out.printf(format, run.handle(), run.handle().backend(), run.state(),
          run.duration().map(StatusOutput::human).orElse("-"), String.join("; ", run.reasons()));
    }
  }
}
