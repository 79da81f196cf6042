package io.wflaunch.emrserverless.internal;

import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.RunEvent;
import io.wflaunch.spi.events.RunEventFormat;
import java.util.List;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;

/**
 * EMR Serverless job runs' run events: source {@value #SOURCE}, detail type {@value #DETAIL_TYPE}. The
 * detail's {@code applicationId} and {@code jobRunId} are the handle's parts and its {@code state} a job run
 * state, mapped as reads map it ({@link EmrStatuses#stateOf}).
 */
public final class EmrEvents {

  /** The events' source. */
  public static final String SOURCE = "aws.emr-serverless";
  /** The detail type of a job run's state change. */
  public static final String DETAIL_TYPE = "EMR Serverless Job Run State Change";
  /** The format. */
  public static final RunEventFormat FORMAT = RunEventFormat.of(SOURCE, DETAIL_TYPE, EmrEvents::read);

  private EmrEvents() {}

  /**
   * Reads one event, as {@link RunEventFormat#read} says.
   *
   * @param event an event of this format
   * @return the run and the state it tells of
   */
  static RunEvent read(EventEnvelope event) {
    String applicationId = event.text("applicationId");
    String jobRunId = event.text("jobRunId");
    String state = event.text("state");
    return new RunEvent(List.of(applicationId, jobRunId), EmrStatuses.stateOf(JobRunState.fromValue(state)), state);
  }
}
