package io.wflaunch.benchmarks;

import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.glue.GlueBackend;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.StartWorkflowRunRequest;

/**
 * Throughput of keyless Glue starts, 64 at a time, each answered after 2 ms by a canned non-blocking
 * HTTP client: the raw async SDK against {@code startAsync} over the same async client (with a
 * retry-less copy for starts, as the README recommends). Scores are starts per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 15, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms2g", "-Xmx2g", "-Xmn1500m"})
public class AsyncStartBenchmark {

  private static final int CONCURRENCY = 64;
  private static final long LATENCY_MICROS = 2_000;
  private static final StartWorkflowRunRequest RAW = StartWorkflowRunRequest.builder().name("etl")
      .runProperties(Map.of("date", "2026-11-24")).build();
  private static final StartRunRequest REQUEST = StartRunRequest.builder(WorkflowTarget.of("glue", "etl"))
      .parameter("date", "2026-11-24").build();

  private ScheduledExecutorService timer;
  private GlueAsyncClient async;
  private GlueClient sync;
  private WorkflowLauncher launcher;

  /** Builds the clients over the canned async HTTP client and the launcher. */
  @Setup(Level.Trial)
  public void setUp() {
    timer = Executors.newScheduledThreadPool(2);
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b"));
    CannedAsyncHttp http = new CannedAsyncHttp("application/x-amz-json-1.1", r -> "{\"RunId\":\"wr_0001\"}", timer,
        LATENCY_MICROS);
    async = GlueAsyncClient.builder().httpClient(http).region(Region.US_EAST_1)
        .endpointOverride(URI.create("http://127.0.0.1:1")).credentialsProvider(credentials).build();
    sync = GlueClient.builder().httpClient(new CannedHttp("application/x-amz-json-1.1", r -> "{\"RunId\":\"wr_0001\"}"))
        .region(Region.US_EAST_1).endpointOverride(URI.create("http://127.0.0.1:1")).credentialsProvider(credentials)
        .build();
    launcher = WorkflowLauncher.builder()
        .backend(GlueBackend.builder(sync).asyncClient(async).build()).build();
  }

  /** Closes everything. */
  @TearDown(Level.Trial)
  public void tearDown() {
    launcher.close();
    async.close();
    sync.close();
    timer.shutdownNow();
  }

  /**
   * 64 raw async starts at once.
   *
   * @return the last answer
   */
  @Benchmark
  @OperationsPerInvocation(CONCURRENCY)
  public Object rawSdkAsync() {
    CompletableFuture<?>[] starts = new CompletableFuture<?>[CONCURRENCY];
    for (int i = 0; i < CONCURRENCY; i++) {
      starts[i] = async.startWorkflowRun(RAW);
    }
    return CompletableFuture.allOf(starts).join();
  }

  /**
   * 64 starts through {@code startAsync} at once.
   *
   * @return the last handle
   */
  @Benchmark
  @OperationsPerInvocation(CONCURRENCY)
  public RunHandle wflaunchAsync() {
    CompletableFuture<?>[] starts = new CompletableFuture<?>[CONCURRENCY];
    for (int i = 0; i < CONCURRENCY; i++) {
      starts[i] = launcher.startAsync(REQUEST);
    }
    CompletableFuture.allOf(starts).join();
    return (RunHandle) starts[CONCURRENCY - 1].join();
  }
}
