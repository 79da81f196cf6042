package io.wflaunch.testkit;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.StartPrimitives;
import io.wflaunch.spi.WorkflowBackend;
import java.util.List;
import java.util.Optional;

/** A backend that passes every call to another; tests override the calls they watch. */
class ForwardingBackend implements WorkflowBackend {

  final WorkflowBackend delegate;

  ForwardingBackend(WorkflowBackend delegate) {
    this.delegate = delegate;
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
  public Optional<StartPrimitives<?>> startPrimitives(boolean nonBlocking) {
    return delegate.startPrimitives(nonBlocking);
  }

  @Override
  public RunStatus getRun(RunHandle handle) {
    return delegate.getRun(handle);
  }

  @Override
  public void stop(RunHandle handle) {
    delegate.stop(handle);
  }

  @Override
  public List<RunStatus> listRuns(WorkflowTarget target, int limit) {
    return delegate.listRuns(target, limit);
  }
}
