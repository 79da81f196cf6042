package io.wflaunch.aws;

import io.wflaunch.aws.internal.ClientTwins;
import io.wflaunch.aws.internal.SendOnce;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkClient;

/**
 * How the start protocol sends its requests over a client, each exactly once and within a timeout:
 * {@code once.client(timeout).startX(once.once(request, timeout))}. Over a client the SDK generated, that
 * is the client's twin for the timeout ({@link ClientTwins}): made once from the client's configuration
 * with the retries off and the timeout as its API-call timeout, sharing its HTTP client, so that a
 * request needs nothing of its own and costs what the same request costs on the client. Over any other
 * client (a fake, a wrapper) it is the client itself, and each request carries a per-request override
 * with the timeout and, unless the client never retries, a plugin that switches the retries off (which
 * makes the SDK rebuild its configuration for that request).
 *
 * @param <T> the SDK client type
 */
public final class OnceClient<T extends SdkClient> implements AutoCloseable {

  /** The client's twin for one timeout, or none when it has no twin. */
  private record Twin<T>(Duration timeout, Optional<T> client) {}

  /** The per-request override for one timeout. */
  private record TimedOverride(Duration timeout, AwsRequestOverrideConfiguration override) {}

  private final T client;
  private volatile Twin<T> twin;
  private final java.util.concurrent.ConcurrentMap<Duration, Twin<T>> twins = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile Optional<AwsRequestOverrideConfiguration> retriesOff;
  private volatile TimedOverride timed;

  private OnceClient(T client) {
    this.client = client;
  }

  /**
   * Over a client.
   *
   * @param client the client; it stays its owner's to close
   * @param <T> its type
   * @return the once-client
   */
  public static <T extends SdkClient> OnceClient<T> over(T client) {
    return new OnceClient<>(Objects.requireNonNull(client, "client"));
  }

  /**
   * The client this sends over.
   *
   * @return the client
   */
  public T client() {
    return client;
  }

  /**
   * The client a request with {@code timeout} is sent with: the twin for that timeout (made on first
   * use, one per timeout), or the client when it has no twin.
   *
   * @param timeout the API-call timeout
   * @return the client to send with
   */
  public T client(Duration timeout) {
    return twin(timeout).orElse(client);
  }

  private Optional<T> twin(Duration timeout) {
    Twin<T> known = twin;
    if (known != null && known.timeout().equals(timeout)) {
      return known.client();
    }
    // Another timeout (launchers with different request timeouts over one backend): one twin each.
    known = twins.computeIfAbsent(timeout, t -> new Twin<>(t, ClientTwins.sendingOnce(client, t)));
    twin = known;
    return known.client();
  }


  /**
   * The request as it must be sent with {@link #client()} (a read the protocol owns the retries of): with
   * the retry-off override unless the client never retries.
   *
   * @param request the request
   * @param <R> its type
   * @return the request to send
   */
  @SuppressWarnings("unchecked")
  public <R extends AwsRequest> R once(R request) {
    Optional<AwsRequestOverrideConfiguration> off = retriesOff();
    return off.isEmpty() ? request : (R) request.toBuilder().overrideConfiguration(off.get()).build();
  }

  /**
   * The request as it must be sent with {@link #client(Duration)}: unchanged when that is the twin (and
   * the request has no override of its own); else with {@code timeout} as its API-call timeout and the
   * retry-off override unless the client never retries. One attempt, so the API-call timeout bounds the
   * attempt too.
   *
   * @param request the request
   * @param timeout the API-call timeout
   * @param <R> its type
   * @return the request to send
   */
  @SuppressWarnings("unchecked")
  public <R extends AwsRequest> R once(R request, Duration timeout) {
    if (request.overrideConfiguration().isEmpty() && twin(timeout).isPresent()) {
      return request;
    }
    TimedOverride known = timed;
    if (known == null || !known.timeout().equals(timeout)) {
      AwsRequestOverrideConfiguration.Builder builder = retriesOff().map(AwsRequestOverrideConfiguration::toBuilder)
          .orElseGet(AwsRequestOverrideConfiguration::builder);
      known = new TimedOverride(timeout, builder.apiCallTimeout(timeout).build());
      timed = known;
    }
    AwsRequestOverrideConfiguration config = known.override();
    return (R) request.toBuilder().overrideConfiguration(request.overrideConfiguration()
        .map(own -> {
          AwsRequestOverrideConfiguration.Builder merged = own.toBuilder().apiCallTimeout(timeout);
          config.plugins().forEach(merged::addPlugin);
          return merged.build();
        })
        .orElse(config)).build();
  }

  private Optional<AwsRequestOverrideConfiguration> retriesOff() {
    Optional<AwsRequestOverrideConfiguration> decided = retriesOff;
    if (decided == null) {
      // Decided on first use, once: reading the client's configuration is not free.
      decided = Optional.ofNullable(SendOnce.overrideFor(client));
      retriesOff = decided;
    }
    return decided;
  }

  /** Nothing to close: the client is its owner's, and a twin shares everything it holds with it. */
  @Override
  public void close() {}
}
