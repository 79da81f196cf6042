package io.wflaunch.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WaitOptions;
import io.wflaunch.WaitTimeoutException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.http.OperationCounter;
import io.wflaunch.testkit.moto.MotoServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.WorkflowRun;

/**
 * The real SDK over HTTP against a real moto server. Workflows are created and results read back with
 * plain SDK calls; everything else goes through wflaunch. moto keeps every run RUNNING (also after a
 * stop), so run outcomes are covered by the fake-based tests instead.
 */
class GlueBackendMotoTest {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static final WorkflowTarget ETL = WorkflowTarget.of("glue", "nightly-etl");

  /** Built once: closing the async client's event loop takes seconds, and the clients hold no state. */
  private static GlueClient glue;
  private static GlueAsyncClient asyncGlue;
  private WorkflowLauncher launcher;

  @BeforeAll
  static void clients() {
    glue = GlueMoto.direct(MOTO);
    asyncGlue = GlueMoto.asyncClientBuilder(MOTO).build();
  }

  @AfterAll
  static void closeClients() {
    glue.close();
    asyncGlue.close();
  }

  @BeforeEach
  void setUp() {
    MOTO.reset();
    glue.createWorkflow(r -> r.name("nightly-etl").defaultRunProperties(Map.of("env", "moto")));
    launcher = WorkflowLauncher.builder().backend(GlueBackend.create(glue, asyncGlue)).build();
  }

  @AfterEach
  void tearDown() {
    launcher.close();
  }

  @Test
  void everyRequestOfAKeyedStartCarriesThePolicysRequestTimeoutOnTheWire() {
    io.wflaunch.testkit.chaos.RequestRecorder recorder = new io.wflaunch.testkit.chaos.RequestRecorder();
    java.time.Duration seven = java.time.Duration.ofSeconds(7);
    try (GlueClient recorded = GlueMoto.clientBuilder(MOTO).httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build();
        WorkflowLauncher bounded = WorkflowLauncher.builder().backend(GlueBackend.create(recorded))
            .startPolicy(io.wflaunch.StartPolicy.DEFAULT.toBuilder().requestTimeout(seven).build()).build()) {
      RunHandle run = bounded.start(StartRunRequest.builder(ETL).parameter("date", "2026-11-23")
          .idempotencyKey("bounded").build());
      List<io.wflaunch.testkit.chaos.RequestRecorder.Sent> start = recorder.sent();
      recorder.clear();
      bounded.getRun(run);

      assertThat(start).extracting(io.wflaunch.testkit.chaos.RequestRecorder.Sent::operation)
          .containsExactly("GetWorkflowRuns", "StartWorkflowRun", "GetWorkflowRuns");
      assertThat(start).allSatisfy(sent -> assertThat(sent.apiCallTimeout()).as(sent.operation()).contains(seven));
      assertThat(recorder.sent()).singleElement().satisfies(sent -> assertThat(sent.apiCallTimeout())
          .as("a read outside a start keeps the client's own timeouts").isEmpty());
    }
  }

  @Test
  void aStartRecordsTheParametersInOrderAndTheKey() {
    StartRunRequest request = StartRunRequest.builder(ETL)
        .parameter("date", "2026-11-23").parameter("region", "eu").idempotencyKey("etl-2026-11-23").build();
    RunHandle handle = launcher.start(request);

    Map<String, String> recorded = glue.getWorkflowRunProperties(r -> r.name("nightly-etl").runId(handle.runId()))
        .runProperties();
    assertThat(recorded).containsExactly(Map.entry("env", "moto"), Map.entry("date", "2026-11-23"),
        Map.entry("region", "eu"), Map.entry(GlueOptions.DEFAULT_IDEMPOTENCY_PROPERTY, "etl-2026-11-23"),
        Map.entry(GlueOptions.REQUEST_HASH_PROPERTY, io.wflaunch.spi.support.RequestHash.of(request).substring(0, 16)));
    assertThat(handle.runId()).startsWith("wr_");
    assertThat(RunHandle.parse(handle.toString())).isEqualTo(handle);
  }

  @Test
  void aStartedRunReadsBackAsRunning() {
    RunHandle handle = launcher.start(StartRunRequest.builder(ETL).parameter("date", "d").build());

    RunStatus status = launcher.getRun(handle);

    assertThat(status.state()).isEqualTo(RunState.RUNNING);
    assertThat(status.rawStatus()).isEqualTo("RUNNING");
    assertThat(status.startedAt()).isPresent();
    assertThat(status.details()).containsEntry("runProperties.date", "d");
    assertThat(status.detail(WorkflowRun.class)).hasValueSatisfying(run -> assertThat(run.workflowRunId())
        .isEqualTo(handle.runId()));
  }

