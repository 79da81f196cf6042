package io.wflaunch.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.EventOutcome;
import io.wflaunch.testkit.InMemoryWorkflowBackend;
import io.wflaunch.testkit.RunScript;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.events.InMemoryRunEvents;
import io.wflaunch.testkit.events.ManualRunEvents;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The run-event metrics, read from the SDK's in-memory reader, over the in-memory engine's events. */
class WflaunchEventTelemetryTest {

  private static final WorkflowTarget NIGHTLY = WorkflowTarget.of("memory", "nightly");
  private static final WorkflowTarget FOREVER = WorkflowTarget.of("memory", "forever");
  private static final Duration SAFETY = Duration.ofMinutes(5);
  private static final AttributeKey<String> TYPE = AttributeKey.stringKey(WflaunchTracing.TYPE_KEY);
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey(WflaunchTracing.EVENT_OUTCOME_KEY);
  private static final AttributeKey<String> BACKEND = AttributeKey.stringKey(WflaunchTracing.BACKEND_KEY);

  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
      .build();
  private final VirtualScheduler time = new VirtualScheduler();
  private final ManualRunEvents events = new ManualRunEvents(SAFETY);
  private WorkflowLauncher launcher;

  @BeforeEach
  void launch() {
    InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder().clock(time.clock())
        .workflow("nightly", RunScript.succeedsAfter(Duration.ofMinutes(3)))
        .workflow("forever", RunScript.runsUntilStopped())
        .build();
    launcher = WorkflowLauncher.builder().backend(memory).clock(time.clock()).scheduler(time).executor(time)
        .random(new Random(5)).startPolicy(StartPolicy.DEFAULT.withoutPauses())
        .observer(WflaunchTracing.create(otel))
        .runEvents(events)
        .build();
  }

  @AfterEach
  void close() {
    launcher.close();
    time.shutdownNow();
    otel.close();
  }

  @Test
  void eventsAreCountedByTypeAndOutcomeAndAWaitTheyEndIsTimed() {
    RunHandle run = launcher.start(StartRunRequest.builder(NIGHTLY).build());
    CompletableFuture<RunStatus> first = launcher.awaitCompletionAsync(run, WaitOptions.DEFAULT);
    CompletableFuture<RunStatus> second = launcher.awaitCompletionAsync(run, WaitOptions.DEFAULT);
    time.advanceBy(Duration.ofMinutes(3));
    EventEnvelope ended = InMemoryRunEvents.eventOf(run, RunState.SUCCEEDED, time.now());
    time.advanceBy(Duration.ofMillis(1_500));
    assertThat(first).as("polled only on the safety interval while events come").isNotDone();

    assertThat(events.publish(ended)).isEqualTo(EventOutcome.MATCHED);
    time.advanceUntil(() -> first.isDone() && second.isDone(), Duration.ofSeconds(1));
    assertThat(first.join().state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(events.publish(ended)).as("again, after the waits ended").isEqualTo(EventOutcome.STALE);
    assertThat(events.publish(new EventEnvelope("e-2", InMemoryRunEvents.SOURCE, InMemoryRunEvents.DETAIL_TYPE,
        time.now(), "", "", List.of(), Map.of("runId", "r-1", "status", "FAILED"))))
        .as("no workflow").isEqualTo(EventOutcome.MALFORMED);
    events.publishMalformed("not JSON");

    Collection<MetricData> all = metrics.collectAllMetrics();
    assertThat(counts(all, WflaunchTracing.EVENTS_RECEIVED)).containsOnly(
        Map.entry(Attributes.of(TYPE, "memory"), 3L),
        Map.entry(Attributes.of(TYPE, "unknown"), 1L));
    assertThat(counts(all, WflaunchTracing.EVENTS)).containsOnly(
        Map.entry(Attributes.of(TYPE, "memory", OUTCOME, "matched"), 1L),
        Map.entry(Attributes.of(TYPE, "memory", OUTCOME, "stale"), 1L),
        Map.entry(Attributes.of(TYPE, "memory", OUTCOME, "malformed"), 1L),
        Map.entry(Attributes.of(TYPE, "unknown", OUTCOME, "malformed"), 1L));

    MetricData latency = metric(all, WflaunchTracing.EVENT_NOTICE_LATENCY);
    assertThat(latency.getUnit()).isEqualTo("s");
    HistogramPointData point = latency.getHistogramData().getPoints().iterator().next();
    assertThat(latency.getHistogramData().getPoints()).hasSize(1);
    assertThat(point.getAttributes()).isEqualTo(Attributes.of(BACKEND, "memory"));
    assertThat(point.getCount()).as("once per wait the event ended").isEqualTo(2);
    assertThat(point.getSum()).isEqualTo(3.0);
    assertThat(point.getBoundaries()).as("the advised buckets").contains(0.5, 1.0, 2.5, 300.0);
    assertThat(spans.getFinishedSpanItems()).extracting(span -> span.getName())
        .as("events make no spans").containsExactly("wflaunch.start");
  }

  @Test
  void safetyPollsCountEachRunRead() {
    List<RunHandle> runs = List.of(launcher.start(StartRunRequest.builder(FOREVER).build()),
        launcher.start(StartRunRequest.builder(FOREVER).build()));
    // Polled every 4 minutes: the tracker reads runs due within half that together, and the safety
    // interval's jitter (its last fifth) keeps both runs within it.
    launcher.awaitAllAsync(runs, WaitOptions.builder().minInterval(Duration.ofMinutes(4))
        .maxInterval(Duration.ofMinutes(4)).build());
    time.advanceBy(Duration.ofMinutes(1));
    assertThat(metrics.collectAllMetrics()).extracting(MetricData::getName)
        .as("the first read is no safety poll").doesNotContain(WflaunchTracing.SAFETY_POLLS);

    time.advanceBy(Duration.ofMinutes(10));
    assertThat(launcher.tracker().requestsSent("memory")).as("the first read and two safety polls").isEqualTo(3);
    assertThat(counts(metrics.collectAllMetrics(), WflaunchTracing.SAFETY_POLLS))
        .containsOnly(Map.entry(Attributes.of(BACKEND, "memory"), 4L));

    events.receiving(false);
    time.advanceBy(Duration.ofMinutes(10));
    assertThat(launcher.tracker().requestsSent("memory")).as("polled on the wait's own schedule").isEqualTo(6);
    assertThat(counts(metrics.collectAllMetrics(), WflaunchTracing.SAFETY_POLLS))
        .as("reads while no events come are no safety polls")
        .containsOnly(Map.entry(Attributes.of(BACKEND, "memory"), 4L));
  }

  private static MetricData metric(Collection<MetricData> all, String name) {
    return all.stream().filter(metric -> metric.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name + " among " + all));
  }

  private static Map<Attributes, Long> counts(Collection<MetricData> all, String name) {
    MetricData metric = metric(all, name);
    assertThat(metric.getLongSumData().isMonotonic()).as("%s is a counter", name).isTrue();
    return metric.getLongSumData().getPoints().stream()
        .collect(java.util.stream.Collectors.toMap(LongPointData::getAttributes, LongPointData::getValue));
  }
}
