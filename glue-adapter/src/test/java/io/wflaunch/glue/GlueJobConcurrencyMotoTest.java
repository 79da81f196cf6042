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
import software.amazon.awssdk.services.glue.model.JobRun;

/** The concurrency suite on moto's Glue jobs (see {@link GlueMotoConcurrencySuite}). */
class GlueJobConcurrencyMotoTest extends GlueMotoConcurrencySuite {

  @Override
  protected String heldOperation() {
    return "GetJobRuns";
  }

  @Override
  void create(GlueClient direct, String name) {
    GlueJobBackendMotoTest.createJob(direct, name);
  }

  @Override
  WorkflowBackend backend(GlueClient blocking, GlueAsyncClient async) {
    return GlueJobBackend.create(blocking, async);
  }

  @Override
  StartRunRequest request(String name, String key) {
    return StartRunRequest.builder(WorkflowTarget.of("gluejob", name)).idempotencyKey(key).build();
  }

  @Override
  void collectRuns(GlueClient direct, String name, Map<String, Set<RunHandle>> byKey) {
    for (JobRun run : direct.getJobRunsPaginator(r -> r.jobName(name).maxResults(200)).jobRuns()) {
      String key = run.arguments().get(GlueJobOptions.DEFAULT_IDEMPOTENCY_ARGUMENT);
      byKey.computeIfAbsent(key, k -> new HashSet<>()).add(RunHandle.of("gluejob", name, run.id()));
    }
  }
}
