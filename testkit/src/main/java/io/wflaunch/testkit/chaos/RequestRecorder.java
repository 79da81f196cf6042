package io.wflaunch.testkit.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import software.amazon.awssdk.core.RequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * An SDK interceptor that records every request a client executes: its operation, its timeouts (its own
 * override's, else those of the client that executed it), and how it failed. Add it to a client
 * ({@code overrideConfiguration(o -> o.addExecutionInterceptor(recorder))}) to see on the wire which
 * requests a start sent and how each was bounded. Safe for use by several threads at once.
 */
public final class RequestRecorder implements ExecutionInterceptor {

  /**
   * One request as the SDK executed it.
   *
   * @param operation the operation's name, such as {@code StartExecution}
   * @param apiCallTimeout the request's API-call timeout: its override's, else its client's, if any
   * @param attemptTimeout the request's API-call attempt timeout: its override's, else its client's, if any
   * @param failure how the request failed, or null when it succeeded
   */
  public record Sent(String operation, Optional<Duration> apiCallTimeout, Optional<Duration> attemptTimeout,
      Throwable failure) {}

  private final Queue<Sent> sent = new ConcurrentLinkedQueue<>();

  /** An empty recorder. */
  public RequestRecorder() {}

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    sent.add(sent(context.request(), attributes, null));
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    sent.add(sent(context.request(), attributes, context.exception()));
  }

  private static Sent sent(SdkRequest request, ExecutionAttributes attributes, Throwable failure) {
    Optional<? extends RequestOverrideConfiguration> override = request.overrideConfiguration();
    Optional<software.amazon.awssdk.core.client.config.ClientOverrideConfiguration> client =
        Optional.ofNullable(attributes.getAttribute(software.amazon.awssdk.core.interceptor.SdkInternalExecutionAttribute.SDK_CLIENT))
            .map(sdk -> sdk.serviceClientConfiguration().overrideConfiguration());
    return new Sent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
        override.flatMap(RequestOverrideConfiguration::apiCallTimeout)
            .or(() -> client.flatMap(c -> c.apiCallTimeout())),
        override.flatMap(RequestOverrideConfiguration::apiCallAttemptTimeout)
            .or(() -> client.flatMap(c -> c.apiCallAttemptTimeout())), failure);
  }

  /**
   * The requests recorded so far, in the order they ended.
   *
   * @return a copy
   */
  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** Forgets the requests recorded so far. */
  public void clear() {
    sent.clear();
  }
}
