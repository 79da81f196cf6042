package io.wflaunch.glue;

import io.wflaunch.testkit.chaos.ChaosAsyncHttpClient;
import io.wflaunch.testkit.chaos.ChaosHttpClient;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.glue.GlueChaos;
import io.wflaunch.testkit.moto.MotoServerExtension;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueAsyncClientBuilder;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;

/** The Glue clients that the moto tests of workflows and jobs build: moto's endpoint, its test credentials. */
final class GlueMoto {

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  private GlueMoto() {}

  /** A blocking client's builder aimed at moto, with the test credentials and the SDK's default HTTP client. */
  static GlueClientBuilder clientBuilder(MotoServerExtension moto) {
    return GlueClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS);
  }

  /** An async client's builder aimed at moto, with the test credentials. */
  static GlueAsyncClientBuilder asyncClientBuilder(MotoServerExtension moto) {
    return GlueAsyncClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS);
  }

  /** A blocking client straight to moto, for setting up and reading back. */
  static GlueClient direct(MotoServerExtension moto) {
    return clientBuilder(moto).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  /** A blocking client to moto through the chaos layer's Glue profile. */
  static GlueClientBuilder chaotic(MotoServerExtension moto, ChaosPlan plan) {
    return clientBuilder(moto).httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, GlueChaos.PROFILE));
  }

  /** As {@link #chaotic}, each attempt bounded by {@code attemptTimeout} (null for the SDK's default). */
  static GlueClient chaotic(MotoServerExtension moto, ChaosPlan plan, Duration attemptTimeout) {
    return chaotic(moto, plan).overrideConfiguration(o -> o.apiCallAttemptTimeout(attemptTimeout)).build();
  }

  /** An async client to moto over {@code http} through the chaos layer's Glue profile. */
  static GlueAsyncClientBuilder chaoticAsync(MotoServerExtension moto, ChaosPlan plan, SdkAsyncHttpClient http) {
    return asyncClientBuilder(moto).httpClient(ChaosAsyncHttpClient.wrap(http, plan, GlueChaos.PROFILE));
  }
}
