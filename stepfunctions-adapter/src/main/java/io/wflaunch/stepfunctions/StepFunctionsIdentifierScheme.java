package io.wflaunch.stepfunctions;

import io.wflaunch.spi.RegisteredIdentifierScheme;

/** Registers the {@code sfn} identifier scheme with {@link java.util.ServiceLoader}. */
public final class StepFunctionsIdentifierScheme extends RegisteredIdentifierScheme {

  /** Used by {@link java.util.ServiceLoader}. */
  public StepFunctionsIdentifierScheme() {
    super(StepFunctionsBackend.SCHEME);
  }
}
