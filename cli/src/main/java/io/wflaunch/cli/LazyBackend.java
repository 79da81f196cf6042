package io.wflaunch.cli;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.StartPrimitives;
import io.wflaunch.spi.WorkflowBackend;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A backend whose SDK client is built on first use, so that a command for one service never needs
 * another service's configuration (a region, a token).
 */
final class LazyBackend implements WorkflowBackend {

  private final String id;
  private final IdentifierScheme scheme;
  private final Supplier<WorkflowBackend> factory;
  private WorkflowBackend backend;

  LazyBackend(String id, IdentifierScheme scheme, Supplier<WorkflowBackend> factory) {
    this.id = id;
    this.scheme = scheme;
    this.factory = factory;
  }

  private synchronized WorkflowBackend backend() {
    if (backend == null) {
      backend = factory.get();
    }
    return backend;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public IdentifierScheme scheme() {
    return scheme;
  }

  @Override
  public WorkflowTarget parseTarget(WorkflowTarget target) {
    return backend().parseTarget(target);
  }

  @Override
  public void probe() {
    backend().probe();
  }

  @Override
  public RunHandle parseHandle(RunHandle handle) {
    return backend().parseHandle(handle);
  }

  @Override
  public void validate(StartRunRequest request) {
    backend().validate(request);
  }

  @Override
  public Optional<StartPrimitives<?>> startPrimitives(boolean nonBlocking, io.wflaunch.spi.SendLimits limits) {
    return backend().startPrimitives(nonBlocking, limits);
  }

  @Override
  public RunStatus getRun(RunHandle handle) {
    return backend().getRun(handle);
  }

  @Override
  public List<RunStatus> getRuns(List<RunHandle> handles) {
    return backend().getRuns(handles);
  }

  @Override
  public void stop(RunHandle handle) {
    backend().stop(handle);
  }

  @Override
  public CompletableFuture<Void> stopAsync(RunHandle handle, Executor executor) {
    return backend().stopAsync(handle, executor);
  }

  @Override
  public RunHandle retry(RunHandle handle) {
    return backend().retry(handle);
  }

  @Override
  public CompletableFuture<RunHandle> retryAsync(RunHandle handle, Executor executor) {
    return backend().retryAsync(handle, executor);
  }

  @Override
  public List<RunStatus> listRuns(WorkflowTarget target, int limit) {
    return backend().listRuns(target, limit);
  }

  @Override
  public CompletableFuture<RunStatus> getRunAsync(RunHandle handle, Executor executor) {
    return backend().getRunAsync(handle, executor);
  }

  @Override
  public CompletableFuture<io.wflaunch.spi.BatchRead> readRunAsync(RunHandle handle, Executor executor) {
    return backend().readRunAsync(handle, executor);
  }

  @Override
  public CompletableFuture<io.wflaunch.spi.BatchRead> readRunsAsync(List<RunHandle> handles,
      Optional<java.time.Instant> oldestStart, Executor executor) {
    return backend().readRunsAsync(handles, oldestStart, executor);
  }

  @Override
  public synchronized void close() {
    if (backend != null) {
      backend.close();
    }
  }
}
