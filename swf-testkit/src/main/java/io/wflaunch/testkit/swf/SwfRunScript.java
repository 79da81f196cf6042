package io.wflaunch.testkit.swf;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How executions of a {@link FakeSwfClient} workflow type unfold: open for {@code runFor}, then the end
 * (as a decider would decide it). An execution also times out, as in SWF, when its
 * executionStartToCloseTimeout passes first.
 *
 * @param runFor how long an execution stays open before its end
 * @param end how it ends
 * @param reason the failure reason or cancellation details
 * @param next for {@link End#CONTINUE_AS_NEW}, the script of the new execution
 */
public record SwfRunScript(Duration runFor, End end, String reason, Optional<SwfRunScript> next) {

  /** How an execution ends. */
  public enum End {
    /** CLOSED, COMPLETED. */
    COMPLETE,
    /** CLOSED, FAILED. */
    FAIL,
    /** CLOSED, CANCELED (its decider cancelled it). */
    CANCEL,
    /** CLOSED, CONTINUED_AS_NEW, with a new execution of the same workflowId following {@code next}. */
    CONTINUE_AS_NEW,
    /** Stays OPEN until cancelled, terminated or timed out. */
    NONE
  }

  /** Checks the values. */
  public SwfRunScript {
    Objects.requireNonNull(runFor, "runFor");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(next, "next");
    if (runFor.isNegative()) {
      throw new IllegalArgumentException("runFor must not be negative");
    }
    if ((end == End.CONTINUE_AS_NEW) != next.isPresent()) {
      throw new IllegalArgumentException("a script has a next script exactly when it continues as new");
    }
  }

  /**
   * Open for {@code runFor}, then COMPLETED.
   *
   * @param runFor how long
   * @return the script
   */
  public static SwfRunScript completesAfter(Duration runFor) {
    return new SwfRunScript(runFor, End.COMPLETE, "", Optional.empty());
  }

  /**
   * Open for {@code runFor}, then FAILED with {@code reason}.
   *
   * @param runFor how long
   * @param reason the failure reason
   * @return the script
   */
  public static SwfRunScript failsAfter(Duration runFor, String reason) {
    return new SwfRunScript(runFor, End.FAIL, reason, Optional.empty());
  }

  /**
   * Open for {@code runFor}, then CANCELED by its decider.
   *
   * @param runFor how long
   * @return the script
   */
  public static SwfRunScript cancelledAfter(Duration runFor) {
    return new SwfRunScript(runFor, End.CANCEL, "cancelled by its decider", Optional.empty());
  }

  /**
   * Open for {@code runFor}, then CONTINUED_AS_NEW as an execution following {@code next}.
   *
   * @param runFor how long
   * @param next the new execution's script
   * @return the script
   */
  public static SwfRunScript continuesAsNewAfter(Duration runFor, SwfRunScript next) {
    return new SwfRunScript(runFor, End.CONTINUE_AS_NEW, "", Optional.of(next));
  }

  /**
   * Open until cancelled, terminated or timed out.
   *
   * @return the script
   */
  public static SwfRunScript staysOpen() {
    return new SwfRunScript(Duration.ZERO, End.NONE, "", Optional.empty());
  }
}
