package io.wflaunch.stepfunctions;

import io.wflaunch.aws.AwsBackendBuilder;
import io.wflaunch.aws.AwsBackendProvider;
import io.wflaunch.spi.BackendOption;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.IdentifierScheme;
import java.util.List;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The {@code sfn} backend type, for tools: builds {@link StepFunctionsBackend}s from settings. Option:
 * {@code name-cache-ttl}. A given {@link SfnClient} (and {@link SfnAsyncClient}) is used as it is.
 */
public final class StepFunctionsProvider extends AwsBackendProvider<SfnClient, SfnAsyncClient> {

  private static final List<BackendOption> OPTIONS = List.of(
      BackendOption.of("name-cache-ttl", "How long the ARNs of state machines named by name are kept.", "5m"));

  /** Used by {@link java.util.ServiceLoader}. */
  public StepFunctionsProvider() {
    super(SfnClient.class, SfnAsyncClient.class);
  }

  @Override
  public String type() {
    return StepFunctionsBackend.DEFAULT_ID;
  }

  @Override
  public String description() {
    return "AWS Step Functions executions";
  }

  @Override
  public IdentifierScheme scheme() {
    return StepFunctionsBackend.SCHEME;
  }

  @Override
  public List<BackendOption> options() {
    return OPTIONS;
  }

  @Override
  protected AwsClientBuilder<?, SfnClient> clientBuilder() {
    return SfnClient.builder();
  }

  @Override
  protected AwsClientBuilder<?, SfnAsyncClient> asyncClientBuilder() {
    return SfnAsyncClient.builder();
  }

  @Override
  protected AwsBackendBuilder<SfnClient, SfnAsyncClient, ?> backendBuilder(SfnClient client, BackendSettings settings) {
    StepFunctionsBackend.Builder builder = StepFunctionsBackend.builder(client);
    settings.durationOption("name-cache-ttl").ifPresent(builder::nameCacheTtl);
    return builder;
  }
}
