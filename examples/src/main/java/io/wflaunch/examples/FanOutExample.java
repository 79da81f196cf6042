package io.wflaunch.examples;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.codecatalyst.CodeCatalystBackend;
import io.wflaunch.glue.GlueBackend;
import io.wflaunch.swf.SwfBackend;
import io.wflaunch.testkit.codecatalyst.CodeCatalystRunScript;
import io.wflaunch.testkit.codecatalyst.FakeCodeCatalystClient;
import io.wflaunch.testkit.glue.FakeGlueClient;
import io.wflaunch.testkit.glue.GlueRunScript;
import io.wflaunch.testkit.swf.FakeSwfClient;
import io.wflaunch.testkit.swf.SwfRunScript;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunStatus;

/**
 * Fans out over all three backends with the async API: starts one run on each at once, waits for all
 * of them without holding a thread per run, and prints how each ended.
 *
 * <pre>
 * FanOutExample         # on the testkit's fakes
 * FanOutExample --aws   # on real AWS: glue:nightly-etl, swf:payments/Settle/1.0, codecatalyst:my-space/web-app/deploy
 * </pre>
 */
public final class FanOutExample {

  private FanOutExample() {}

  /**
   * Runs the example.
   *
   * @param args {@code --aws}
   */
  public static void main(String[] args) {
    List<RunStatus> done = run(args, System.out);
    System.exit(done.stream().allMatch(status -> status.state().isSuccessful()) ? 0 : 1);
  }

  static List<RunStatus> run(String[] args, PrintStream out) {
    WorkflowLauncher.Builder builder = WorkflowLauncher.builder();
    if (ExampleSupport.aws(args)) {
      builder.backend(GlueBackend.createDefault()).backend(SwfBackend.createDefault())
          .backend(CodeCatalystBackend.createDefault());
    } else {
      fakes(builder);
    }
    try (WorkflowLauncher launcher = builder.build()) {
      List<StartRunRequest> requests = List.of(
          StartRunRequest.builder(WorkflowTarget.parse("glue:nightly-etl")).idempotencyKey("fan-out-glue").build(),
          StartRunRequest.builder(WorkflowTarget.parse("swf:payments/Settle/1.0")).idempotencyKey("fan-out-swf").build(),
          StartRunRequest.builder(WorkflowTarget.parse("codecatalyst:my-space/web-app/deploy"))
              .idempotencyKey("fan-out-codecatalyst").build());

      List<CompletableFuture<RunStatus>> runs = requests.stream()
          .map(request -> launcher.startAsync(request)
              .thenCompose(handle -> {
                out.println("started " + handle);
                return launcher.awaitCompletionAsync(handle, ExampleSupport.printingStateChanges(out));
              }))
          .toList();
      CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();

      List<RunStatus> done = runs.stream().map(CompletableFuture::join).toList();
      done.forEach(status -> out.println(ExampleSupport.describe(status)));
      return done;
    }
  }

  private static void fakes(WorkflowLauncher.Builder builder) {
    FakeGlueClient glue = FakeGlueClient.create()
        .addWorkflow("nightly-etl", GlueRunScript.completesAfter(Duration.ofSeconds(2)));
    FakeSwfClient swf = FakeSwfClient.create()
        .addWorkflowType("payments", "Settle", "1.0", SwfRunScript.completesAfter(Duration.ofSeconds(3)));
    FakeCodeCatalystClient codeCatalyst = FakeCodeCatalystClient.create();
    codeCatalyst.addWorkflow("my-space", "web-app", "deploy",
        CodeCatalystRunScript.endsAfter(Duration.ofSeconds(1), WorkflowRunStatus.SUCCEEDED));
    builder.backend(GlueBackend.create(glue, glue.asyncClient()))
        .backend(SwfBackend.create(swf, swf.asyncClient()))
        .backend(CodeCatalystBackend.create(codeCatalyst, codeCatalyst.asyncClient()));
  }
}