  @Test
  void theSameKeyTwiceGivesOneRunAndOneHandle() {
    RunHandle first = launcher.start(StartRunRequest.builder(ETL).idempotencyKey("once").build());
    RunHandle second = launcher.start(StartRunRequest.builder(ETL).idempotencyKey("once").build());

    assertThat(second).isEqualTo(first);
    assertThat(glue.getWorkflowRuns(r -> r.name("nightly-etl")).runs()).hasSize(1);
  }

  @Test
  void listAndBatchedGetSeeEveryRun() {
    List<RunHandle> started = List.of(
        launcher.start(StartRunRequest.builder(ETL).build()),
        launcher.start(StartRunRequest.builder(ETL).build()),
        launcher.start(StartRunRequest.builder(ETL).build()));

    List<RunStatus> listed = launcher.listRuns(ETL, 10);
    List<RunStatus> two = launcher.listRuns(ETL, 2);
    List<RunStatus> batched = launcher.getRuns(List.of(started.get(2), started.get(0), started.get(1)));

    assertThat(listed).extracting(RunStatus::handle).containsExactlyInAnyOrderElementsOf(started);
    assertThat(listed).extracting(status -> status.startedAt().orElseThrow())
        .isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(two).hasSize(2);
    assertThat(batched).extracting(RunStatus::handle).containsExactly(started.get(2), started.get(0), started.get(1));
  }

  @Test
  void aStopIsAccepted() {
    RunHandle handle = launcher.start(StartRunRequest.builder(ETL).build());

    launcher.stop(handle);

    assertThat(launcher.getRun(handle).handle()).isEqualTo(handle);
  }

