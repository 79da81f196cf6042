package io.wflaunch.spi;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@link BackendProvider}s on the class path, loaded once with {@link java.util.ServiceLoader}.
 */
public final class BackendProviders {

  private BackendProviders() {}

  /**
   * Every provider found, by type, in alphabetical order; when two claim one type, the first found.
   *
   * @return the providers
   */
  public static List<BackendProvider> installed() {
    return ProviderRegistry.providers();
  }

  /**
   * The provider of a type. Case and the characters {@code -}, {@code _} and space do not matter
   * ({@code Memory} and {@code mem_ory} find {@code memory}; an abbreviation such as {@code mem} does
   * not).
   *
   * @param type the type
   * @return the provider, if one is installed
   */
  public static Optional<BackendProvider> find(String type) {
    String wanted = normalize(type);
    return installed().stream().filter(provider -> normalize(provider.type()).equals(wanted)).findFirst();
  }

  /**
   * The installed types, comma-separated, for messages.
   *
   * @return the types, or {@code none} when no provider is installed
   */
  public static String typeList() {
    List<String> types = installed().stream().map(BackendProvider::type).toList();
    return types.isEmpty() ? "none" : String.join(", ", types);
  }

  /**
   * A fake of a type, from the {@link FakeBackendProvider} of that type on the class path.
   *
   * @param type the type, as {@link BackendProvider#type()}
   * @param settings the backend id and the clock
   * @return the fake, if a fake provider of the type is installed
   */
  public static Optional<FakeBackend> fake(String type, BackendSettings settings) {
    return ProviderRegistry.fakes().stream().filter(fake -> fake.type().equals(type)).findFirst()
        .map(fake -> fake.create(settings));
  }

  /**
   * Whether a {@link FakeBackendProvider} of a type is on the class path.
   *
   * @param type the type, as {@link BackendProvider#type()}
   * @return whether the type has a fake
   */
  public static boolean hasFake(String type) {
    return ProviderRegistry.fakes().stream().anyMatch(fake -> fake.type().equals(type));
  }

  private static String normalize(String type) {
    return type.replaceAll("[-_ ]", "").toLowerCase(Locale.ROOT);
  }
}
