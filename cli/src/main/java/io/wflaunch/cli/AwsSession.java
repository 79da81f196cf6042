package io.wflaunch.cli;

import io.wflaunch.ErrorContext;
import io.wflaunch.ConfigurationException;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.spi.BackendProvider;
import io.wflaunch.spi.BackendProviders;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.support.UserText;
import io.wflaunch.spi.WorkflowBackend;
import java.time.Duration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import io.wflaunch.eventbridge.SqsRunEvents;

/**
 * Real AWS: one backend per installed {@link BackendProvider}, under the provider's type, its SDK clients
 * built on first use from the default credential, region and token chains with the global options'
 * region, profile and endpoint, over one URL-connection HTTP client. With {@code --idempotency-table},
 * keyed starts claim their keys in that DynamoDB table. With {@code --events-queue}, waits end on the run
 * events of that SQS queue ({@code SqsRunEvents}).
 */
final class AwsSession implements Session {

  /** How many of the profiles the files define an unknown profile's error lists. */
  private static final int MAX_PROFILES_SHOWN = 20;

  private final WorkflowLauncher launcher;
  private final LazyIdempotencyStore store;
  private final java.util.List<AutoCloseable> httpClients = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** The client of {@code --events-queue}, closed after the launcher (which closes its event source). */
  private final SqsClient eventsClient;

  AwsSession(GlobalOptions options) {
    checkProfile(options);
    store = options.idempotencyTable() == null ? null : new LazyIdempotencyStore(options);
    WorkflowLauncher.Builder builder = WorkflowLauncher.builder();
    for (BackendProvider provider : BackendProviders.installed()) {
      builder.backend(new LazyBackend(provider.type(), provider.scheme(), () -> create(provider, options)));
    }
    if (store != null) {
      builder.idempotencyStore(store);
    }
    eventsClient = options.eventsQueue() == null ? null : eventsClient(options);
    if (eventsClient != null) {
      try {
        checkQueue(eventsClient, options.eventsQueue().toString());
      } catch (RuntimeException | Error e) {
        close(eventsClient);
        httpClients.forEach(AwsSession::close);
        throw e;
      }
      SqsRunEvents.Builder events = SqsRunEvents.builder().sqsClient(eventsClient)
          .queueUrl(options.eventsQueue().toString());
      // A command-line wait's queue may be shared or unfed: by default its safety interval is a wait's longest
      // poll interval, so events only ever make it sooner.
      events.safetyInterval(options.safetyInterval() != null ? options.safetyInterval()
          : io.wflaunch.WaitOptions.DEFAULT.maxInterval());
      builder.runEvents(events.build());
    }
    try {
      launcher = builder.build();
    } catch (RuntimeException | Error e) {
      close(eventsClient);
      httpClients.forEach(AwsSession::close);
      throw e;
    }
  }

  /**
   * Refuses a queue URL that names no queue, before any wait: waits on it would quietly fall back to polling.
   * Other failures are left to the source, which says so and polls meanwhile.
   */
  private static void checkQueue(SqsClient sqs, String queueUrl) {
    try {
      sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
          .attributeNames(software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN));
    } catch (software.amazon.awssdk.services.sqs.model.SqsException e) {
      String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
      if (e instanceof software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException
          || code.contains("NonExistentQueue") || code.contains("QueueDoesNotExist")) {
        throw new io.wflaunch.InvalidRequestException(io.wflaunch.ErrorContext.empty(), "--events-queue",
            "must name a queue that exists ('wflaunch events init' creates one and prints its URL)", null);
      }
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      // Unreachable or refused: the source reports it and the waits are polled on their own schedules.
    }
  }

  /**
   * The SQS client of {@code --events-queue}: in the queue URL's region when the URL is an AWS one
   * ({@code https://sqs.<region>.amazonaws.com/...}), as the queue is received from there whatever region
   * the backends use; otherwise (an endpoint override) with the global options' region.
   */
  private SqsClient eventsClient(GlobalOptions options) {
    SdkHttpClient http = UrlConnectionHttpClient.create();
    httpClients.add(http);
    SqsClientBuilder sqs = configure(SqsClient.builder(), options, http);
    if (options.endpoint() == null) {
      SqsRunEvents.regionOf(options.eventsQueue()).ifPresent(region -> sqs.region(Region.of(region)));
    }
    return build(sqs, "sqs");
  }

  /** The host of an SQS queue URL on AWS, with its region. */

  private WorkflowBackend create(BackendProvider provider, GlobalOptions options) {
    SdkHttpClient http = UrlConnectionHttpClient.create();
    httpClients.add(http);
    BackendSettings settings = BackendSettings.builder(provider.type())
        .region(options.region())
        .endpoint(options.endpoint())
        .profile(options.profile())
        .component(SdkHttpClient.class, http)
        .build();
    try {
      return provider.create(settings);
    } catch (ConfigurationException e) {
      // The SDK found no region (a cause from its region chain); a region given but malformed says so itself.
      if (e.setting().equals("region") && e.getCause() != null) {
        throw new ConfigurationException(ErrorContext.of(provider.type()), "region", "Unable to determine the AWS "
            + "region for " + provider.type() + ". Pass --region, set AWS_REGION, or add a region to the profile in "
            + "~/.aws/config.", e);
      }
      throw e;
    }
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
    close(eventsClient);
    httpClients.forEach(AwsSession::close);
  }

  private static void close(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing on the way out
    }
  }

  private static <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> B configure(B builder,
      GlobalOptions options) {
    builder.httpClientBuilder(UrlConnectionHttpClient.builder());
    return configureAws(builder, options);
  }

  /**
   * A client builder with the global options' region, profile and endpoint, over an HTTP client the
   * caller owns (and closes after the client).
   *
   * @param builder the SDK client builder
   * @param options the global options
   * @param http the HTTP client
   * @return the builder
   */
  static <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> B configure(B builder,
      GlobalOptions options, SdkHttpClient http) {
    builder.httpClient(http);
    return configureAws(builder, options);
  }

  private static <B extends AwsClientBuilder<B, C>, C> B configureAws(B builder, GlobalOptions options) {
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

  /** Builds a client; a region the SDK cannot find is a configuration error naming what to set. */
  static <C> C build(AwsClientBuilder<?, C> builder, String backend) {
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

}
