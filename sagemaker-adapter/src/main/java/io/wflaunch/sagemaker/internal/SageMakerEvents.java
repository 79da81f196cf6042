package io.wflaunch.sagemaker.internal;

import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.RunEvent;
import io.wflaunch.spi.events.RunEventFormat;
import java.util.List;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStatus;

/**
 * SageMaker pipeline executions' run events: source {@value #SOURCE}, detail type {@value #DETAIL_TYPE}.
 * The detail's {@code pipelineExecutionArn} names the run (region, account, pipeline and execution id, as
 * starts make the handle) and its {@code currentPipelineExecutionStatus} is an execution status, mapped as
 * reads map it ({@link SageMakerStatuses#stateOf}).
 */
public final class SageMakerEvents {

  /** The events' source. */
  public static final String SOURCE = "aws.sagemaker";
  /** The detail type of a pipeline execution's status change. */
  public static final String DETAIL_TYPE = "SageMaker Model Building Pipeline Execution Status Change";
  /** The format. */
  public static final RunEventFormat FORMAT = RunEventFormat.of(SOURCE, DETAIL_TYPE, SageMakerEvents::read);

  private SageMakerEvents() {}

  /**
   * Reads one event, as {@link RunEventFormat#read} says.
   *
   * @param event an event of this format
   * @return the run and the state it tells of
   */
  static RunEvent read(EventEnvelope event) {
    String executionArn = event.text("pipelineExecutionArn");
    String status = event.text("currentPipelineExecutionStatus");
    List<String> parts = SageMakerRules.eventParts(executionArn).orElseThrow(() -> new IllegalArgumentException(
        "detail.pipelineExecutionArn is not a pipeline execution ARN"));
    return new RunEvent(parts, SageMakerStatuses.stateOf(PipelineExecutionStatus.fromValue(status)), status);
  }
}
