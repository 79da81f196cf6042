package io.wflaunch.spring.internal;

import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.swf.SwfBackend;
import org.springframework.beans.factory.ListableBeanFactory;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;

/** SWF backends: over the application's {@link SwfClient} (and {@link SwfAsyncClient}) beans, or built. */
public final class SwfBackends implements BackendFactory {
  @Override
  public WorkflowBackend create(String id, ClientSettings settings, ListableBeanFactory beans) {
    SwfClient client = BackendFactory.clientBean(beans, SwfClient.class, settings);
    if (client != null) {
      SwfBackend.Builder builder = SwfBackend.builder(client).id(id);
      SwfAsyncClient async = beans.getBeanProvider(SwfAsyncClient.class).getIfUnique();
      return (async != null ? builder.asyncClient(async) : builder).build();
    }
    return BackendFactory.built(settings, s -> SwfBackend.createDefault(id, sync -> s.apply(sync, true),
        async -> s.apply(async, true)));
  }
}
