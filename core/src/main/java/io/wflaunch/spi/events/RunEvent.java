package io.wflaunch.spi.events;

import io.wflaunch.RunState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one state-change event says: which run, and what state it entered.
 *
 * <p>A run some engines let a handle name in more than one form (say, by a short name and by its ARN)
 * is named here in each: {@code parts} first, then {@code otherForms}; the launcher matches a tracked
 * run by any of them.
 *
 * @param parts the parts of the run's handle, as the provider's handle form names them
 * @param state the state the event tells of, mapped as the backend maps the engine's statuses
 * @param rawStatus the engine's own status name, as the event gives it
 * @param otherForms the parts of the run's handle in its other forms, if it has any
 */
public record RunEvent(List<String> parts, RunState state, String rawStatus, List<List<String>> otherForms) {

  /**
   * Checks and copies the values.
   *
   * @param parts the handle's parts, at least one
   * @param state the state
   * @param rawStatus the engine's status name
   * @param otherForms the handle's parts in other forms, each with at least one part
   */
  public RunEvent {
    parts = checked(parts);
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(rawStatus, "rawStatus");
    List<List<String>> forms = new ArrayList<>();
    for (List<String> form : Objects.requireNonNull(otherForms, "otherForms")) {
      forms.add(checked(form));
    }
    otherForms = List.copyOf(forms);
  }

  /**
   * An event naming its run in one form.
   *
   * @param parts the handle's parts, at least one
   * @param state the state
   * @param rawStatus the engine's status name
   */
  public RunEvent(List<String> parts, RunState state, String rawStatus) {
    this(parts, state, rawStatus, List.of());
  }

  /**
   * Every form naming the run: {@code parts}, then {@code otherForms}.
   *
   * @return the forms
   */
  public List<List<String>> forms() {
    if (otherForms.isEmpty()) {
      return List.of(parts);
    }
    List<List<String>> all = new ArrayList<>(otherForms.size() + 1);
    all.add(parts);
    all.addAll(otherForms);
    return all;
  }

  private static List<String> checked(List<String> parts) {
    List<String> copy = List.copyOf(Objects.requireNonNull(parts, "parts"));
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("an event names a run by at least one part");
    }
    return copy;
  }
}
