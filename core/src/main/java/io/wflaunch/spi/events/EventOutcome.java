package io.wflaunch.spi.events;

/** What the launcher made of one event a {@link RunEventSource} handed it. */
public enum EventOutcome {

  /**
   * About a run a wait of this launcher tracks: when it tells of an end, the run is read once and the
   * wait ends on what the read answers.
   */
  MATCHED,

  /**
   * Well formed, but about no run a wait of this launcher tracks now: one that already ended, one another
   * process tracks, one nobody waits for, or one of an engine whose module is not installed here.
   */
  STALE,

  /**
   * Not an event the launcher can read: not JSON, no event envelope, or an installed engine's event missing
   * the fields that name the run or its state.
   */
  MALFORMED
}
