package io.wflaunch.testkit.sfn;

import io.wflaunch.spi.support.AsyncSupport;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ListExecutionsRequest;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesRequest;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesResponse;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StopExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StopExecutionResponse;

/**
 * The async form of {@link FakeSfnClient}, over the same state machines and executions. Each call
 * completes before it returns (the future is already done, or already failed with the same exception the
 * blocking fake throws). The SDK's paginators ({@code listExecutionsPaginator}, {@code listStateMachinesPaginator})
 * work over it. Other operations throw {@link UnsupportedOperationException}.
 */
public final class FakeSfnAsyncClient implements SfnAsyncClient {

  private final FakeSfnClient sfn;

  FakeSfnAsyncClient(FakeSfnClient sfn) {
    this.sfn = Objects.requireNonNull(sfn, "sfn");
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {
    // nothing to release
  }

  @Override
  public CompletableFuture<CreateStateMachineResponse> createStateMachine(CreateStateMachineRequest request) {
    return AsyncSupport.call(() -> sfn.createStateMachine(request));
  }

  @Override
  public CompletableFuture<DescribeStateMachineResponse> describeStateMachine(DescribeStateMachineRequest request) {
    return AsyncSupport.call(() -> sfn.describeStateMachine(request));
  }

  @Override
  public CompletableFuture<ListStateMachinesResponse> listStateMachines(ListStateMachinesRequest request) {
    return AsyncSupport.call(() -> sfn.listStateMachines(request));
  }

  @Override
  public CompletableFuture<StartExecutionResponse> startExecution(StartExecutionRequest request) {
    return AsyncSupport.call(() -> sfn.startExecution(request));
  }

  @Override
  public CompletableFuture<DescribeExecutionResponse> describeExecution(DescribeExecutionRequest request) {
    return AsyncSupport.call(() -> sfn.describeExecution(request));
  }

  @Override
  public CompletableFuture<StopExecutionResponse> stopExecution(StopExecutionRequest request) {
    return AsyncSupport.call(() -> sfn.stopExecution(request));
  }

  @Override
  public CompletableFuture<ListExecutionsResponse> listExecutions(ListExecutionsRequest request) {
    return AsyncSupport.call(() -> sfn.listExecutions(request));
  }
}
