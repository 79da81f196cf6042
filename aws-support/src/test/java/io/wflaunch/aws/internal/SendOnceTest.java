package io.wflaunch.aws.internal;

import io.wflaunch.aws.OnceClient;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunsRequest;
import software.amazon.awssdk.regions.Region;

/** Deciding once per client whether its requests need the retry-off override. */
class SendOnceTest {

  private static GlueClientBuilder builder() {
    return GlueClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create("http://127.0.0.1:1"))
        .credentialsProvider(AnonymousCredentialsProvider.create());
  }

  @Test
  void aClientWithTheDefaultRetriesGetsTheOverride() {
    try (GlueClient glue = builder().build()) {
      assertThat(SendOnce.sendsOnce(glue)).isFalse();
      assertThat(SendOnce.overrideFor(glue)).isSameAs(SendOnce.NO_SDK_RETRIES);
    }
  }

  @Test
  void aClientThatNeverRetriesNeedsNothing() {
    try (GlueClient strategy = builder().overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
         GlueClient policy = builder().overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())).build();
         GlueClient twin = SendOnce.withoutRetries(builder()
             .overrideConfiguration(ClientOverrideConfiguration.builder().putHeader("x-kept", "yes").build())).build()) {
      assertThat(SendOnce.overrideFor(strategy)).isNull();
      assertThat(SendOnce.overrideFor(policy)).isNull();
      assertThat(SendOnce.overrideFor(twin)).isNull();
      assertThat(twin.serviceClientConfiguration().overrideConfiguration().headers()).containsKey("x-kept");
    }
  }

  @Test
  void aClientWhoseConfigurationCannotBeReadGetsTheOverride() {
    SdkClient fake = new SdkClient() {
      @Override
      public String serviceName() {
        return "fake";
      }

      @Override
      public void close() {}
    };

    assertThat(SendOnce.overrideFor(fake)).isSameAs(SendOnce.NO_SDK_RETRIES);
  }

  @Test
  void theOnceClientPutsTheOverrideOnRequestsOnlyWhenNeeded() {
    try (GlueClient retrying = builder().build();
         GlueClient retryLess = SendOnce.withoutRetries(builder()).build()) {
      OnceClient<GlueClient> shared = OnceClient.over(retrying);
      OnceClient<GlueClient> once = OnceClient.over(retryLess);
      GetWorkflowRunsRequest request = GetWorkflowRunsRequest.builder().name("etl").build();

      assertThat(shared.client()).isSameAs(retrying);
      assertThat(shared.once(request).overrideConfiguration()).hasValue(SendOnce.NO_SDK_RETRIES);
      assertThat(once.once(request)).isSameAs(request);
    }
  }
}
