package io.wflaunch.internal;

import io.wflaunch.spi.IdentifierScheme;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The identifier schemes of the installed backend providers, and those registered with {@link ServiceLoader}. */
public final class Schemes {

  private static final Logger log = LoggerFactory.getLogger(Schemes.class);

  private Schemes() {}

  /** Value form of {@link IdentifierScheme}. */
  public record Simple(String backendId, List<String> targetParts, List<String> handleParts)
      implements IdentifierScheme {
    public Simple {
      Objects.requireNonNull(backendId, "backendId");
      targetParts = List.copyOf(targetParts);
      handleParts = List.copyOf(handleParts);
      if (targetParts.isEmpty() || handleParts.isEmpty()) {
        throw new IllegalArgumentException("a scheme names at least one target part and one handle part");
      }
    }
  }

  /**
   * The scheme of a backend id: the installed provider's of that type, else one registered the older
   * way (a {@code META-INF/services/io.wflaunch.spi.IdentifierScheme} file).
   *
   * @param backendId the id
   * @return the scheme, if any
   */
  public static Optional<IdentifierScheme> registered(String backendId) {
    for (io.wflaunch.spi.BackendProvider provider : Providers.installed()) {
      if (provider.type().equals(backendId)) {
        return Optional.of(provider.scheme());
      }
    }
    return Optional.ofNullable(Registry.BY_ID.get(backendId));
  }

  private static final class Registry {
    static final Map<String, IdentifierScheme> BY_ID = load();

    private static Map<String, IdentifierScheme> load() {
      Map<String, IdentifierScheme> byId = new HashMap<>();
      ClassLoader loader = IdentifierScheme.class.getClassLoader();
      java.util.Iterator<IdentifierScheme> found = ServiceLoader.load(IdentifierScheme.class, loader).iterator();
      while (true) {
        IdentifierScheme scheme;
        try {
          if (!found.hasNext()) {
            break;
          }
          scheme = found.next();
        } catch (java.util.ServiceConfigurationError broken) {
          log.warn("An identifier scheme on the class path cannot be loaded; it is left out", broken);
          continue;
        }
        IdentifierScheme previous = byId.putIfAbsent(scheme.backendId(), scheme);
        if (previous != null && !previous.getClass().equals(scheme.getClass())) {
          log.warn("Two identifier schemes claim backend id '{}': {} and {}; using the first",
              scheme.backendId(), previous.getClass().getName(), scheme.getClass().getName());
        }
      }
      return Map.copyOf(byId);
    }
  }
}
