package io.wflaunch;

import java.time.Duration;
import java.util.Objects;

/**
 * How the launcher's start protocol retries a start and settles an unknown outcome. One policy per
 * launcher ({@link WorkflowLauncher.Builder#startPolicy(StartPolicy)}); {@link #DEFAULT} unless set.
 *
 * <p>Every start, with or without an idempotency key, runs the same protocol: look for a run started
 * with the key (when the caller gave one), send the start once, and when the answer is lost or
 * ambiguous, look again up to {@code lookUps} times with pauses of {@code lookUpPause}, doubling, before
 * deciding whether a run was started. Only a start that a look-up proved absent (or that the service
 * itself deduplicates) is sent again; at most {@code maxAttempts} start requests are sent per call,
 * with full-jitter exponential pauses from {@code retryPause} up to {@code maxRetryPause} between
 * them. A settlement needs {@code lookUps} successful reads that find nothing to call the run absent;
 * failed reads are tried again, up to {@code 2 × lookUps} reads in all. The SDK's own retries are off
 * for the protocol's requests, so these are all the requests one start sends: at most
 * {@code maxAttempts} starts and {@code lookUps × (2 × maxAttempts + 3)} look-up reads (the look before
 * a keyed start, a settlement per attempt, and the confirmation of a keyed start on a backend that only
 * looks up; each read a few list pages, as each backend documents); with the defaults, 3 starts and 45
 * reads at worst, and normally one start and one read.
 *
 * <p><b>Bounds.</b> Each of those requests is sent with an API-call timeout of {@code requestTimeout}
 * (the SDK's API-call timeout; its retries are off for them, so it bounds their one attempt), and the whole
 * start ends within {@code startTimeout} of its first request: the protocol sends no request that could
 * outlast it, shortens its pauses to fit, and when the time is up fails with what it knows (with
 * {@code outcomeUnknown()} when an earlier attempt may have started a run). So one start takes at most
 * {@link #maxDuration()}, which an idempotency store's claim lease must exceed with a margin
 * ({@link IdempotencyPolicy#leaseMargin()}); the launcher's builder checks it.
 *
 * @param maxAttempts the most start requests one call sends, at least 1
 * @param retryPause the ceiling of the first pause between start attempts, not negative
 * @param maxRetryPause the largest pause between start attempts, at least {@code retryPause}
 * @param lookUps how many look-up reads settle an unknown outcome (and, on backends that only look
 *     up, confirm that a keyed run is visible), at least 1
 * @param lookUpPause the pause before the second of those reads; it doubles for each further read,
 *     not negative
 * @param requestTimeout the API-call timeout of each request the protocol sends (which makes one
 *     attempt, so the timeout bounds it whole), positive
 * @param startTimeout how long one start may take from its first request to its outcome, at least
 *     {@code requestTimeout}
 */
