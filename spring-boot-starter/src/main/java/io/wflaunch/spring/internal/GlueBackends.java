package io.wflaunch.spring.internal;

import io.wflaunch.glue.GlueBackend;
import io.wflaunch.spi.WorkflowBackend;
import org.springframework.beans.factory.ListableBeanFactory;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;

/** Glue backends: over the application's {@link GlueClient} (and {@link GlueAsyncClient}) beans, or built. */
public final class GlueBackends implements BackendFactory {
  @Override
  public WorkflowBackend create(String id, ClientSettings settings, ListableBeanFactory beans) {
    GlueClient client = BackendFactory.clientBean(beans, GlueClient.class, settings);
    if (client != null) {
      GlueBackend.Builder builder = GlueBackend.builder(client).id(id);
      GlueAsyncClient async = beans.getBeanProvider(GlueAsyncClient.class).getIfUnique();
      return (async != null ? builder.asyncClient(async) : builder).build();
    }
    return BackendFactory.built(settings, s -> GlueBackend.createDefault(id, sync -> s.apply(sync, true),
        async -> s.apply(async, true)));
  }
}
