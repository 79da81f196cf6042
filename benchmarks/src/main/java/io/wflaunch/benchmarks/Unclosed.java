package io.wflaunch.benchmarks;

import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.testkit.ForwardingBackend;

/** A backend passing every call to another, except {@code close}: several launchers share one backend. */
class Unclosed extends ForwardingBackend {

  Unclosed(WorkflowBackend delegate) {
    super(delegate);
  }

  @Override
  public void close() {
    // the backend's owner closes it
  }
}
