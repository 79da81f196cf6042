package io.wflaunch;

import java.util.Map;
import java.util.Objects;

/**
 * How the launcher's {@link RunTracker} spends requests. Each backend has its own request budget: a
 * token bucket that refills at {@code requestsPerSecond} (or the rate given for that backend id in
 * {@code backendRates}) and holds at most {@code burst} requests. However many runs are tracked, the
 * tracker's reads of one backend stay within its budget; a throttled read halves the backend's rate,
 * and each read that is not throttled gives back a tenth of the configured rate, up to it (additive
 * increase, multiplicative decrease).
 * <p>Backends without a non-blocking client are read on a pool of {@code readThreads} threads the
 * tracker owns (unless the launcher was given an executor), so blocking reads never hold the threads
 * of other work.
 *
 * @param requestsPerSecond the default rate of each backend's reads, positive
 * @param burst the most requests one backend's budget holds at once, at least 1
 * @param backendRates rates for particular backend ids, overriding the default
 * @param readThreads the size of the pool that runs blocking reads, at least 1
 * @param maxBatch the most runs one read asks for, at least 1
 */
public record TrackerOptions(
    double requestsPerSecond, int burst, Map<String, Double> backendRates, int readThreads, int maxBatch) {

  /**
   * Two requests per second and a burst of five per backend, four read threads, batches of up to
   * 10,000 runs. Two per second is a small fraction of what AWS workflow services commonly allow their
   * read calls by default, leaving the rest to the application and the start protocol.
   */
  public static final TrackerOptions DEFAULT = new TrackerOptions(2.0, 5, Map.of(), 4, 10_000);

  /**
   * Checks the values.
   *
   * @param requestsPerSecond the default rate
   * @param burst the bucket size
   * @param backendRates rates per backend id
   * @param readThreads the blocking read pool size
   * @param maxBatch the most runs per read
   * @throws IllegalArgumentException if a rate is not a positive finite number, or a count is below 1
   */
  public TrackerOptions {
    checkRate("requestsPerSecond", requestsPerSecond);
    backendRates = Map.copyOf(Objects.requireNonNull(backendRates, "backendRates"));
    backendRates.forEach((id, rate) -> checkRate("backendRates[" + id + "]", rate));
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1, found " + burst);
    }
    if (readThreads < 1) {
      throw new IllegalArgumentException("readThreads must be at least 1, found " + readThreads);
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, found " + maxBatch);
    }
  }

  /**
   * The configured rate of one backend's reads.
   *
   * @param backendId the backend id
   * @return its rate, in requests per second
   */
  public double rateOf(String backendId) {
    return backendRates.getOrDefault(backendId, requestsPerSecond);
  }

  /**
   * A copy with another default rate.
   *
   * @param rate requests per second, positive
   * @return the copy
   */
  public TrackerOptions withRequestsPerSecond(double rate) {
    return new TrackerOptions(rate, burst, backendRates, readThreads, maxBatch);
  }

  /**
   * A copy with a rate for one backend id.
   *
   * @param backendId the backend id
   * @param rate requests per second, positive
   * @return the copy
   */
  public TrackerOptions withBackendRate(String backendId, double rate) {
    Map<String, Double> rates = new java.util.HashMap<>(backendRates);
    rates.put(Objects.requireNonNull(backendId, "backendId"), rate);
    return new TrackerOptions(requestsPerSecond, burst, rates, readThreads, maxBatch);
  }

  /**
   * A copy with another burst.
   *
   * @param burst the bucket size, at least 1
   * @return the copy
   */
  public TrackerOptions withBurst(int burst) {
    return new TrackerOptions(requestsPerSecond, burst, backendRates, readThreads, maxBatch);
  }

  /**
   * A copy with another largest batch.
   *
   * @param maxBatch the most runs per read, at least 1
   * @return the copy
   */
  public TrackerOptions withMaxBatch(int maxBatch) {
    return new TrackerOptions(requestsPerSecond, burst, backendRates, readThreads, maxBatch);
  }

  private static void checkRate(String name, double rate) {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException(name + " must be a positive finite number, found " + rate);
    }
  }
}
