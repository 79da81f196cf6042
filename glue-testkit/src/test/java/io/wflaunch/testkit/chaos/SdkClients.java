package io.wflaunch.testkit.chaos;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;

/** Real SDK clients against a local endpoint, with immediate retries and an optional attempt timeout. */
final class SdkClients {

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  private SdkClients() {}

  static GlueClient glue(URI endpoint, SdkHttpClient http, int maxAttempts, Duration attemptTimeout) {
    return GlueClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
        .httpClient(http).overrideConfiguration(config(maxAttempts, attemptTimeout)).build();
  }

  static GlueAsyncClient glueAsync(URI endpoint, SdkAsyncHttpClient http, int maxAttempts, Duration attemptTimeout) {
    return GlueAsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
        .httpClient(http).overrideConfiguration(config(maxAttempts, attemptTimeout)).build();
  }

  private static ClientOverrideConfiguration config(int maxAttempts, Duration attemptTimeout) {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(retries -> retries.maxAttempts(maxAttempts)
            .backoffStrategy(BackoffStrategy.retryImmediately())
            .throttlingBackoffStrategy(BackoffStrategy.retryImmediately()))
        .apiCallAttemptTimeout(attemptTimeout)
        .build();
  }
}
