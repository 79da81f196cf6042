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
   * The polls one run makes in its first hour, on average: the first at once, then one after each
   * step's interval, the capped interval repeating once the steps stop growing.
   * @param options the wait's options
   * @return polls per run-hour
   */
  public static int pollsPerHour(WaitOptions options) {
    long hour = Duration.ofHours(1).toNanos();
    long elapsed = 0;
    int polls = 1;
    for (int step = 0; ; step++) {
      long interval = intervalNanos(options, Math.min(step, MAX_STEP));
      if (elapsed + interval > hour) {
        return polls;
      }
      if (step >= MAX_STEP) {
        return polls + (int) ((hour - elapsed) / interval);
      }
      elapsed += interval;
      polls++;
    }
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
