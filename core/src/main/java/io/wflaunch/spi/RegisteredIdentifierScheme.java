package io.wflaunch.spi;

import java.util.List;
import java.util.Objects;

/**
 * Base for the class an adapter names in {@code META-INF/services/io.wflaunch.spi.IdentifierScheme}:
 * a subclass with a public no-argument constructor passing its scheme up.
 *
 * <pre>{@code
 * public final class MyIdentifierScheme extends RegisteredIdentifierScheme {
 *   public MyIdentifierScheme() {
 *     super(MyBackend.SCHEME);
 *   }
 * }
 * }</pre>
 *
 * @deprecated A backend's {@link BackendProvider} names its scheme; register the provider instead
 *     ({@code META-INF/services/io.wflaunch.spi.BackendProvider}).
 */
@Deprecated(since = "0.2.0")
public abstract class RegisteredIdentifierScheme implements IdentifierScheme {

  private final IdentifierScheme scheme;

  /**
   * Registers {@code scheme}.
   *
   * @param scheme the scheme to register
   * @throws NullPointerException if {@code scheme} is null
   */
  protected RegisteredIdentifierScheme(IdentifierScheme scheme) {
    this.scheme = Objects.requireNonNull(scheme, "scheme");
  }

  @Override
  public final String backendId() {
    return scheme.backendId();
  }

  @Override
  public final List<String> targetParts() {
    return scheme.targetParts();
  }

  @Override
  public final List<String> handleParts() {
    return scheme.handleParts();
  }
}
