package io.wflaunch.codecatalyst;

import io.wflaunch.aws.AwsBackendBuilder;
import io.wflaunch.aws.AwsBackendProvider;
import io.wflaunch.spi.BackendOption;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.events.RunEventFormat;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystAsyncClient;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystAsyncClientBuilder;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClient;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClientBuilder;

/**
 * The {@code codecatalyst} backend type, for tools: builds {@link CodeCatalystBackend}s from settings.
 * Options: {@code name-cache-ttl} and {@code token}, a bearer token (a personal access token), else the
 * environment variable {@value #TOKEN_VARIABLE}, else the SDK's token chain (an SSO profile). CodeCatalyst's
 * endpoint is global; its client still wants a region, {@code us-west-2} when none is configured. A
 * given {@link CodeCatalystClient} (and {@link CodeCatalystAsyncClient}) is used as it is.
 */
public final class CodeCatalystProvider extends AwsBackendProvider<CodeCatalystClient, CodeCatalystAsyncClient> {

  /** The environment variable a token is read from when the {@code token} option is not given. */
  public static final String TOKEN_VARIABLE = "WFLAUNCH_CODECATALYST_TOKEN";

  private static final List<BackendOption> OPTIONS = List.of(
      BackendOption.of("name-cache-ttl", "How long a project's workflow names are kept.", "5m"),
      BackendOption.secret("token", "A bearer token (a personal access token); default: the environment "
          + "variable " + TOKEN_VARIABLE + ", else the SDK's token chain."));

  /** Used by {@link java.util.ServiceLoader}. */
  public CodeCatalystProvider() {
    super(CodeCatalystClient.class, CodeCatalystAsyncClient.class);
  }

  @Override
  public String type() {
    return CodeCatalystBackend.DEFAULT_ID;
  }

  @Override
  public String description() {
    return "Amazon CodeCatalyst workflow runs";
  }

  /**
   * None: CodeCatalyst publishes no state change events for workflow runs to an event bus, so its runs are
   * polled as their waits ask.
   */
  @Override
  public Optional<RunEventFormat> runEvents() {
    return Optional.empty();
  }

  @Override
  public IdentifierScheme scheme() {
    return CodeCatalystBackend.SCHEME;
  }

  @Override
  public List<BackendOption> options() {
    return OPTIONS;
  }

  @Override
  protected List<String> clientOptions() {
    return List.of("token");
  }

  @Override
  protected boolean usesAwsCredentials() {
    return false;
  }

  @Override
  protected AwsClientBuilder<?, CodeCatalystClient> clientBuilder() {
    return CodeCatalystClient.builder();
  }

  @Override
  protected AwsClientBuilder<?, CodeCatalystAsyncClient> asyncClientBuilder() {
    return CodeCatalystAsyncClient.builder();
  }

  @Override
  protected void configure(AwsClientBuilder<?, ?> builder, BackendSettings settings) {
    super.configure(builder, settings);
    Optional<String> token = settings.option("token").or(() -> Optional.ofNullable(System.getenv(TOKEN_VARIABLE)))
        .map(String::strip).filter(text -> !text.isEmpty());
    token.ifPresent(text -> {
      if (builder instanceof CodeCatalystClientBuilder sync) {
        sync.tokenProvider(CodeCatalystBackend.staticToken(text));
      } else if (builder instanceof CodeCatalystAsyncClientBuilder async) {
        async.tokenProvider(CodeCatalystBackend.staticToken(text));
      }
    });
    if (settings.region().isEmpty() && !regionConfigured(settings.profile())) {
      builder.region(Region.US_WEST_2);
    }
  }

  @Override
  protected AwsBackendBuilder<CodeCatalystClient, CodeCatalystAsyncClient, ?> backendBuilder(CodeCatalystClient client,
      BackendSettings settings) {
    CodeCatalystBackend.Builder builder = CodeCatalystBackend.builder(client);
    settings.durationOption("name-cache-ttl").ifPresent(builder::nameCacheTtl);
    return builder;
  }

  private static boolean regionConfigured(Optional<String> profile) {
    try {
      DefaultAwsRegionProviderChain.builder().profileName(profile.orElse(null)).build().getRegion();
      return true;
    } catch (RuntimeException none) {
      return false;
    }
  }
}
