package io.wflaunch.testkit.events;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.RunEvent;
import io.wflaunch.spi.events.RunEventFormat;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The state-change events of the in-memory engine ({@code memory} backends), shaped as an AWS engine's
 * are: source {@value #SOURCE}, detail type {@value #DETAIL_TYPE}, and a detail naming the
 * {@code workflow}, the {@code runId} and the {@code status} (a {@link RunState} name). The
 * {@link io.wflaunch.testkit.InMemoryProvider} reads them, so tests can end waits on events.
 */
public final class InMemoryRunEvents {

  /** The events' source. */
  public static final String SOURCE = "wflaunch.memory";

  /** The events' detail type. */
  public static final String DETAIL_TYPE = "Memory Run State Change";

  /** Reads the events. */
  public static final RunEventFormat FORMAT = RunEventFormat.of(SOURCE, DETAIL_TYPE, InMemoryRunEvents::read);

  private InMemoryRunEvents() {}

  private static RunEvent read(EventEnvelope event) {
    String status = event.text("status");
    RunState state;
    try {
      state = RunState.valueOf(status.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("detail.status is not a run state", e);
    }
    return new RunEvent(List.of(event.text("workflow"), event.text("runId")), state, status);
  }

  /**
   * The event the engine would publish when a run enters a state.
   *
   * @param handle a {@code memory} handle (backend id and {@code workflow/runId} parts)
   * @param state the state entered
   * @param time when
   * @return the event, with a fresh id
   */
  public static EventEnvelope eventOf(RunHandle handle, RunState state, Instant time) {
    return new EventEnvelope(UUID.randomUUID().toString(), SOURCE, DETAIL_TYPE, time, "", "", List.of(),
        Map.of("workflow", handle.part(0), "runId", handle.part(1), "status", state.name()));
  }
}
