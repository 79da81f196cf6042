package io.wflaunch.testkit.chaos;

/**
 * What the chaos layer does to one HTTP request. The faults differ in the one thing that matters for
 * idempotency: whether the service received the request (and so may have acted on it) before the
 * caller saw a failure.
 *
 * <table>
 *   <caption>Faults and their effect</caption>
 *   <tr><th>fault</th><th>reaches the service</th><th>what the SDK client sees</th></tr>
 *   <tr><td>{@link #NONE}</td><td>yes</td><td>the service's answer</td></tr>
 *   <tr><td>{@link #DROP_RESPONSE}</td><td>yes</td><td>an I/O error after the service answered</td></tr>
 *   <tr><td>{@link #BAD_GATEWAY}</td><td>yes</td><td>HTTP 502 with a non-JSON body</td></tr>
 *   <tr><td>{@link #DELAY}</td><td>yes</td><td>the service's answer, late</td></tr>
 *   <tr><td>{@link #HOLD}</td><td>yes</td><td>the service's answer, once the test releases it</td></tr>
 *   <tr><td>{@link #SERVER_ERROR}</td><td>no</td><td>HTTP 500 with the service's internal error</td></tr>
 *   <tr><td>{@link #THROTTLE}</td><td>no</td><td>the service's throttling error</td></tr>
 *   <tr><td>{@link #RESET}</td><td>no</td><td>an I/O error, "Connection reset"</td></tr>
 * </table>
 */
public enum Fault {
  /** The request goes to the service and its answer comes back unchanged (except for listing lag). */
  NONE(true),
  /**
   * The request goes to the service, the whole answer is read, and then the call fails with an
   * {@link java.io.IOException} "connection closed before the response was read": the service acted,
   * the caller cannot know it.
   */
  DROP_RESPONSE(true),
  /**
   * The request goes to the service, its answer is thrown away, and the caller gets HTTP 502 with a
   * small plain-text body, as from a proxy: the service acted.
   */
  BAD_GATEWAY(true),
  /**
   * The request is not sent; the caller gets HTTP 500 with the service's internal-error body from the
   * {@link ServiceProfile}: the service did not act.
   */
  SERVER_ERROR(false),
  /**
   * The request is not sent; the caller gets the service's own throttling error from the
   * {@link ServiceProfile}, which the SDK classifies as throttling: the service did not act.
   */
  THROTTLE(false),
  /** The request is not sent; the call fails with a {@link java.net.SocketException} "Connection reset". */
  RESET(false),
  /**
   * The request goes to the service, and its answer is held for the plan's
   * {@linkplain ChaosPlan.Builder#delay(java.time.Duration) delay} before it is returned, so that an SDK
   * attempt timeout shorter than the delay gives up after the service acted. The wait ends early when
   * the SDK aborts the call or interrupts its thread.
   */
  DELAY(true),
  /**
   * The request goes to the service, and its answer is held until the test
   * {@linkplain ChaosPlan#release() releases} the plan's held answers, so that the test can act (start the
   * same key elsewhere, move a clock) while the caller waits for an answer the service already gave;
   * {@link ChaosPlan#awaitHeld(int, java.time.Duration)} tells when it is held. The wait ends early when the
   * SDK aborts the call (its attempt or API-call timeout) or interrupts its thread. Meant to be
   * {@linkplain ChaosPlan#script scripted}: drawn at random, it holds answers until the next release.
   */
  HOLD(true);

  private final boolean forwards;

  Fault(boolean forwards) {
    this.forwards = forwards;
  }

  /**
   * Whether a request meeting this fault is sent on to the service.
   *
   * @return true for {@link #NONE}, {@link #DROP_RESPONSE}, {@link #BAD_GATEWAY}, {@link #DELAY} and
   *     {@link #HOLD}
   */
  public boolean forwards() {
    return forwards;
  }
}
