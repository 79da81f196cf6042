package io.wflaunch.aws.internal;

import io.wflaunch.ErrorContext;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;

/**
 * The clients an adapter's {@code createDefault} builds and owns: a blocking and a non-blocking client
 * from the SDK's default chains, configured by the caller, and their retry-less twins for the start
 * protocol, built when first used. Client configuration failures (no region, say) become
 * {@link io.wflaunch.ConfigurationException}s.
 *
 * @param client the blocking client
 * @param asyncClient the non-blocking client
 * @param once the blocking client's retry-less twin
 * @param onceAsync the non-blocking client's retry-less twin
 * @param <S> the blocking client's type
 * @param <A> the non-blocking client's type
 */
public record DefaultClients<S extends SdkClient, A extends SdkClient>(
    S client, A asyncClient, OnceClient<S> once, OnceClient<A> onceAsync) {

  /**
   * Configures both builders and builds the clients.
   *
   * @param backendId the backend the clients are for, for error messages
   * @param sync the blocking client's builder
   * @param configureSync the caller's configuration of it
   * @param async the non-blocking client's builder
   * @param configureAsync the caller's configuration of it
   * @param <S> the blocking client's type
   * @param <A> the non-blocking client's type
   * @param <SB> the blocking client's builder type
   * @param <AB> the non-blocking client's builder type
   * @return the clients
   */
  public static <S extends SdkClient, A extends SdkClient, SB extends AwsClientBuilder<SB, S>,
      AB extends AwsClientBuilder<AB, A>> DefaultClients<S, A> build(String backendId, SB sync,
      Consumer<? super SB> configureSync, AB async, Consumer<? super AB> configureAsync) {
    configureSync.accept(sync);
    configureAsync.accept(async);
    ErrorContext context = ErrorContext.of(backendId);
    S client = AwsErrors.build(sync::build, context);
    A asyncClient;
    try {
      asyncClient = AwsErrors.build(async::build, context);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    return new DefaultClients<>(client, asyncClient, OnceClient.twin(() -> SendOnce.withoutRetries(sync).build()),
        OnceClient.twin(() -> SendOnce.withoutRetries(async).build()));
  }

  /**
   * Everything to close with the backend.
   *
   * @return the four clients
   */
  public List<AutoCloseable> owned() {
    return List.of(client, asyncClient, once, onceAsync);
  }
}
