package io.wflaunch.eventbridge.proof;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/**
 * The test-side emitter's events: Step Functions' documented "Step Functions Execution Status Change"
 * event (source {@code aws.states}; detail {@code executionArn}, {@code stateMachineArn}, {@code name},
 * {@code status}, {@code startDate} and {@code stopDate} in epoch milliseconds, {@code input},
 * {@code output}, {@code error}, {@code cause}), which the service publishes when a Standard execution
 * changes status and which moto does not publish.
 */
final class SfnStatusEvents {

  static final String SOURCE = "aws.states";
  static final String DETAIL_TYPE = "Step Functions Execution Status Change";

  private static final ObjectMapper JSON = new ObjectMapper();

  private SfnStatusEvents() {}

  /** The event's detail for an execution as it is now. */
  static ObjectNode detail(DescribeExecutionResponse execution) {
    ObjectNode detail = JSON.createObjectNode();
    detail.put("executionArn", execution.executionArn());
    detail.put("stateMachineArn", execution.stateMachineArn());
    detail.put("name", execution.name());
    detail.put("status", execution.statusAsString());
    detail.put("startDate", execution.startDate().toEpochMilli());
    if (execution.stopDate() != null) {
      detail.put("stopDate", execution.stopDate().toEpochMilli());
    } else {
      detail.putNull("stopDate");
    }
    detail.put("input", execution.input());
    detail.putObject("inputDetails").put("included", true);
    if (execution.output() != null) {
      detail.put("output", execution.output());
      detail.putObject("outputDetails").put("included", true);
    } else {
      detail.putNull("output");
      detail.putNull("outputDetails");
    }
    putText(detail, "error", execution.error());
    putText(detail, "cause", execution.cause());
    return detail;
  }

  /** The PutEvents entry EventBridge would get from Step Functions for the execution. */
  static PutEventsRequestEntry entry(DescribeExecutionResponse execution, Instant time) {
    return PutEventsRequestEntry.builder().source(SOURCE).detailType(DETAIL_TYPE)
        .resources(execution.executionArn()).time(time).detail(detail(execution).toString()).build();
  }

  /**
   * The whole event as EventBridge delivers it to a target (the body of an SQS message, or of an SNS
   * notification's {@code Message}).
   */
  static String event(DescribeExecutionResponse execution, Instant time, String account, String region) {
    ObjectNode event = JSON.createObjectNode();
    event.put("version", "0");
    event.put("id", UUID.randomUUID().toString());
    event.put("detail-type", DETAIL_TYPE);
    event.put("source", SOURCE);
    event.put("account", account);
    event.put("time", time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    event.put("region", region);
    event.putArray("resources").add(execution.executionArn());
    event.set("detail", detail(execution));
    return event.toString();
  }

  private static void putText(ObjectNode node, String field, String value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }
}
