package io.wflaunch.testkit;

import io.wflaunch.spi.RegisteredIdentifierScheme;

/** Registers the {@code memory} identifier scheme with {@link java.util.ServiceLoader}. */
public final class InMemoryIdentifierScheme extends RegisteredIdentifierScheme {

  /** Used by {@link java.util.ServiceLoader}. */
  public InMemoryIdentifierScheme() {
    super(InMemoryWorkflowBackend.SCHEME);
  }
}
