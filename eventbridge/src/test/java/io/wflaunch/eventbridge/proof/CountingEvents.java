package io.wflaunch.eventbridge.proof;

import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.EventOutcome;
import io.wflaunch.spi.events.RunEventFormat;
import io.wflaunch.spi.events.RunEventSink;
import io.wflaunch.spi.events.RunEventSource;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A source that hands on everything a real one delivers and counts it on the way, so that a proof can wait
 * on conditions (receiving, so many events handed over) instead of time: the launcher starts this, this
 * starts the real source with a sink that counts and forwards to the launcher's.
 */
final class CountingEvents implements RunEventSource {

  private final RunEventSource delegate;
  private final Map<EventOutcome, Integer> outcomes = new EnumMap<>(EventOutcome.class);
  private boolean receiving;

  CountingEvents(RunEventSource delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public void start(RunEventSink sink) {
    delegate.start(new RunEventSink() {
      @Override
      public List<RunEventFormat> formats() {
        return sink.formats();
      }

      @Override
      public EventOutcome accept(EventEnvelope event) {
        EventOutcome outcome = sink.accept(event);
        counted(outcome);
        return outcome;
      }

      @Override
      public void malformed(String reason) {
        sink.malformed(reason);
        counted(EventOutcome.MALFORMED);
      }

      @Override
      public void receiving(boolean now) {
        sink.receiving(now);
        synchronized (outcomes) {
          receiving = now;
          outcomes.notifyAll();
        }
      }
    });
  }

  @Override
  public Duration safetyInterval() {
    return delegate.safetyInterval();
  }

  @Override
  public void close() {
    delegate.close();
  }

  /** How many events and messages had an outcome. */
  int count(EventOutcome outcome) {
    synchronized (outcomes) {
      return outcomes.getOrDefault(outcome, 0);
    }
  }

  /** How many events and messages were handed over, whatever their outcome. */
  int total() {
    synchronized (outcomes) {
      return outcomes.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** Waits until the source says it receives. */
  void awaitReceiving(Duration limit) throws InterruptedException {
    await(() -> receiving, limit, "the event source to receive");
  }

  /** Waits until at least {@code events} events and messages were handed over. */
  void awaitTotal(int events, Duration limit) throws InterruptedException {
    await(() -> total() >= events, limit, events + " events handed over");
  }

  private void await(BooleanSupplier done, Duration limit, String what) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    synchronized (outcomes) {
      while (!done.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("timed out after " + limit + " waiting for " + what + "; outcomes so far: "
              + outcomes + ", receiving: " + receiving);
        }
        TimeUnit.NANOSECONDS.timedWait(outcomes, left);
      }
    }
  }

  private void counted(EventOutcome outcome) {
    synchronized (outcomes) {
      outcomes.merge(outcome, 1, Integer::sum);
      outcomes.notifyAll();
    }
  }
}
