/**
 * Run events in tests: the in-memory engine's event format ({@link io.wflaunch.testkit.events.InMemoryRunEvents})
 * and an event source a test publishes into by hand ({@link io.wflaunch.testkit.events.ManualRunEvents}),
 * so that waits ending on events, lost and repeated events and the safety poll can be tried without a
 * queue, on virtual time.
 */
package io.wflaunch.testkit.events;
