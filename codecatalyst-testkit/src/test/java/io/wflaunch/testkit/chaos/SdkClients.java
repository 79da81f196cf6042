package io.wflaunch.testkit.chaos;

import java.net.URI;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClient;

/** Real SDK clients against a local endpoint, with immediate retries. */
final class SdkClients {

  private SdkClients() {}

  static CodeCatalystClient codeCatalyst(URI endpoint, SdkHttpClient http, int maxAttempts) {
    return CodeCatalystClient.builder().endpointOverride(endpoint).region(Region.US_WEST_2)
        .tokenProvider(() -> () -> "token").httpClient(http).overrideConfiguration(config(maxAttempts)).build();
  }

  private static ClientOverrideConfiguration config(int maxAttempts) {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(retries -> retries.maxAttempts(maxAttempts)
            .backoffStrategy(BackoffStrategy.retryImmediately())
            .throttlingBackoffStrategy(BackoffStrategy.retryImmediately()))
        .build();
  }
}
