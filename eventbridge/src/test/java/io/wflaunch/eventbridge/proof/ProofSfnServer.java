package io.wflaunch.eventbridge.proof;

import io.wflaunch.testkit.http.AwsAnswers;
import io.wflaunch.testkit.http.LocalAwsServer;
import io.wflaunch.testkit.sfn.FakeSfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.ListExecutionsRequest;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StopExecutionRequest;

/**
 * Step Functions over HTTP on 127.0.0.1 for the proofs: the testkit's {@link FakeSfnClient} behind the
 * operations the adapter sends to start and track executions of state machines named by name
 * (ListStateMachines once, to learn the account; StartExecution; ListExecutions of running executions
 * for batched reads; DescribeExecution for single reads; StopExecution). The testkit's own
 * {@code LocalSfnServer} serves no listings, which the tracker's batched reads need.
 */
final class ProofSfnServer extends LocalAwsServer<FakeSfnClient> {

  private ProofSfnServer(FakeSfnClient fake) {
    super(fake, AwsAnswers.awsJson("1.0", "AWSStepFunctions.", "InternalFailure")
        .operation("StartExecution", StartExecutionRequest::builder, fake::startExecution)
        .operation("DescribeExecution", DescribeExecutionRequest::builder, fake::describeExecution)
        .operation("StopExecution", StopExecutionRequest::builder, fake::stopExecution)
        .operation("ListExecutions", ListExecutionsRequest::builder, fake::listExecutions)
        .operation("ListStateMachines", ListStateMachinesRequest::builder, fake::listStateMachines), null);
  }

  /** Serves {@code fake} until closed. */
  static ProofSfnServer start(FakeSfnClient fake) {
    return new ProofSfnServer(fake);
  }

  /** How many requests of one operation the server answered so far. */
  int count(String operation) {
    return answers().count(requests(), operation);
  }
}
