/**
 * Run events: state-change notices that tell the launcher's tracker a run may have ended, so that a wait
 * ends within moments of its run instead of at its next poll.
 *
 * <p>Three roles meet here. A backend's provider says whether its engine publishes state-change events
 * and how to read one ({@link io.wflaunch.spi.BackendProvider#runEvents()}, a {@link RunEventFormat}).
 * A {@link RunEventSource} (such as the {@code wflaunch-eventbridge} module's queue consumer) receives
 * events and hands each to the launcher's {@link RunEventSink}. The sink finds the format by the event's
 * source and detail type, reads the run's identity and state, and, when a wait tracks that run and the
 * event tells of an end, has the tracker read the run once. Events are hints and reads are the truth: a
 * wait ends only on what a read of the run answers, and runs on engines with events are still polled on
 * a slow safety interval ({@link RunEventSource#safetyInterval()}), so a lost event delays a wait but
 * never loses it.
 */
package io.wflaunch.spi.events;
