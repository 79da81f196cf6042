package io.wflaunch.examples;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.codecatalyst.CodeCatalystBackend;
import io.wflaunch.testkit.codecatalyst.CodeCatalystRunScript;
import io.wflaunch.testkit.codecatalyst.FakeCodeCatalystClient;
import java.io.PrintStream;
import java.time.Duration;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunStatus;

/**
 * Starts an Amazon CodeCatalyst workflow run by workflow name, waits for it, and prints how it ended.
 *
 * <pre>
 * CodeCatalystExample                                          # on the testkit's fake CodeCatalyst
 * CodeCatalystExample --aws codecatalyst:my-space/my-project/deploy
 * </pre>
 *
 * <p>With {@code --aws} the bearer token comes from {@code WFLAUNCH_CODECATALYST_TOKEN} when set, else
 * from the SDK's default token chain (an SSO profile with a CodeCatalyst session).
 */
public final class CodeCatalystExample {

  private CodeCatalystExample() {}

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
    CodeCatalystBackend codeCatalyst = ExampleSupport.aws(args) ? realCodeCatalyst() : fakeCodeCatalyst();
    try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(codeCatalyst).build()) {
      RunHandle run = launcher.start(StartRunRequest.builder(WorkflowTarget.parse(
              ExampleSupport.target(args, "codecatalyst:my-space/web-app/deploy")))   // a workflow name or id
          .idempotencyKey("deploy-release-42")                                       // the client token
          .build());
      out.println("started " + run);

      RunStatus done = launcher.awaitCompletion(run, ExampleSupport.printingStateChanges(out));
      out.println(ExampleSupport.describe(done));
      return done;
    }
  }

  private static CodeCatalystBackend realCodeCatalyst() {
    String token = System.getenv("WFLAUNCH_CODECATALYST_TOKEN");
    return token == null
        ? CodeCatalystBackend.createDefault()
        : CodeCatalystBackend.createDefault(CodeCatalystBackend.staticToken(token), null);
  }

  /** A CodeCatalyst with one workflow, validating, provisioning, then running for two seconds. */
  private static CodeCatalystBackend fakeCodeCatalyst() {
    FakeCodeCatalystClient codeCatalyst = FakeCodeCatalystClient.create();
    codeCatalyst.addWorkflow("my-space", "web-app", "deploy",
        CodeCatalystRunScript.endsAfter(Duration.ofSeconds(2), WorkflowRunStatus.SUCCEEDED));
    return CodeCatalystBackend.create(codeCatalyst, codeCatalyst.asyncClient());
  }
}