public record StartPolicy(int maxAttempts, Duration retryPause, Duration maxRetryPause, int lookUps,
    Duration lookUpPause, Duration requestTimeout, Duration startTimeout) {

  /** The default API-call timeout of one protocol request: 10 seconds. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** The default bound of one start: 60 seconds. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Three attempts with pauses from 200 ms up to 5 s; five look-up reads 0.5, 1, 2 and 4 s apart,
   * a consistency window of 7.5 s; 10 s per request, 60 s per start.
   */
  public static final StartPolicy DEFAULT = new StartPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5), 5,
      Duration.ofMillis(500), DEFAULT_REQUEST_TIMEOUT, DEFAULT_START_TIMEOUT);

  /**
   * A policy with the default timeouts ({@link #DEFAULT_REQUEST_TIMEOUT}, {@link #DEFAULT_START_TIMEOUT}).
   *
   * @param maxAttempts the most start requests per call
   * @param retryPause the first pause ceiling
   * @param maxRetryPause the largest pause
   * @param lookUps look-up reads per settlement
   * @param lookUpPause the first pause between look-up reads
   * @throws NullPointerException if a duration is null
   * @throws IllegalArgumentException as the canonical constructor
   */
  public StartPolicy(int maxAttempts, Duration retryPause, Duration maxRetryPause, int lookUps, Duration lookUpPause) {
    this(maxAttempts, retryPause, maxRetryPause, lookUps, lookUpPause, DEFAULT_REQUEST_TIMEOUT, DEFAULT_START_TIMEOUT);
  }

  /**
   * Checks the values.
   *
   * @param maxAttempts the most start requests per call
   * @param retryPause the first pause ceiling
   * @param maxRetryPause the largest pause
   * @param lookUps look-up reads per settlement
   * @param lookUpPause the first pause between look-up reads
   * @param requestTimeout the API-call timeout of each request
   * @param startTimeout the bound of one start
   * @throws NullPointerException if a duration is null
   * @throws IllegalArgumentException if a count is below 1, a duration negative, {@code maxRetryPause}
   *     shorter than {@code retryPause}, {@code requestTimeout} not positive, or {@code startTimeout}
   *     shorter than {@code requestTimeout}
   */
  public StartPolicy {
    Objects.requireNonNull(retryPause, "retryPause");
    Objects.requireNonNull(maxRetryPause, "maxRetryPause");
    Objects.requireNonNull(lookUpPause, "lookUpPause");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(startTimeout, "startTimeout");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, found " + maxAttempts);
    }
    if (lookUps < 1) {
      throw new IllegalArgumentException("lookUps must be at least 1, found " + lookUps);
    }
    if (retryPause.isNegative() || lookUpPause.isNegative()) {
      throw new IllegalArgumentException("pauses must not be negative, found retryPause " + retryPause
          + " and lookUpPause " + lookUpPause);
    }
    if (maxRetryPause.compareTo(retryPause) < 0) {
      throw new IllegalArgumentException("maxRetryPause " + maxRetryPause + " must be at least retryPause " + retryPause);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, found " + requestTimeout);
    }
    if (startTimeout.compareTo(requestTimeout) < 0) {
      throw new IllegalArgumentException("startTimeout " + startTimeout + " must be at least requestTimeout "
          + requestTimeout);
    }
  }

  /**
   * The longest one start can take: {@code startTimeout}. The protocol sends no request that could end
   * after it; what runs after it is bookkeeping that sends nothing (and, with an idempotency store, the
   * store's own writes).
   *
   * @return the bound
   */
  public Duration maxDuration() {
    return startTimeout;
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
   * A builder holding this policy's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * This policy with every pause zero, for tests on virtual time: a blocking start then never waits
   * for a clock that only the test moves.
   *
   * @return the policy without pauses
   */
  public StartPolicy withoutPauses() {
    return new StartPolicy(maxAttempts, Duration.ZERO, Duration.ZERO, lookUps, Duration.ZERO, requestTimeout,
        startTimeout);
  }

  /**
   * How long the look-up reads that settle an unknown outcome span: the sum of the pauses between
   * them. A run that becomes visible to the service's list calls later than this after its start is
   * taken as absent.
   *
   * @return the consistency window
   */
  public Duration consistencyWindow() {
    Duration window = Duration.ZERO;
    for (int read = 2; read <= lookUps; read++) {
      window = window.plus(lookUpPauseBefore(read));
    }
    return window;
  }

  /**
   * The pause before the given look-up read of one settlement: none before the first, then
   * {@code lookUpPause}, doubling.
   *
   * @param read the read's number, from 1
   * @return the pause
   */
  public Duration lookUpPauseBefore(int read) {
    return read <= 1 ? Duration.ZERO : lookUpPause.multipliedBy(1L << Math.min(read - 2, 20));
  }

  /** Builds a {@link StartPolicy}. */
  public static final class Builder {
    private int maxAttempts;
    private Duration retryPause;
    private Duration maxRetryPause;
    private int lookUps;
    private Duration lookUpPause;
    private Duration requestTimeout;
    private Duration startTimeout;

    private Builder(StartPolicy from) {
      maxAttempts = from.maxAttempts;
      retryPause = from.retryPause;
      maxRetryPause = from.maxRetryPause;
      lookUps = from.lookUps;
      lookUpPause = from.lookUpPause;
      requestTimeout = from.requestTimeout;
      startTimeout = from.startTimeout;
    }

    /**
     * Sets the most start requests one call sends.
     *
     * @param maxAttempts at least 1
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets the ceiling of the first pause between attempts and the largest pause.
     *
     * @param first the first ceiling, not negative
     * @param max the largest pause, at least {@code first}
     * @return this builder
     */
    public Builder retryPause(Duration first, Duration max) {
      this.retryPause = first;
      this.maxRetryPause = max;
      return this;
    }

    /**
     * Sets how many look-up reads settle an unknown outcome and the first pause between them.
     *
     * @param lookUps at least 1
     * @param firstPause the pause before the second read, doubling after; not negative
     * @return this builder
     */
    public Builder lookUps(int lookUps, Duration firstPause) {
      this.lookUps = lookUps;
      this.lookUpPause = firstPause;
      return this;
    }

    /**
     * Sets the API-call timeout of each request the protocol sends.
     *
     * @param requestTimeout positive, at most the start timeout
     * @return this builder
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    /**
     * Sets how long one start may take from its first request to its outcome.
     *
     * @param startTimeout at least the request timeout
     * @return this builder
     */
    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = startTimeout;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public StartPolicy build() {
      return new StartPolicy(maxAttempts, retryPause, maxRetryPause, lookUps, lookUpPause, requestTimeout,
          startTimeout);
    }
  }
}
