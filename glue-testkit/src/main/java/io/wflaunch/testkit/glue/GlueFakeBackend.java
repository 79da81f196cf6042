package io.wflaunch.testkit.glue;

import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.FakeBackend;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.testkit.FakeBackends;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * What the fakes of the {@code glue} and {@code gluejob} types share: one adapter of the type (found
 * through its provider in {@code wflaunch-glue-adapter}) over a {@link FakeGlueClient} whose stops take
 * one second, offered as a service and closed with the backend.
 */
abstract class GlueFakeBackend implements FakeBackend {

  private final String id;
  private final FakeGlueClient glue;
  private final WorkflowBackend backend;

  GlueFakeBackend(String type, BackendSettings settings) {
    this.id = settings.id();
    this.glue = FakeGlueClient.create(settings.clock()).stopDelay(Duration.ofSeconds(1));
    this.backend = FakeBackends.adapter(type, "wflaunch-glue-adapter").create(
        BackendSettings.builder(settings.id()).clock(settings.clock())
            .component(GlueClient.class, glue)
            .component(GlueAsyncClient.class, glue.asyncClient())
            .build());
  }

  /** The backend's id. */
  final String id() {
    return id;
  }

  /** The fake client under the backend. */
  final FakeGlueClient glue() {
    return glue;
  }

  @Override
  public final WorkflowBackend backend() {
    return backend;
  }

  @Override
  public final <T> Optional<T> service(Class<T> type) {
    return type.isInstance(glue) ? Optional.of(type.cast(glue)) : Optional.empty();
  }

  @Override
  public final void close() {
    backend.close();
    glue.close();
  }
}
