package io.wflaunch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Each example program, as a user runs it without {@code --aws}: on the testkit fakes, on the real
 * clock (their runs take about two seconds).
 */
@Execution(ExecutionMode.CONCURRENT)
class ExamplesTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void glue() {
    RunStatus done = GlueExample.run(new String[0], out);

    assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(done.details()).containsEntry("runProperties.triggeredBy", "GlueExample")
        .containsKey("runProperties.date").containsKey("runProperties.wflaunch.idempotency-key");
    assertThat(printed()).contains("started glue:nightly-etl/wr_").contains("glue RUNNING (RUNNING)")
        .contains("ended SUCCEEDED (COMPLETED)");
  }

  @Test
  void swf() {
    RunStatus done = SwfExample.run(new String[0], out);

    assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(done.handle().part(1)).isEqualTo("settle-order-4711");
    assertThat(done.details()).containsEntry("taskList", "settle-deciders")
        .containsEntry("tagList", "team-payments,wflaunch-key:settle-order-4711");
    assertThat(printed()).contains("ended SUCCEEDED (COMPLETED)");
  }

  @Test
  void codeCatalyst() {
    RunStatus done = CodeCatalystExample.run(new String[0], out);

    assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(printed()).contains("codecatalyst PENDING (VALIDATING)").contains("ended SUCCEEDED (SUCCEEDED)");
  }

  @Test
  void stepFunctions() {
    RunStatus done = StepFunctionsExample.run(new String[0], out);

    assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(done.handle()).hasToString("sfn:order-pipeline/order-4711");
    assertThat(done.details()).containsEntry("input", "{\"orderId\": 4711, \"items\": [\"book\", \"lamp\"]}")
        .containsEntry("output", done.details().get("input"));
    assertThat(printed()).contains("sfn RUNNING (RUNNING)").contains("ended SUCCEEDED (SUCCEEDED)");
  }

  @Test
  void resumeFromAStoredHandle() {
    RunStatus done = ResumeFromHandleExample.run(new String[0], out);

    assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(printed()).contains("and stored it in").contains("resumed glue:nightly-etl/wr_");
  }

  @Test
  void fanOutOverAllThree() {
    List<RunStatus> done = FanOutExample.run(new String[0], out);

    assertThat(done).extracting(status -> status.handle().backend()).containsExactly("glue", "swf", "codecatalyst");
    assertThat(done).allSatisfy(status -> assertThat(status.state()).isEqualTo(RunState.SUCCEEDED));
  }

  @Test
  void eightDeliveriesOfOneKeyStartOneRunAndAFailedRunMayRunAgain() throws Exception {
    java.util.Set<io.wflaunch.RunHandle> handles = IdempotencyStoreExample.run(new String[0], out);

    assertThat(handles).hasSize(2);
    assertThat(printed()).contains("8 deliveries, 1 run: glue:nightly-etl/wr_")
        .contains("refused: conflict").contains("reused with a different request")
        .contains("first run ended FAILED")
        .contains("after the failure, ALLOW_IF_NOT_SUCCEEDED started glue:nightly-etl/wr_");
  }
}
