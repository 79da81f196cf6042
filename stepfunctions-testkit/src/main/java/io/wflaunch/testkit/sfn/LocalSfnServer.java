package io.wflaunch.testkit.sfn;

import io.wflaunch.testkit.http.AwsAnswers;
import io.wflaunch.testkit.http.LocalAwsServer;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.RedriveExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StopExecutionRequest;

/**
 * A real HTTP AWS Step Functions on 127.0.0.1 and a free port (a {@link LocalAwsServer}) that serves what
 * moto lacks: RedriveExecution, with the client token deduplication and 14-day window of a
 * {@link FakeSfnClient}, beside StartExecution, DescribeExecution and StopExecution, for wire tests with the
 * real {@code SfnClient}. It speaks Step Functions' JSON 1.0 protocol ({@code POST /}, the operation in
 * {@code X-Amz-Target: AWSStepFunctions.<Operation>}); the fake's errors become the service's error
 * answers ({@code {"__type":..., "message":...}} with their HTTP status), which the SDK turns back into the
 * same exception types, and an answer the fake loses closes the connection (see {@link AwsAnswers}). Other
 * operations answer 400 {@code UnknownOperationException}. Close it to stop it.
 */
public final class LocalSfnServer extends LocalAwsServer<FakeSfnClient> {

  private LocalSfnServer(FakeSfnClient fake) {
    super(fake, AwsAnswers.awsJson("1.0", "AWSStepFunctions.", "InternalFailure")
        .operation("StartExecution", StartExecutionRequest::builder, fake::startExecution)
        .operation("DescribeExecution", DescribeExecutionRequest::builder, fake::describeExecution)
        .operation("StopExecution", StopExecutionRequest::builder, fake::stopExecution)
        .operation("RedriveExecution", RedriveExecutionRequest::builder, fake::redriveExecution), null);
  }

  /**
   * Starts a server over a given fake, for instance one on a virtual clock.
   *
   * @param fake the Step Functions the server answers from
   * @return the running server
   */
  public static LocalSfnServer start(FakeSfnClient fake) {
    return new LocalSfnServer(fake);
  }
}
