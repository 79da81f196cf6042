package io.wflaunch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.BulkListener;
import io.wflaunch.BulkOptions;
import io.wflaunch.CancelledException;
import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartResult;
import io.wflaunch.StartRunRequest;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.StartKey;
import io.wflaunch.spi.StartPrimitives;
import io.wflaunch.spi.WorkflowBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Starts of one key in one launcher share one start, with real threads; and what closing the launcher
 * or leaving a start tells the callers. The backend is scripted per start request: a test holds a
 * request's answer, fails it, or throws.
 */
class SingleFlightTest {

  private static final WorkflowTarget TARGET = WorkflowTarget.of("scripted", "etl");
  private static final RunHandle RUN = RunHandle.of("scripted", "etl", "run-1");

  /** A backend that only looks up (as some services do): each start request meets {@code onStart}. */
  static final class Scripted implements WorkflowBackend {
    final AtomicInteger starts = new AtomicInteger();
    final CountDownLatch firstStart = new CountDownLatch(1);
    volatile Function<Integer, CompletableFuture<RunHandle>> onStart = n -> CompletableFuture.completedFuture(RUN);
    volatile Optional<RunHandle> visible = Optional.empty();
    volatile Runnable onClose = () -> { };

    @Override
    public String id() {
      return "scripted";
    }

    @Override
    public IdentifierScheme scheme() {
      return IdentifierScheme.of("scripted", List.of("workflow"), List.of("workflow", "run"));
    }

    @Override
    public RunStatus getRun(RunHandle handle) {
      return RunStatus.builder(handle, RunState.RUNNING, "RUNNING").build();
    }

    @Override
    public List<RunStatus> listRuns(WorkflowTarget target, int limit) {
      return List.of();
    }

    @Override
    public void close() {
      onClose.run();
    }

    @Override
    public Optional<StartPrimitives<?>> startPrimitives(boolean nonBlocking, io.wflaunch.spi.SendLimits limits) {
      return Optional.of(new StartPrimitives<String>() {
        @Override
        public Dedupe dedupe(String prepared) {
          return Dedupe.NONE;
        }

        @Override
        public boolean canLookUp(String prepared) {
          return true;
        }

        @Override
        public CompletableFuture<String> prepare(StartRunRequest request, StartKey key) {
          return CompletableFuture.completedFuture(key.value());
        }

        @Override
        public CompletableFuture<Optional<RunHandle>> lookUp(String prepared) {
          return CompletableFuture.completedFuture(visible);
        }

        @Override
        public CompletableFuture<RunHandle> startOnce(String prepared) {
          int n = starts.incrementAndGet();
          firstStart.countDown();
          return onStart.apply(n);
        }

        @Override
        public RuntimeException mapFailure(Throwable failure, ErrorContext context, Operation operation) {
          Throwable raw = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
              : failure;
          return raw instanceof RuntimeException runtime ? runtime : new IllegalStateException(raw);
        }
      });
    }
  }

  private final Scripted backend = new Scripted();
  private final List<WorkflowLauncher> launchers = new ArrayList<>();

  private WorkflowLauncher launcher(StartPolicy policy) {
    WorkflowLauncher launcher = WorkflowLauncher.builder().backend(backend).startPolicy(policy).build();
    launchers.add(launcher);
    return launcher;
  }

  @AfterEach
  void close() {
    launchers.forEach(WorkflowLauncher::close);
  }

  private static StartRunRequest keyed(String key) {
    return StartRunRequest.builder(TARGET).parameter("day", "7").idempotencyKey(key).build();
  }

