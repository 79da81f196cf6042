package io.wflaunch.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class ClientBackendTest {

  private static final WorkflowTarget TARGET = WorkflowTarget.of("test", "workflow");
  private static final RunHandle HANDLE = RunHandle.of("test", "workflow", "run-1");
  private static final RunHandle OTHER = RunHandle.of("test", "workflow", "run-2");

  /** A transport that says which client it is and records each call. */
  record Transport(String name, List<String> calls) {
    Transport(String name) {
      this(name, new ArrayList<>());
    }
  }

  static class TestBackend extends ClientBackend<Transport> {
    TestBackend(Transport blocking, Transport nonBlocking, List<AutoCloseable> owned) {
      super("test", blocking, nonBlocking, owned);
    }

    @Override
    public IdentifierScheme scheme() {
      return IdentifierScheme.of("test", List.of("workflow"), List.of("workflow", "run"));
    }

    @Override
    protected StartPrimitives<?> startPrimitives(Transport calls, SendLimits limits) {
      return new StartPrimitives<String>() {
        @Override
        public Dedupe dedupe(String prepared) {
          return Dedupe.TOKEN;
        }

        @Override
        public boolean canLookUp(String prepared) {
          return false;
        }

        @Override
        public CompletableFuture<String> prepare(StartRunRequest request, StartKey key) {
          return CompletableFuture.completedFuture(key.value());
        }

        @Override
        public CompletableFuture<java.util.Optional<RunHandle>> lookUp(String prepared) {
          throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<RunHandle> startOnce(String prepared) {
          calls.calls().add("start");
          return CompletableFuture.completedFuture(RunHandle.of("test", "workflow", calls.name()));
        }

        @Override
        public RuntimeException mapFailure(Throwable failure, ErrorContext context, Operation operation) {
          return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
        }
      };
    }

    @Override
    protected CompletableFuture<RunStatus> getRun(Transport calls, RunHandle handle) {
      calls.calls().add("getRun");
      return CompletableFuture.failedFuture(new RunNotFoundException(ErrorContext.of(handle), calls.name(), null));
    }

    @Override
    protected CompletableFuture<BatchRead> readRuns(Transport calls, List<RunHandle> handles,
        java.util.Optional<java.time.Instant> oldestStart) {
      calls.calls().add("readRuns");
      java.util.Map<RunHandle, RunStatus> statuses = new java.util.LinkedHashMap<>();
      handles.forEach(h -> statuses.put(h, RunStatus.builder(h, RunState.RUNNING, calls.name()).build()));
      return CompletableFuture.completedFuture(new BatchRead(statuses, 1));
    }

    @Override
    protected CompletableFuture<Void> stop(Transport calls, RunHandle handle) {
      calls.calls().add("stop");
      return CompletableFuture.completedFuture(null);
    }

    @Override
    protected CompletableFuture<List<RunStatus>> listRuns(Transport calls, WorkflowTarget target, int limit) {
      calls.calls().add("listRuns");
      return CompletableFuture.completedFuture(List.of());
    }
  }

  private static final SendLimits LIMITS = SendLimits.perRequest(java.time.Duration.ofSeconds(1));

  /** One start over the backend's primitives of one kind, as the launcher's protocol sends it. */
  @SuppressWarnings("unchecked")
  private static RunHandle startOnce(TestBackend backend, boolean nonBlocking) {
    StartPrimitives<String> primitives = (StartPrimitives<String>) backend.startPrimitives(nonBlocking, LIMITS)
        .orElseThrow();
    return primitives.prepare(StartRunRequest.builder(TARGET).build(), new StartKey("k", false))
        .thenCompose(primitives::startOnce).join();
  }

  private final List<Runnable> queued = new ArrayList<>();
  private final Executor executor = queued::add;

  @Test
  void theSynchronousMethodsUseTheBlockingTransportAndUnwrapFailures() {
    Transport blocking = new Transport("blocking");
    Transport async = new Transport("async");
    TestBackend backend = new TestBackend(blocking, async, List.of());

    assertThat(startOnce(backend, false).runId()).isEqualTo("blocking");
    assertThat(backend.getRuns(List.of(HANDLE, OTHER))).extracting(RunStatus::rawStatus).containsExactly("blocking", "blocking");
    backend.stop(HANDLE);
    backend.listRuns(TARGET, 5);
    assertThatThrownBy(() -> backend.getRun(HANDLE)).isInstanceOf(RunNotFoundException.class);

    assertThat(blocking.calls()).containsExactly("start", "readRuns", "stop", "listRuns", "getRun");
    assertThat(async.calls()).isEmpty();
    assertThat(backend.id()).isEqualTo("test");
  }

  @Test
  void theAsyncMethodsUseTheNonBlockingTransportWhenThereIsOne() {
    Transport blocking = new Transport("blocking");
    Transport async = new Transport("async");
    TestBackend backend = new TestBackend(blocking, async, List.of());

    assertThat(startOnce(backend, true).runId()).isEqualTo("async");
    backend.getRunsAsync(List.of(HANDLE, OTHER), executor).join();
    backend.stopAsync(HANDLE, executor).join();
    backend.listRunsAsync(TARGET, 5, executor).join();
    assertThat(backend.getRunAsync(HANDLE, executor)).isCompletedExceptionally();

    assertThat(async.calls()).containsExactly("start", "readRuns", "stop", "listRuns", "getRun");
    assertThat(blocking.calls()).isEmpty();
    assertThat(queued).as("no work went to the executor").isEmpty();
  }

  @Test
  void withoutANonBlockingTransportTheAsyncMethodsRunTheBlockingOneOnTheExecutor() {
    Transport blocking = new Transport("blocking");
    TestBackend backend = new TestBackend(blocking, null, List.of());

    CompletableFuture<List<RunStatus>> read = backend.getRunsAsync(List.of(HANDLE, OTHER), executor);

    assertThat(backend.startPrimitives(true, LIMITS)).isEmpty();
    assertThat(read).isNotDone();
    assertThat(queued).hasSize(1);
    queued.get(0).run();
    assertThat(read.join()).extracting(RunStatus::rawStatus).containsExactly("blocking", "blocking");
  }

  @Test
  void oneRunIsReadOnItsOwnAndAThrottledListingFailsTheRead() {
    Transport blocking = new Transport("blocking");
    TestBackend backend = new TestBackend(blocking, null, List.of());

    assertThatThrownBy(() -> backend.getRuns(List.of(HANDLE, HANDLE))).isInstanceOf(RunNotFoundException.class);
    assertThat(blocking.calls()).as("a listing would cost more than one read").containsExactly("getRun");

    TestBackend throttled = new TestBackend(new Transport("throttled"), null, List.of()) {
      @Override
      protected CompletableFuture<BatchRead> readRuns(Transport calls, List<RunHandle> handles,
          java.util.Optional<java.time.Instant> oldestStart) {
        calls.calls().add("readRuns");
        io.wflaunch.ThrottledException slowDown = new io.wflaunch.ThrottledException(ErrorContext.of(HANDLE), "slow down",
            null);
        java.util.Map<RunHandle, io.wflaunch.WorkflowLaunchException> failures = new java.util.LinkedHashMap<>();
        handles.forEach(h -> failures.put(h, slowDown));
        return CompletableFuture.completedFuture(new BatchRead(java.util.Map.of(), 1, failures));
      }
    };
    assertThatThrownBy(() -> throttled.getRuns(List.of(HANDLE, OTHER))).isInstanceOf(io.wflaunch.ThrottledException.class);
  }

  @Test
  void closeClosesWhatTheBackendOwnsEvenWhenOneFails() {
    List<String> closed = new ArrayList<>();
    AutoCloseable failing = () -> {
      closed.add("failing");
      throw new IllegalStateException("cannot close");
    };
    AutoCloseable fine = () -> closed.add("fine");

    new TestBackend(new Transport("b"), null, List.of(failing, fine)).close();

    assertThat(closed).containsExactly("failing", "fine");
    assertThat(new TestBackend(new Transport("b"), null, List.of()).preferredAsyncCalls().name()).isEqualTo("b");
  }
}
