package io.wflaunch.aws.internal;

import io.wflaunch.aws.AwsErrors;
import io.wflaunch.aws.OnceClient;

import io.wflaunch.ConfigurationException;
import io.wflaunch.ErrorContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;

/**
 * The clients an adapter's {@code createDefault} builds and owns: a blocking and a non-blocking client
 * from the SDK's default chains, configured by the caller, and the once-clients the start protocol sends
 * with (each client's retry-less twin, made from its configuration when first used, sharing its HTTP
 * client). Client configuration failures (no region, say) become
 * {@link io.wflaunch.ConfigurationException}s. Without an async HTTP implementation on the classpath
 * (an application that ships only {@code url-connection-client}, say) there is no non-blocking client,
 * and the backend's async methods run the blocking calls on the launcher's executor.
 *
 * @param client the blocking client
 * @param asyncClient the non-blocking client, or null when no async HTTP implementation is on the classpath
 * @param once the blocking client's once-client
 * @param onceAsync the non-blocking client's once-client, or null with no non-blocking client
 * @param <S> the blocking client's type
 * @param <A> the non-blocking client's type
 */
public record DefaultClients<S extends SdkClient, A extends SdkClient>(
    S client, A asyncClient, OnceClient<S> once, OnceClient<A> onceAsync) {

  private static final Logger log = LoggerFactory.getLogger(DefaultClients.class);

  /**
   * Builds the clients from configured builders.
   *
   * @param backendId the backend the clients are for, for error messages
   * @param sync the blocking client's builder, configured
   * @param async the non-blocking client's builder, configured
   * @param <S> the blocking client's type
   * @param <A> the non-blocking client's type
   * @return the clients
   */
  public static <S extends SdkClient, A extends SdkClient> DefaultClients<S, A> build(String backendId,
      AwsClientBuilder<?, S> sync, AwsClientBuilder<?, A> async) {
    ErrorContext context = ErrorContext.of(backendId);
    S client = AwsErrors.build(sync::build, context);
    A asyncClient;
    try {
      asyncClient = AwsErrors.build(async::build, context);
    } catch (ConfigurationException e) {
      if (!e.setting().equals("httpClient")) {
        client.close();
        throw e;
      }
      log.debug("No async HTTP implementation on the classpath: backend {} runs its async calls on the launcher's "
          + "executor", backendId);
      return new DefaultClients<>(client, null, OnceClient.over(client), null);
    } catch (RuntimeException | Error e) {
      client.close();
      throw e;
    }
    return new DefaultClients<>(client, asyncClient, OnceClient.over(client), OnceClient.over(asyncClient));
  }

  /**
   * Everything to close with the backend.
   *
   * @return the clients there are
   */
  public List<AutoCloseable> owned() {
    return asyncClient == null ? List.of(client) : List.of(client, asyncClient);
  }
}
