package io.wflaunch.internal;

import io.wflaunch.WaitOptions;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The pauses between a tracked run's polls, as {@link WaitOptions} describes: the interval of poll
 * {@code n} is {@code min(maxInterval, minInterval * multiplier^n)}, and each pause is drawn uniformly
 * within 20% of it either way, so the pauses average the interval asked for. After a poll the backend
 * throttled or failed, the step moves one further and the pause is drawn from the upper part only
 * (100% to 120% of the interval). Stateless: a run keeps only its step.
 */
public final class PollSchedule {

  /** The step after which the interval no longer changes for any multiplier worth using. */
  static final int MAX_STEP = 120;

  private PollSchedule() {}

  /**
   * The interval of a step.
   * @param options the wait's options
   * @param step the number of polls made so far
   * @return the interval in nanoseconds
   */
  public static long intervalNanos(WaitOptions options, int step) {
    long min = saturatedNanos(options.minInterval());
    long max = saturatedNanos(options.maxInterval());
    double interval = min * Math.pow(options.multiplier(), step);
    return interval >= max ? max : (long) interval;
  }

  /**
   * The pause after a poll that returned a status.
   * @param options the wait's options
   * @param step the step of the poll just made
   * @param random the jitter's source
   * @return the pause in nanoseconds
   */
  public static long pauseNanos(WaitOptions options, int step, RandomGenerator random) {
    return scale(intervalNanos(options, step), 0.8 + 0.4 * random.nextDouble());
  }

  /**
   * The pause after a poll that the backend throttled or failed.
   * @param options the wait's options
   * @param step the step after the failure (one further than the poll's)
   * @param random the jitter's source
   * @return the pause in nanoseconds
   */
  public static long failurePauseNanos(WaitOptions options, int step, RandomGenerator random) {
    return scale(intervalNanos(options, step), 1.0 + 0.2 * random.nextDouble());
  }

  /**
   * The polls one run makes in an hour on these options, on average: the steps before the interval
   * reaches its cap, then one poll per capped interval.
   * @param options the wait's options
   * @return polls per run-hour
   */
  public static double pollsPerHour(WaitOptions options) {
    double hour = Duration.ofHours(1).toNanos();
    double elapsed = 0;
    int polls = 0;
    for (int step = 0; step <= MAX_STEP && elapsed < hour; step++) {
      elapsed += intervalNanos(options, step);
      polls++;
    }
    if (elapsed < hour) {
      polls += (int) ((hour - elapsed) / intervalNanos(options, MAX_STEP));
    }
    return polls;
  }

  static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  private static long scale(long nanos, double factor) {
    double scaled = nanos * factor;
    return scaled >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(1, (long) scaled);
  }
}
