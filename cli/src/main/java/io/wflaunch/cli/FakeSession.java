package io.wflaunch.cli;

import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.codecatalyst.CodeCatalystBackend;
import io.wflaunch.glue.GlueBackend;
import io.wflaunch.stepfunctions.StepFunctionsBackend;
import io.wflaunch.swf.SwfBackend;
import io.wflaunch.testkit.codecatalyst.CodeCatalystRunScript;
import io.wflaunch.testkit.codecatalyst.FakeCodeCatalystClient;
import io.wflaunch.testkit.glue.FakeGlueClient;
import io.wflaunch.testkit.glue.GlueRunScript;
import io.wflaunch.testkit.sfn.FakeSfnClient;
import io.wflaunch.testkit.sfn.SfnRunScript;
import io.wflaunch.testkit.swf.FakeSwfClient;
import io.wflaunch.testkit.swf.SwfRunScript;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunStatus;

/**
 * The four real adapters over the testkit's in-memory fakes: every well-formed target exists (it is
 * created when first named) and its runs succeed after {@link #RUN_TIME}. Nothing leaves the process,
 * so runs started by another invocation are unknown here.
 */
public final class FakeSession implements Session {

  /** How long runs of targets created on demand take. */
  public static final Duration RUN_TIME = Duration.ofSeconds(2);

  private final FakeGlueClient glue;
  private final FakeSwfClient swf;
  private final FakeCodeCatalystClient codeCatalyst;
  private final FakeSfnClient stepFunctions;
  private final WorkflowLauncher launcher;

  /**
   * Fakes and a launcher on a clock and scheduler.
   *
   * @param clock the clock the fakes and waits use
   * @param scheduler the launcher's scheduler and executor, or null for its own
   */
  public FakeSession(Clock clock, ScheduledExecutorService scheduler) {
    glue = FakeGlueClient.create(clock).stopDelay(Duration.ofSeconds(1));
    swf = FakeSwfClient.create(clock).cancelDelay(Duration.ofSeconds(1));
    codeCatalyst = FakeCodeCatalystClient.create(clock);
    stepFunctions = FakeSfnClient.create(clock);
    WorkflowLauncher.Builder builder = WorkflowLauncher.builder()
        .backend(GlueBackend.builder(glue).asyncClient(glue.asyncClient()).clock(clock).build())
        .backend(SwfBackend.builder(swf).asyncClient(swf.asyncClient()).clock(clock).build())
        .backend(CodeCatalystBackend.builder(codeCatalyst).asyncClient(codeCatalyst.asyncClient()).clock(clock).build())
        .backend(StepFunctionsBackend.builder(stepFunctions).asyncClient(stepFunctions.asyncClient()).clock(clock).build())
        .clock(clock);
    if (scheduler != null) {
      builder.scheduler(scheduler).executor(scheduler);
    }
    launcher = builder.build();
  }

  /**
   * The Glue fake, for scripting runs.
   *
   * @return the fake
   */
  public FakeGlueClient glue() {
    return glue;
  }

  /**
   * The SWF fake, for scripting runs.
   *
   * @return the fake
   */
  public FakeSwfClient swf() {
    return swf;
  }

  /**
   * The CodeCatalyst fake, for scripting runs.
   *
   * @return the fake
   */
  public FakeCodeCatalystClient codeCatalyst() {
    return codeCatalyst;
  }

  /**
   * The Step Functions fake, for scripting executions.
   *
   * @return the fake
   */
  public FakeSfnClient stepFunctions() {
    return stepFunctions;
  }

  @Override
  public WorkflowLauncher launcher() {
    return launcher;
  }

  @Override
  public void prepare(WorkflowTarget target) {
    switch (target.backend()) {
      case GlueBackend.DEFAULT_ID -> {
        if (target.parts().size() == 1 && !glue.hasWorkflow(target.part(0))) {
          glue.addWorkflow(target.part(0), GlueRunScript.completesAfter(RUN_TIME));
        }
      }
      case SwfBackend.DEFAULT_ID -> {
        if (target.parts().size() == 3 && !swf.hasWorkflowType(target.part(0), target.part(1), target.part(2))) {
          swf.addWorkflowType(target.part(0), target.part(1), target.part(2), SwfRunScript.completesAfter(RUN_TIME));
        }
      }
      case CodeCatalystBackend.DEFAULT_ID -> {
        if (target.parts().size() == 3
            && codeCatalyst.findWorkflow(target.part(0), target.part(1), target.part(2)).isEmpty()) {
          CodeCatalystRunScript script = CodeCatalystRunScript.builder()
              .then(WorkflowRunStatus.VALIDATING, Duration.ofMillis(500))
              .then(WorkflowRunStatus.IN_PROGRESS, RUN_TIME)
              .endsIn(WorkflowRunStatus.SUCCEEDED);
          boolean isId = target.part(2).matches("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
          codeCatalyst.addWorkflow(target.part(0), target.part(1), isId ? target.part(2) : UUID.randomUUID().toString(),
              isId ? "workflow" : target.part(2), "repo", "main", script);
        }
      }
      case StepFunctionsBackend.DEFAULT_ID -> {
        String name = stateMachineName(target.part(0));
        if (target.parts().size() == 1 && name != null && !stepFunctions.hasStateMachine(name)) {
          stepFunctions.addStateMachine(name, SfnRunScript.succeedsAfter(RUN_TIME));
        }
      }
      default -> { }
    }
  }

  /** The state machine a target names: its name, or the name in its ARN (the fake's account and region only). */
  private static String stateMachineName(String target) {
    if (!target.startsWith("arn:")) {
      return target;
    }
    String prefix = "arn:aws:states:" + FakeSfnClient.REGION + ":" + FakeSfnClient.ACCOUNT + ":stateMachine:";
    return target.startsWith(prefix) && target.indexOf(':', prefix.length()) < 0 ? target.substring(prefix.length())
        : null;
  }

  @Override
  public WaitOptions waitOptions() {
    return WaitOptions.builder().minInterval(Duration.ofMillis(200)).maxInterval(Duration.ofSeconds(1)).build();
  }

  @Override
  public void close() {
    launcher.close();
  }
}
