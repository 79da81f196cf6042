package io.wflaunch.benchmarks;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.glue.GlueBackend;
import io.wflaunch.micrometer.WflaunchMetrics;
import io.wflaunch.opentelemetry.WflaunchTracing;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * What an observer adds to a call: a Glue start and getRun over canned in-process HTTP with no
 * observer, with the Micrometer metrics (a simple registry), and with the OpenTelemetry spans (an SDK
 * tracer that samples every span and exports none). Compare the scores of one run:
 * {@code java -jar benchmarks/target/benchmarks.jar Observer -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 15, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms2g", "-Xmx2g", "-Xmn1500m"})
public class ObserverBenchmark {

  /** The observer: none, metrics or tracing. */
  @Param({"none", "metrics", "tracing"})
  public String observer;

  private GlueClient glue;
  private GlueClient once;
  private OpenTelemetrySdk otel;
  private WorkflowLauncher launcher;
  private final StartRunRequest request =
      StartRunRequest.builder(WorkflowTarget.of("glue", "etl")).parameter("date", "2026-11-24").build();

  /** Builds the clients and the launcher. */
  @Setup(Level.Trial)
  public void setUp() {
    glue = StartGetBenchmark.glue(false);
    once = StartGetBenchmark.glue(true);
    WorkflowLauncher.Builder builder =
        WorkflowLauncher.builder().backend(GlueBackend.create(glue));
    switch (observer) {
      case "none" -> { }
      case "metrics" -> builder.observer(WflaunchMetrics.create(new SimpleMeterRegistry()));
      case "tracing" -> {
        otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder().build()).build();
        builder.observer(WflaunchTracing.create(otel));
      }
      default -> throw new IllegalArgumentException(observer);
    }
    launcher = builder.build();
  }

  /** Closes them. */
  @TearDown(Level.Trial)
  public void tearDown() {
    launcher.close();
    glue.close();
    once.close();
    if (otel != null) {
      otel.close();
    }
  }

  /**
   * A start, then getRun.
   *
   * @return the status
   */
  @Benchmark
  public RunStatus startAndGet() {
    RunHandle handle = launcher.start(request);
    return launcher.getRun(handle);
  }
}
