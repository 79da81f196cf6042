package io.wflaunch;

/**
 * What became of a run that a wait gave up on (it timed out, or was cancelled) while the run was still
 * under way: whether {@link WaitOptions#stopOnGiveUp()} had a stop sent, and how the service answered.
 * {@link WaitTimeoutException#giveUpStop()} and {@link CancelledException#giveUpStop()} carry it, and
 * {@link WaitListener#onGiveUp} is told it; a stop's failure is attached to the wait's exception as a
 * suppressed exception and passed to the listener, and never replaces the timeout or the cancellation.
 */
public enum GiveUpStop {
  /** The wait's options did not ask for a stop: the run was left running. */
  NOT_ASKED("the run was left running"),
  /**
   * A stop was asked for but none reached the service: the launcher was closing, or the stop request
   * failed before it was sent. The run was left running.
   */
  NOT_SENT("no stop reached the service: the run was left running"),
  /**
   * A stop is on its way, but the caller did not wait for its answer (the waiting thread was
   * interrupted, or the launcher closed meanwhile); the answer goes to the wait's
   * {@link WaitListener#onGiveUp listener}.
   */
  SENT("a stop was sent; its answer goes to the wait's listener"),
  /** A stop was sent and the service accepted it: the run is stopping or stopped. */
  ACKNOWLEDGED("a stop was sent and accepted"),
  /** The backend cannot stop runs: the run was left running. */
  NOT_SUPPORTED("the backend cannot stop runs: the run was left running"),
  /**
   * The service refused the stop (as it does for a run that has ended meanwhile, or for a caller not
   * allowed to stop it): the run was not stopped by this wait.
   */
  REFUSED("the service refused the stop: the run was not stopped"),
  /**
   * The stop failed without an answer the launcher could read (the service was unavailable, say): the
   * stop may or may not have taken effect.
   */
  NOT_ACKNOWLEDGED("the stop failed: outcome unknown");

  private final String words;

  GiveUpStop(String words) {
    this.words = words;
  }

  /**
   * What became of the run, in words, as the wait's exception says it.
   *
   * @return a short phrase, such as {@code "a stop was sent and accepted"}
   */
  public String describe() {
    return words;
  }

  /**
   * Whether a stop request went out, whatever its answer.
   *
   * @return true for {@link #SENT}, {@link #ACKNOWLEDGED}, {@link #REFUSED} and {@link #NOT_ACKNOWLEDGED}
   */
  public boolean sent() {
    return this == SENT || this == ACKNOWLEDGED || this == REFUSED || this == NOT_ACKNOWLEDGED;
  }
}
