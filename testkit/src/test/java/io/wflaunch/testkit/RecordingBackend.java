package io.wflaunch.testkit;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.WorkflowBackend;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/** Wraps a backend, records when each call came, and can fail the next getRun calls with a given error. */
final class RecordingBackend implements WorkflowBackend {

  final WorkflowBackend delegate;
  final Clock clock;
  final List<Instant> getRunCalls = new ArrayList<>();
  final List<List<RunHandle>> getRunsCalls = new ArrayList<>();
  final Deque<Supplier<WorkflowLaunchException>> failures = new ArrayDeque<>();
  boolean closed;

  RecordingBackend(WorkflowBackend delegate, Clock clock) {
    this.delegate = delegate;
    this.clock = clock;
  }

  @Override
  public String id() {
    return delegate.id();
  }

  @Override
  public IdentifierScheme scheme() {
    return delegate.scheme();
  }

  @Override
  public void validate(StartRunRequest request) {
    delegate.validate(request);
  }

  @Override
  public java.util.Optional<io.wflaunch.spi.StartPrimitives<?>> startPrimitives(boolean nonBlocking,
      io.wflaunch.spi.SendLimits limits) {
    return delegate.startPrimitives(nonBlocking, limits);
  }

  @Override
  public synchronized RunStatus getRun(RunHandle handle) {
    getRunCalls.add(clock.instant());
    Supplier<WorkflowLaunchException> failure = failures.poll();
    if (failure != null) {
      throw failure.get();
    }
    return delegate.getRun(handle);
  }

  @Override
  public synchronized List<RunStatus> getRuns(List<RunHandle> handles) {
    getRunsCalls.add(List.copyOf(handles));
    return delegate.getRuns(handles);
  }

  @Override
  public void stop(RunHandle handle) {
    delegate.stop(handle);
  }

  @Override
  public List<RunStatus> listRuns(WorkflowTarget target, int limit) {
    return delegate.listRuns(target, limit);
  }

  @Override
  public void close() {
    closed = true;
  }
}
