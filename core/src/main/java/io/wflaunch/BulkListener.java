package io.wflaunch;

import java.time.Duration;

/**
 * Told what {@link WorkflowLauncher#startAll} does, as it happens. Calls come from the threads that
 * complete the starts, one at a time per request; a listener that throws is logged and ignored.
 */
public interface BulkListener {

  /** A listener that does nothing. */
  BulkListener NONE = new BulkListener() {};

  /**
   * A request has its result.
   *
   * @param result the result
   * @param started how many requests have started so far
   * @param failed how many have failed so far
   */
  default void onResult(StartResult result, int started, int failed) {}

  /**
   * A start was refused by a concurrency limit or throttled, and will be tried again.
   *
   * @param index the request's position
   * @param reason the refusal
   * @param retryIn the time until the next try
   */
  default void onWait(int index, WorkflowLaunchException reason, Duration retryIn) {}
}
