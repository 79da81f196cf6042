package io.wflaunch.spi.events;

import java.util.List;

/**
 * What a {@link RunEventSource} hands events to: the launcher's tracker. Safe for use by several threads
 * at once; no method blocks on I/O, so a source may call it from its receiving thread.
 */
public interface RunEventSink {

  /**
   * The formats of the events this launcher can use: one per engine type among its backends whose
   * provider reads events. A source may subscribe to exactly these.
   *
   * @return the formats, empty when no backend's engine publishes events
   */
  List<RunEventFormat> formats();

  /**
   * Hands over one event. Never throws for a bad event: it is reported as {@link EventOutcome#MALFORMED}.
   *
   * @param event the event
   * @return what the launcher made of it; the source may delete the event whatever the outcome
   */
  EventOutcome accept(EventEnvelope event);

  /**
   * Reports a message the source received that is no event at all (not JSON, no envelope): counted as
   * malformed and logged once per reason.
   *
   * @param reason what is wrong, without the message's content
   */
  void malformed(String reason);

  /**
   * Tells whether the source is receiving: runs on engines with events are polled only on the safety
   * interval while it is, and on their waits' own schedules while it is not (a source starts not
   * receiving until its first successful receive).
   *
   * @param receiving true after a successful receive, false after a failed one
   */
  void receiving(boolean receiving);
}
