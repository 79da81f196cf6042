package io.wflaunch.spring.internal;

import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.stepfunctions.StepFunctionsBackend;
import org.springframework.beans.factory.ListableBeanFactory;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/** Step Functions backends: over the application's {@link SfnClient} (and {@link SfnAsyncClient}) beans, or built. */
public final class SfnBackends implements BackendFactory {
  @Override
  public WorkflowBackend create(String id, ClientSettings settings, ListableBeanFactory beans) {
    SfnClient client = BackendFactory.clientBean(beans, SfnClient.class, settings);
    if (client != null) {
      StepFunctionsBackend.Builder builder = StepFunctionsBackend.builder(client).id(id);
      SfnAsyncClient async = beans.getBeanProvider(SfnAsyncClient.class).getIfUnique();
      return (async != null ? builder.asyncClient(async) : builder).build();
    }
    return BackendFactory.built(settings, s -> StepFunctionsBackend.createDefault(id, sync -> s.apply(sync, true),
        async -> s.apply(async, true)));
  }
}
