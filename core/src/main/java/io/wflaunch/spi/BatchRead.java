package io.wflaunch.spi;

import io.wflaunch.spi.support.AsyncSupport;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.WorkflowLaunchException;
import java.util.Map;

/**
 * What one batched read of a backend saw: the statuses its listings held of the runs asked for, and
 * how many requests it sent to get them. Runs it did not see are read one by one by the caller (the
 * launcher's {@link io.wflaunch.RunTracker}), which counts each such read as one request of its budget.
 *
 * @param statuses the statuses seen, by handle; only handles that were asked for
 * @param requests the requests sent, zero or more
 */
public record BatchRead(Map<RunHandle, RunStatus> statuses, int requests,
    Map<RunHandle, WorkflowLaunchException> failures) {

  /** A read that sent nothing and saw nothing: every run is left to single reads. */
  public static final BatchRead NONE = new BatchRead(Map.of(), 0);

  /**
   * Checks the values.
   *
   * @param statuses the statuses seen
   * @param requests the requests sent
   * @param failures the runs whose listing was throttled or unavailable, with that failure: the caller
   *     backs off for them instead of reading them one by one
   * @throws IllegalArgumentException if {@code requests} is negative
   */
  public BatchRead {
    statuses = Map.copyOf(statuses);
    failures = Map.copyOf(failures);
    if (requests < 0) {
      throw new IllegalArgumentException("requests must not be negative, found " + requests);
    }
  }

  /**
   * A read without failed listings.
   *
   * @param statuses the statuses seen
   * @param requests the requests sent
   */
  public BatchRead(Map<RunHandle, RunStatus> statuses, int requests) {
    this(statuses, requests, Map.of());
  }

  /**
   * One run's read for the tracker: its status and the requests counted in {@code requests}, or, when it
   * failed, a {@link Failed} carrying the failure and that count.
   *
   * @param handle the run
   * @param read the read's status
   * @param requests incremented once per request the read sent
   * @return the read as a batch of one
   */
  public static java.util.concurrent.CompletableFuture<BatchRead> ofOne(RunHandle handle,
      java.util.concurrent.CompletableFuture<RunStatus> read, java.util.concurrent.atomic.AtomicInteger requests) {
    return read.handle((status, failure) -> {
      if (failure != null) {
        throw new Failed(AsyncSupport.unwrap(failure), requests.get());
      }
      return new BatchRead(Map.of(handle, status), requests.get());
    });
  }

  /**
   * A read that failed after sending requests: the failure to report, and how many requests it cost, so
   * that the tracker charges them all to its budget. Adapters complete a read's future with it.
   *
   * @serial exclude
   */
  public static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int requests;

    /**
     * Creates the failure.
     *
     * @param cause the failure to report
     * @param requests the requests the read sent, at least 0
     */
    public Failed(Throwable cause, int requests) {
      super(cause == null ? null : cause.toString(), cause, false, false);
      this.requests = Math.max(0, requests);
    }

    /**
     * The requests the failed read sent.
     *
     * @return the count
     */
    public int requests() {
      return requests;
    }
  }
}
