package io.wflaunch.cli;

import io.wflaunch.ErrorContext;
import io.wflaunch.InFlightPolicy;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.KeyReusePolicy;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.stepfunctions.StepFunctionsBackend;
import io.wflaunch.stepfunctions.StepFunctionsOptions;
import io.wflaunch.swf.SwfBackend;
import io.wflaunch.swf.SwfOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code wflaunch start}: starts a run and prints its handle. */
@Command(name = "start", sortOptions = false,
    description = "Start a run and print its handle on stdout. With --wait, then wait like 'wait'.")
final class StartCommand implements Callable<Integer> {

  @ParentCommand
  private WflaunchCli cli;

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<target>",
      description = "glue:<workflow>, swf:<domain>/<type>/<version>, codecatalyst:<space>/<project>/<workflow> "
          + "or sfn:<state machine name or ARN>")
  private String target;

  @Option(names = {"-p", "--parameter"}, paramLabel = "KEY=VALUE",
      description = "A parameter (Glue run property, SWF or Step Functions JSON input member), in order; repeatable.")
  private Map<String, String> parameters = new LinkedHashMap<>();

  @Option(names = "--input", paramLabel = "TEXT|@FILE", description = "Raw input (SWF; Step Functions: one JSON value), or @FILE to read it "
      + "from a file.")
  private String input;

  @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Start at most once for this key.")
  private String idempotencyKey;

  @Option(names = "--key-reuse", paramLabel = "POLICY",
      description = "With --idempotency-table: what the key means once its run ended: ${COMPLETION-CANDIDATES} "
          + "(default RETURN_EXISTING).")
  private KeyReusePolicy keyReuse;

  @Option(names = "--in-flight", paramLabel = "POLICY",
      description = "With --idempotency-table: what to do while the key's run is being started or running: "
          + "${COMPLETION-CANDIDATES} (default USE_EXISTING).")
  private InFlightPolicy inFlight;

  @Option(names = "--swf-workflow-id", paramLabel = "ID", description = "SWF: the workflowId.")
  private String swfWorkflowId;

  @Option(names = "--task-list", paramLabel = "NAME", description = "SWF: the decision task list.")
  private String taskList;

  @Option(names = "--tag", paramLabel = "TAG", description = "SWF: a tag; repeatable.")
  private List<String> tags = new ArrayList<>();

  @Option(names = "--sfn-execution-name", paramLabel = "NAME",
      description = "Step Functions: an Express execution's name (on a Standard state machine the idempotency key is "
          + "the name).")
  private String sfnExecutionName;

  @Option(names = "--trace-header", paramLabel = "HEADER", description = "Step Functions: the X-Ray trace header.")
  private String traceHeader;

  @Option(names = "--wait", description = "Wait for the run to end.")
  private boolean await;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "With --wait: how long to wait (30s, 5m, 1h or ISO-8601); default 1h.")
  private Duration timeout;

  @Override
  public Integer call() {
    if (timeout != null && !await) {
      throw new ParameterException(spec.commandLine(), "--timeout applies only with --wait");
    }
    if ((keyReuse != null || inFlight != null) && cli.globals().idempotencyTable() == null) {
      throw new ParameterException(spec.commandLine(), (keyReuse != null ? "--key-reuse" : "--in-flight")
          + " needs --idempotency-table: the policies are kept with the key in that table");
    }
    try (Session session = cli.openSession()) {
      WorkflowTarget parsed = session.launcher().parseTarget(target);
      session.prepare(parsed);
      StartRunRequest.Builder request = StartRunRequest.builder(parsed)
          .parameters(parameters)
          .input(readInput(parsed))
          .idempotencyKey(idempotencyKey)
          .keyReusePolicy(keyReuse)
          .inFlightPolicy(inFlight);
      swfOptions(parsed, request);
      stepFunctionsOptions(parsed, request);
      RunHandle handle;
      try {
        handle = session.launcher().start(request.build());
      } catch (InvalidRequestException e) {
        throw asTyped(e);
      }
      // The handle first, so that it is never lost, even when the wait fails or is interrupted; with
      // --wait the final status follows (with --json: two JSON documents, one per line).
      cli.out().println(cli.globals().json ? StatusOutput.handleJson(handle) : handle.toString());
      cli.out().flush();
      return await ? cli.await(session, handle, timeout) : ExitCodes.OK;
    }
  }

  /** The request fields the user set with these options, as the errors name them. */
  private static final Map<String, String> OPTION_OF_FIELD = Map.ofEntries(
      Map.entry("options.workflowId", "--swf-workflow-id"), Map.entry("options.taskList", "--task-list"),
      Map.entry("options.tagList", "--tag"), Map.entry("options.executionName", "--sfn-execution-name"),
      Map.entry("options.traceHeader", "--trace-header"), Map.entry("idempotencyKey", "--idempotency-key"),
      Map.entry("input", "--input"), Map.entry("parameters", "--parameter"),
      Map.entry("keyReusePolicy", "--key-reuse"), Map.entry("inFlightPolicy", "--in-flight"));

  /** The error with the option the user typed in place of the request field it set. */
  static InvalidRequestException asTyped(InvalidRequestException e) {
    String field = e.field();
    String option = OPTION_OF_FIELD.get(field);
    if (option == null && field.startsWith("parameters.")) {
      option = "--parameter " + field.substring("parameters.".length());
    }
    return option == null ? e : new InvalidRequestException(e.context(), option, e.rule(), e);
  }

  private void swfOptions(WorkflowTarget parsed, StartRunRequest.Builder request) {
    boolean any = swfWorkflowId != null || taskList != null || !tags.isEmpty();
    if (!any) {
      return;
    }
    if (!parsed.backend().equals(SwfBackend.DEFAULT_ID)) {
      List<String> given = new ArrayList<>();
      if (swfWorkflowId != null) {
        given.add("--swf-workflow-id");
      }
      if (taskList != null) {
        given.add("--task-list");
      }
      if (!tags.isEmpty()) {
        given.add("--tag");
      }
      throw new InvalidRequestException(ErrorContext.of(parsed), String.join(", ", given),
          given.size() == 1 ? "applies to swf targets only" : "apply to swf targets only");
    }
    SwfOptions.Builder options = SwfOptions.builder().workflowId(swfWorkflowId).taskList(taskList);
    tags.forEach(options::tag);
    request.options(options.build());
  }

  private void stepFunctionsOptions(WorkflowTarget parsed, StartRunRequest.Builder request) {
    if (sfnExecutionName == null && traceHeader == null) {
      return;
    }
    if (!parsed.backend().equals(StepFunctionsBackend.DEFAULT_ID)) {
      throw new InvalidRequestException(ErrorContext.of(parsed), sfnExecutionName != null ? "--sfn-execution-name"
          : "--trace-header", "applies to sfn targets only");
    }
    request.options(StepFunctionsOptions.builder().executionName(sfnExecutionName).traceHeader(traceHeader).build());
  }

  private String readInput(WorkflowTarget parsed) {
    if (input == null || !input.startsWith("@")) {
      return input;
    }
    Path file = Path.of(input.substring(1));
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidRequestException(ErrorContext.of(parsed), "--input", "names a file that cannot be read: " + file
          + " (" + e.getClass().getSimpleName() + ")");
    }
  }
}
