package io.wflaunch.testkit.events;

import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.EventOutcome;
import io.wflaunch.spi.events.RunEventSink;
import io.wflaunch.spi.events.RunEventSource;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * An event source a test publishes into by hand: give it to
 * {@link io.wflaunch.WorkflowLauncher.Builder#runEvents}, then {@link #publish} events (say, from
 * {@link InMemoryRunEvents#eventOf}) in whatever order, repeated or not, and switch {@link #receiving}
 * to see how waits fare without events. It starts receiving. Safe for use by several threads.
 */
public final class ManualRunEvents implements RunEventSource {

  private final Duration safetyInterval;
  private final Map<EventOutcome, Integer> outcomes = new EnumMap<>(EventOutcome.class);
  private volatile RunEventSink sink;
  private volatile boolean closed;

  /**
   * A source whose runs are polled every {@code safetyInterval} while it receives.
   *
   * @param safetyInterval the safety interval, positive
   */
  public ManualRunEvents(Duration safetyInterval) {
    this.safetyInterval = Objects.requireNonNull(safetyInterval, "safetyInterval");
    if (safetyInterval.isNegative() || safetyInterval.isZero()) {
      throw new IllegalArgumentException("safetyInterval must be positive, found " + safetyInterval);
    }
  }

  @Override
  public void start(RunEventSink sink) {
    if (this.sink != null) {
      throw new IllegalStateException("this source was started already");
    }
    this.sink = Objects.requireNonNull(sink, "sink");
    sink.receiving(true);
  }

  @Override
  public Duration safetyInterval() {
    return safetyInterval;
  }

  /**
   * Hands one event to the launcher.
   *
   * @param event the event
   * @return what the launcher made of it
   * @throws IllegalStateException if the source was not started or is closed
   */
  public EventOutcome publish(EventEnvelope event) {
    EventOutcome outcome = started().accept(event);
    synchronized (outcomes) {
      outcomes.merge(outcome, 1, Integer::sum);
    }
    return outcome;
  }

  /**
   * Hands over a message that is no event at all.
   *
   * @param reason what is wrong with it
   */
  public void publishMalformed(String reason) {
    started().malformed(reason);
    synchronized (outcomes) {
      outcomes.merge(EventOutcome.MALFORMED, 1, Integer::sum);
    }
  }

  /**
   * Tells the launcher whether events are coming.
   *
   * @param receiving whether this source receives
   */
  public void receiving(boolean receiving) {
    started().receiving(receiving);
  }

  /**
   * How many events published so far had an outcome.
   *
   * @param outcome the outcome
   * @return the count
   */
  public int count(EventOutcome outcome) {
    synchronized (outcomes) {
      return outcomes.getOrDefault(outcome, 0);
    }
  }

  /**
   * The launcher's sink, once started.
   *
   * @return the sink
   * @throws IllegalStateException if the source was not started or is closed
   */
  public RunEventSink sink() {
    return started();
  }

  /**
   * Whether the launcher closed this source.
   *
   * @return true once closed
   */
  public boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
  }

  private RunEventSink started() {
    RunEventSink started = sink;
    if (started == null) {
      throw new IllegalStateException("give this source to a launcher (runEvents) before publishing");
    }
    if (closed) {
      throw new IllegalStateException("this source was closed with its launcher");
    }
    return started;
  }
}
