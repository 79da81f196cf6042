package io.wflaunch.testkit.swf;

import io.wflaunch.spi.support.AsyncSupport;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.GetWorkflowExecutionHistoryRequest;
import software.amazon.awssdk.services.swf.model.GetWorkflowExecutionHistoryResponse;
import software.amazon.awssdk.services.swf.model.ListClosedWorkflowExecutionsRequest;
import software.amazon.awssdk.services.swf.model.ListClosedWorkflowExecutionsResponse;
import software.amazon.awssdk.services.swf.model.ListOpenWorkflowExecutionsRequest;
import software.amazon.awssdk.services.swf.model.ListOpenWorkflowExecutionsResponse;
import software.amazon.awssdk.services.swf.model.RequestCancelWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.RequestCancelWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.StartWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.StartWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.TerminateWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.TerminateWorkflowExecutionResponse;

/**
 * The async form of {@link FakeSwfClient}, over the same state. Each call completes before it
 * returns.
 */
public final class FakeSwfAsyncClient implements SwfAsyncClient {

  private final FakeSwfClient swf;

  FakeSwfAsyncClient(FakeSwfClient swf) {
    this.swf = Objects.requireNonNull(swf, "swf");
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
  public CompletableFuture<StartWorkflowExecutionResponse> startWorkflowExecution(StartWorkflowExecutionRequest request) {
    return AsyncSupport.call(() -> swf.startWorkflowExecution(request));
  }

  @Override
  public CompletableFuture<DescribeWorkflowExecutionResponse> describeWorkflowExecution(
      DescribeWorkflowExecutionRequest request) {
    return AsyncSupport.call(() -> swf.describeWorkflowExecution(request));
  }

  @Override
  public CompletableFuture<GetWorkflowExecutionHistoryResponse> getWorkflowExecutionHistory(
      GetWorkflowExecutionHistoryRequest request) {
    return AsyncSupport.call(() -> swf.getWorkflowExecutionHistory(request));
  }

  @Override
  public CompletableFuture<ListOpenWorkflowExecutionsResponse> listOpenWorkflowExecutions(
      ListOpenWorkflowExecutionsRequest request) {
    return AsyncSupport.call(() -> swf.listOpenWorkflowExecutions(request));
  }

  @Override
  public CompletableFuture<ListClosedWorkflowExecutionsResponse> listClosedWorkflowExecutions(
      ListClosedWorkflowExecutionsRequest request) {
    return AsyncSupport.call(() -> swf.listClosedWorkflowExecutions(request));
  }

  @Override
  public CompletableFuture<RequestCancelWorkflowExecutionResponse> requestCancelWorkflowExecution(
      RequestCancelWorkflowExecutionRequest request) {
    return AsyncSupport.call(() -> swf.requestCancelWorkflowExecution(request));
  }

  @Override
  public CompletableFuture<TerminateWorkflowExecutionResponse> terminateWorkflowExecution(
      TerminateWorkflowExecutionRequest request) {
    return AsyncSupport.call(() -> swf.terminateWorkflowExecution(request));
  }
}
