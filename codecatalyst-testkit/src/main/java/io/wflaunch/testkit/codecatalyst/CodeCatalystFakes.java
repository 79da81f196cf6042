package io.wflaunch.testkit.codecatalyst;

import io.wflaunch.RunState;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.FakeBackend;
import io.wflaunch.spi.FakeBackendProvider;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.testkit.FakeBackends;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystAsyncClient;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClient;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunStatus;

/**
 * The fake of the {@code codecatalyst} type: the CodeCatalyst adapter (found through its provider, so
 * {@code io.wflaunch:wflaunch-codecatalyst-adapter} must be on the class path) over a
 * {@link FakeCodeCatalystClient}. A defined target is a workflow (named by its name or id) whose runs
 * validate for {@link #VALIDATING}, are in progress for the run time, then succeed or fail. CodeCatalyst
 * gives no text for a failure, so a failed run carries no reason; nor can its runs be stopped.
 */
public final class CodeCatalystFakes implements FakeBackendProvider {

  /** The backend type. */
  public static final String TYPE = "codecatalyst";

  /** How long a run of a defined workflow validates before it runs. */
  public static final Duration VALIDATING = Duration.ofMillis(500);

  private static final Pattern WORKFLOW_ID =
      Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

  /** Used by {@link java.util.ServiceLoader}. */
  public CodeCatalystFakes() {}

  /**
   * The id a workflow defined by its name gets: the same for the same space, project and name in every
   * fake (a UUID derived from them), so that runs of one workflow started by separate processes (in
   * local mode, say) name one workflow, as they do on the service.
   *
   * @param space the space
   * @param project the project
   * @param name the workflow's name
   * @return the workflow's id, a UUID
   */
  public static String workflowId(String space, String project, String name) {
    return UUID.nameUUIDFromBytes((space + "/" + project + "/" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .toString();
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public FakeBackend create(BackendSettings settings) {
    FakeCodeCatalystClient codeCatalyst = FakeCodeCatalystClient.create(settings.clock());
    WorkflowBackend backend = FakeBackends.adapter(TYPE, "wflaunch-codecatalyst-adapter").create(
        BackendSettings.builder(settings.id()).clock(settings.clock())
            .component(CodeCatalystClient.class, codeCatalyst)
            .component(CodeCatalystAsyncClient.class, codeCatalyst.asyncClient())
            .build());
    return new Fake(settings.id(), codeCatalyst, backend);
  }

  private record Fake(String id, FakeCodeCatalystClient codeCatalyst, WorkflowBackend backend)
      implements FakeBackend {

    @Override
    public <T> java.util.Optional<T> service(Class<T> type) {
      return type.isInstance(codeCatalyst) ? java.util.Optional.of(type.cast(codeCatalyst)) : java.util.Optional.empty();
    }

    @Override
    public void define(WorkflowTarget target, Runs runs) {
      WorkflowTarget workflow = backend.parseTarget(target);
      String space = workflow.part(0);
      String project = workflow.part(1);
      String nameOrId = workflow.part(2);
      if (codeCatalyst.findWorkflow(space, project, nameOrId).isEmpty()) {
        CodeCatalystRunScript script = CodeCatalystRunScript.builder()
            .then(WorkflowRunStatus.VALIDATING, VALIDATING)
            .then(WorkflowRunStatus.IN_PROGRESS, runs.runTime())
            .endsIn(runs.failure().isPresent() ? WorkflowRunStatus.FAILED : WorkflowRunStatus.SUCCEEDED);
        boolean isId = WORKFLOW_ID.matcher(nameOrId).matches();
        codeCatalyst.addWorkflow(space, project, isId ? nameOrId : workflowId(space, project, nameOrId),
            isId ? "workflow" : nameOrId, "repo", "main", script);
      }
    }

    /** A workflow named by its name keeps that name in its statuses, beside the id its handles hold. */
    @Override
    public java.util.Map<String, String> targetDetails(WorkflowTarget target) {
      String nameOrId = backend.parseTarget(target).part(2);
      return WORKFLOW_ID.matcher(nameOrId).matches() ? java.util.Map.of()
          : java.util.Map.of("workflowName", nameOrId);
    }

    @Override
    public StartRunRequest sampleRequest() {
      return StartRunRequest.builder(WorkflowTarget.of(id, "demo-space", "web-app", "deploy"))
          .idempotencyKey("deploy-release-42").build();
    }

    @Override
    public String rawStatus(RunState state) {
      return FakeBackends.rawStatus(state, "IN_PROGRESS", "SUCCEEDED", "FAILED", "STOPPED");
    }

    @Override
    public boolean stops() {
      return false;
    }

    @Override
    public void close() {
      backend.close();
      codeCatalyst.close();
    }
  }
}
