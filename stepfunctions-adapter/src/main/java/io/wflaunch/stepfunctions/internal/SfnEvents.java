package io.wflaunch.stepfunctions.internal;

import io.wflaunch.RunState;
import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.RunEvent;
import io.wflaunch.spi.events.RunEventFormat;
import java.util.List;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Step Functions' run events: source {@value #SOURCE}, detail type {@value #DETAIL_TYPE}, published for
 * Standard executions only (Express executions publish none). The detail's {@code executionArn} names the
 * run and its {@code status} is an execution status, mapped as reads map it ({@link SfnStatuses#stateOf}).
 *
 * <p>An event names its run in both handle forms: the short form {@code <stateMachine>/<executionName>}, the
 * handle a start or listing through the state machine's name gives, and the execution ARN as one part, the
 * handle of a run started through a state machine ARN (a Map Run's child has only the latter).
 */
public final class SfnEvents {

  /** The events' source. */
  public static final String SOURCE = "aws.states";
  /** The detail type of an execution's status change. */
  public static final String DETAIL_TYPE = "Step Functions Execution Status Change";
  /** The format. */
  public static final RunEventFormat FORMAT = RunEventFormat.of(SOURCE, DETAIL_TYPE, SfnEvents::read);

  private SfnEvents() {}

  /**
   * Reads one event, as {@link RunEventFormat#read} says.
   *
   * @param event an event of this format
   * @return the run and the state it tells of
   */
  static RunEvent read(EventEnvelope event) {
    String executionArn = event.text("executionArn");
    String status = event.text("status");
    List<String> parts = SfnRules.eventParts(executionArn).orElseThrow(() -> new IllegalArgumentException(
        SfnRules.isExpressArn(executionArn) ? "detail.executionArn is an Express execution's ARN, and Express "
            + "executions publish no status change events" : "detail.executionArn is not an execution ARN"));
    RunState state = SfnStatuses.stateOf(ExecutionStatus.fromValue(status));
    return parts.size() == 1 ? new RunEvent(parts, state, status)
        : new RunEvent(parts, state, status, List.of(List.of(executionArn)));
  }
}
