package io.wflaunch.cli;

import io.wflaunch.ErrorContext;
import io.wflaunch.ConfigurationException;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.codecatalyst.CodeCatalystBackend;
import io.wflaunch.glue.GlueBackend;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.UserText;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.stepfunctions.StepFunctionsBackend;
import io.wflaunch.swf.SwfBackend;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClient;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClientBuilder;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * Real AWS: SDK clients from the default credential, region and token chains, with the global
 * options' region, profile and endpoint. The CodeCatalyst token is {@value #TOKEN_VARIABLE} when set.
 * With {@code --idempotency-table}, keyed starts claim their keys in that DynamoDB table.
 */
final class AwsSession implements Session {

  /** The environment variable holding a CodeCatalyst bearer token. */
  static final String TOKEN_VARIABLE = "WFLAUNCH_CODECATALYST_TOKEN";
  /** How many of the profiles the files define an unknown profile's error lists. */
  private static final int MAX_PROFILES_SHOWN = 20;
  /** CodeCatalyst's endpoint is global; its client still wants a region. */
  private static final Region CODECATALYST_REGION = Region.US_WEST_2;

  private final WorkflowLauncher launcher;
  private final LazyIdempotencyStore store;

  AwsSession(GlobalOptions options) {
    checkProfile(options);
    store = options.idempotencyTable() == null ? null : new LazyIdempotencyStore(options);
    WorkflowLauncher.Builder builder = WorkflowLauncher.builder()
        .backend(lazy(GlueBackend.DEFAULT_ID, GlueBackend.SCHEME,
            () -> GlueBackend.create(build(configure(GlueClient.builder(), options), GlueBackend.DEFAULT_ID))))
        .backend(lazy(SwfBackend.DEFAULT_ID, SwfBackend.SCHEME,
            () -> SwfBackend.create(build(configure(SwfClient.builder(), options), SwfBackend.DEFAULT_ID))))
        .backend(lazy(CodeCatalystBackend.DEFAULT_ID, CodeCatalystBackend.SCHEME,
            () -> CodeCatalystBackend.create(codeCatalyst(options))))
        .backend(lazy(StepFunctionsBackend.DEFAULT_ID, StepFunctionsBackend.SCHEME,
            () -> StepFunctionsBackend.create(build(configure(SfnClient.builder(), options),
                StepFunctionsBackend.DEFAULT_ID))));
    if (store != null) {
      builder.idempotencyStore(store);
    }
    launcher = builder.build();
  }

  /**
   * A DynamoDB client with the global options' region, profile and endpoint.
   *
   * @param options the global options
   * @return the client, for the caller to close
   */
  static DynamoDbClient dynamoDb(GlobalOptions options) {
    checkProfile(options);
    return build(configure(DynamoDbClient.builder(), options), "dynamodb");
  }

  @Override
  public WorkflowLauncher launcher() {
    return launcher;
  }

  @Override
  public WaitOptions waitOptions() {
    return WaitOptions.builder().minInterval(Duration.ofSeconds(1)).maxInterval(Duration.ofSeconds(20)).build();
  }

  @Override
  public void close() {
    launcher.close();
    if (store != null) {
      store.close();
    }
  }

  private static WorkflowBackend lazy(String id, IdentifierScheme scheme, Supplier<WorkflowBackend> factory) {
    return new LazyBackend(id, scheme, factory);
  }

  private static CodeCatalystClient codeCatalyst(GlobalOptions options) {
    CodeCatalystClientBuilder builder = configure(CodeCatalystClient.builder(), options);
    String token = System.getenv(TOKEN_VARIABLE);
    if (token != null && !token.isBlank()) {
      builder.tokenProvider(CodeCatalystBackend.staticToken(token.strip()));
    }
    if (options.region() == null && !regionConfigured(options)) {
      builder.region(CODECATALYST_REGION);
    }
    return build(builder, CodeCatalystBackend.DEFAULT_ID);
  }

  private static <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> B configure(B builder,
      GlobalOptions options) {
    builder.httpClientBuilder(UrlConnectionHttpClient.builder());
    if (options.region() != null) {
      builder.region(Region.of(options.region()));
    }
    if (options.endpoint() != null) {
      builder.endpointOverride(options.endpoint());
    }
    if (options.profile() != null) {
      builder.overrideConfiguration(o -> o.defaultProfileName(options.profile()));
    }
    return builder;
  }

  private static <C> C build(AwsClientBuilder<?, C> builder, String backend) {
    try {
      return builder.build();
    } catch (SdkClientException e) {
      throw new ConfigurationException(ErrorContext.of(backend), "region", "Unable to determine the AWS region for "
          + backend + ". Pass --region, set AWS_REGION, or add a region to the profile in ~/.aws/config.", e);
    }
  }

  /**
   * Refuses a profile the AWS config and credentials files do not define, as the AWS CLI does (the SDK
   * would fall back to other credentials, such as environment variables, without a word).
   */
  static void checkProfile(GlobalOptions options) {
    String profile = options.profile() != null ? options.profile() : System.getenv("AWS_PROFILE");
    if (profile != null && !profile.isBlank()) {
      checkProfile(profile);
    }
  }

  static void checkProfile(String profile) {
    software.amazon.awssdk.profiles.ProfileFile files = software.amazon.awssdk.profiles.ProfileFile.defaultProfileFile();
    if (files.profile(profile).isEmpty()) {
      java.util.List<String> defined = new java.util.ArrayList<>(new java.util.TreeSet<>(files.profiles().keySet()));
      String shown = defined.stream().limit(MAX_PROFILES_SHOWN).map(UserText::quote)
          .collect(java.util.stream.Collectors.joining(", "));
      throw new ConfigurationException(ErrorContext.empty(), "profile", "profile " + UserText.quote(profile)
          + " is defined in neither "
          + UserText.quote(software.amazon.awssdk.profiles.ProfileFileLocation.configurationFilePath().toString())
          + " nor "
          + UserText.quote(software.amazon.awssdk.profiles.ProfileFileLocation.credentialsFilePath().toString()) + "; "
          + (defined.isEmpty() ? "they define no profile" : "they define " + shown
              + (defined.size() > MAX_PROFILES_SHOWN ? " and " + (defined.size() - MAX_PROFILES_SHOWN) + " more" : "")),
          null);
    }
  }

  private static boolean regionConfigured(GlobalOptions options) {
    try {
      DefaultAwsRegionProviderChain.builder().profileName(options.profile()).build().getRegion();
      return true;
    } catch (SdkClientException none) {
      return false;
    }
  }
}
