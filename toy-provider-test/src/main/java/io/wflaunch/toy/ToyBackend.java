package io.wflaunch.toy;

import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.testkit.ForwardingBackend;
import java.time.Duration;

/** The toy backend: an in-memory backend under the toy's scheme, which knows its boxes' run time. */
public final class ToyBackend extends ForwardingBackend {

  private final Duration runTime;

  private ToyBackend(WorkflowBackend delegate, Duration runTime) {
    super(delegate);
    this.runTime = runTime;
  }

  static ToyBackend over(WorkflowBackend delegate, Duration runTime) {
    return new ToyBackend(delegate, runTime);
  }

  /**
   * How long each run takes, from the {@code run-time} option.
   *
   * @return the run time
   */
  public Duration runTime() {
    return runTime;
  }

  @Override
  public IdentifierScheme scheme() {
    return ToyProvider.SCHEME;
  }
}
