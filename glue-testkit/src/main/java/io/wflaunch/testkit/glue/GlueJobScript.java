package io.wflaunch.testkit.glue;

import java.time.Duration;
import java.util.Objects;

/**
 * How the runs of a {@link FakeGlueClient} job unfold: STARTING for {@code startingFor}, RUNNING for
 * {@code runFor}, then the end.
 *
 * @param startingFor how long a run stays STARTING
 * @param runFor how long it then stays RUNNING before its end
 * @param end how it ends
 * @param errorMessage the run's error message for {@link End#FAILED}, {@link End#ERROR} and
 *     {@link End#TIMEOUT}
 */
public record GlueJobScript(Duration startingFor, Duration runFor, End end, String errorMessage) {

  /** How a job run ends. */
  public enum End {
    /** SUCCEEDED. */
    SUCCEEDED,
    /** FAILED, with the error message. */
    FAILED,
    /** ERROR, with the error message. */
    ERROR,
    /** TIMEOUT, with the error message. */
    TIMEOUT,
    /** Stopped by someone else: STOPPING, then STOPPED after the fake's stop delay. */
    STOPPED,
    /** Never ends by itself: RUNNING until stopped. */
    NONE
  }

  /** Checks the values. */
  public GlueJobScript {
    Objects.requireNonNull(startingFor, "startingFor");
    Objects.requireNonNull(runFor, "runFor");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(errorMessage, "errorMessage");
    if (startingFor.isNegative() || runFor.isNegative()) {
      throw new IllegalArgumentException("startingFor and runFor must not be negative");
    }
  }

  /**
   * Starts for a second, runs for {@code runFor}, then SUCCEEDED.
   *
   * @param runFor how long the run runs
   * @return the script
   */
  public static GlueJobScript succeedsAfter(Duration runFor) {
    return new GlueJobScript(Duration.ofSeconds(1), runFor, End.SUCCEEDED, "");
  }

  /**
   * Starts for a second, runs for {@code runFor}, then FAILED with {@code message}.
   *
   * @param runFor how long the run runs
   * @param message the error message
   * @return the script
   */
  public static GlueJobScript failsAfter(Duration runFor, String message) {
    return new GlueJobScript(Duration.ofSeconds(1), runFor, End.FAILED, message);
  }

  /**
   * Starts for a second, runs for {@code runFor}, then ends as {@code end}.
   *
   * @param runFor how long the run runs
   * @param end how it ends
   * @param message the error message, for the ends that carry one
   * @return the script
   */
  public static GlueJobScript endsAfter(Duration runFor, End end, String message) {
    return new GlueJobScript(Duration.ofSeconds(1), runFor, end, message);
  }

  /**
   * Starts for a second, then stays RUNNING until BatchStopJobRun.
   *
   * @return the script
   */
  public static GlueJobScript runsUntilStopped() {
    return new GlueJobScript(Duration.ofSeconds(1), Duration.ZERO, End.NONE, "");
  }
}
