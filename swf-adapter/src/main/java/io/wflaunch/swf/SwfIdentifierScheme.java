package io.wflaunch.swf;

import io.wflaunch.spi.RegisteredIdentifierScheme;

/** Registers the {@code swf} identifier scheme with {@link java.util.ServiceLoader}. */
public final class SwfIdentifierScheme extends RegisteredIdentifierScheme {

  /** Used by {@link java.util.ServiceLoader}. */
  public SwfIdentifierScheme() {
    super(SwfBackend.SCHEME);
  }
}
