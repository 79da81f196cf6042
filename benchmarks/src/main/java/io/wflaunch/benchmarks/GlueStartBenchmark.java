package io.wflaunch.benchmarks;

import io.wflaunch.InMemoryIdempotencyStore;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.glue.GlueBackend;
import io.wflaunch.spi.store.IdempotencyRecord;
import io.wflaunch.testkit.ForwardingIdempotencyStore;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
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
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;
import software.amazon.awssdk.services.glue.model.StartWorkflowRunRequest;

/**
 * The CPU and allocation of one Glue start through wflaunch against the raw SDK call, over canned
 * in-process HTTP. The start protocol sends its requests without the SDK's retries; over a client that
 * retries, that takes a per-request override that makes the SDK rebuild its configuration for the
 * request, over a {@code startClient} built without retries it takes nothing. Compare the ratios of one
 * run ({@code java -jar benchmarks/target/benchmarks.jar GlueStart -prof gc}): the machines are shared.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 15, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms2g", "-Xmx2g", "-Xmn1500m"})
public class GlueStartBenchmark {

  private static final WorkflowTarget ETL = WorkflowTarget.of("glue", "etl");
  private static final StartRunRequest KEYED = StartRunRequest.builder(ETL).parameter("date", "2026-11-24")
      .idempotencyKey(CannedGlue.KEY).build();
  private static final StartRunRequest KEYLESS = StartRunRequest.builder(ETL).parameter("date", "2026-11-24").build();
  private static final StartWorkflowRunRequest RAW = StartWorkflowRunRequest.builder().name("etl")
      .runProperties(Map.of("date", "2026-11-24")).build();
  private static final StartWorkflowRunRequest RAW_TIMED = RAW.toBuilder()
      .overrideConfiguration(o -> o.apiCallTimeout(io.wflaunch.StartPolicy.DEFAULT_REQUEST_TIMEOUT)).build();
  private static final StartWorkflowRunRequest RAW_KEYED = StartWorkflowRunRequest.builder().name("etl")
      .runProperties(Map.of("date", "2026-11-24", "wflaunch.idempotency-key", CannedGlue.KEY)).build();

  private GlueClient retrying;
  private GlueClient handWritten;
  private WorkflowLauncher overRetryingClient;
  private GlueClient storeReads;
  private WorkflowLauncher throughStore;
  private long keys;

  private static GlueClientBuilder builder() {
    return GlueClient.builder().httpClient(CannedGlue.create()).region(Region.US_EAST_1)
        .endpointOverride(URI.create("http://127.0.0.1:1"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")));
  }

  /** Builds the clients and launchers: one over a retrying client, one with a retry-less start client. */
  @Setup(Level.Trial)
  public void setUp() {
    retrying = builder().build();
    handWritten = builder().httpClient(noRuns()).build();
    storeReads = builder().httpClient(noRuns()).build();
    throughStore = WorkflowLauncher.builder().backend(GlueBackend.create(storeReads))
        .idempotencyStore(new Forgetful()).build();
    overRetryingClient = WorkflowLauncher.builder().backend(GlueBackend.create(retrying)).build();
  }

  /** Glue answering a start with a run id and every listing with no runs, as for a new key. */
  private static CannedHttp noRuns() {
    return new CannedHttp("application/x-amz-json-1.1", request ->
        CannedHttp.operation(request).equals("StartWorkflowRun") ? "{\"RunId\":\"wr_0001\"}" : "{\"Runs\":[]}");
  }

  /**
   * The in-memory store, forgetting a key once its run is recorded: every start of the benchmark is of
   * a new key, and a store holding millions of records would measure the collector copying them.
   */
  private static final class Forgetful extends ForwardingIdempotencyStore {
    Forgetful() {
      super(new InMemoryIdempotencyStore());
    }

    @Override
    public Write replace(IdempotencyRecord expected, IdempotencyRecord next) {
      Write write = super.replace(expected, next);
      if (write.applied() && next.handle().isPresent()) {
        release(next);
      }
      return write;
    }
  }

  /** Closes them. */
  @TearDown(Level.Trial)
  public void tearDown() {
    overRetryingClient.close();
    throughStore.close();
    retrying.close();
    handWritten.close();
    storeReads.close();
  }

  /** The SDK alone: one StartWorkflowRun. */
  @Benchmark
  public Object rawSdkStart() {
    return retrying.startWorkflowRun(RAW);
  }

  /**
   * The SDK alone, bounded as wflaunch bounds each request of a start: one StartWorkflowRun with the
   * default API-call timeout (10 s) on the request, which the SDK times with a task on its timer.
   *
   * @return the response
   */
  @Benchmark
  public Object rawSdkStartWithTimeout() {
    return retrying.startWorkflowRun(RAW_TIMED);
  }

  /**
   * A keyed start written by hand: look for a run carrying the key (one GetWorkflowRuns page), then
   * start one (the two calls a careful caller makes without wflaunch).
   *
   * @return the run id
   */
  @Benchmark
  public Object handWrittenKeyedStart() {
    boolean found = handWritten.getWorkflowRuns(r -> r.name("etl").includeGraph(false).maxResults(1000)).runs().stream()
        .anyMatch(run -> run.hasWorkflowRunProperties()
            && CannedGlue.KEY.equals(run.workflowRunProperties().get("wflaunch.idempotency-key")));
    return found ? null : handWritten.startWorkflowRun(RAW_KEYED).runId();
  }

  /** A keyless start (one request) over the retrying client (its requests go over the client's twin). */
  @Benchmark
  public RunHandle keylessStartOverRetryingClient() {
    return overRetryingClient.start(KEYLESS);
  }

  /** A keyed start (look, start, confirm: three requests) over the retrying client. */
  @Benchmark
  public RunHandle keyedStartOverRetryingClient() {
    return overRetryingClient.start(KEYED);
  }

  /**
   * A keyed start of a new key through an in-memory idempotency store:
   * claim, look, start, record (two Glue requests, like the hand-written start, and two store calls;
   * the store then forgets the key, a third call).
   *
   * @return the handle
   */
  @Benchmark
  public RunHandle keyedStartThroughStore() {
    return throughStore.start(StartRunRequest.builder(ETL).parameter("date", "2026-11-24")
        .idempotencyKey("nightly-" + keys++).build());
  }
}
