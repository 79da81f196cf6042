package io.wflaunch.glue.internal;

import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.RunEvent;
import io.wflaunch.spi.events.RunEventFormat;
import java.util.List;
import software.amazon.awssdk.services.glue.model.JobRunState;

/**
 * Glue job runs' run events: source {@value #SOURCE}, detail type {@value #DETAIL_TYPE}. The detail's
 * {@code jobName} and {@code jobRunId} are the handle's parts and its {@code state} a job run state, mapped
 * as reads map it ({@link GlueJobStatuses#stateOf}). Glue workflow runs publish no state change events.
 */
public final class GlueJobEvents {

  /** The events' source. */
  public static final String SOURCE = "aws.glue";
  /** The detail type of a job run's state change. */
  public static final String DETAIL_TYPE = "Glue Job State Change";
  /** The format. */
  public static final RunEventFormat FORMAT = RunEventFormat.of(SOURCE, DETAIL_TYPE, GlueJobEvents::read);

  private GlueJobEvents() {}

  /**
   * Reads one event, as {@link RunEventFormat#read} says.
   *
   * @param event an event of this format
   * @return the run and the state it tells of
   */
  static RunEvent read(EventEnvelope event) {
    String jobName = event.text("jobName");
    String jobRunId = event.text("jobRunId");
    String state = event.text("state");
    return new RunEvent(List.of(jobName, jobRunId), GlueJobStatuses.stateOf(JobRunState.fromValue(state)), state);
  }
}
