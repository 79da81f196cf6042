package io.wflaunch.aws.internal;

import java.net.URI;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/** Small pieces of building SDK clients that every adapter's factories share. */
public final class AwsClients {

  private AwsClients() {}

  /**
   * Configures a client builder of any service with a region and an endpoint, each only when given.
   *
   * @param region the region, or null for the default region chain
   * @param endpointOverride the endpoint, or null for the region's
   * @param <B> the builder type
   * @return the configuration
   */
  public static <B extends AwsClientBuilder<B, ?>> Consumer<B> regionAndEndpoint(Region region, URI endpointOverride) {
    return builder -> {
      if (region != null) {
        builder.region(region);
      }
      if (endpointOverride != null) {
        builder.endpointOverride(endpointOverride);
      }
    };
  }
}
