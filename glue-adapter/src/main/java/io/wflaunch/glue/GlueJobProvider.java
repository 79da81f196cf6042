package io.wflaunch.glue;

import io.wflaunch.aws.AwsBackendBuilder;
import io.wflaunch.aws.AwsBackendProvider;
import io.wflaunch.spi.BackendOption;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.IdentifierScheme;
import java.util.List;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * The {@code gluejob} backend type, for tools: builds {@link GlueJobBackend}s from settings. Options:
 * {@code idempotency-argument}, {@code look-back}, {@code scan-page-limit}, {@code page-size} (see
 * {@link GlueJobOptions}). A given {@link GlueClient} (and {@link GlueAsyncClient}) is used as it is.
 */
public final class GlueJobProvider extends AwsBackendProvider<GlueClient, GlueAsyncClient> {

  private static final List<BackendOption> OPTIONS = List.of(
      BackendOption.of("idempotency-argument", "The job argument that carries the idempotency key.",
          GlueJobOptions.DEFAULT_IDEMPOTENCY_ARGUMENT),
      BackendOption.of("look-back", "How far back the look-up by key searches the job's runs.",
          GlueJobOptions.DEFAULT.lookBack().toDays() + "d"),
      BackendOption.of("scan-page-limit", "The most GetJobRuns pages a look-up by key reads.",
          Integer.toString(GlueJobOptions.DEFAULT.scanPageLimit())),
      BackendOption.of("page-size", "MaxResults of each GetJobRuns page, 1 to 200.",
          Integer.toString(GlueJobOptions.DEFAULT.pageSize())));

  /** Used by {@link java.util.ServiceLoader}. */
  public GlueJobProvider() {
    super(GlueClient.class, GlueAsyncClient.class);
  }

  @Override
  public String type() {
    return GlueJobBackend.DEFAULT_ID;
  }

  @Override
  public String description() {
    return "AWS Glue jobs";
  }

  @Override
  public IdentifierScheme scheme() {
    return GlueJobBackend.SCHEME;
  }

  @Override
  public List<BackendOption> options() {
    return OPTIONS;
  }

  @Override
  protected AwsClientBuilder<?, GlueClient> clientBuilder() {
    return GlueClient.builder();
  }

  @Override
  protected AwsClientBuilder<?, GlueAsyncClient> asyncClientBuilder() {
    return GlueAsyncClient.builder();
  }

  @Override
  protected AwsBackendBuilder<GlueClient, GlueAsyncClient, ?> backendBuilder(GlueClient client,
      BackendSettings settings) {
    GlueJobOptions.Builder options = GlueJobOptions.DEFAULT.toBuilder();
    settings.option("idempotency-argument").ifPresent(options::idempotencyArgument);
    settings.durationOption("look-back").ifPresent(options::lookBack);
    settings.intOption("scan-page-limit", 1, 1000).ifPresent(options::scanPageLimit);
    settings.intOption("page-size", 1, 200).ifPresent(options::pageSize);
    return GlueJobBackend.builder(client).defaultOptions(options.build());
  }
}
