package io.wflaunch.aws;

import io.wflaunch.ConfigurationException;
import io.wflaunch.ErrorContext;
import io.wflaunch.spi.BackendProvider;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.support.UserText;
import io.wflaunch.spi.WorkflowBackend;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.builder.SdkAsyncClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileLocation;
import software.amazon.awssdk.regions.Region;

/**
 * The part of every AWS backend's provider that is not about its service: building a backend from
 * {@link BackendSettings}. Given an SDK client of the service as a component, the backend uses it (and
 * a non-blocking one, when given too) and refuses region, endpoint and profile, which the client
 * already decides. Otherwise it builds both clients from the SDK's default chains with the settings'
 * region, endpoint and profile, a given {@link SdkHttpClient}, {@link SdkAsyncHttpClient} or
 * {@link AwsCredentialsProvider}, and owns them. Options are checked against {@link #options()} first.
 *
 * @param <S> the service's blocking client type
 * @param <A> the service's non-blocking client type
 */
public abstract class AwsBackendProvider<S extends SdkClient, A extends SdkClient> implements BackendProvider {

  private static final Pattern REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-\\d{1,2}");

  private final Class<S> clientType;
  private final Class<A> asyncClientType;

  /**
   * Creates the provider.
   *
   * @param clientType the blocking client's interface, looked up among the components
   * @param asyncClientType the non-blocking client's interface
   */
  protected AwsBackendProvider(Class<S> clientType, Class<A> asyncClientType) {
    this.clientType = Objects.requireNonNull(clientType, "clientType");
    this.asyncClientType = Objects.requireNonNull(asyncClientType, "asyncClientType");
  }

  /**
   * A new builder of the blocking client: the service SDK's {@code <Service>Client.builder()}.
   *
   * @return the builder
   */
  protected abstract AwsClientBuilder<?, S> clientBuilder();

  /**
   * A new builder of the non-blocking client: the service SDK's {@code <Service>AsyncClient.builder()}.
   *
   * @return the builder
   */
  protected abstract AwsClientBuilder<?, A> asyncClientBuilder();

  /**
   * The adapter's builder over a blocking client, with the settings' options applied (already checked
   * against {@link #options()}).
   *
   * @param client the blocking client
   * @param settings the settings
   * @return the builder
   * @throws ConfigurationException naming the option whose value is wrong ({@code options.<name>})
   */
  protected abstract AwsBackendBuilder<S, A, ?> backendBuilder(S client, BackendSettings settings);

  /**
   * The options that configure the clients this provider builds (a token, say): like region, endpoint
   * and profile, they are refused beside a client given as a component, which they would not reach. The
   * default is none.
   *
   * @return the names of such options
   */
  protected List<String> clientOptions() {
    return List.of();
  }

  /**
   * Whether the service's clients take AWS credentials (a profile's, say). A service whose clients take
   * a bearer token instead returns false. The default is true.
   *
   * @return whether to configure credentials
   */
  protected boolean usesAwsCredentials() {
    return true;
  }

  /**
   * Configures a client builder of the service from the settings; adapters add their own (a token, a
   * default region). Called for the blocking and the non-blocking builder.
   *
   * @param builder the builder
   * @param settings the settings
   */
  protected void configure(AwsClientBuilder<?, ?> builder, BackendSettings settings) {
    settings.region().ifPresent(region -> builder.region(Region.of(region)));
    settings.endpoint().ifPresent(builder::endpointOverride);
    settings.profile().ifPresent(profile -> {
      builder.overrideConfiguration(o -> o.defaultProfileName(profile));
      if (usesAwsCredentials()) {
        builder.credentialsProvider(ProfileCredentialsProvider.create(profile));
      }
    });
    if (usesAwsCredentials() && settings.profile().isEmpty()) {
      settings.component(AwsCredentialsProvider.class).ifPresent(builder::credentialsProvider);
    }
    if (builder instanceof SdkSyncClientBuilder<?, ?> sync) {
      settings.component(SdkHttpClient.class).ifPresent(sync::httpClient);
    }
    if (builder instanceof SdkAsyncClientBuilder<?, ?> async) {
      settings.component(SdkAsyncHttpClient.class).ifPresent(async::httpClient);
    }
  }

  @Override
  public final WorkflowBackend create(BackendSettings settings) {
    settings.checkOptions(options());
    ErrorContext context = ErrorContext.of(settings.id());
    S given = settings.component(clientType).orElse(null);
    if (given == null && settings.component(asyncClientType).isPresent()) {
      throw new ConfigurationException(context, "client", "a " + asyncClientType.getSimpleName() + " was given "
          + "without a " + clientType.getSimpleName() + ": give the blocking client too (the backend's blocking "
          + "calls need it), or neither", null);
    }
    if (given != null) {
      List<String> unused = new java.util.ArrayList<>(settings.connectionSettings());
      clientOptions().stream().filter(name -> settings.option(name).isPresent()).forEach(name -> unused.add("options." + name));
      if (!unused.isEmpty()) {
        throw new ConfigurationException(context, unused.get(0), "not used: a " + clientType.getSimpleName()
            + " was given, which decides " + String.join(", ", unused) + " itself; remove "
            + String.join(", ", unused) + ", or the client", null);
      }
      AwsBackendBuilder<S, A, ?> builder = backendBuilder(given, settings);
      builder.id(settings.id());
      builder.clock(settings.clock());
      settings.component(asyncClientType).ifPresent(builder::asyncClient);
      return builder.build();
    }
    checkConnection(settings, context);
    AwsClientBuilder<?, S> sync = clientBuilder();
    AwsClientBuilder<?, A> async = asyncClientBuilder();
    configure(sync, settings);
    configure(async, settings);
    AwsBackendBuilder<S, A, ?> builder = AwsBackendBuilder.adopted(settings.id(), sync, async,
        client -> backendBuilder(client, settings));
    builder.clock(settings.clock());
    try {
      return builder.build();
    } catch (RuntimeException | Error e) {
      builder.closeOwned();
      throw e;
    }
  }

  private static void checkConnection(BackendSettings settings, ErrorContext context) {
    settings.region().filter(region -> !REGION.matcher(region).matches()).ifPresent(region -> {
      throw new ConfigurationException(context, "region", "region " + UserText.quote(region)
          + " is not an AWS region name such as us-east-1 or eu-west-1", null);
    });
    settings.endpoint().filter(uri -> !uri.isAbsolute() || uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))).ifPresent(uri -> {
          throw new ConfigurationException(context, "endpoint", "endpoint " + UserText.quote(uri.toString())
              + " must be an absolute http or https URL such as http://127.0.0.1:5000", null);
        });
    settings.profile().ifPresent(profile -> {
      ProfileFile files = ProfileFile.defaultProfileFile();
      if (files.profile(profile).isEmpty()) {
        throw new ConfigurationException(context, "profile", "profile " + UserText.quote(profile)
            + " is defined in neither " + UserText.quote(ProfileFileLocation.configurationFilePath().toString())
            + " nor " + UserText.quote(ProfileFileLocation.credentialsFilePath().toString()), null);
      }
    });
  }
}
