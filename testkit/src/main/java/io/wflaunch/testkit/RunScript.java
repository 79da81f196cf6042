package io.wflaunch.testkit;

import io.wflaunch.RunState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a run of {@link InMemoryWorkflowBackend} unfolds: a sequence of phases, each a state held for a
 * duration, then an end state (or, without one, the last phase held for ever).
 *
 * <pre>{@code
 * RunScript.builder().then(RunState.PENDING, Duration.ofSeconds(5))
 *     .then(RunState.RUNNING, Duration.ofMinutes(2))
 *     .endsIn(RunState.FAILED, "step 3 exited with 1");
 * }</pre>
 *
 * @param phases the phases, at least one
 * @param end the terminal state after the last phase, if the run ends by itself
 * @param reason the status reason reported in the end state, may be empty
 */
public record RunScript(List<Phase> phases, Optional<RunState> end, String reason) {

  /**
   * One phase: a state held for a duration.
   *
   * @param state the state, not terminal
   * @param duration how long it lasts, not negative
   */
  public record Phase(RunState state, Duration duration) {
    /** Checks the values. */
    public Phase {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(duration, "duration");
      if (state.isTerminal() || duration.isNegative()) {
        throw new IllegalArgumentException("a phase is a non-terminal state held for a non-negative time");
      }
    }
  }

  /** Checks the values. */
  public RunScript {
    phases = List.copyOf(phases);
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(reason, "reason");
    if (phases.isEmpty()) {
      throw new IllegalArgumentException("a run script has at least one phase");
    }
    if (end.isPresent() && !end.get().isTerminal()) {
      throw new IllegalArgumentException("the end state must be terminal, found " + end.get());
    }
  }

  /**
   * Runs for {@code duration}, then succeeds.
   *
   * @param duration how long the run runs
   * @return the script
   */
  public static RunScript succeedsAfter(Duration duration) {
    return builder().then(RunState.RUNNING, duration).endsIn(RunState.SUCCEEDED, "");
  }

  /**
   * Runs for {@code duration}, then fails with {@code reason}.
   *
   * @param duration how long the run runs
   * @param reason the failure's reason
   * @return the script
   */
  public static RunScript failsAfter(Duration duration, String reason) {
    return builder().then(RunState.RUNNING, duration).endsIn(RunState.FAILED, reason);
  }

  /**
   * Runs for {@code duration}, then is cancelled by someone else.
   *
   * @param duration how long the run runs
   * @return the script
   */
  public static RunScript cancelledAfter(Duration duration) {
    return builder().then(RunState.RUNNING, duration).endsIn(RunState.CANCELLED, "stopped by an operator");
  }

  /**
   * Runs until stopped through the API.
   *
   * @return the script
   */
  public static RunScript runsUntilStopped() {
    return builder().then(RunState.RUNNING, Duration.ZERO).runsForever();
  }

  /**
   * Starts a script phase by phase.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The state {@code elapsed} after the run started.
   *
   * @param elapsed time since the start, not negative
   * @return the state then
   */
  public RunState stateAt(Duration elapsed) {
    Duration passed = Duration.ZERO;
    for (Phase phase : phases) {
      passed = passed.plus(phase.duration());
      if (elapsed.compareTo(passed) < 0) {
        return phase.state();
      }
    }
    return end.orElse(phases.get(phases.size() - 1).state());
  }

  /**
   * How long after its start the run ends by itself, if it does.
   *
   * @return the total of the phases' durations, when there is an end state
   */
  public Optional<Duration> endsAfter() {
    return end.map(state -> phases.stream().map(Phase::duration).reduce(Duration.ZERO, Duration::plus));
  }

  /** Builds a {@link RunScript}. */
  public static final class Builder {
    private final List<Phase> phases = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a phase.
     *
     * @param state a non-terminal state
     * @param duration how long it lasts
     * @return this builder
     */
    public Builder then(RunState state, Duration duration) {
      phases.add(new Phase(state, duration));
      return this;
    }

    /**
     * Ends the script in a terminal state.
     *
     * @param state the terminal state
     * @param reason the status reason reported then, may be empty
     * @return the script
     */
    public RunScript endsIn(RunState state, String reason) {
      return new RunScript(phases, Optional.of(state), reason);
    }

    /**
     * Ends the script without an end: the last phase lasts for ever.
     *
     * @return the script
     */
    public RunScript runsForever() {
      return new RunScript(phases, Optional.empty(), "");
    }
  }
}
