package io.wflaunch;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link WorkflowLauncher#awaitCompletion(RunHandle, WaitOptions)} polls a run.
 * <p>Polls come less often as a run ages: the interval before poll {@code n + 1} (counting from 0) is
 * {@code min(maxInterval, minInterval * multiplier^n)}, and each pause is drawn uniformly within 20%
 * of that interval either way, so that the pauses average the interval asked for while the runs of a
 * batch do not all fall due at the same instant. A throttled or unavailable backend does not end the
 * wait: it moves the schedule one extra step and the next pause is drawn from 100% to 120% of that
 * step's interval, so the wait backs off until the backend recovers or the deadline passes. The wait
 * ends at the first terminal state, or with a {@link WaitTimeoutException} once {@code timeout} has
 * passed (the last poll is made at the deadline).
 * <p>With the {@link #DEFAULT defaults} (1 s doubling up to 30 s), a run is polled about 124 times in
 * its first hour: one at once, 5 more by 31 seconds, then one every 30 seconds on average. Through the
 * launcher's {@link RunTracker} these polls are shared: the runs of one workflow that fall due together
 * cost one listing (a page per so many runs, as many as the backend's listing call returns at once)
 * instead of one request each.
 * <p>With {@code stopOnGiveUp}, a wait that gives up on a run still under way (it timed out, or its
 * future was cancelled, or the waiting thread was interrupted) asks the backend to stop the run, so that
 * a caller who starts again does not leave the first run going. The stop is one request within the
 * backend's budget, like a poll; a run the wait saw end is never stopped. The
 * {@link WaitTimeoutException} waits for the stop's answer and says with
 * {@link WaitTimeoutException#giveUpStop()} whether it was sent and accepted; a cancelled wait tells its
 * {@link WaitListener#onGiveUp listener}. A launcher closing during the wait sends no stop (its
 * backends are closing too): the {@link CancelledException} says the run was left running.
 * @param minInterval the interval before the second poll, positive
 * @param maxInterval the interval that polls settle at as the run ages, at least {@code minInterval}
 * @param multiplier how much the pause ceiling grows per poll, at least 1
 * @param timeout how long the whole wait may take, positive
 * @param listener who is told about polls and state changes
 * @param stopOnGiveUp whether to stop the run when the wait gives up on it
 */
public record WaitOptions(
    Duration minInterval, Duration maxInterval, double multiplier, Duration timeout, WaitListener listener,
    boolean stopOnGiveUp) {

  /** One second between the first polls, doubling up to thirty, for at most one hour, no listener. */
  public static final WaitOptions DEFAULT = new WaitOptions(
      Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, Duration.ofHours(1), WaitListener.NONE, false);

  /**
   * Checks the values.
   *
   * @param minInterval the shortest pause
   * @param maxInterval the longest pause
   * @param multiplier the growth of the pause ceiling per poll
   * @param timeout how long the wait may take
   * @param listener who is told about polls and state changes
   * @param stopOnGiveUp whether to stop the run when the wait gives up on it
   * @throws NullPointerException if any value is null
   * @throws IllegalArgumentException if an interval or the timeout is not positive, the maximum
   *     interval is below the minimum, or the multiplier is below 1 or not finite
   */
  public WaitOptions {
    Objects.requireNonNull(minInterval, "minInterval");
    Objects.requireNonNull(maxInterval, "maxInterval");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(listener, "listener");
    if (minInterval.isNegative() || minInterval.isZero()) {
      throw new IllegalArgumentException("minInterval must be positive, found " + minInterval);
    }
    if (maxInterval.compareTo(minInterval) < 0) {
      throw new IllegalArgumentException(
          "maxInterval must be at least minInterval " + minInterval + ", found " + maxInterval);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be a finite number of at least 1, found " + multiplier);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, found " + timeout);
    }
  }

  /**
   * Options that leave the run alone when the wait gives up on it.
   *
   * @param minInterval the shortest pause
   * @param maxInterval the longest pause
   * @param multiplier the growth of the pause ceiling per poll
   * @param timeout how long the wait may take
   * @param listener who is told about polls and state changes
   * @throws NullPointerException if any value is null
   * @throws IllegalArgumentException as the canonical constructor does
   */
  public WaitOptions(Duration minInterval, Duration maxInterval, double multiplier, Duration timeout,
      WaitListener listener) {
    this(minInterval, maxInterval, multiplier, timeout, listener, false);
  }

  /**
   * A builder starting from {@link #DEFAULT}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return DEFAULT.toBuilder();
  }

  /**
   * A builder holding these options.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * A copy with another timeout.
   *
   * @param timeout how long the whole wait may take
   * @return the copy
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public WaitOptions withTimeout(Duration timeout) {
    return new WaitOptions(minInterval, maxInterval, multiplier, timeout, listener, stopOnGiveUp);
  }

  /**
   * A copy that stops, or leaves alone, a run the wait gives up on.
   *
   * @param stopOnGiveUp whether to stop the run when the wait times out or is cancelled
   * @return the copy
   */
  public WaitOptions withStopOnGiveUp(boolean stopOnGiveUp) {
    return new WaitOptions(minInterval, maxInterval, multiplier, timeout, listener, stopOnGiveUp);
  }

  /**
   * A copy with another listener.
   *
   * @param listener who is told about polls and state changes
   * @return the copy
   */
  public WaitOptions withListener(WaitListener listener) {
    return new WaitOptions(minInterval, maxInterval, multiplier, timeout, listener, stopOnGiveUp);
  }

  /** Builds {@link WaitOptions}. */
  public static final class Builder {
    private Duration minInterval;
    private Duration maxInterval;
    private double multiplier;
    private Duration timeout;
    private WaitListener listener;
    private boolean stopOnGiveUp;

    private Builder(WaitOptions from) {
      minInterval = from.minInterval;
      maxInterval = from.maxInterval;
      multiplier = from.multiplier;
      timeout = from.timeout;
      listener = from.listener;
      stopOnGiveUp = from.stopOnGiveUp;
    }

    /**
     * Sets the shortest pause between polls.
     *
     * @param minInterval a positive duration
     * @return this builder
     */
    public Builder minInterval(Duration minInterval) {
      this.minInterval = minInterval;
      return this;
    }

    /**
     * Sets the longest pause between polls.
     *
     * @param maxInterval a duration of at least the minimum interval
     * @return this builder
     */
    public Builder maxInterval(Duration maxInterval) {
      this.maxInterval = maxInterval;
      return this;
    }

    /**
     * Sets how much the pause ceiling grows per poll.
     *
     * @param multiplier a finite number of at least 1
     * @return this builder
     */
    public Builder multiplier(double multiplier) {
      this.multiplier = multiplier;
      return this;
    }

    /**
     * Sets how long the whole wait may take.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets who is told about polls and state changes.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(WaitListener listener) {
      this.listener = listener;
      return this;
    }

    /**
     * Sets whether a run the wait gives up on (timed out or cancelled) is stopped.
     *
     * @param stopOnGiveUp true to stop it
     * @return this builder
     */
    public Builder stopOnGiveUp(boolean stopOnGiveUp) {
      this.stopOnGiveUp = stopOnGiveUp;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     * @throws NullPointerException if a value is null
     * @throws IllegalArgumentException as the record's constructor does
     */
    public WaitOptions build() {
      return new WaitOptions(minInterval, maxInterval, multiplier, timeout, listener, stopOnGiveUp);
    }
  }
}
