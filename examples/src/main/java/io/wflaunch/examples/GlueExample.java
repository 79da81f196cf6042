package io.wflaunch.examples;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.glue.GlueBackend;
import io.wflaunch.glue.GlueOptions;
import io.wflaunch.testkit.glue.FakeGlueClient;
import io.wflaunch.testkit.glue.GlueRunScript;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;

/**
 * Starts an AWS Glue workflow run with run properties and an idempotency key, waits for it with a
 * progress listener, and prints how it ended.
 *
 * <pre>
 * GlueExample                       # on the testkit's fake Glue
 * GlueExample --aws glue:my-workflow # on real Glue, with the SDK's default credentials and region
 * </pre>
 */
public final class GlueExample {

  private GlueExample() {}

  /**
   * Runs the example.
   *
   * @param args {@code --aws} and optionally a target
   */
  public static void main(String[] args) {
    RunStatus done = run(args, System.out);
    System.exit(done.state().isSuccessful() ? 0 : 1);
  }

  static RunStatus run(String[] args, PrintStream out) {
    GlueBackend glue = ExampleSupport.aws(args) ? GlueBackend.createDefault() : fakeGlue();
    try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(glue).build()) {
      String today = LocalDate.now().toString();
      RunHandle run = launcher.start(
          StartRunRequest.builder(WorkflowTarget.parse(ExampleSupport.target(args, "glue:nightly-etl")))
              .parameter("date", today)                     // becomes the run property "date"
              .idempotencyKey("nightly-etl-" + today)       // a second start today returns this run
              .options(GlueOptions.builder().runProperty("triggeredBy", "GlueExample").build())
              .build());
      out.println("started " + run);

      RunStatus done = launcher.awaitCompletion(run, ExampleSupport.printingStateChanges(out));
      out.println(ExampleSupport.describe(done));
      return done;
    }
  }

  /** A Glue that knows one workflow, whose runs complete after two seconds. */
  private static GlueBackend fakeGlue() {
    FakeGlueClient glue = FakeGlueClient.create().addWorkflow("nightly-etl",
        GlueRunScript.completesAfter(Duration.ofSeconds(2)));
    return GlueBackend.create(glue, glue.asyncClient());
  }
}
