package io.wflaunch.testkit.glue;

import io.wflaunch.testkit.http.AwsAnswers;
import io.wflaunch.testkit.http.LocalAwsServer;
import software.amazon.awssdk.services.glue.model.BatchStopJobRunRequest;
import software.amazon.awssdk.services.glue.model.GetJobRunRequest;
import software.amazon.awssdk.services.glue.model.GetJobRunsRequest;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunsRequest;
import software.amazon.awssdk.services.glue.model.ListJobsRequest;
import software.amazon.awssdk.services.glue.model.ResumeWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.StartJobRunRequest;
import software.amazon.awssdk.services.glue.model.StartWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.StopWorkflowRunRequest;

/**
 * A real HTTP AWS Glue on 127.0.0.1 and a free port, for wire-level tests with the real
 * {@code GlueClient} of what moto does not serve (ResumeWorkflowRun, BatchStopJobRun, runs that fail,
 * run for a while and are re-run). It speaks AWS JSON 1.1 ({@code POST /} with
 * {@code X-Amz-Target: AWSGlue.<Operation>}) and answers from a {@link FakeGlueClient}, with that fake's
 * workflows, jobs, runs, validation, scripts, faults and listing lag. Served: StartWorkflowRun,
 * GetWorkflowRun, GetWorkflowRuns, StopWorkflowRun, ResumeWorkflowRun, StartJobRun, GetJobRun,
 * GetJobRuns, BatchStopJobRun and ListJobs.
 *
 * <p>The fake's service errors become the service's error answers (their HTTP status, the error code in
 * {@code x-amzn-ErrorType} and the body's {@code __type}), which the SDK turns back into the same
 * exception types. A start whose answer the fake loses closes the connection without an answer, after
 * the run was created. Another operation answers 400 {@code UnknownOperationException}.
 *
 * <pre>{@code
 * try (LocalGlueServer server = LocalGlueServer.start()) {
 *   server.fake().addJob("nightly", null, GlueJobScript.failsAfter(Duration.ofMinutes(5), "boom"));
 *   GlueClient client = GlueClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)...
 * }
 * }</pre>
 *
 * <p>Requests are served on several threads at once (the fake serializes them), and answered as
 * {@link AwsAnswers} says. Signatures are not checked. Close the server to stop it.
 */
public final class LocalGlueServer extends LocalAwsServer<FakeGlueClient> {

  private LocalGlueServer(FakeGlueClient fake) {
    super(fake, AwsAnswers.awsJson("1.1", "AWSGlue.", "InternalServiceException")
        .operation("StartWorkflowRun", StartWorkflowRunRequest::builder, fake::startWorkflowRun)
        .operation("GetWorkflowRun", GetWorkflowRunRequest::builder, fake::getWorkflowRun)
        .operation("GetWorkflowRuns", GetWorkflowRunsRequest::builder, fake::getWorkflowRuns)
        .operation("StopWorkflowRun", StopWorkflowRunRequest::builder, fake::stopWorkflowRun)
        .operation("ResumeWorkflowRun", ResumeWorkflowRunRequest::builder, fake::resumeWorkflowRun)
        .operation("StartJobRun", StartJobRunRequest::builder, fake::startJobRun)
        .operation("GetJobRun", GetJobRunRequest::builder, fake::getJobRun)
        .operation("GetJobRuns", GetJobRunsRequest::builder, fake::getJobRuns)
        .operation("BatchStopJobRun", BatchStopJobRunRequest::builder, fake::batchStopJobRun)
        .operation("ListJobs", ListJobsRequest::builder, fake::listJobs), "local-glue");
  }

  /**
   * Starts a server over a new fake on the system clock.
   *
   * @return the running server
   */
  public static LocalGlueServer start() {
    return start(FakeGlueClient.create());
  }

  /**
   * Starts a server over a given fake, for instance one on a virtual clock.
   *
   * @param fake the Glue the server answers from
   * @return the running server
   */
  public static LocalGlueServer start(FakeGlueClient fake) {
    return new LocalGlueServer(fake);
  }

  /**
   * How many requests of one operation were received.
   *
   * @param operation the operation, such as {@code StartJobRun}
   * @return the count
   */
  public int count(String operation) {
    return answers().count(requests(), operation);
  }
}
