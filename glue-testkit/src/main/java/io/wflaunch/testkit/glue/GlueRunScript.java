package io.wflaunch.testkit.glue;

import java.time.Duration;
import java.util.Objects;

/**
 * How the runs of a {@link FakeGlueClient} workflow unfold: RUNNING for {@code runFor}, then the end.
 *
 * @param runFor how long a run stays RUNNING before its end
 * @param end how it ends
 * @param totalActions the number of actions in the run's statistics
 * @param failedActions how many of them fail (for {@link End#COMPLETED}: a COMPLETED run with failed
 *     actions, which wflaunch reports as FAILED)
 * @param errorMessage the run's error message for {@link End#ERROR}
 */
public record GlueRunScript(Duration runFor, End end, int totalActions, int failedActions, String errorMessage) {

  /** How a run ends. */
  public enum End {
    /** COMPLETED, with {@code failedActions} failed actions in its statistics. */
    COMPLETED,
    /** ERROR, with the error message. */
    ERROR,
    /** Stopped by someone else: STOPPING, then STOPPED after the fake's stop delay. */
    STOPPED,
    /** Never ends by itself: RUNNING until stopped. */
    NONE
  }

  /** Checks the values. */
  public GlueRunScript {
    Objects.requireNonNull(runFor, "runFor");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(errorMessage, "errorMessage");
    if (runFor.isNegative() || totalActions < 0 || failedActions < 0 || failedActions > totalActions) {
      throw new IllegalArgumentException("runFor must not be negative and 0 <= failedActions <= totalActions");
    }
  }

  /**
   * Runs for {@code runFor}, then COMPLETED with all three actions succeeded.
   *
   * @param runFor how long the run runs
   * @return the script
   */
  public static GlueRunScript completesAfter(Duration runFor) {
    return new GlueRunScript(runFor, End.COMPLETED, 3, 0, "");
  }

  /**
   * Runs for {@code runFor}, then COMPLETED with {@code failed} of {@code total} actions failed.
   *
   * @param runFor how long the run runs
   * @param total the number of actions
   * @param failed how many failed
   * @return the script
   */
  public static GlueRunScript completesWithFailedActionsAfter(Duration runFor, int total, int failed) {
    return new GlueRunScript(runFor, End.COMPLETED, total, failed, "");
  }

  /**
   * Runs for {@code runFor}, then ERROR with {@code message}.
   *
   * @param runFor how long the run runs
   * @param message the error message
   * @return the script
   */
  public static GlueRunScript errorsAfter(Duration runFor, String message) {
    return new GlueRunScript(runFor, End.ERROR, 3, 0, message);
  }

  /**
   * Runs for {@code runFor}, then is stopped by someone else.
   *
   * @param runFor how long the run runs
   * @return the script
   */
  public static GlueRunScript stoppedAfter(Duration runFor) {
    return new GlueRunScript(runFor, End.STOPPED, 3, 0, "");
  }

  /**
   * Stays RUNNING until StopWorkflowRun.
   *
   * @return the script
   */
  public static GlueRunScript runsUntilStopped() {
    return new GlueRunScript(Duration.ZERO, End.NONE, 3, 0, "");
  }
}
