package io.wflaunch.testkit;

import io.wflaunch.RunState;
import io.wflaunch.spi.BackendProvider;
import io.wflaunch.spi.BackendProviders;
import java.util.Objects;

/**
 * What the {@link io.wflaunch.spi.FakeBackendProvider}s of the backends' testkit modules share. A testkit
 * module does not depend on its adapter (the adapter's tests depend on the testkit module), so a fake
 * provider builds the real backend through the adapter's {@link BackendProvider}, found at run time.
 */
public final class FakeBackends {

  private FakeBackends() {}

  /**
   * The installed provider of a type, which builds the real backend over a fake.
   *
   * @param type the backend type, such as the one the fake provider fakes
   * @param artifactId the Maven artifact that holds the type's provider, named in the error
   * @return the provider
   * @throws IllegalStateException if no provider of the type is installed
   */
  public static BackendProvider adapter(String type, String artifactId) {
    Objects.requireNonNull(artifactId, "artifactId");
    return BackendProviders.find(type).orElseThrow(() -> new IllegalStateException("the fake of backend type "
        + type + " runs the real adapter, but no provider of type " + type + " is on the class path (installed: "
        + BackendProviders.typeList() + "); add io.wflaunch:" + artifactId));
  }

  /**
   * The service's text for one of the four states a fake's runs show, as
   * {@link io.wflaunch.spi.FakeBackend#rawStatus} gives it.
   *
   * @param state {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED} or {@code CANCELLED}
   * @param running the service's text for a running run
   * @param succeeded for a run that succeeded
   * @param failed for a run that failed
   * @param cancelled for a run that was stopped
   * @return the text for {@code state}
   * @throws IllegalArgumentException for any other state
   */
  public static String rawStatus(RunState state, String running, String succeeded, String failed, String cancelled) {
    return switch (Objects.requireNonNull(state, "state")) {
      case RUNNING -> running;
      case SUCCEEDED -> succeeded;
      case FAILED -> failed;
      case CANCELLED -> cancelled;
      default -> throw new IllegalArgumentException("no raw status for " + state
          + "; only RUNNING, SUCCEEDED, FAILED and CANCELLED have one");
    };
  }
}