  private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
    try {
      future.get(5, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  @Test
  void eightThreadsStartingOneKeyTogetherShareOneStartRequest() throws Exception {
    CompletableFuture<RunHandle> answer = new CompletableFuture<>();
    backend.onStart = n -> {
      backend.visible = Optional.of(RUN); // the service lists the run it created
      return answer;
    };
    WorkflowLauncher launcher = launcher(StartPolicy.DEFAULT.withoutPauses());
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      CyclicBarrier together = new CyclicBarrier(8);
      List<Future<RunHandle>> calls = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        boolean async = t % 2 == 0;
        calls.add(threads.submit(() -> {
          together.await();
          return async ? launcher.startAsync(keyed("k")).join() : launcher.start(keyed("k"));
        }));
      }
      assertThat(backend.firstStart.await(5, TimeUnit.SECONDS)).isTrue();
      answer.complete(RUN);
      Set<RunHandle> handles = ConcurrentHashMap.newKeySet();
      for (Future<RunHandle> call : calls) {
        handles.add(call.get(5, TimeUnit.SECONDS));
      }
      assertThat(handles).containsExactly(RUN);
      assertThat(backend.starts).as("one start request for eight callers (the later ones joined it, or found its "
          + "run once it had answered)").hasValue(1);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void theKeyWithADifferentRequestWhileItsStartIsInFlightIsAConflict() throws Exception {
    CompletableFuture<RunHandle> answer = new CompletableFuture<>();
    backend.onStart = n -> answer;
    WorkflowLauncher launcher = launcher(StartPolicy.DEFAULT.withoutPauses());
    CompletableFuture<RunHandle> first = launcher.startAsync(keyed("k"));
    assertThat(backend.firstStart.await(5, TimeUnit.SECONDS)).isTrue();

    StartRunRequest other = keyed("k").toBuilder().parameter("day", "8").build();
    assertThatThrownBy(() -> launcher.start(other)).isInstanceOfSatisfying(ConflictException.class,
        e -> assertThat(e.getMessage()).contains("different request").doesNotContain("day"));
    answer.complete(RUN);
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(RUN);
    assertThat(backend.starts).hasValue(1);
  }

  @Test
  void anErrorThatEndsTheFirstStartDoesNotHoldTheKeyForLaterStarts() throws Exception {
    AtomicBoolean broken = new AtomicBoolean(true);
    backend.onStart = n -> {
      if (broken.getAndSet(false)) {
        throw new NoSuchMethodError("an SDK of another version");
      }
      return CompletableFuture.completedFuture(RUN);
    };
    WorkflowLauncher launcher = launcher(StartPolicy.DEFAULT.withoutPauses());

    assertThat(failureOf(launcher.startAsync(keyed("k")))).isNotNull();

    assertThat(launcher.startAsync(keyed("k")).get(5, TimeUnit.SECONDS)).isEqualTo(RUN);
    assertThat(launcher.start(keyed("k"))).isEqualTo(RUN);
  }

  @Test
  void aCallerAfterEveryCallerLeftGetsTheRunThatStartMadeOrStartsTheKeyAfresh() throws Exception {
    CompletableFuture<RunHandle> answer = new CompletableFuture<>();
    backend.onStart = n -> n == 1 ? answer : CompletableFuture.completedFuture(RUN);
    WorkflowLauncher launcher = launcher(StartPolicy.DEFAULT.withoutPauses());
    CompletableFuture<RunHandle> left = launcher.startAsync(keyed("k"));
    assertThat(backend.firstStart.await(5, TimeUnit.SECONDS)).isTrue();
    left.cancel(false);

    CompletableFuture<RunHandle> later = launcher.startAsync(keyed("k"));
    // The left start's request did start the run, but its answer was lost; the look-up then finds it.
    backend.visible = Optional.of(RUN);
    answer.completeExceptionally(new BackendUnavailableException(ErrorContext.of(TARGET), "no answer", true, null));

    assertThat(later.get(5, TimeUnit.SECONDS)).as("the later caller's answer is the run, not the other's cancel")
        .isEqualTo(RUN);
    assertThat(backend.starts).as("no second start request").hasValue(1);
  }

  @Test
  void closingTellsTheCallersWhoJoinedAStartThatItWasCancelledAndThatARunMayExist() throws Exception {
    backend.onStart = n -> new CompletableFuture<>();
    WorkflowLauncher launcher = launcher(StartPolicy.DEFAULT.withoutPauses());
    CompletableFuture<RunHandle> first = launcher.startAsync(keyed("k"));
    CompletableFuture<RunHandle> joined = launcher.startAsync(keyed("k"));
    assertThat(backend.firstStart.await(5, TimeUnit.SECONDS)).isTrue();

    launcher.close();

    for (CompletableFuture<RunHandle> caller : List.of(first, joined)) {
      assertThat(failureOf(caller)).isInstanceOfSatisfying(CancelledException.class,
          e -> assertThat(e.outcomeUnknown()).as("the start request is out").isTrue());
    }
  }

  @Test
  void closingWhileARetryIsOutAfterAThrottledAttemptSaysARunMayExist() throws Exception {
    backend.onStart = n -> n == 1
        ? CompletableFuture.failedFuture(new ThrottledException(ErrorContext.of(TARGET), "slow down", null))
        : new CompletableFuture<>();
    WorkflowLauncher launcher = launcher(StartPolicy.DEFAULT.withoutPauses());
    CountDownLatch second = new CountDownLatch(1);
    Function<Integer, CompletableFuture<RunHandle>> script = backend.onStart;
    backend.onStart = n -> {
      CompletableFuture<RunHandle> answer = script.apply(n);
      if (n == 2) {
        second.countDown();
      }
      return answer;
    };
    CompletableFuture<RunHandle> keyless = launcher.startAsync(StartRunRequest.builder(TARGET).build());
    assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();

    launcher.close();

    assertThat(failureOf(keyless)).isInstanceOfSatisfying(CancelledException.class,
        e -> assertThat(e.outcomeUnknown()).as("the second start request is out").isTrue());
  }

  /** A clock that holds the launcher's scheduler thread once, where a test says. */
  static final class HeldClock extends Clock {
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger schedulerReads = new AtomicInteger();
    volatile boolean armed;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      if (armed && Thread.currentThread().getName().startsWith("wflaunch-scheduler")
          && schedulerReads.incrementAndGet() == 2) {
        held.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return Instant.now();
    }
  }

  @Test
  void aStartAllWhoseWaitingRequestIsPutBackWhileTheLauncherClosesStillEnds() throws Exception {
    CountDownLatch inBackendClose = new CountDownLatch(1);
    CountDownLatch backendCloseGo = new CountDownLatch(1);
    backend.onClose = () -> {
      inBackendClose.countDown();
      try {
        backendCloseGo.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    backend.onStart = n -> CompletableFuture.failedFuture(new ThrottledException(ErrorContext.of(TARGET), "slow", null));
    HeldClock clock = new HeldClock();
    WorkflowLauncher launcher = WorkflowLauncher.builder().backend(backend).clock(clock)
        .startPolicy(StartPolicy.builder().maxAttempts(1).build()).build();
    CountDownLatch waiting = new CountDownLatch(1);
    List<StartResult> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    CompletableFuture<List<StartResult>> all = launcher.startAllAsync(List.of(StartRunRequest.builder(TARGET).build()),
        BulkOptions.DEFAULT.withConcurrency(1).withStartsPerSecond(0.01).withListener(new BulkListener() {
          @Override
          public void onResult(StartResult result, int started, int failed) {
            told.add(result);
          }

          @Override
          public void onWait(int index, WorkflowLaunchException reason, Duration retryIn) {
            clock.armed = true;
            waiting.countDown();
          }
        }));
    assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
    // The retry has taken the waiting request and is about to find that the rate makes it wait again.
    assertThat(clock.held.await(5, TimeUnit.SECONDS)).isTrue();
    Thread closer = new Thread(launcher::close);
    closer.start();
    try {
      assertThat(inBackendClose.await(5, TimeUnit.SECONDS)).isTrue();
      clock.release.countDown();

      assertThat(failureOf(all)).as("startAll ends before close() shuts the scheduler down")
          .isInstanceOf(CancelledException.class);
      assertThat(told).singleElement().satisfies(result -> assertThat(result.error()).get()
          .isInstanceOfSatisfying(CancelledException.class, e -> assertThat(e.outcomeUnknown()).isFalse()));
    } finally {
      clock.release.countDown();
      backendCloseGo.countDown();
      closer.join(5_000);
    }
  }
}
