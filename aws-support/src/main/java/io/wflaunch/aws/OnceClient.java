package io.wflaunch.aws;

import io.wflaunch.aws.internal.SendOnce;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkClient;

/**
 * The client the start protocol sends its requests with, each exactly once: either the user's own
 * client with the retry-off override on each request (decided once, see {@link SendOnce}), or a
 * retry-less twin that a convenience factory built, made when first needed and closed with the
 * backend.
 *
 * @param <T> the SDK client type
 */
public final class OnceClient<T extends SdkClient> implements AutoCloseable {

  private final T shared;
  private final Supplier<T> twinFactory;
  private volatile T twin;
  private boolean closed;
  private volatile Optional<AwsRequestOverrideConfiguration> override;

  private OnceClient(T shared, Supplier<T> twinFactory) {
    this.shared = shared;
    this.twinFactory = twinFactory;
    this.override = shared == null ? Optional.empty() : null;
  }

  /**
   * Over the user's client: requests get the retry-off override unless the client never retries.
   *
   * @param client the user's client
   * @param <T> its type
   * @return the once-client
   */
  public static <T extends SdkClient> OnceClient<T> over(T client) {
    return new OnceClient<>(Objects.requireNonNull(client, "client"), null);
  }

  /**
   * Over a retry-less twin built by {@code factory} when first needed; requests need no override.
   *
   * @param factory builds a client that never retries
   * @param <T> its type
   * @return the once-client, owning the twin
   */
  public static <T extends SdkClient> OnceClient<T> twin(Supplier<T> factory) {
    return new OnceClient<>(null, Objects.requireNonNull(factory, "factory"));
  }

  /**
   * The client to send with.
   *
   * @return the client
   */
  public T client() {
    if (shared != null) {
      return shared;
    }
    T built = twin;
    if (built == null) {
      synchronized (this) {
        if (closed) {
          throw new IllegalStateException("the backend is closed");
        }
        built = twin;
        if (built == null) {
          built = twinFactory.get();
          twin = built;
        }
      }
    }
    return built;
  }

  /**
   * The request as it must be sent with {@link #client()}: with the retry-off override when needed.
   *
   * @param request the request
   * @param <R> its type
   * @return the request to send
   */
  @SuppressWarnings("unchecked")
  public <R extends AwsRequest> R once(R request) {
    Optional<AwsRequestOverrideConfiguration> decided = override;
    if (decided == null) {
      // Decided on first use, once: reading the client's configuration is not free.
      decided = Optional.ofNullable(SendOnce.overrideFor(shared));
      override = decided;
    }
    return decided.isEmpty() ? request : (R) request.toBuilder().overrideConfiguration(decided.get()).build();
  }

  /**
   * The request as it must be sent with {@link #client()} by a start: sent once (as {@link #once}), with
   * {@code timeout} as its API-call timeout. The request makes one attempt, so the API-call timeout
   * bounds that attempt too; an attempt timeout as well would only time the same attempt twice (each
   * SDK timeout is a task on the client's timer). The override is made once per timeout.
   *
   * @param request the request
   * @param timeout the API-call timeout
   * @param <R> its type
   * @return the request to send
   */
  @SuppressWarnings("unchecked")
  public <R extends AwsRequest> R once(R request, java.time.Duration timeout) {
    TimedOverride timed = this.timed;
    if (timed == null || !timed.timeout().equals(timeout)) {
      Optional<AwsRequestOverrideConfiguration> decided = override;
      if (decided == null) {
        decided = Optional.ofNullable(SendOnce.overrideFor(shared));
        override = decided;
      }
      AwsRequestOverrideConfiguration.Builder builder = decided.map(AwsRequestOverrideConfiguration::toBuilder)
          .orElseGet(AwsRequestOverrideConfiguration::builder);
      timed = new TimedOverride(timeout, builder.apiCallTimeout(timeout).build());
      this.timed = timed;
    }
    AwsRequestOverrideConfiguration config = timed.override();
    return (R) request.toBuilder().overrideConfiguration(request.overrideConfiguration()
        .map(own -> {
          AwsRequestOverrideConfiguration.Builder merged = own.toBuilder().apiCallTimeout(timeout);
          config.plugins().forEach(merged::addPlugin);
          return merged.build();
        })
        .orElse(config)).build();
  }

  private record TimedOverride(java.time.Duration timeout, AwsRequestOverrideConfiguration override) {}

  private volatile TimedOverride timed;

  /** Closes the twin if one was built; the user's client is the user's to close. */
  @Override
  public void close() {
    T built;
    synchronized (this) {
      closed = true;
      built = twin;
    }
    if (built != null) {
      built.close();
    }
  }
}
