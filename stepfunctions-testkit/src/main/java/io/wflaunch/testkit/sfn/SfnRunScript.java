package io.wflaunch.testkit.sfn;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the executions of a {@link FakeSfnClient} state machine unfold: RUNNING for {@code runFor}, then
 * the end, and for a failed, timed-out or aborted end possibly a redrive by someone else, after which
 * the execution runs again as {@link Redrive#then()} says.
 *
 * <pre>{@code
 * SfnRunScript.failsAfter(Duration.ofMinutes(5), "States.TaskFailed", "the payment service answered 503")
 *     .redrivenAfter(Duration.ofHours(1), Duration.ofSeconds(5), SfnRunScript.succeedsAfter(Duration.ofMinutes(2)));
 * }</pre>
 *
 * <p>StopExecution ends an execution ABORTED whatever its script says, and it is not redriven after that.
 *
 * @param runFor how long an execution stays RUNNING before its end
 * @param end how it ends
 * @param output for {@link End#SUCCEEDED}, the output; when empty the execution outputs its input, as a
 *     state machine of one Pass state does
 * @param error the error of a FAILED, TIMED_OUT or ABORTED end, if it has one
 * @param cause the cause of a FAILED, TIMED_OUT or ABORTED end, if it has one
 * @param redrive the redrive that follows a FAILED, TIMED_OUT or ABORTED end, if there is one
 */
public record SfnRunScript(Duration runFor, End end, Optional<String> output, Optional<String> error,
    Optional<String> cause, Optional<Redrive> redrive) {

  /** How long after its end Step Functions lets an execution be redriven. */
  public static final Duration REDRIVABLE_PERIOD = Duration.ofDays(14);

  /** How an execution ends. */
  public enum End {
    /** SUCCEEDED, with the output. */
    SUCCEEDED,
    /** FAILED, with the error and cause. */
    FAILED,
    /** TIMED_OUT (the state machine's TimeoutSeconds passed), with the error and cause. */
    TIMED_OUT,
    /** ABORTED by someone else (a StopExecution the test did not make), with the error and cause. */
    ABORTED,
    /** Never ends by itself: RUNNING until StopExecution. */
    NONE
  }

  /**
   * A redrive by someone else: {@code after} the end, the execution is PENDING_REDRIVE for
   * {@code pendingFor}, then runs again as {@code then} says, with its redrive count one higher.
   *
   * @param after how long after the end the redrive comes, at most {@link #REDRIVABLE_PERIOD}
   * @param pendingFor how long the execution is PENDING_REDRIVE
   * @param then how the redriven execution unfolds from there
   */
  public record Redrive(Duration after, Duration pendingFor, SfnRunScript then) {
    /** Checks the values. */
    public Redrive {
      Objects.requireNonNull(after, "after");
      Objects.requireNonNull(pendingFor, "pendingFor");
      Objects.requireNonNull(then, "then");
      if (after.isNegative() || pendingFor.isNegative() || after.compareTo(REDRIVABLE_PERIOD) > 0) {
        throw new IllegalArgumentException("a redrive comes 0 to 14 days after the end and is pending for a "
            + "non-negative time, found after=" + after + ", pendingFor=" + pendingFor);
      }
    }
  }

  /** Checks the values. */
  public SfnRunScript {
    Objects.requireNonNull(runFor, "runFor");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(redrive, "redrive");
    if (runFor.isNegative()) {
      throw new IllegalArgumentException("runFor must not be negative, found " + runFor);
    }
    if (output.isPresent() && end != End.SUCCEEDED) {
      throw new IllegalArgumentException("only a SUCCEEDED end has an output, found " + end);
    }
    if ((error.isPresent() || cause.isPresent()) && (end == End.SUCCEEDED || end == End.NONE)) {
      throw new IllegalArgumentException("a " + end + " end has no error or cause");
    }
    if (redrive.isPresent() && (end == End.SUCCEEDED || end == End.NONE)) {
      throw new IllegalArgumentException("only a FAILED, TIMED_OUT or ABORTED end can be redriven, found " + end);
    }
  }

  /**
   * RUNNING for {@code runFor}, then SUCCEEDED with the execution's input as its output.
   *
   * @param runFor how long the execution runs
   * @return the script
   */
  public static SfnRunScript succeedsAfter(Duration runFor) {
    return new SfnRunScript(runFor, End.SUCCEEDED, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /**
   * RUNNING for {@code runFor}, then SUCCEEDED with {@code output}.
   *
   * @param runFor how long the execution runs
   * @param output the output, JSON text
   * @return the script
   */
  public static SfnRunScript succeedsAfter(Duration runFor, String output) {
    return new SfnRunScript(runFor, End.SUCCEEDED, Optional.of(output), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /**
   * RUNNING for {@code runFor}, then FAILED with {@code error} and {@code cause}.
   *
   * @param runFor how long the execution runs
   * @param error the error, such as {@code States.TaskFailed}
   * @param cause the cause
   * @return the script
   */
  public static SfnRunScript failsAfter(Duration runFor, String error, String cause) {
    return new SfnRunScript(runFor, End.FAILED, Optional.empty(), Optional.of(error), Optional.of(cause),
        Optional.empty());
  }

  /**
   * RUNNING for {@code runFor}, then TIMED_OUT with the error {@code States.Timeout}, as when the state
   * machine's TimeoutSeconds pass.
   *
   * @param runFor how long the execution runs
   * @return the script
   */
  public static SfnRunScript timesOutAfter(Duration runFor) {
    return new SfnRunScript(runFor, End.TIMED_OUT, Optional.empty(), Optional.of("States.Timeout"), Optional.empty(),
        Optional.empty());
  }

  /**
   * RUNNING for {@code runFor}, then ABORTED by someone else, without error or cause.
   *
   * @param runFor how long the execution runs
   * @return the script
   */
  public static SfnRunScript abortedAfter(Duration runFor) {
    return new SfnRunScript(runFor, End.ABORTED, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /**
   * RUNNING until StopExecution.
   *
   * @return the script
   */
  public static SfnRunScript runsUntilStopped() {
    return new SfnRunScript(Duration.ZERO, End.NONE, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /**
   * This script, followed by a redrive: {@code after} the end the execution is PENDING_REDRIVE for
   * {@code pendingFor}, then runs as {@code then} says.
   *
   * @param after how long after the end, at most {@link #REDRIVABLE_PERIOD}
   * @param pendingFor how long it is PENDING_REDRIVE
   * @param then how the redriven execution unfolds
   * @return the new script
   * @throws IllegalArgumentException when this script ends SUCCEEDED or never ends
   */
  public SfnRunScript redrivenAfter(Duration after, Duration pendingFor, SfnRunScript then) {
    return new SfnRunScript(runFor, end, output, error, cause, Optional.of(new Redrive(after, pendingFor, then)));
  }
}
