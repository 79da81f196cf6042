package io.wflaunch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.AccessDeniedException;
import io.wflaunch.BulkOptions;
import io.wflaunch.CancelledException;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartResult;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** startAll's waiting line, on the in-memory backend and virtual time. */
class BulkStartTest {

  private static final WorkflowTarget ETL = WorkflowTarget.of("memory", "etl");

  private final VirtualScheduler time = new VirtualScheduler();
  private final InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder().clock(time.clock())
      .workflow("etl", RunScript.succeedsAfter(Duration.ofMinutes(1))).build();
  private final WorkflowLauncher launcher = WorkflowLauncher.builder().backend(memory).clock(time.clock())
      .scheduler(time).executor(time).random(new Random(2))
      .startPolicy(new StartPolicy(1, Duration.ZERO, Duration.ZERO, 1, Duration.ZERO)).build();

  @AfterEach
  void close() {
    launcher.close();
    time.shutdownNow();
  }

  @Test
  void whenTheFirstWaitingRequestFailsForGoodTheOthersAreStillTried() {
    memory.throttleNext(2);
    List<StartRunRequest> requests = List.of(request(0), request(1), request(2));

    CompletableFuture<List<StartResult>> all = launcher.startAllAsync(requests, BulkOptions.DEFAULT.withConcurrency(3));
    time.runDueTasks();
    memory.faults().denyNext(1);
    assertThat(time.advanceUntil(all::isDone, Duration.ofHours(1))).as("startAll ends").isTrue();

    List<StartResult> results = all.join();
    assertThat(results.get(0).error()).hasValueSatisfying(e -> assertThat(e).isInstanceOf(AccessDeniedException.class));
    assertThat(results.get(1).started()).isTrue();
    assertThat(results.get(2).started()).isTrue();
  }

  @Test
  void retriesAfterThrottlingKeepToTheHalvedRate() {
    memory.throttleNext(1);
    List<StartRunRequest> requests = IntStream.range(0, 40).mapToObj(this::request).toList();

    CompletableFuture<List<StartResult>> all = launcher.startAllAsync(requests,
        BulkOptions.DEFAULT.withConcurrency(40).withStartsPerSecond(4));
    assertThat(time.advanceUntil(all::isDone, Duration.ofHours(1))).isTrue();

    assertThat(all.join()).allSatisfy(result -> assertThat(result.started()).isTrue());
    assertThat(time.now()).as("40 starts at 4 per second, halved once and grown back")
        .isAfter(VirtualScheduler.DEFAULT_ORIGIN.plusSeconds(9));
  }

  @Test
  void aSynchronouslyFailingStreamOfRequestsDoesNotGrowTheStack() {
    List<StartRunRequest> requests = IntStream.range(0, 20_000)
        .mapToObj(i -> StartRunRequest.builder(WorkflowTarget.of("memory", "no such workflow")).build()).toList();

    CompletableFuture<List<StartResult>> all = launcher.startAllAsync(requests,
        BulkOptions.DEFAULT.withConcurrency(1).withStartsPerSecond(1_000_000));
    assertThat(time.advanceUntil(all::isDone, Duration.ofHours(1))).isTrue();

    assertThat(all.join()).hasSize(20_000).noneMatch(StartResult::started);
  }

