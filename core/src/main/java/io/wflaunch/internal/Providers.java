package io.wflaunch.internal;

import io.wflaunch.spi.BackendProvider;
import io.wflaunch.spi.IdentifierScheme;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The backend providers on the class path, loaded once. */
public final class Providers {

  private static final Logger log = LoggerFactory.getLogger(Providers.class);

  private Providers() {}

  /**
   * The providers, sorted by type.
   *
   * @return the providers
   */
  public static List<BackendProvider> installed() {
    return Registry.PROVIDERS;
  }

  /**
   * The fake providers on the class path.
   *
   * @return the fake providers
   */
  public static List<io.wflaunch.spi.FakeBackendProvider> fakes() {
    return Registry.FAKES;
  }

  private static final class Registry {
    static final List<io.wflaunch.spi.FakeBackendProvider> FAKES = loadFakes();

    private static List<io.wflaunch.spi.FakeBackendProvider> loadFakes() {
      List<io.wflaunch.spi.FakeBackendProvider> fakes = new java.util.ArrayList<>();
      java.util.Iterator<io.wflaunch.spi.FakeBackendProvider> found = ServiceLoader.load(
          io.wflaunch.spi.FakeBackendProvider.class, BackendProvider.class.getClassLoader()).iterator();
      while (true) {
        try {
          if (!found.hasNext()) {
            break;
          }
          fakes.add(found.next());
        } catch (ServiceConfigurationError broken) {
          log.warn("A fake backend provider on the class path cannot be loaded; it is left out", broken);
        }
      }
      return List.copyOf(fakes);
    }

    static final List<BackendProvider> PROVIDERS = load();

    private static List<BackendProvider> load() {
      Map<String, BackendProvider> byType = new LinkedHashMap<>();
      ServiceLoader<BackendProvider> loader = ServiceLoader.load(BackendProvider.class,
          BackendProvider.class.getClassLoader());
      java.util.Iterator<BackendProvider> found = loader.iterator();
      while (true) {
        BackendProvider provider;
        try {
          if (!found.hasNext()) {
            break;
          }
          provider = found.next();
        } catch (ServiceConfigurationError broken) {
          log.warn("A backend provider on the class path cannot be loaded; it is left out", broken);
          continue;
        }
        IdentifierScheme scheme = provider.scheme();
        if (!scheme.backendId().equals(provider.type())) {
          log.warn("Backend provider {} names type '{}' but its scheme's id is '{}'; it is left out",
              provider.getClass().getName(), provider.type(), scheme.backendId());
          continue;
        }
        BackendProvider previous = byType.putIfAbsent(provider.type(), provider);
        if (previous != null && !previous.getClass().equals(provider.getClass())) {
          log.warn("Two backend providers claim type '{}': {} and {}; using the first", provider.type(),
              previous.getClass().getName(), provider.getClass().getName());
        }
      }
      return byType.values().stream().sorted(Comparator.comparing(BackendProvider::type)).toList();
    }
  }
}
