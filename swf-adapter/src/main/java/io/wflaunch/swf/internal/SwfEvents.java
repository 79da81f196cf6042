package io.wflaunch.swf.internal;

import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.RunEvent;
import io.wflaunch.spi.events.RunEventFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;

/**
 * SWF's run events: source {@value #SOURCE}, detail type {@value #DETAIL_TYPE}, one per history event that
 * changes an execution's state. The run is the domain the event's {@code resources} name
 * ({@code arn:<partition>:swf:<region>:<account>:/domain/<name>}) and the workflow and run ids of the
 * detail's {@code workflowExecutionDetail.executionInfo.execution}, as starts make the handle; the state
 * comes from that execution info's {@code executionStatus}, {@code closeStatus} and {@code cancelRequested},
 * mapped as reads map a listing's execution info ({@link SwfStatuses#stateOf(WorkflowExecutionInfo)}).
 *
 * <p>An execution that continued as new ends its event's run as SUCCEEDED, as a read of that execution
 * alone does; the chain's later executions have run ids of their own, so their events do not name a wait
 * that tracks the first: such a wait ends at the event source's safety poll.
 */
public final class SwfEvents {

  /** The events' source. */
  public static final String SOURCE = "aws.swf";
  /** The detail type of an execution's state change. */
  public static final String DETAIL_TYPE = "Simple Workflow Execution State Change";
  /** The format. */
  public static final RunEventFormat FORMAT = RunEventFormat.of(SOURCE, DETAIL_TYPE, SwfEvents::read);

  private static final String DETAIL = "detail.workflowExecutionDetail";
  private static final String INFO = DETAIL + ".executionInfo";
  private static final Pattern DOMAIN_ARN = Pattern.compile("arn:aws[a-z-]*:swf:[a-z0-9-]+:[0-9]{12}:/domain/(.+)");

  private SwfEvents() {}

  /**
   * Reads one event, as {@link RunEventFormat#read} says.
   *
   * @param event an event of this format
   * @return the run and the state it tells of
   */
  static RunEvent read(EventEnvelope event) {
    Map<?, ?> info = object(object(event.detail().get("workflowExecutionDetail"), DETAIL).get("executionInfo"), INFO);
    Map<?, ?> execution = object(info.get("execution"), INFO + ".execution");
    String workflowId = text(execution.get("workflowId"), INFO + ".execution.workflowId");
    String runId = text(execution.get("runId"), INFO + ".execution.runId");
    String executionStatus = text(info.get("executionStatus"), INFO + ".executionStatus");
    Object closeStatus = info.get("closeStatus");
    if (closeStatus != null && !(closeStatus instanceof String)) {
      throw new IllegalArgumentException(INFO + ".closeStatus is not text");
    }
    Object cancelRequested = info.get("cancelRequested");
    if (cancelRequested != null && !(cancelRequested instanceof Boolean)) {
      throw new IllegalArgumentException(INFO + ".cancelRequested is not a boolean");
    }
    WorkflowExecutionInfo status = WorkflowExecutionInfo.builder().executionStatus(executionStatus)
        .closeStatus((String) closeStatus).cancelRequested((Boolean) cancelRequested).build();
    return new RunEvent(List.of(domainOf(event.resources()), workflowId, runId), SwfStatuses.stateOf(status),
        SwfStatuses.rawStatusOf(status));
  }

  /** The domain of the first domain ARN among the event's resources. */
  private static String domainOf(List<String> resources) {
    for (String resource : resources) {
      Matcher matcher = DOMAIN_ARN.matcher(resource);
      if (matcher.matches() && SwfRules.nameProblem(matcher.group(1), SwfRules.MAX_NAME) == null) {
        return matcher.group(1);
      }
    }
    throw new IllegalArgumentException("resources holds no domain ARN (arn:<partition>:swf:<region>:<account>:"
        + "/domain/<name>)");
  }

  private static Map<?, ?> object(Object value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is missing");
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(field + " is not an object");
    }
    return map;
  }

  private static String text(Object value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is missing");
    }
    if (!(value instanceof String text)) {
      throw new IllegalArgumentException(field + " is not text");
    }
    if (text.isEmpty()) {
      throw new IllegalArgumentException(field + " is empty");
    }
    return text;
  }
}
