package io.wflaunch.glue;

import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.WorkflowBackend;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.WorkflowRun;

/** The concurrency suite on moto's Glue workflows (see {@link GlueMotoConcurrencySuite}). */
class GlueConcurrencyMotoTest extends GlueMotoConcurrencySuite {

  @Override
  protected String heldOperation() {
    return "GetWorkflowRuns";
  }

  @Override
  void create(GlueClient direct, String name) {
    direct.createWorkflow(r -> r.name(name));
  }

  @Override
  WorkflowBackend backend(GlueClient blocking, GlueAsyncClient async) {
    return GlueBackend.create(blocking, async);
  }

  @Override
  StartRunRequest request(String name, String key) {
    return StartRunRequest.builder(WorkflowTarget.of("glue", name)).idempotencyKey(key).build();
  }

  @Override
  void collectRuns(GlueClient direct, String name, Map<String, Set<RunHandle>> byKey) {
    for (WorkflowRun run : direct.getWorkflowRunsPaginator(r -> r.name(name).maxResults(1000)).runs()) {
      String key = run.workflowRunProperties().get(GlueOptions.DEFAULT_IDEMPOTENCY_PROPERTY);
      byKey.computeIfAbsent(key, k -> new HashSet<>()).add(RunHandle.of("glue", name, run.workflowRunId()));
    }
  }
}
