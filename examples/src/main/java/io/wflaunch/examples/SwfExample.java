package io.wflaunch.examples;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.swf.SwfBackend;
import io.wflaunch.swf.SwfOptions;
import io.wflaunch.testkit.swf.FakeSwfClient;
import io.wflaunch.testkit.swf.SwfRunScript;
import java.io.PrintStream;
import java.time.Duration;
import software.amazon.awssdk.services.swf.model.ChildPolicy;

/**
 * Starts an Amazon SWF workflow execution with parameters (sent as JSON input) and SWF options, waits
 * for it, and prints how it ended.
 *
 * <pre>
 * SwfExample                               # on the testkit's fake SWF
 * SwfExample --aws swf:my-domain/MyType/1.0 # on real SWF; a decider must be running
 * </pre>
 */
public final class SwfExample {

  private SwfExample() {}

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
    SwfBackend swf = ExampleSupport.aws(args) ? SwfBackend.createDefault() : fakeSwf();
    try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(swf).build()) {
      RunHandle run = launcher.start(
          StartRunRequest.builder(WorkflowTarget.parse(ExampleSupport.target(args, "swf:payments/Settle/1.0")))
              .parameter("orderId", "4711")                 // input {"orderId":"4711","currency":"EUR"}
              .parameter("currency", "EUR")
              .idempotencyKey("settle-order-4711")          // becomes the workflowId
              .options(SwfOptions.builder()
                  .taskList("settle-deciders")
                  .executionStartToCloseTimeout(Duration.ofHours(1))
                  .tag("team-payments")
                  .childPolicy(ChildPolicy.TERMINATE)
                  .build())
              .build());
      out.println("started " + run);

      RunStatus done = launcher.awaitCompletion(run, ExampleSupport.printingStateChanges(out));
      out.println(ExampleSupport.describe(done));
      // Waits read SWF's listings, which omit the execution's configuration; getRun describes it in full.
      RunStatus described = launcher.getRun(run);
      out.println("task list " + described.details().get("taskList") + ", tags " + described.details().get("tagList"));
      return described;
    }
  }

  /** An SWF with one domain and type, whose executions complete after two seconds. */
  private static SwfBackend fakeSwf() {
    FakeSwfClient swf = FakeSwfClient.create().addWorkflowType("payments", "Settle", "1.0",
        SwfRunScript.completesAfter(Duration.ofSeconds(2)));
    return SwfBackend.create(swf, swf.asyncClient());
  }
}
