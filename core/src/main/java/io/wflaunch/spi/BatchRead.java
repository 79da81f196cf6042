package io.wflaunch.spi;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import java.util.Map;

/**
 * What one batched read of a backend saw: the statuses its listings held of the runs asked for, and
 * how many requests it sent to get them. Runs it did not see are read one by one by the caller (the
 * launcher's {@link io.wflaunch.RunTracker}), which counts each such read as one request of its budget.
 *
 * @param statuses the statuses seen, by handle; only handles that were asked for
 * @param requests the requests sent, zero or more
 */
public record BatchRead(Map<RunHandle, RunStatus> statuses, int requests) {

  /** A read that sent nothing and saw nothing: every run is left to single reads. */
  public static final BatchRead NONE = new BatchRead(Map.of(), 0);

  /**
   * Checks the values.
   *
   * @param statuses the statuses seen
   * @param requests the requests sent
   * @throws IllegalArgumentException if {@code requests} is negative
   */
  public BatchRead {
    statuses = Map.copyOf(statuses);
    if (requests < 0) {
      throw new IllegalArgumentException("requests must not be negative, found " + requests);
    }
  }
}
