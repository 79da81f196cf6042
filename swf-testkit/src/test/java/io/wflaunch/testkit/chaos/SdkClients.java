package io.wflaunch.testkit.chaos;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.swf.SwfClient;

/** Real SDK clients against a local endpoint, with immediate retries. */
final class SdkClients {

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  private SdkClients() {}

  static SwfClient swf(URI endpoint, SdkHttpClient http, int maxAttempts) {
    return SwfClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
        .httpClient(http).overrideConfiguration(config(maxAttempts)).build();
  }

  private static ClientOverrideConfiguration config(int maxAttempts) {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(retries -> retries.maxAttempts(maxAttempts)
            .backoffStrategy(BackoffStrategy.retryImmediately())
            .throttlingBackoffStrategy(BackoffStrategy.retryImmediately()))
        .build();
  }
}
