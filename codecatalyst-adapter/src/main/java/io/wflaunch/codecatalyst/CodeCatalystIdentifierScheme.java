package io.wflaunch.codecatalyst;

import io.wflaunch.spi.RegisteredIdentifierScheme;

/** Registers the {@code codecatalyst} identifier scheme with {@link java.util.ServiceLoader}. */
public final class CodeCatalystIdentifierScheme extends RegisteredIdentifierScheme {

  /** Used by {@link java.util.ServiceLoader}. */
  public CodeCatalystIdentifierScheme() {
    super(CodeCatalystBackend.SCHEME);
  }
}
