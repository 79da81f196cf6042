package io.wflaunch;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link WorkflowLauncher#startAll} launches many runs.
 * <p>At most {@code concurrency} starts are in flight at once, and starts begin at no more than
 * {@code startsPerSecond} (one start every {@code 1 / startsPerSecond} seconds at most, no burst). Requests are
 * taken from the
 * caller's {@link Iterable} only as starts can begin, so a lazily produced sequence (lines of a file, a
 * queue) is read at the pace of the starts. A start refused because the workflow's concurrency limit is
 * reached (which a service reports as its own error) or throttled waits and tries again, backing off
 * from one second to thirty, for up to {@code maxWait} per request; a throttled start also halves the
 * start rate, which then grows back. A start whose outcome is unknown is never tried again unless it
 * has an idempotency key. Every other failure is that request's result.
 *
 * @param concurrency the most starts in flight at once, at least 1
 * @param startsPerSecond the most starts begun per second, positive
 * @param maxWait how long one request may wait for a slot or for throttling to pass, positive
 * @param listener who is told of each result as it comes
 */
public record BulkOptions(int concurrency, double startsPerSecond, Duration maxWait, BulkListener listener) {

  /** Ten starts at once, at most ten per second, waiting up to an hour per request, no listener. */
  public static final BulkOptions DEFAULT = new BulkOptions(10, 10.0, Duration.ofHours(1), BulkListener.NONE);

  /**
   * Checks the values.
   *
   * @param concurrency the most starts in flight
   * @param startsPerSecond the start rate
   * @param maxWait the longest wait per request
   * @param listener who is told of results
   * @throws IllegalArgumentException if a value is out of range
   */
  public BulkOptions {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, found " + concurrency);
    }
    if (!(startsPerSecond > 0) || Double.isInfinite(startsPerSecond)) {
      throw new IllegalArgumentException("startsPerSecond must be a positive finite number, found " + startsPerSecond);
    }
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("maxWait must be positive, found " + maxWait);
    }
    Objects.requireNonNull(listener, "listener");
  }

  /**
   * A copy with another concurrency.
   *
   * @param concurrency the most starts in flight, at least 1
   * @return the copy
   */
  public BulkOptions withConcurrency(int concurrency) {
    return new BulkOptions(concurrency, startsPerSecond, maxWait, listener);
  }

  /**
   * A copy with another start rate.
   *
   * @param startsPerSecond the most starts begun per second, positive
   * @return the copy
   */
  public BulkOptions withStartsPerSecond(double startsPerSecond) {
    return new BulkOptions(concurrency, startsPerSecond, maxWait, listener);
  }

  /**
   * A copy with another longest wait per request.
   *
   * @param maxWait a positive duration
   * @return the copy
   */
  public BulkOptions withMaxWait(Duration maxWait) {
    return new BulkOptions(concurrency, startsPerSecond, maxWait, listener);
  }

  /**
   * A copy with another listener.
   *
   * @param listener who is told of each result
   * @return the copy
   */
  public BulkOptions withListener(BulkListener listener) {
    return new BulkOptions(concurrency, startsPerSecond, maxWait, listener);
  }
}
