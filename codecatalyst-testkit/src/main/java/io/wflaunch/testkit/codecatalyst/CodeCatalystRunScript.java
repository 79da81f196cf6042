package io.wflaunch.testkit.codecatalyst;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunStatus;

/**
 * The status sequence of a {@link FakeCodeCatalystClient} workflow's runs, such as VALIDATING →
 * PROVISIONING → IN_PROGRESS → SUCCEEDED: each phase a status held for a duration, then the end status
 * (or, without one, the last phase held for ever).
 *
 * @param phases the phases, at least one
 * @param end the final status, if the run ends by itself
 */
public record CodeCatalystRunScript(List<Phase> phases, Optional<WorkflowRunStatus> end) {

  /**
   * One phase.
   *
   * @param status the status
   * @param duration how long it lasts
   */
  public record Phase(WorkflowRunStatus status, Duration duration) {
    /** Checks the values. */
    public Phase {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(duration, "duration");
    }
  }

  /** Checks and copies the values. */
  public CodeCatalystRunScript {
    phases = List.copyOf(phases);
    Objects.requireNonNull(end, "end");
    if (phases.isEmpty()) {
      throw new IllegalArgumentException("a run script has at least one phase");
    }
  }

  /**
   * VALIDATING and PROVISIONING for a second each, IN_PROGRESS for {@code runFor}, then {@code end}.
   *
   * @param runFor how long the run is IN_PROGRESS
   * @param end the final status
   * @return the script
   */
  public static CodeCatalystRunScript endsAfter(Duration runFor, WorkflowRunStatus end) {
    return builder().then(WorkflowRunStatus.VALIDATING, Duration.ofSeconds(1))
        .then(WorkflowRunStatus.PROVISIONING, Duration.ofSeconds(1))
        .then(WorkflowRunStatus.IN_PROGRESS, runFor)
        .endsIn(end);
  }

  /**
   * IN_PROGRESS for {@code runFor}, STOPPING for five seconds, then STOPPED: someone stopped it in the
   * console.
   *
   * @param runFor how long the run is IN_PROGRESS
   * @return the script
   */
  public static CodeCatalystRunScript stoppedAfter(Duration runFor) {
    return builder().then(WorkflowRunStatus.IN_PROGRESS, runFor).then(WorkflowRunStatus.STOPPING, Duration.ofSeconds(5))
        .endsIn(WorkflowRunStatus.STOPPED);
  }

  /**
   * IN_PROGRESS for ever.
   *
   * @return the script
   */
  public static CodeCatalystRunScript runsForever() {
    return builder().then(WorkflowRunStatus.IN_PROGRESS, Duration.ZERO).runsForever();
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
   * The status {@code elapsed} after the run started.
   *
   * @param elapsed time since the start
   * @return the status then
   */
  public WorkflowRunStatus statusAt(Duration elapsed) {
    Duration passed = Duration.ZERO;
    for (Phase phase : phases) {
      passed = passed.plus(phase.duration());
      if (elapsed.compareTo(passed) < 0) {
        return phase.status();
      }
    }
    return end.orElse(phases.get(phases.size() - 1).status());
  }

  /**
   * How long after its start the run ends, if it does.
   *
   * @return the total of the phases, when there is an end
   */
  public Optional<Duration> endsAfter() {
    return end.map(status -> phases.stream().map(Phase::duration).reduce(Duration.ZERO, Duration::plus));
  }

  /** Builds a {@link CodeCatalystRunScript}. */
  public static final class Builder {
    private final List<Phase> phases = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a phase.
     *
     * @param status the status
     * @param duration how long it lasts
     * @return this builder
     */
    public Builder then(WorkflowRunStatus status, Duration duration) {
      phases.add(new Phase(status, duration));
      return this;
    }

    /**
     * Ends in a final status.
     *
     * @param status the final status
     * @return the script
     */
    public CodeCatalystRunScript endsIn(WorkflowRunStatus status) {
      return new CodeCatalystRunScript(phases, Optional.of(status));
    }

    /**
     * Holds the last phase for ever.
     *
     * @return the script
     */
    public CodeCatalystRunScript runsForever() {
      return new CodeCatalystRunScript(phases, Optional.empty());
    }
  }
}
