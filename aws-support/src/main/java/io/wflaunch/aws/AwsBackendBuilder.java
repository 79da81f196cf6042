package io.wflaunch.aws;

import io.wflaunch.aws.internal.DefaultClients;
import io.wflaunch.spi.WorkflowBackend;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;

/**
 * The part of every AWS backend's builder that is not about its service: the blocking client, the
 * optional non-blocking one, the backend id, the clock, the clients the start protocol sends its
 * requests with (each exactly once), and what the backend must close because it built it. An adapter's
 * builder extends it, adds its options and builds its backend from {@link #parts()}: the clients,
 * their once-clients and the rest.
 *
 * @param <S> the service's blocking client type
 * @param <A> the service's non-blocking client type
 * @param <B> the builder's own type
 */
public abstract class AwsBackendBuilder<S extends SdkClient, A extends SdkClient,
    B extends AwsBackendBuilder<S, A, B>> {

  private final S client;
  private A asyncClient;
  private String id;
  private Clock clock = Clock.systemUTC();
  private final List<AutoCloseable> owned = new ArrayList<>();

  /**
   * Starts a builder over a client.
   *
   * @param client the blocking client; the backend does not close it
   * @param defaultId the backend id unless {@link #id} sets another
   * @throws NullPointerException if an argument is null
   */
  protected AwsBackendBuilder(S client, String defaultId) {
    this.client = Objects.requireNonNull(client, "client");
    this.id = Objects.requireNonNull(defaultId, "defaultId");
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * Sets the non-blocking client the async methods use; without one they run the blocking calls on the
   * launcher's executor.
   *
   * @param asyncClient the non-blocking client; the backend does not close it
   * @return this builder
   */
  public B asyncClient(A asyncClient) {
    this.asyncClient = Objects.requireNonNull(asyncClient, "asyncClient");
    return self();
  }

  /**
   * Sets the backend id, for example one per region (the type's name and the region, such as
   * {@code memory-eu}).
   *
   * @param id the id
   * @return this builder
   */
  public B id(String id) {
    this.id = Objects.requireNonNull(id, "id");
    return self();
  }

  /**
   * Sets the clock the backend measures look-backs and ages with (default the system clock).
   *
   * @param clock the clock
   * @return this builder
   */
  public B clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return self();
  }

  /**
   * Builds the backend.
   *
   * @return the backend
   */
  public abstract WorkflowBackend build();

  /**
   * What the backend is built from, for the adapter's {@link #build()}.
   *
   * @return the parts
   */
  protected final Parts<S, A> parts() {
    OnceClient<S> sendOnce = OnceClient.over(client);
    OnceClient<A> sendOnceAsync = asyncClient == null ? null : OnceClient.over(asyncClient);
    return new Parts<>(id, client, asyncClient, sendOnce, sendOnceAsync, List.copyOf(owned), clock);
  }

  /**
   * What a builder gathered: the adapter's backend is made of these and its own options.
   *
   * @param id the backend id
   * @param client the blocking client
   * @param asyncClient the non-blocking client, or null when there is none
   * @param once the blocking client the start protocol sends with, each request exactly once
   * @param onceAsync the non-blocking counterpart, or null when there is no non-blocking client
   * @param owned what the backend closes when it is closed (what it built, never the caller's)
   * @param clock the clock
   * @param <S> the blocking client type
   * @param <A> the non-blocking client type
   */
  public record Parts<S extends SdkClient, A extends SdkClient>(String id, S client, A asyncClient,
      OnceClient<S> once, OnceClient<A> onceAsync, List<AutoCloseable> owned, Clock clock) {

    /**
     * The adapter's transport over the blocking client.
     *
     * @param over makes the transport from a client and its once-client
     * @param <C> the transport type
     * @return the transport
     */
    public <C> C blockingCalls(java.util.function.BiFunction<S, OnceClient<S>, C> over) {
      return over.apply(client, once);
    }

    /**
     * The adapter's transport over the non-blocking client, or null when there is none.
     *
     * @param over makes the transport from a client and its once-client
     * @param <C> the transport type
     * @return the transport, or null
     */
    public <C> C asyncCalls(java.util.function.BiFunction<A, OnceClient<A>, C> over) {
      return asyncClient == null ? null : over.apply(asyncClient, onceAsync);
    }
  }

  /** Takes clients built for the backend, which it then owns. */
  final void adopt(DefaultClients<S, A> clients) {
    if (clients.asyncClient() != null) {
      asyncClient(clients.asyncClient());
    }
    owned.addAll(clients.owned());
  }

  /**
   * A builder over clients built from the SDK's default credential and region chains, configured by the
   * caller; the backend owns them. For an adapter's {@code createDefault} factories.
   *
   * @param id the backend id
   * @param syncBuilder a new blocking client builder
   * @param sync the caller's configuration of it
   * @param asyncBuilder a new non-blocking client builder
   * @param async the caller's configuration of it
   * @param builderOf the adapter's builder over a blocking client
   * @param <S> the blocking client type
   * @param <A> the non-blocking client type
   * @param <SB> the blocking builder type
   * @param <AB> the non-blocking builder type
   * @param <B> the adapter's builder type
   * @return the adapter's builder, owning the clients
   * @throws io.wflaunch.ConfigurationException if the clients cannot be built (no region, say)
   */
  public static <S extends SdkClient, A extends SdkClient, SB extends AwsClientBuilder<SB, S>,
      AB extends AwsClientBuilder<AB, A>, B extends AwsBackendBuilder<S, A, B>> B defaultClients(String id,
      SB syncBuilder, Consumer<? super SB> sync, AB asyncBuilder, Consumer<? super AB> async,
      Function<S, B> builderOf) {
    Objects.requireNonNull(id, "id");
    sync.accept(syncBuilder);
    async.accept(asyncBuilder);
    @SuppressWarnings("unchecked")
    B builder = (B) adopted(id, syncBuilder, asyncBuilder, builderOf);
    return builder;
  }

  /**
   * Configures a client builder of any service with a region and an endpoint, each only when given.
   *
   * @param region the region, or null for the default region chain
   * @param endpointOverride the endpoint, or null for the region's
   * @param <CB> the builder type
   * @return the configuration
   */
  public static <CB extends AwsClientBuilder<CB, ?>> Consumer<CB> regionAndEndpoint(
      software.amazon.awssdk.regions.Region region, java.net.URI endpointOverride) {
    return builder -> {
      if (region != null) {
        builder.region(region);
      }
      if (endpointOverride != null) {
        builder.endpointOverride(endpointOverride);
      }
    };
  }

  /** A builder over clients built from configured builders, owning them. */
  static <S extends SdkClient, A extends SdkClient> AwsBackendBuilder<S, A, ?> adopted(String id,
      AwsClientBuilder<?, S> syncBuilder, AwsClientBuilder<?, A> asyncBuilder,
      Function<S, ? extends AwsBackendBuilder<S, A, ?>> builderOf) {
    DefaultClients<S, A> clients = DefaultClients.build(id, syncBuilder, asyncBuilder);
    try {
      AwsBackendBuilder<S, A, ?> builder = builderOf.apply(clients.client());
      builder.id(id);
      builder.adopt(clients);
      return builder;
    } catch (RuntimeException | Error e) {
      clients.owned().forEach(AwsBackendBuilder::closeQuietly);
      throw e;
    }
  }

  /** Closes what the builder built, when the backend could not be made of it. */
  final void closeOwned() {
    owned.forEach(AwsBackendBuilder::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception ignored) {
      // already failing
    }
  }
}
