package io.wflaunch.glue;

import io.wflaunch.aws.AwsBackendBuilder;
import io.wflaunch.aws.AwsBackendProvider;
import io.wflaunch.glue.internal.GlueLookUpSettings;
import io.wflaunch.spi.BackendOption;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.events.RunEventFormat;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * The {@code glue} backend type, for tools: builds {@link GlueBackend}s from settings. Options:
 * {@code idempotency-property}, {@code look-back}, {@code scan-page-limit}, {@code page-size} (see
 * {@link GlueOptions}). A given {@link GlueClient} (and {@link GlueAsyncClient}) is used as it is.
 */
public final class GlueProvider extends AwsBackendProvider<GlueClient, GlueAsyncClient> {

  private static final List<BackendOption> OPTIONS = GlueLookUpSettings.options(
      BackendOption.of("idempotency-property", "The run property that carries the idempotency key.",
          GlueOptions.DEFAULT_IDEMPOTENCY_PROPERTY),
      "workflow's", "GetWorkflowRuns", GlueOptions.DEFAULT.lookBack(), GlueOptions.DEFAULT.scanPageLimit(),
      GlueOptions.DEFAULT.pageSize(), GlueOptions.MAX_PAGE_SIZE);

  /** Used by {@link java.util.ServiceLoader}. */
  public GlueProvider() {
    super(GlueClient.class, GlueAsyncClient.class);
  }

  @Override
  public String type() {
    return GlueBackend.DEFAULT_ID;
  }

  @Override
  public String description() {
    return "AWS Glue workflows";
  }

  /**
   * None: Glue publishes no state change events for workflow runs (only for job runs, which the
   * {@code gluejob} type reads), so workflow runs are polled as their waits ask.
   */
  @Override
  public Optional<RunEventFormat> runEvents() {
    return Optional.empty();
  }

  @Override
  public IdentifierScheme scheme() {
    return GlueBackend.SCHEME;
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
    GlueOptions.Builder options = GlueOptions.DEFAULT.toBuilder();
    settings.option("idempotency-property").ifPresent(options::idempotencyProperty);
    GlueLookUpSettings.apply(settings, GlueOptions.MAX_PAGE_SIZE, options::lookBack, options::scanPageLimit,
        options::pageSize);
    return GlueBackend.builder(client).defaultOptions(options.build());
  }
}