  @Test
  void aMissingWorkflowAndAMissingRunAreNamedSo() {
    WorkflowTarget missing = WorkflowTarget.of("glue", "no-such-workflow");

    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(missing).build()))
        .isInstanceOfSatisfying(WorkflowNotFoundException.class, e -> {
          assertThat(e.httpStatus()).hasValue(400);
          assertThat(e.requestId()).isPresent();
          assertThat(e.target()).contains(missing);
        });
    assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(missing).idempotencyKey("k").build()))
        .isInstanceOf(WorkflowNotFoundException.class);
    assertThatThrownBy(() -> launcher.listRuns(missing, 5)).isInstanceOf(WorkflowNotFoundException.class);
    assertThatThrownBy(() -> launcher.getRun(RunHandle.of("glue", "nightly-etl", "wr_missing")))
        .isInstanceOf(RunNotFoundException.class);
  }

  @Test
  void theAsyncClientWorksAgainstTheRealProtocolToo() {
    RunHandle handle = launcher.startAsync(StartRunRequest.builder(ETL).idempotencyKey("async").build()).join();

    assertThat(launcher.getRunAsync(handle).join().state()).isEqualTo(RunState.RUNNING);
    assertThat(launcher.startAsync(StartRunRequest.builder(ETL).idempotencyKey("async").build()).join())
        .isEqualTo(handle);
    assertThat(Optional.ofNullable(glue.getWorkflowRuns(r -> r.name("nightly-etl")).runs()).orElseThrow()).hasSize(1);
  }

  /** moto's Glue runs never end, so the waits time out; what this shows is how the tracker reads them. */
  @Test
  void threeHundredRunsAreWaitedForThroughTheTrackerWithListingsOnly() {
    OperationCounter counter = new OperationCounter();
    try (GlueClient counted = GlueMoto.clientBuilder(MOTO).httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(o -> o.addExecutionInterceptor(counter)).build();
        WorkflowLauncher tracking = WorkflowLauncher.builder().backend(GlueBackend.create(counted)).build()) {
      List<RunHandle> runs = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        runs.add(launcher.start(StartRunRequest.builder(ETL).parameter("part", Integer.toString(i)).build()));
      }
      WaitOptions options = WaitOptions.builder().minInterval(Duration.ofMillis(200)).maxInterval(Duration.ofSeconds(1))
          .timeout(Duration.ofSeconds(4)).build();

      List<CompletableFuture<RunStatus>> waits = runs.stream().map(run -> tracking.tracker().track(run, options)).toList();
      CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();

      assertThat(waits).allSatisfy(wait -> assertThatThrownBy(wait::join).cause()
          .isInstanceOfSatisfying(WaitTimeoutException.class,
              e -> assertThat(e.lastStatus()).hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(RunState.RUNNING))));
      assertThat(counter.count("GetWorkflowRun")).as("no run read on its own: %s", counter.counts()).isZero();
      assertThat(counter.count("GetWorkflowRuns")).as("one listing per read: %s", counter.counts())
          .isBetween(3, 15);
      assertThat(tracking.tracker().requestsSent("glue")).isEqualTo(counter.count("GetWorkflowRuns"));
    }
  }

  /**
   * Throttling answered by the real service over HTTP (injected below the SDK, whose own retries are off
   * here): the tracker halves its rate, tells every wait, and reads on once the throttling passes.
   */
  @Test
  void throttledListingsOnTheWireSlowTheTrackerWithoutFailingTheWaits() {
    io.wflaunch.testkit.chaos.ChaosPlan plan = io.wflaunch.testkit.chaos.ChaosPlan.none().script("GetWorkflowRuns",
        io.wflaunch.testkit.chaos.Fault.THROTTLE, io.wflaunch.testkit.chaos.Fault.THROTTLE,
        io.wflaunch.testkit.chaos.Fault.THROTTLE);
    try (GlueClient throttling = GlueMoto.chaotic(MOTO, plan)
            .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()))
            .build();
        WorkflowLauncher tracking = WorkflowLauncher.builder().backend(GlueBackend.create(throttling))
            .trackerOptions(io.wflaunch.TrackerOptions.DEFAULT.withRequestsPerSecond(8)).build()) {
      List<RunHandle> runs = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        runs.add(launcher.start(StartRunRequest.builder(ETL).parameter("part", Integer.toString(i)).build()));
      }
      java.util.concurrent.atomic.AtomicInteger throttledPolls = new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicReference<Double> lowestRate = new java.util.concurrent.atomic.AtomicReference<>(8.0);
      WaitOptions options = WaitOptions.builder().minInterval(Duration.ofMillis(100)).maxInterval(Duration.ofMillis(400))
          .timeout(Duration.ofSeconds(5)).listener(new io.wflaunch.WaitListener() {
            @Override
            public void onPollFailure(io.wflaunch.WorkflowLaunchException failure, Duration nextPollIn) {
              assertThat(failure).isInstanceOf(io.wflaunch.ThrottledException.class);
              throttledPolls.incrementAndGet();
              lowestRate.accumulateAndGet(tracking.tracker().currentRate("glue"), Math::min);
            }
          }).build();

      List<CompletableFuture<RunStatus>> waits = runs.stream().map(run -> tracking.tracker().track(run, options)).toList();
      CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();

      assertThat(plan.scripted("GetWorkflowRuns")).as("every scripted throttle was answered").isEmpty();
      assertThat(throttledPolls.get()).as("the waits in each of the three throttled reads were told of it")
          .isBetween(3, 3 * 20);
      assertThat(lowestRate.get()).as("the rate after three throttled reads").isLessThanOrEqualTo(8.0 / 4);
      assertThat(waits).as("moto's runs never end; the throttling failed no wait").allSatisfy(wait ->
          assertThatThrownBy(wait::join).cause().isInstanceOfSatisfying(WaitTimeoutException.class,
              e -> assertThat(e.lastStatus()).hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(RunState.RUNNING))));
    }
  }

  /** startAll waits out throttled starts answered over HTTP, and a refused keyless start is not doubled. */
  @Test
  void startAllWaitsOutThrottledStartsOnTheWire() {
    io.wflaunch.testkit.chaos.ChaosPlan plan = io.wflaunch.testkit.chaos.ChaosPlan.none().script("StartWorkflowRun",
        io.wflaunch.testkit.chaos.Fault.THROTTLE, io.wflaunch.testkit.chaos.Fault.THROTTLE);
    try (GlueClient throttling = GlueMoto.chaotic(MOTO, plan)
            .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()))
            .build();
        WorkflowLauncher bulk = WorkflowLauncher.builder().backend(GlueBackend.create(throttling))
            .startPolicy(new io.wflaunch.StartPolicy(1, Duration.ZERO, Duration.ZERO, 1, Duration.ZERO)).build()) {
      List<io.wflaunch.WorkflowLaunchException> waitedOut = new java.util.concurrent.CopyOnWriteArrayList<>();
      List<StartRunRequest> requests = java.util.stream.IntStream.range(0, 3)
          .mapToObj(i -> StartRunRequest.builder(ETL).parameter("part", Integer.toString(i)).build()).toList();

      List<io.wflaunch.StartResult> results = bulk.startAll(requests, io.wflaunch.BulkOptions.DEFAULT.withConcurrency(1)
          .withListener(new io.wflaunch.BulkListener() {
            @Override
            public void onWait(int index, io.wflaunch.WorkflowLaunchException reason, Duration retryIn) {
              waitedOut.add(reason);
            }
          }));

      assertThat(plan.scripted("StartWorkflowRun")).isEmpty();
      assertThat(waitedOut).hasSize(2).allSatisfy(reason -> {
        assertThat(reason).isInstanceOf(io.wflaunch.ThrottledException.class);
        assertThat(reason.outcomeUnknown()).isFalse();
      });
      assertThat(results).allSatisfy(result -> assertThat(result.started()).isTrue());
      assertThat(glue.getWorkflowRuns(r -> r.name("nightly-etl").maxResults(1000)).runs())
          .extracting(run -> run.workflowRunProperties().get("part"))
          .as("one run per request, none doubled").containsExactlyInAnyOrder("0", "1", "2");
    }
  }
}
