package io.wflaunch.internal;

/** A token bucket that may run into debt, with additive increase and multiplicative decrease. */
final class RequestBudget {
  private final double maxRate;
  private final double burst;
  private double rate;
  private double tokens;
  private long refilledAt;

  RequestBudget(double maxRate, int burst, long now) {
    this.maxRate = maxRate;
    this.burst = burst;
    this.rate = maxRate;
    this.tokens = burst;
    this.refilledAt = now;
  }

  synchronized double rate() {
    return rate;
  }

  /** How long until one request may be sent; zero when one may be sent now. */
  synchronized long nanosUntilOne(long now) {
    refill(now);
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / rate * 1e9);
  }

  /** The whole requests that may be sent now. */
  synchronized int available(long now) {
    refill(now);
    return tokens < 1 ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.floor(tokens));
  }

  synchronized void spend(long now, int requests) {
    refill(now);
    tokens -= requests;
  }

  synchronized void throttled() {
    rate = Math.max(maxRate / 64, rate / 2);
  }

  synchronized void answered() {
    rate = Math.min(maxRate, rate + maxRate / 10);
  }

  private void refill(long now) {
    if (now > refilledAt) {
      tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * rate);
      refilledAt = now;
    }
  }
}
