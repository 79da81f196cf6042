package io.wflaunch.spring.internal;

import io.wflaunch.codecatalyst.CodeCatalystBackend;
import io.wflaunch.spi.WorkflowBackend;
import org.springframework.beans.factory.ListableBeanFactory;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystAsyncClient;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClient;

/**
 * CodeCatalyst backends: over the application's {@link CodeCatalystClient} (and
 * {@link CodeCatalystAsyncClient}) beans, or built with the SDK's default token chain.
 */
public final class CodeCatalystBackends implements BackendFactory {
  @Override
  public WorkflowBackend create(String id, ClientSettings settings, ListableBeanFactory beans) {
    CodeCatalystClient client = BackendFactory.clientBean(beans, CodeCatalystClient.class, settings);
    if (client != null) {
      CodeCatalystBackend.Builder builder = CodeCatalystBackend.builder(client).id(id);
      CodeCatalystAsyncClient async = beans.getBeanProvider(CodeCatalystAsyncClient.class).getIfUnique();
      return (async != null ? builder.asyncClient(async) : builder).build();
    }
    // CodeCatalyst's endpoint is global, but its client wants a region: us-west-2 when none is configured.
    ClientSettings located = settings.region() != null || regionConfigured(settings.profile()) ? settings
        : new ClientSettings(settings.prefix(), "us-west-2", settings.endpoint(), settings.profile());
    return BackendFactory.built(located, s -> CodeCatalystBackend.createDefault(id, sync -> s.apply(sync, false),
        async -> s.apply(async, false)));
  }

  private static boolean regionConfigured(String profile) {
    try {
      DefaultAwsRegionProviderChain.builder().profileName(profile).build().getRegion();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
