package io.wflaunch.testkit.emrserverless;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;

/**
 * How the job runs of a {@link FakeEmrServerlessClient} application unfold, such as SUBMITTED → SCHEDULED
 * → RUNNING → SUCCESS: each phase a state held for a duration, then the end state with its state details
 * (or, without an end, the last phase held until the run is cancelled).
 *
 * @param phases the phases, at least one
 * @param end the final state, if runs end by themselves
 * @param stateDetails the service's text about an ended run (a failure's cause), or empty
 */
public record EmrServerlessRunScript(List<Phase> phases, Optional<JobRunState> end, Optional<String> stateDetails) {

  /** How long a job run is SUBMITTED and then SCHEDULED in {@link #endsAfter}. */
  public static final Duration LEAD = Duration.ofSeconds(1);

  /**
   * One phase.
   *
   * @param state the state
   * @param duration how long it lasts
   */
  public record Phase(JobRunState state, Duration duration) {
    /** Checks the values. */
    public Phase {
      Objects.requireNonNull(state, "state");
      if (duration.isNegative()) {
        throw new IllegalArgumentException("a phase's duration must not be negative");
      }
    }
  }

  /** Checks and copies the values. */
  public EmrServerlessRunScript {
    phases = List.copyOf(phases);
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(stateDetails, "stateDetails");
    if (phases.isEmpty()) {
      throw new IllegalArgumentException("a run script has at least one phase");
    }
  }

  /**
   * SUBMITTED for {@link #LEAD}, RUNNING for {@code runFor}, then {@code end} with {@code stateDetails}.
   *
   * @param runFor how long the run is RUNNING
   * @param end the final state
   * @param stateDetails the state details of the end, or null
   * @return the script
   */
  public static EmrServerlessRunScript endsAfter(Duration runFor, JobRunState end, String stateDetails) {
    return new EmrServerlessRunScript(List.of(new Phase(JobRunState.SUBMITTED, LEAD), new Phase(JobRunState.RUNNING,
        runFor)), Optional.of(end), Optional.ofNullable(stateDetails));
  }

  /**
   * Runs that succeed after {@link #LEAD} and {@code runFor}.
   *
   * @param runFor how long the run is RUNNING
   * @return the script
   */
  public static EmrServerlessRunScript succeedsAfter(Duration runFor) {
    return endsAfter(runFor, JobRunState.SUCCESS, null);
  }

  /**
   * Runs that fail after {@link #LEAD} and {@code runFor} with {@code stateDetails}.
   *
   * @param runFor how long the run is RUNNING
   * @param stateDetails why
   * @return the script
   */
  public static EmrServerlessRunScript failsAfter(Duration runFor, String stateDetails) {
    return endsAfter(runFor, JobRunState.FAILED, stateDetails);
  }

  /**
   * Runs that are RUNNING until cancelled.
   *
   * @return the script
   */
  public static EmrServerlessRunScript runsUntilCancelled() {
    return new EmrServerlessRunScript(List.of(new Phase(JobRunState.RUNNING, Duration.ZERO)), Optional.empty(),
        Optional.empty());
  }

  /**
   * A script of the given phases, then {@code end}.
   *
   * @param end the final state, or null for none
   * @param stateDetails the state details of the end, or null
   * @param phases the phases
   * @return the script
   */
  public static EmrServerlessRunScript of(JobRunState end, String stateDetails, Phase... phases) {
    return new EmrServerlessRunScript(List.of(phases), Optional.ofNullable(end), Optional.ofNullable(stateDetails));
  }

  /**
   * The state {@code elapsed} after a run's start.
   *
   * @param elapsed time since the start
   * @return the state
   */
  public JobRunState stateAt(Duration elapsed) {
    Duration at = Duration.ZERO;
    for (Phase phase : phases) {
      at = at.plus(phase.duration());
      if (elapsed.compareTo(at) < 0) {
        return phase.state();
      }
    }
    return end.orElse(phases.get(phases.size() - 1).state());
  }

  /**
   * How long after its start a run ends by itself, if it does.
   *
   * @return the time
   */
  public Optional<Duration> endsAfter() {
    if (end.isEmpty()) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    for (Phase phase : new ArrayList<>(phases)) {
      total = total.plus(phase.duration());
    }
    return Optional.of(total);
  }
}