  @Test
  void cancellingStartAllTellsOfAStartInFlightThatItSentNothing() {
    ForwardingBackend blockingOnly = new ForwardingBackend(memory) {
      @Override
      public java.util.Optional<io.wflaunch.spi.StartPrimitives<?>> startPrimitives(boolean nonBlocking,
          io.wflaunch.spi.SendLimits limits) {
        return nonBlocking ? java.util.Optional.empty() : delegate.startPrimitives(false, limits);
      }
    };
    WorkflowLauncher queued = WorkflowLauncher.builder().backend(blockingOnly).clock(time.clock()).scheduler(time)
        .executor(time).build();
    List<StartRunRequest> requests = IntStream.range(0, 5).mapToObj(this::request).toList();
    List<StartResult> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    CompletableFuture<List<StartResult>> all = queued.startAllAsync(requests, BulkOptions.DEFAULT.withListener(
        new io.wflaunch.BulkListener() {
          @Override
          public void onResult(StartResult result, int started, int failed) {
            told.add(result);
          }
        }));

    all.cancel(false);
    time.advanceBy(Duration.ofMinutes(1));

    assertThat(all).isCancelled();
    assertThat(told).as("the start in flight (one, at the start rate), queued on the executor when cancelled")
        .singleElement().satisfies(result -> assertThat(result.error()).get()
            .isInstanceOfSatisfying(CancelledException.class, error -> assertThat(error.outcomeUnknown())
                .as("no start request was sent").isFalse()));
    assertThat(memory.runCount(ETL)).as("nothing started").isZero();
    queued.close();
  }

  @Test
  void aStartThatSucceededBeforeTheCancelKeepsItsHandle() {
    java.util.concurrent.CompletableFuture<Void> gate = new java.util.concurrent.CompletableFuture<>();
    ForwardingBackend held = new ForwardingBackend(memory) {
      @Override
      public java.util.Optional<io.wflaunch.spi.StartPrimitives<?>> startPrimitives(boolean nonBlocking,
          io.wflaunch.spi.SendLimits limits) {
        // The start request is out when the cancel comes, and answers afterwards.
        return delegate.startPrimitives(nonBlocking, limits).map(primitives -> gated(primitives, gate));
      }
    };
    WorkflowLauncher launcher = WorkflowLauncher.builder().backend(held).clock(time.clock()).scheduler(time)
        .executor(time).build();
    List<StartResult> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    CompletableFuture<List<StartResult>> all = launcher.startAllAsync(List.of(request(1)),
        BulkOptions.DEFAULT.withListener(new io.wflaunch.BulkListener() {
          @Override
          public void onResult(StartResult result, int started, int failed) {
            told.add(result);
          }
        }));
    time.advanceBy(Duration.ofSeconds(1));

    all.cancel(false);
    gate.complete(null);
    time.advanceBy(Duration.ofSeconds(1));

    assertThat(told).singleElement().satisfies(result -> {
      assertThat(result.started()).as("the run the start made is reported, not lost").isTrue();
      assertThat(result.handle()).get().isEqualTo(memory.listRuns(ETL, 1).get(0).handle());
    });
    launcher.close();
  }

  private StartRunRequest request(int n) {
    return StartRunRequest.builder(ETL).parameter("n", Integer.toString(n)).build();
  }

  /** The primitives with each start request held until {@code gate} opens. */
  @SuppressWarnings("unchecked")
  private static <P> io.wflaunch.spi.StartPrimitives<P> gated(io.wflaunch.spi.StartPrimitives<?> some,
      CompletableFuture<Void> gate) {
    io.wflaunch.spi.StartPrimitives<P> primitives = (io.wflaunch.spi.StartPrimitives<P>) some;
    return new io.wflaunch.spi.StartPrimitives<P>() {
      @Override
      public Dedupe dedupe(P prepared) {
        return primitives.dedupe(prepared);
      }

      @Override
      public boolean canLookUp(P prepared) {
        return primitives.canLookUp(prepared);
      }

      @Override
      public CompletableFuture<P> prepare(StartRunRequest request, io.wflaunch.spi.StartKey key) {
        return primitives.prepare(request, key);
      }

      @Override
      public CompletableFuture<java.util.Optional<io.wflaunch.RunHandle>> lookUp(P prepared) {
        return primitives.lookUp(prepared);
      }

      @Override
      public CompletableFuture<io.wflaunch.RunHandle> startOnce(P prepared) {
        return gate.thenCompose(open -> primitives.startOnce(prepared));
      }

      @Override
      public RuntimeException mapFailure(Throwable failure, io.wflaunch.ErrorContext context,
          io.wflaunch.spi.Operation operation) {
        return primitives.mapFailure(failure, context, operation);
      }
    };
  }
}
