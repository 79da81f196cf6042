package io.wflaunch.examples;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.stepfunctions.StepFunctionsBackend;
import io.wflaunch.testkit.sfn.FakeSfnClient;
import io.wflaunch.testkit.sfn.SfnRunScript;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Starts an AWS Step Functions execution with JSON input and an idempotency key (which becomes the
 * execution's name), waits for it with a progress listener, and prints how it ended.
 *
 * <pre>
 * StepFunctionsExample                              # on the testkit's fake Step Functions
 * StepFunctionsExample --aws sfn:my-state-machine   # on real Step Functions (a name or an ARN)
 * </pre>
 */
public final class StepFunctionsExample {

  private StepFunctionsExample() {}

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
    StepFunctionsBackend sfn = ExampleSupport.aws(args) ? StepFunctionsBackend.createDefault() : fakeStepFunctions();
    try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(sfn).build()) {
      RunHandle run = launcher.start(
          StartRunRequest.builder(WorkflowTarget.parse(ExampleSupport.target(args, "sfn:order-pipeline")))
              .input("{\"orderId\": 4711, \"items\": [\"book\", \"lamp\"]}")  // one JSON value, sent as it is
              .idempotencyKey("order-4711")                                 // the execution's name
              .build());
      out.println("started " + run);

      RunStatus done = launcher.awaitCompletion(run, ExampleSupport.printingStateChanges(out));
      out.println(ExampleSupport.describe(done));
      return done;
    }
  }

  /** A Step Functions that knows one Standard state machine, whose executions succeed after two seconds. */
  private static StepFunctionsBackend fakeStepFunctions() {
    FakeSfnClient sfn = FakeSfnClient.create();
    sfn.addStateMachine("order-pipeline", SfnRunScript.succeedsAfter(Duration.ofSeconds(2)));
    return StepFunctionsBackend.create(sfn, sfn.asyncClient());
  }
}
