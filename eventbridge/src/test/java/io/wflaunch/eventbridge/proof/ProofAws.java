package io.wflaunch.eventbridge.proof;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The real SDK clients of the proofs, aimed at a local endpoint (moto, or the local Step Functions). */
final class ProofAws {

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  private ProofAws() {}

  static SqsClient sqs(URI endpoint) {
    return SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  static EventBridgeClient events(URI endpoint) {
    return EventBridgeClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  static SnsClient sns(URI endpoint) {
    return SnsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  static SfnClient sfn(URI endpoint) {
    return SfnClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }
}
