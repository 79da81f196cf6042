package io.wflaunch.glue;

import io.wflaunch.spi.RegisteredIdentifierScheme;

/** Registers the {@code glue} identifier scheme with {@link java.util.ServiceLoader}. */
public final class GlueIdentifierScheme extends RegisteredIdentifierScheme {

  /** Used by {@link java.util.ServiceLoader}. */
  public GlueIdentifierScheme() {
    super(GlueBackend.SCHEME);
  }
}
