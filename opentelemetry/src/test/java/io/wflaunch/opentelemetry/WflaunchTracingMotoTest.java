package io.wflaunch.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.awssdk.v2_2.AwsSdkTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.glue.GlueBackend;
import io.wflaunch.testkit.moto.MotoServerExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * The real Glue SDK client over HTTP to moto, instrumented with the OpenTelemetry AWS SDK
 * instrumentation: its request spans are children of the launcher call's span.
 */
class WflaunchTracingMotoTest {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  @Test
  void theSdksRequestSpansAreChildrenOfTheLauncherCallsSpan() {
    MOTO.reset();
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build())
            .build();
        GlueClient glue = GlueClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(o -> o.addExecutionInterceptor(AwsSdkTelemetry.create(otel)
                .createExecutionInterceptor()))
            .build()) {
      glue.createWorkflow(r -> r.name("nightly-etl"));
      exporter.reset();
      try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(GlueBackend.create(glue))
          .observer(WflaunchTracing.create(otel)).build()) {
        RunHandle run = launcher.start(StartRunRequest.builder(WorkflowTarget.of("glue", "nightly-etl"))
            .idempotencyKey("etl-2026-11-24").build());
        launcher.getRun(run);
      }

      List<SpanData> spans = exporter.getFinishedSpanItems();
      SpanData start = only(spans, "wflaunch.start");
      SpanData get = only(spans, "wflaunch.get_run");
      List<SpanData> sdk = spans.stream().filter(span -> span.getKind() == SpanKind.CLIENT).toList();
      assertThat(sdk).extracting(SpanData::getName)
          .contains("Glue.StartWorkflowRun", "Glue.GetWorkflowRun");
      assertThat(sdk).allSatisfy(span -> assertThat(span.getParentSpanId())
          .isIn(start.getSpanId(), get.getSpanId()));
      assertThat(sdk).filteredOn(span -> span.getName().equals("Glue.StartWorkflowRun"))
          .singleElement().satisfies(span -> assertThat(span.getParentSpanId()).isEqualTo(start.getSpanId()));
      assertThat(sdk).filteredOn(span -> span.getParentSpanId().equals(get.getSpanId()))
          .extracting(SpanData::getName).containsExactly("Glue.GetWorkflowRun");
    }
  }

  @Test
  void anAsyncKeyedStartKeepsItsSpanCurrentOnTheSdksThreads() {
    MOTO.reset();
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build())
            .build()) {
      ExecutionInterceptor sdkSpans = AwsSdkTelemetry.create(otel).createExecutionInterceptor();
      StaticCredentialsProvider credentials =
          StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
      try (GlueClient glue = GlueClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
              .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder())
              .overrideConfiguration(o -> o.addExecutionInterceptor(sdkSpans)).build();
          GlueAsyncClient asyncGlue = GlueAsyncClient.builder().endpointOverride(MOTO.endpoint())
              .region(Region.US_EAST_1).credentialsProvider(credentials)
              .overrideConfiguration(o -> o.addExecutionInterceptor(sdkSpans)).build()) {
        glue.createWorkflow(r -> r.name("nightly-etl"));
        exporter.reset();
        try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(GlueBackend.create(glue, asyncGlue))
            .observer(WflaunchTracing.create(otel)).build()) {
          launcher.startAsync(StartRunRequest.builder(WorkflowTarget.of("glue", "nightly-etl"))
              .idempotencyKey("etl-async").build()).join();
        }
      }

      List<SpanData> spans = exporter.getFinishedSpanItems();
      SpanData start = only(spans, "wflaunch.start");
      List<SpanData> sdk = spans.stream().filter(span -> span.getKind() == SpanKind.CLIENT).toList();
      // The look-up by key, the start once it found nothing, and the look-ups that confirm the run.
      assertThat(sdk).extracting(SpanData::getName).contains("Glue.GetWorkflowRuns", "Glue.StartWorkflowRun");
      assertThat(sdk).hasSizeGreaterThanOrEqualTo(2)
          .allSatisfy(span -> assertThat(span.getParentSpanId()).as(span.getName()).isEqualTo(start.getSpanId()));
    }
  }

  private static SpanData only(List<SpanData> spans, String name) {
    return spans.stream().filter(span -> span.getName().equals(name)).reduce((a, b) -> {
      throw new AssertionError("two spans named " + name);
    }).orElseThrow(() -> new AssertionError("no span named " + name + " among " + spans));
  }
}
