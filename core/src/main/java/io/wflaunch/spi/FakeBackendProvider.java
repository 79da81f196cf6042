package io.wflaunch.spi;

/**
 * Builds {@link FakeBackend}s of one backend type: its real adapter over an in-memory fake of its
 * service, found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.wflaunch.spi.FakeBackendProvider}), usually in the backend's testkit
 * module. Tools use it for demos ({@code wflaunch demo}), {@code --fake} and local mode.
 */
public interface FakeBackendProvider {

  /**
   * The backend type this fakes, as its {@link BackendProvider#type()}.
   *
   * @return the type
   */
  String type();

  /**
   * A new fake with nothing defined, on the settings' clock.
   *
   * @param settings the backend id and the clock (other settings are not used)
   * @return the fake
   */
  FakeBackend create(BackendSettings settings);
}
