package io.wflaunch.spi;

import io.wflaunch.spi.support.Pages;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The time limits of one start's requests, set by the launcher's {@link io.wflaunch.StartPolicy}: each
 * request the start protocol sends carries {@link #requestTimeout()} as its API-call timeout (per
 * attempt and in all), and no request is begun that could end after the start's deadline. An adapter
 * receives the limits with its {@link StartPrimitives}, puts the timeout on every request they send,
 * and pages its look-ups through {@link Pages#collect(java.util.function.Function, int,
 * java.util.function.Predicate, SendLimits)}, which stops before a page that would not fit.
 */
public final class SendLimits {

  private final Duration requestTimeout;
  private final Clock clock;
  private final Instant deadline;

  private SendLimits(Duration requestTimeout, Clock clock, Instant deadline) {
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.deadline = deadline;
  }

  /**
   * Limits of a start that ends by {@code deadline}.
   *
   * @param requestTimeout each request's API-call timeout, positive
   * @param clock the clock the deadline is measured with
   * @param deadline when the start must have ended
   * @return the limits
   * @throws IllegalArgumentException if {@code requestTimeout} is not positive
   */
  public static SendLimits until(Duration requestTimeout, Clock clock, Instant deadline) {
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, found " + requestTimeout);
    }
    return new SendLimits(requestTimeout, clock, Objects.requireNonNull(deadline, "deadline"));
  }

  /**
   * Limits with a request timeout and no deadline, for reads outside a start.
   *
   * @param requestTimeout each request's API-call timeout, positive
   * @return the limits
   */
  public static SendLimits perRequest(Duration requestTimeout) {
    return until(requestTimeout, Clock.systemUTC(), Instant.MAX);
  }

  /**
   * The API-call timeout each request carries.
   *
   * @return the timeout
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * When the start must have ended.
   *
   * @return the deadline ({@link Instant#MAX} for none)
   */
  public Instant deadline() {
    return deadline;
  }

  /**
   * Whether a request begun now would end, at the latest, by the deadline.
   *
   * @return true when there is time for one more request
   */
  public boolean roomForRequest() {
    return deadline.equals(Instant.MAX) || !clock.instant().plus(requestTimeout).isAfter(deadline);
  }

  /**
   * The time left until the deadline, zero when it has passed.
   *
   * @return the time left
   */
  public Duration remaining() {
    if (deadline.equals(Instant.MAX)) {
      return Duration.ofSeconds(Long.MAX_VALUE);
    }
    Duration left = Duration.between(clock.instant(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /**
   * Fails with {@link DeadlineReached} when no request fits before the deadline any more.
   *
   * @throws DeadlineReached when there is no room for a request
   */
  public void checkRoom() {
    if (!roomForRequest()) {
      throw new DeadlineReached(this);
    }
  }

  @Override
  public String toString() {
    return "SendLimits[requestTimeout=" + requestTimeout + ", deadline=" + deadline + "]";
  }

  /**
   * A start's requests ran out of time: the next request could not end by the start's deadline, so it
   * was not sent. Raised by {@link #checkRoom()} and by paged look-ups; the start protocol reports it
   * as a timed-out start that says whether a run may exist.
   *
   * @serial exclude
   */
  public static final class DeadlineReached extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param limits the limits that ran out
     */
    public DeadlineReached(SendLimits limits) {
      super("no request of " + limits.requestTimeout + " fits before the start's deadline " + limits.deadline, null,
          false, false);
    }
  }
}
