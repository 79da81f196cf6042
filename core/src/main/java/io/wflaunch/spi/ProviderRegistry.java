package io.wflaunch.spi;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is registered with {@link ServiceLoader}, loaded once: the backend providers, the fake providers,
 * and identifier schemes registered on their own (the older way). A registration that cannot be loaded
 * is logged and left out.
 */
final class ProviderRegistry {

  private static final Logger log = LoggerFactory.getLogger(ProviderRegistry.class);

  private ProviderRegistry() {}

  static List<BackendProvider> providers() {
    return Loaded.PROVIDERS;
  }

  static List<FakeBackendProvider> fakes() {
    return Loaded.FAKES;
  }

  /** The scheme of a backend id: its provider's, else one registered on its own. */
  static Optional<IdentifierScheme> scheme(String backendId) {
    for (BackendProvider provider : Loaded.PROVIDERS) {
      if (provider.type().equals(backendId)) {
        return Optional.of(provider.scheme());
      }
    }
    return Optional.ofNullable(Loaded.SCHEMES.get(backendId));
  }

  /**
   * Each registration of {@code type}, from wflaunch's own class loader and, when it is another one, the
   * thread's context class loader (an application server's or a restart loader's classes), each class
   * once. One that cannot be loaded, or whose first use fails, is logged and left out.
   */
  private static <T> void load(Class<T> type, String what, Consumer<T> each) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    ClassLoader own = ProviderRegistry.class.getClassLoader();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    for (ClassLoader loader : context == null || context == own ? List.of(own) : List.of(own, context)) {
      Iterator<T> found = ServiceLoader.load(type, loader).iterator();
      while (true) {
        T next;
        try {
          if (!found.hasNext()) {
            break;
          }
          next = found.next();
        } catch (ServiceConfigurationError | LinkageError broken) {
          log.warn("A {} on the class path cannot be loaded; it is left out", what, broken);
          continue;
        }
        if (!seen.add(next.getClass().getName())) {
          continue;
        }
        try {
          each.accept(next);
        } catch (RuntimeException | LinkageError broken) {
          log.warn("The {} {} fails when asked what it is; it is left out", what, next.getClass().getName(), broken);
        }
      }
    }
  }

  private static final class Loaded {
    static final List<BackendProvider> PROVIDERS = loadProviders();
    static final List<FakeBackendProvider> FAKES = loadFakes();
    static final Map<String, IdentifierScheme> SCHEMES = loadSchemes();

    private static List<BackendProvider> loadProviders() {
      Map<String, BackendProvider> byType = new LinkedHashMap<>();
      load(BackendProvider.class, "backend provider", provider -> {
        if (!provider.scheme().backendId().equals(provider.type())) {
          log.warn("Backend provider {} names type '{}' but its scheme's id is '{}'; it is left out",
              provider.getClass().getName(), provider.type(), provider.scheme().backendId());
          return;
        }
        BackendProvider previous = byType.putIfAbsent(provider.type(), provider);
        if (previous != null && !previous.getClass().equals(provider.getClass())) {
          log.warn("Two backend providers claim type '{}': {} and {}; using the first", provider.type(),
              previous.getClass().getName(), provider.getClass().getName());
        }
      });
      return byType.values().stream().sorted(Comparator.comparing(BackendProvider::type)).toList();
    }

    private static List<FakeBackendProvider> loadFakes() {
      List<FakeBackendProvider> fakes = new java.util.ArrayList<>();
      load(FakeBackendProvider.class, "fake backend provider", fakes::add);
      return List.copyOf(fakes);
    }

    private static Map<String, IdentifierScheme> loadSchemes() {
      Map<String, IdentifierScheme> byId = new HashMap<>();
      load(IdentifierScheme.class, "identifier scheme", scheme -> {
        IdentifierScheme previous = byId.putIfAbsent(scheme.backendId(), scheme);
        if (previous != null && !previous.getClass().equals(scheme.getClass())) {
          log.warn("Two identifier schemes claim backend id '{}': {} and {}; using the first",
              scheme.backendId(), previous.getClass().getName(), scheme.getClass().getName());
        }
      });
      return Map.copyOf(byId);
    }
  }
}
