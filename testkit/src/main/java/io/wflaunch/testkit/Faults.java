package io.wflaunch.testkit;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fault plan of one fake: counts the requests it receives and decides which of them fail. Each fake
 * in the testkit holds one and turns its decisions into the failures its service would report
 * (a throttling error, an HTTP 500, a start whose response is lost after the run was created).
 *
 * <p>Safe for use by several threads at once.
 */
public final class Faults {

  /** What happens to one request. */
  public enum Fault {
    /** The request is served normally. */
    NONE,
    /** The request is refused as throttled; it has no effect. */
    THROTTLE,
    /** The request fails with an internal server error (HTTP 500); it has no effect. */
    SERVER_ERROR,
    /** The request is refused for lack of permission; it has no effect. */
    DENY
  }

  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger throttle = new AtomicInteger();
  private final AtomicInteger serverErrors = new AtomicInteger();
  private final AtomicInteger lostStarts = new AtomicInteger();
  private final AtomicInteger denials = new AtomicInteger();

  /**
   * Throttles the next {@code calls} requests, whatever they are.
   *
   * @param calls how many requests to throttle, not negative
   */
  public void throttleNext(int calls) {
    throttle.set(checked(calls));
  }

  /**
   * Fails the next {@code calls} requests with an internal server error, without effect.
   *
   * @param calls how many requests to fail, not negative
   */
  public void failNext(int calls) {
    serverErrors.set(checked(calls));
  }

  /**
   * Refuses the next {@code calls} requests for lack of permission, without effect.
   *
   * @param calls how many requests to refuse, not negative
   */
  public void denyNext(int calls) {
    denials.set(checked(calls));
  }

  /**
   * For the next {@code calls} start requests, creates the run and then loses the response: the
   * caller sees a server error although the run exists.
   *
   * @param calls how many start responses to lose, not negative
   */
  public void loseNextStartResponses(int calls) {
    lostStarts.set(checked(calls));
  }

  /**
   * Counts one request and decides its fate. Denials go first, then throttling, then server errors.
   *
   * @return the fault the request meets
   */
  public Fault onRequest() {
    requests.incrementAndGet();
    if (takeOne(denials)) {
      return Fault.DENY;
    }
    if (takeOne(throttle)) {
      return Fault.THROTTLE;
    }
    if (takeOne(serverErrors)) {
      return Fault.SERVER_ERROR;
    }
    return Fault.NONE;
  }

  /**
   * Called by a fake after it created a run: whether to lose this start's response.
   *
   * @return true when the response is to be lost
   */
  public boolean loseStartResponse() {
    return takeOne(lostStarts);
  }

  /**
   * How many requests the fake has received, including refused ones.
   *
   * @return the request count
   */
  public int requestCount() {
    return requests.get();
  }

  private static boolean takeOne(AtomicInteger counter) {
    return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  private static int checked(int calls) {
    if (calls < 0) {
      throw new IllegalArgumentException("calls must not be negative, found " + calls);
    }
    return calls;
  }
}
