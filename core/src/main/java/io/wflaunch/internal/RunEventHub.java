package io.wflaunch.internal;

import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.spi.BackendProvider;
import io.wflaunch.spi.BackendProviders;
import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.EventOutcome;
import io.wflaunch.spi.events.RunEvent;
import io.wflaunch.spi.events.RunEventFormat;
import io.wflaunch.spi.events.RunEventSink;
import io.wflaunch.spi.observe.LaunchObserver;
import io.wflaunch.spi.support.UserText;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's {@link RunEventSink}: finds an event's format by its source and detail type among the
 * installed providers, reads the run it names, and hints each poller of that type whose waits track the
 * run. Knows no engine: every format comes from a provider.
 */
final class RunEventHub implements RunEventSink {

  private static final Logger log = LoggerFactory.getLogger(RunEventHub.class);

  /** Distinct reasons logged at warning level; later ones are logged at debug level only. */
  private static final int LOGGED_REASONS = 64;

  /** One engine type's format and the pollers of the launcher's backends of that type. */
  private record Kind(String type, RunEventFormat format, List<DefaultRunTracker.Poller> pollers) {}

  private final Map<String, Kind> byKey = new HashMap<>();
  private final List<RunEventFormat> formats;
  private final Clock clock;
  private final LaunchObserver observer;
  private final Set<String> logged = ConcurrentHashMap.newKeySet();

  RunEventHub(Collection<DefaultRunTracker.Poller> pollers, Clock clock, LaunchObserver observer) {
    this.clock = clock;
    this.observer = observer;
    Map<String, RunEventFormat> used = new LinkedHashMap<>();
    for (BackendProvider provider : BackendProviders.installed()) {
      provider.runEvents().ifPresent(format -> {
        List<DefaultRunTracker.Poller> ofType = new ArrayList<>();
        for (DefaultRunTracker.Poller poller : pollers) {
          if (BackendProviders.find(poller.type()).filter(found -> found.type().equals(provider.type())).isPresent()) {
            ofType.add(poller);
          }
        }
        Kind kind = new Kind(provider.type(), format, List.copyOf(ofType));
        for (String detailType : format.detailTypes()) {
          byKey.putIfAbsent(key(format.source(), detailType), kind);
        }
        if (!ofType.isEmpty()) {
          used.putIfAbsent(provider.type(), format);
        }
      });
    }
    this.formats = List.copyOf(used.values());
  }

  /** Whether a backend type's engine publishes events its installed provider reads. */
  static boolean publishes(String type) {
    return BackendProviders.find(type).flatMap(BackendProvider::runEvents).isPresent();
  }

  @Override
  public List<RunEventFormat> formats() {
    return formats;
  }

  @Override
  public EventOutcome accept(EventEnvelope event) {
    Kind kind = byKey.get(key(event.source(), event.detailType()));
    if (kind == null) {
      // Well formed, but of an engine whose module is not installed here (a rule may match more engines than one
      // application uses): about no run tracked here.
      String reason = "events of source " + UserText.quote(event.source()) + " and detail type "
          + UserText.quote(event.detailType()) + ", which no installed engine publishes, count as stale";
      if (logged.size() < LOGGED_REASONS && logged.add(reason)) {
        log.info("Run events arrive that no installed engine reads: {}", reason);
      }
      observer.runEvent("unknown", EventOutcome.STALE);
      return EventOutcome.STALE;
    }
    RunEvent run;
    try {
      run = kind.format.read(event);
    } catch (RuntimeException e) {
      return malformedEvent(kind.type, "a " + UserText.quote(event.detailType()) + " event: " + e.getMessage());
    }
    long eventNanos = epochNanos(event.time());
    boolean tracked = false;
    boolean named = kind.pollers.isEmpty();
    for (DefaultRunTracker.Poller poller : kind.pollers) {
      for (List<String> form : run.forms()) {
        RunHandle handle;
        try {
          handle = new RunHandle(poller.id(), form);
        } catch (InvalidRequestException e) {
          continue;
        }
        named = true;
        tracked |= poller.hint(handle, run.state(), eventNanos);
      }
    }
    if (!named) {
      return malformedEvent(kind.type, "a " + UserText.quote(event.detailType()) + " event naming no valid run");
    }
    EventOutcome outcome = tracked ? EventOutcome.MATCHED : EventOutcome.STALE;
    observer.runEvent(kind.type, outcome);
    return outcome;
  }

  @Override
  public void malformed(String reason) {
    malformedEvent("unknown", reason);
  }

  @Override
  public void receiving(boolean receiving) {
    for (Kind kind : byKey.values()) {
      kind.pollers.forEach(poller -> poller.eventsLive(receiving));
    }
  }

  private EventOutcome malformedEvent(String type, String reason) {
    if (logged.size() < LOGGED_REASONS && logged.add(reason)) {
      log.warn("Dropped a run event that cannot be read ({}); such events are counted as malformed and "
          + "logged once per reason", reason);
    } else {
      log.debug("Dropped a run event that cannot be read ({})", reason);
    }
    observer.runEvent(type, EventOutcome.MALFORMED);
    return EventOutcome.MALFORMED;
  }

  private long epochNanos(Instant time) {
    try {
      return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
    } catch (ArithmeticException e) {
      return DefaultRunTracker.epochNanos(clock);
    }
  }

  private static String key(String source, String detailType) {
    return source + '\n' + detailType;
  }

}
