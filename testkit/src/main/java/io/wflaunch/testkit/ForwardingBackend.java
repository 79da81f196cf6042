package io.wflaunch.testkit;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.StartPrimitives;
import io.wflaunch.spi.WorkflowBackend;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A backend that passes every call to another: tests and benchmarks extend it and override the calls
 * they watch or change (hide a run from listings, count reads, leave {@code close} to the owner).
 */
public class ForwardingBackend implements WorkflowBackend {

  /** The backend every call goes to. */
  protected final WorkflowBackend delegate;

  /**
   * Wraps a backend.
   *
   * @param delegate the backend every call goes to
   */
  public ForwardingBackend(WorkflowBackend delegate) {
    this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public String type() {
    return delegate.type();
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
  public WorkflowTarget parseTarget(WorkflowTarget target) {
    return delegate.parseTarget(target);
  }

  @Override
  public void probe() {
    delegate.probe();
  }

  @Override
  public RunHandle parseHandle(RunHandle handle) {
    return delegate.parseHandle(handle);
  }

  @Override
  public void validate(StartRunRequest request) {
    delegate.validate(request);
  }

  @Override
  public Optional<StartPrimitives<?>> startPrimitives(boolean nonBlocking, io.wflaunch.spi.SendLimits limits) {
    return delegate.startPrimitives(nonBlocking, limits);
  }

  @Override
  public RunStatus getRun(RunHandle handle) {
    return delegate.getRun(handle);
  }

  @Override
  public CompletableFuture<RunStatus> getRunAsync(RunHandle handle, Executor executor) {
    return delegate.getRunAsync(handle, executor);
  }

  @Override
  public CompletableFuture<BatchRead> readRunAsync(RunHandle handle, Executor executor) {
    return delegate.readRunAsync(handle, executor);
  }

  @Override
  public CompletableFuture<BatchRead> readRunsAsync(List<RunHandle> handles, Optional<Instant> oldestStart,
      Executor executor) {
    return delegate.readRunsAsync(handles, oldestStart, executor);
  }

  @Override
  public void stop(RunHandle handle) {
    delegate.stop(handle);
  }

  @Override
  public RunHandle retry(RunHandle handle) {
    return delegate.retry(handle);
  }

  @Override
  public List<RunStatus> listRuns(WorkflowTarget target, int limit) {
    return delegate.listRuns(target, limit);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
