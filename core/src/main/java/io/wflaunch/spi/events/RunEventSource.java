package io.wflaunch.spi.events;

import java.time.Duration;

/**
 * Delivers run events to a launcher: given to {@link io.wflaunch.WorkflowLauncher.Builder#runEvents}, it
 * is started once the launcher is built and closed when the launcher closes. The {@code wflaunch-eventbridge}
 * module's {@code SqsRunEvents} receives EventBridge events from an SQS queue.
 */
public interface RunEventSource extends AutoCloseable {

  /**
   * Starts delivering events to the sink; called once, by the launcher.
   *
   * @param sink the launcher's sink
   */
  void start(RunEventSink sink);

  /**
   * How often runs on engines with events are still read while this source is receiving: a lost event
   * delays a wait by at most this (or the wait's own interval, if longer). Five minutes unless the
   * source says otherwise.
   *
   * @return the safety interval, positive
   */
  default Duration safetyInterval() {
    return Duration.ofMinutes(5);
  }

  /** Stops receiving; events not yet handed over stay where they are (in the queue) for later. */
  @Override
  void close();
}
