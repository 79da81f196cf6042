package io.wflaunch.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.ConfigurationException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;

/** What every adapter's createDefault builds: configured clients, and retry-less twins made on demand. */
class DefaultClientsTest {

  private static final URI NOWHERE = URI.create("http://127.0.0.1:1");

  @Test
  void bothClientsTakeTheCallersConfigurationAndTheirTwinsNeverRetry() throws Exception {
    DefaultClients<GlueClient, GlueAsyncClient> clients = DefaultClients.build("glue", GlueClient.builder().region(Region.EU_WEST_1).endpointOverride(NOWHERE)
            .credentialsProvider(AnonymousCredentialsProvider.create()),
        GlueAsyncClient.builder().region(Region.EU_WEST_1).endpointOverride(NOWHERE)
            .credentialsProvider(AnonymousCredentialsProvider.create()));
    try {
      assertThat(clients.client().serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
      assertThat(clients.asyncClient().serviceClientConfiguration().endpointOverride()).contains(NOWHERE);
      assertThat(SendOnce.sendsOnce(clients.client())).isFalse();
      java.time.Duration timeout = java.time.Duration.ofSeconds(5);
      assertThat(SendOnce.sendsOnce(clients.once().client(timeout))).isTrue();
      assertThat(SendOnce.sendsOnce(clients.onceAsync().client(timeout))).isTrue();
      assertThat(clients.once().client(timeout).serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
      assertThat(clients.owned()).containsExactly(clients.client(), clients.asyncClient());
    } finally {
      for (AutoCloseable owned : clients.owned()) {
        owned.close();
      }
    }
  }

  @Test
  void aClientThatCannotBeBuiltIsAConfigurationFailure() {
    assertThatThrownBy(() -> DefaultClients.build("glue", GlueClient.builder().region(Region.EU_WEST_1).credentialsProvider(AnonymousCredentialsProvider.create()),
        GlueAsyncClient.builder().region(Region.EU_WEST_1)
            .credentialsProvider(AnonymousCredentialsProvider.create())
            .httpClientBuilder(defaults -> {
              throw SdkClientException.create("Unable to load region from any of the providers in the chain x");
            })))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("region"));
  }

  @Test
  void withoutAnAsyncHttpImplementationThereIsNoAsyncClientAndTheBlockingOneStillWorks() throws Exception {
    DefaultClients<GlueClient, GlueAsyncClient> clients = DefaultClients.build("glue", GlueClient.builder().region(Region.EU_WEST_1).endpointOverride(NOWHERE)
            .credentialsProvider(AnonymousCredentialsProvider.create()),
        GlueAsyncClient.builder().region(Region.EU_WEST_1)
            .credentialsProvider(AnonymousCredentialsProvider.create())
            .httpClientBuilder(defaults -> {
              throw SdkClientException.create("Unable to load an HTTP implementation from any provider in the chain. "
                  + "You must declare a dependency on an appropriate HTTP implementation or pass in an SdkHttpClient "
                  + "explicitly to the client builder.");
            }));
    try {
      assertThat(clients.asyncClient()).isNull();
      assertThat(clients.onceAsync()).isNull();
      assertThat(clients.owned()).containsExactly(clients.client());
      assertThat(SendOnce.sendsOnce(clients.once().client(java.time.Duration.ofSeconds(5)))).isTrue();
    } finally {
      for (AutoCloseable owned : clients.owned()) {
        owned.close();
      }
    }
  }
}
