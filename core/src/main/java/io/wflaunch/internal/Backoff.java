package io.wflaunch.internal;

import io.wflaunch.WaitOptions;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The pauses between the polls of one wait: exponential backoff with full jitter, as
 * {@link WaitOptions} describes. Not thread-safe; one instance per wait, used by one poll at a time.
 */
public final class Backoff {

  private final long minNanos;
  private final long maxNanos;
  private final double multiplier;
  private final RandomGenerator random;
  private int step;
  private long lastNanos;

  public Backoff(WaitOptions options, RandomGenerator random) {
    this.minNanos = saturatedNanos(options.minInterval());
    this.maxNanos = saturatedNanos(options.maxInterval());
    this.multiplier = options.multiplier();
    this.random = random;
  }

  /** The pause after a poll that returned a status. */
  public Duration afterPoll() {
    return draw(minNanos);
  }

  /**
   * The pause after a poll the backend throttled or failed: one extra backoff step, and never
   * shorter than the pause before.
   */
  public Duration afterFailure() {
    step++;
    return draw(Math.max(minNanos, lastNanos));
  }

  /** The upper bound of the pause drawn at a given step. */
  public long ceilingNanos(int atStep) {
    double ceiling = minNanos * Math.pow(multiplier, atStep);
    return ceiling >= maxNanos ? maxNanos : (long) ceiling;
  }

  private Duration draw(long floorNanos) {
    long high = ceilingNanos(step);
    long low = Math.min(floorNanos, maxNanos);
    if (high < low) {
      high = low;
    }
    long nanos = low + (long) (random.nextDouble() * (high - low));
    step++;
    lastNanos = nanos;
    return Duration.ofNanos(nanos);
  }

  static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }
}
