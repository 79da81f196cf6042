package io.wflaunch.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.InMemoryWorkflowBackend;
import io.wflaunch.testkit.RunScript;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.RunStatus;
import io.wflaunch.WaitOptions;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The spans of start and get over the in-memory backend, exported to memory. */
class WflaunchTracingTest {

  private static final WorkflowTarget NIGHTLY = WorkflowTarget.of("memory", "nightly");

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .build();
  private final VirtualScheduler time = new VirtualScheduler();
  private final InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder().clock(time.clock())
      .retriesAsNewRuns(true)
      .workflow("nightly", RunScript.succeedsAfter(Duration.ofMinutes(5)))
      .workflow("broken", RunScript.failsAfter(Duration.ofMinutes(1), "step 2 failed"))
      .workflow("forever", RunScript.runsUntilStopped()).build();
  private final WorkflowLauncher launcher = WorkflowLauncher.builder().backend(memory)
      .observer(WflaunchTracing.create(otel)).build();

  @AfterEach
  void close() {
    launcher.close();
    otel.close();
  }

  @Test
  void aStartAndAGetAreOneSpanEachWithTheirAttributes() {
    RunHandle run = launcher.start(StartRunRequest.builder(NIGHTLY).idempotencyKey("secret-order-4711")
        .parameter("customer", "c-42").build());
    launcher.start(StartRunRequest.builder(NIGHTLY).idempotencyKey("secret-order-4711")
        .parameter("customer", "c-42").build());
    launcher.getRun(run);

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).extracting(SpanData::getName).containsExactly("wflaunch.start", "wflaunch.start",
        "wflaunch.get_run");
    SpanData start = spans.get(0);
    assertThat(start.getAttributes().get(AttributeKey.stringKey("wflaunch.backend"))).isEqualTo("memory");
    assertThat(start.getAttributes().get(AttributeKey.stringKey("wflaunch.target"))).isEqualTo("memory:nightly");
    assertThat(start.getAttributes().get(AttributeKey.stringKey("wflaunch.run"))).isEqualTo(run.toString());
    assertThat(start.getAttributes().get(AttributeKey.booleanKey("wflaunch.keyed"))).isTrue();
    assertThat(start.getAttributes().get(AttributeKey.booleanKey("wflaunch.existing"))).isFalse();
    assertThat(spans.get(1).getAttributes().get(AttributeKey.booleanKey("wflaunch.existing"))).isTrue();
    assertThat(start.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    SpanData get = spans.get(2);
    assertThat(get.getAttributes().get(AttributeKey.stringKey("wflaunch.run"))).isEqualTo(run.toString());
    assertThat(get.getAttributes().get(AttributeKey.stringKey("wflaunch.target"))).isNull();
    assertThat(spans).allSatisfy(span -> assertThat(span.getAttributes().toString())
        .doesNotContain("secret-order-4711").doesNotContain("c-42"));
  }

  @Test
  void aFailedCallIsAnErrorSpanWithItsKindAndException() {
    RunHandle missing = memory.missingRun(NIGHTLY);
    assertThatThrownBy(() -> launcher.getRun(missing)).isInstanceOf(RunNotFoundException.class);

    SpanData get = exporter.getFinishedSpanItems().get(0);
    assertThat(get.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(get.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("not_found");
    assertThat(get.getAttributes().get(AttributeKey.booleanKey("wflaunch.outcome_unknown"))).isFalse();
    assertThat(get.getEvents()).extracting(event -> event.getName()).containsExactly("exception");
  }

  @Test
  void aRetryIsASpanNamingTheRunAndItsReRun() {
    RunHandle broken = memory.start(StartRunRequest.builder(WorkflowTarget.of("memory", "broken")).build());
    time.advanceBy(Duration.ofMinutes(2));

    RunHandle rerun = launcher.retry(broken);
    assertThatThrownBy(() -> launcher.retry(memory.missingRun(NIGHTLY))).isInstanceOf(RunNotFoundException.class);

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).extracting(SpanData::getName).containsExactly("wflaunch.retry", "wflaunch.retry");
    SpanData retry = spans.get(0);
    assertThat(rerun).isNotEqualTo(broken);
    assertThat(retry.getAttributes().get(AttributeKey.stringKey("wflaunch.run"))).isEqualTo(broken.toString());
    assertThat(retry.getAttributes().get(AttributeKey.stringKey("wflaunch.rerun"))).isEqualTo(rerun.toString());
    assertThat(retry.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(spans.get(1).getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("not_found");
  }

  @Test
  void theStopOfAGivenUpWaitIsAStopSpan() {
    try (WorkflowLauncher virtual = WorkflowLauncher.builder().backend(memory).clock(time.clock()).scheduler(time)
        .executor(time).observer(WflaunchTracing.create(otel)).build()) {
      RunHandle run = memory.start(StartRunRequest.builder(WorkflowTarget.of("memory", "forever")).build());
      CompletableFuture<RunStatus> wait = virtual.awaitCompletionAsync(run,
          WaitOptions.DEFAULT.withTimeout(Duration.ofMinutes(1)).withStopOnGiveUp(true));
      assertThat(time.advanceUntil(wait::isDone, Duration.ofHours(1))).isTrue();

      assertThat(exporter.getFinishedSpanItems()).singleElement().satisfies(stop -> {
        assertThat(stop.getName()).isEqualTo("wflaunch.stop");
        assertThat(stop.getAttributes().get(AttributeKey.stringKey("wflaunch.run"))).isEqualTo(run.toString());
        assertThat(stop.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
      });
    }
  }

  @Test
  void callsAreChildrenOfTheCallersSpanSyncAndAsync() {
    Span parent = otel.getTracer("app").spanBuilder("POST /runs").startSpan();
    RunHandle run;
    try (Scope scope = parent.makeCurrent()) {
      run = launcher.start(StartRunRequest.builder(NIGHTLY).build());
      launcher.getRunAsync(run).join();
    } finally {
      parent.end();
    }

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).filteredOn(span -> span.getName().startsWith("wflaunch."))
        .hasSize(2)
        .allSatisfy(span -> {
          assertThat(span.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
          assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
        });
  }
}
