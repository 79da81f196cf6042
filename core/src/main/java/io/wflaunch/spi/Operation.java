package io.wflaunch.spi;

/**
 * The backend operation a failure happened in. Adapters map one service error differently by
 * operation: a missing entity is a missing workflow on start but a missing run on get.
 */
public enum Operation {
  /** Starting a run. */
  START,
  /** Reading one run's status. */
  GET_RUN,
  /** Reading several runs' status. */
  GET_RUNS,
  /** Stopping a run. */
  STOP,
  /** Listing a workflow's runs. */
  LIST_RUNS;

  /**
   * Whether the operation changes something on the service, so that a failure after the request was
   * sent leaves its outcome unknown.
   *
   * @return true for {@link #START} and {@link #STOP}
   */
  public boolean mutates() {
    return this == START || this == STOP;
  }
}
