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
  LIST_RUNS,
  /** Re-running a failed, stopped or timed-out run from where it failed. */
  RETRY,
  /**
   * A read the start protocol makes for a start: looking for a run started with the request's key, or
   * resolving the workflow a target names. Changes nothing, so its failures never leave a start's
   * outcome unknown.
   */
  LOOK_UP;

  /**
   * Whether the operation changes something on the service, so that a failure after the request was
   * sent may leave its outcome unknown.
   *
   * @return true for {@link #START}, {@link #STOP} and {@link #RETRY}
   */
  public boolean mutates() {
    return this == START || this == STOP || this == RETRY;
  }

  /**
   * Whether the operation is about a workflow rather than one run, so that "not found" means the
   * workflow is missing ({@link io.wflaunch.WorkflowNotFoundException}) rather than the run
   * ({@link io.wflaunch.RunNotFoundException}).
   *
   * @return true for {@link #START}, {@link #LIST_RUNS} and {@link #LOOK_UP}
   */
  public boolean aboutWorkflow() {
    return this == START || this == LIST_RUNS || this == LOOK_UP;
  }
}
