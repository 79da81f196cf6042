package io.wflaunch.swf;

import io.wflaunch.aws.AwsBackendBuilder;
import io.wflaunch.aws.AwsBackendProvider;
import io.wflaunch.spi.BackendOption;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.IdentifierScheme;
import java.util.List;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * The {@code swf} backend type, for tools: builds {@link SwfBackend}s from settings. Options:
 * {@code follow-continued-as-new}, {@code key-look-back}, {@code list-window}, {@code batch-threshold}
 * (see {@link SwfBackend.Builder}). A given {@link SwfClient} (and {@link SwfAsyncClient}) is used as it is.
 */
public final class SwfProvider extends AwsBackendProvider<SwfClient, SwfAsyncClient> {

  private static final List<BackendOption> OPTIONS = List.of(
      BackendOption.of("follow-continued-as-new", "Whether reads and stops follow an execution continued as new.",
          "true"),
      BackendOption.of("key-look-back", "How far back a look-up by key searches closed executions.", "90d"),
      BackendOption.of("list-window", "How far back listings and batched reads search.", "90d"),
      BackendOption.of("batch-threshold", "How many runs of one domain a poll must ask for before it lists "
          + "instead of describing each.", "3"));

  /** Used by {@link java.util.ServiceLoader}. */
  public SwfProvider() {
    super(SwfClient.class, SwfAsyncClient.class);
  }

  @Override
  public String type() {
    return SwfBackend.DEFAULT_ID;
  }

  @Override
  public String description() {
    return "Amazon SWF workflow executions";
  }

  @Override
  public IdentifierScheme scheme() {
    return SwfBackend.SCHEME;
  }

  @Override
  public List<BackendOption> options() {
    return OPTIONS;
  }

  @Override
  protected AwsClientBuilder<?, SwfClient> clientBuilder() {
    return SwfClient.builder();
  }

  @Override
  protected AwsClientBuilder<?, SwfAsyncClient> asyncClientBuilder() {
    return SwfAsyncClient.builder();
  }

  @Override
  protected AwsBackendBuilder<SwfClient, SwfAsyncClient, ?> backendBuilder(SwfClient client, BackendSettings settings) {
    SwfBackend.Builder builder = SwfBackend.builder(client);
    settings.booleanOption("follow-continued-as-new").ifPresent(builder::followContinuedAsNew);
    settings.durationOption("key-look-back").ifPresent(builder::keyLookBack);
    settings.durationOption("list-window").ifPresent(builder::listWindow);
    settings.intOption("batch-threshold", 1, 1000).ifPresent(builder::batchThreshold);
    return builder;
  }
}
