package io.wflaunch.spi.events;

import io.wflaunch.RunState;
import java.util.List;
import java.util.Objects;

/**
 * What one state-change event says: which run, and what state it entered.
 *
 * @param parts the parts of the run's handle, as the provider's handle form names them
 * @param state the state the event tells of, mapped as the backend maps the engine's statuses
 * @param rawStatus the engine's own status name, as the event gives it
 */
public record RunEvent(List<String> parts, RunState state, String rawStatus) {

  /**
   * Checks and copies the values.
   *
   * @param parts the handle's parts, at least one
   * @param state the state
   * @param rawStatus the engine's status name
   */
  public RunEvent {
    parts = List.copyOf(Objects.requireNonNull(parts, "parts"));
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("an event names a run by at least one part");
    }
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(rawStatus, "rawStatus");
  }
}
