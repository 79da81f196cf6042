package io.wflaunch.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.ConflictException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.glue.FakeGlueClient;
import io.wflaunch.testkit.glue.GlueRunScript;
import org.junit.jupiter.api.Test;

/**
 * A key names one request also without an idempotency store: a later start of the key with other
 * parameters finds the key's run by its run property, sees another request's hash on it and refuses,
 * naming the run but not the values; the workflow's jobs changing its run properties change nothing.
 */
class GlueKeyReuseTest {

  private static StartRunRequest keyed(String date) {
    return StartRunRequest.builder(WorkflowTarget.of("glue", "etl")).parameter("date", date)
        .idempotencyKey("nightly").build();
  }

  @Test
  void theKeyWithOtherParametersIsAConflictNamingItsRunAndTheSameRequestGetsTheRun() {
    FakeGlueClient glue = FakeGlueClient.create().addWorkflow("etl", GlueRunScript.runsUntilStopped());
    try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(GlueBackend.create(glue, glue.asyncClient()))
        .startPolicy(StartPolicy.DEFAULT.withoutPauses()).build()) {
      RunHandle first = launcher.start(keyed("2026-11-24"));

      assertThatThrownBy(() -> launcher.start(keyed("2026-11-25"))).isInstanceOfSatisfying(ConflictException.class,
          e -> {
            assertThat(e.handle()).contains(first);
            assertThat(e.getMessage()).contains("another request").doesNotContain("2026-11-2");
            assertThat(e.outcomeUnknown()).isFalse();
          });
      assertThatThrownBy(() -> launcher.startAsync(keyed("2026-11-25")).join())
          .hasCauseInstanceOf(ConflictException.class);
      assertThat(launcher.start(keyed("2026-11-24"))).isEqualTo(first);
      assertThat(glue.runsOf("etl")).as("one run").hasSize(1);
      assertThat(glue.runsOf("etl").get(0).workflowRunProperties()).containsEntry("date", "2026-11-24")
          .containsKey(GlueOptions.REQUEST_HASH_PROPERTY);
    }
  }
}
