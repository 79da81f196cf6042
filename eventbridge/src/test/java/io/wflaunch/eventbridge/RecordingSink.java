package io.wflaunch.eventbridge;

import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.EventOutcome;
import io.wflaunch.spi.events.RunEventFormat;
import io.wflaunch.spi.events.RunEventSink;
import io.wflaunch.spi.events.RunEventSource;
import io.wflaunch.testkit.events.InMemoryRunEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sink that records what a source hands it: each event's id and outcome, malformed reasons, and what it
 * was told of receiving. Alone it answers MATCHED for an id's first event and STALE for repeats; around a
 * launcher's sink it answers what the launcher answers.
 */
final class RecordingSink implements RunEventSink {

  /** One event handed over, and what became of it. */
  record Accepted(String id, String runId, EventOutcome outcome) {}

  final List<Accepted> accepted = Collections.synchronizedList(new ArrayList<>());
  final List<String> malformed = Collections.synchronizedList(new ArrayList<>());
  final List<Boolean> receiving = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final RunEventSink launcher;

  RecordingSink(RunEventSink launcher) {
    this.launcher = launcher;
  }

  @Override
  public List<RunEventFormat> formats() {
    return launcher == null ? List.of(InMemoryRunEvents.FORMAT) : launcher.formats();
  }

  @Override
  public EventOutcome accept(EventEnvelope event) {
    EventOutcome outcome = launcher != null ? launcher.accept(event)
        : seen.add(event.id()) ? EventOutcome.MATCHED : EventOutcome.STALE;
    accepted.add(new Accepted(event.id(), String.valueOf(event.detail().get("runId")), outcome));
    return outcome;
  }

  @Override
  public void malformed(String reason) {
    malformed.add(reason);
    if (launcher != null) {
      launcher.malformed(reason);
    }
  }

  @Override
  public void receiving(boolean now) {
    receiving.add(now);
    if (launcher != null) {
      launcher.receiving(now);
    }
  }

  /** The runs of the events handed over (the bus gives each put event an id of its own). */
  List<String> runIds() {
    synchronized (accepted) {
      return accepted.stream().map(Accepted::runId).toList();
    }
  }

  /** A source whose launcher's sink is recorded on the way. */
  static final class Recorded implements RunEventSource {
    private final SqsRunEvents source;
    private volatile RecordingSink sink;

    Recorded(SqsRunEvents source) {
      this.source = source;
    }

    @Override
    public void start(RunEventSink launcherSink) {
      sink = new RecordingSink(launcherSink);
      source.start(sink);
    }

    @Override
    public Duration safetyInterval() {
      return source.safetyInterval();
    }

    @Override
    public void close() {
      source.close();
    }

    RecordingSink sink() {
      return sink;
    }
  }
}
