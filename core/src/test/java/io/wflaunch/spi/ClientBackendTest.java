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

  /** A transport that says which client it is and records each call. */
  record Transport(String name, List<String> calls) {
    Transport(String name) {
      this(name, new ArrayList<>());
    }
  }

  static final class TestBackend extends ClientBackend<Transport> {
    TestBackend(Transport blocking, Transport nonBlocking, List<AutoCloseable> owned) {
      super("test", blocking, nonBlocking, owned);
    }

    @Override
    public IdentifierScheme scheme() {
      return IdentifierScheme.of("test", List.of("workflow"), List.of("workflow", "run"));
    }

    @Override
    protected StartPrimitives<?> startPrimitives(Transport calls) {
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
    protected CompletableFuture<List<RunStatus>> getRuns(Transport calls, List<RunHandle> handles) {
      calls.calls().add("getRuns");
      return CompletableFuture.completedFuture(handles.stream()
          .map(h -> RunStatus.builder(h, RunState.RUNNING, calls.name()).build()).toList());
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

  private final List<Runnable> queued = new ArrayList<>();
  private final Executor executor = queued::add;

  @Test
  void theSynchronousMethodsUseTheBlockingTransportAndUnwrapFailures() {
    Transport blocking = new Transport("blocking");
    Transport async = new Transport("async");
    TestBackend backend = new TestBackend(blocking, async, List.of());

    assertThat(backend.start(StartRunRequest.builder(TARGET).build()).runId()).isEqualTo("blocking");
    assertThat(backend.getRuns(List.of(HANDLE))).extracting(RunStatus::rawStatus).containsExactly("blocking");
    backend.stop(HANDLE);
    backend.listRuns(TARGET, 5);
    assertThatThrownBy(() -> backend.getRun(HANDLE)).isInstanceOf(RunNotFoundException.class);

    assertThat(blocking.calls()).containsExactly("start", "getRuns", "stop", "listRuns", "getRun");
    assertThat(async.calls()).isEmpty();
    assertThat(backend.id()).isEqualTo("test");
  }

  @Test
  void theAsyncMethodsUseTheNonBlockingTransportWhenThereIsOne() {
    Transport blocking = new Transport("blocking");
    Transport async = new Transport("async");
    TestBackend backend = new TestBackend(blocking, async, List.of());

    assertThat(backend.startAsync(StartRunRequest.builder(TARGET).build(), executor).join().runId()).isEqualTo("async");
    backend.getRunsAsync(List.of(HANDLE), executor).join();
    backend.stopAsync(HANDLE, executor).join();
    backend.listRunsAsync(TARGET, 5, executor).join();
    assertThat(backend.getRunAsync(HANDLE, executor)).isCompletedExceptionally();

    assertThat(async.calls()).containsExactly("start", "getRuns", "stop", "listRuns", "getRun");
    assertThat(blocking.calls()).isEmpty();
    assertThat(queued).as("no work went to the executor").isEmpty();
  }

  @Test
  void withoutANonBlockingTransportTheAsyncMethodsRunTheBlockingOneOnTheExecutor() {
    Transport blocking = new Transport("blocking");
    TestBackend backend = new TestBackend(blocking, null, List.of());

    CompletableFuture<RunHandle> started = backend.startAsync(StartRunRequest.builder(TARGET).build(), executor);

    assertThat(started).isNotDone();
    assertThat(queued).hasSize(1);
    queued.get(0).run();
    assertThat(started.join().runId()).isEqualTo("blocking");
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
