package io.wflaunch.glue.internal;

import io.wflaunch.spi.AsyncSupport;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunResponse;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunsRequest;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunsResponse;
import software.amazon.awssdk.services.glue.model.StartWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.StartWorkflowRunResponse;
import software.amazon.awssdk.services.glue.model.StopWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.StopWorkflowRunResponse;

/**
 * The four Glue calls the adapter makes, over either client: over {@link GlueClient} each returns an
 * already completed future (the call ran on the caller's thread), over {@link GlueAsyncClient} a
 * future the SDK completes.
 */
public interface GlueCalls {

  CompletableFuture<StartWorkflowRunResponse> startWorkflowRun(StartWorkflowRunRequest request);

  CompletableFuture<GetWorkflowRunResponse> getWorkflowRun(GetWorkflowRunRequest request);

  CompletableFuture<GetWorkflowRunsResponse> getWorkflowRuns(GetWorkflowRunsRequest request);

  CompletableFuture<StopWorkflowRunResponse> stopWorkflowRun(StopWorkflowRunRequest request);

  /** Whether the calls block the caller (and so pauses between attempts may block too). */
  boolean blocking();

  static GlueCalls over(GlueClient glue) {
    return new GlueCalls() {
      @Override
      public CompletableFuture<StartWorkflowRunResponse> startWorkflowRun(StartWorkflowRunRequest request) {
        return AsyncSupport.call(() -> glue.startWorkflowRun(request));
      }

      @Override
      public CompletableFuture<GetWorkflowRunResponse> getWorkflowRun(GetWorkflowRunRequest request) {
        return AsyncSupport.call(() -> glue.getWorkflowRun(request));
      }

      @Override
      public CompletableFuture<GetWorkflowRunsResponse> getWorkflowRuns(GetWorkflowRunsRequest request) {
        return AsyncSupport.call(() -> glue.getWorkflowRuns(request));
      }

      @Override
      public CompletableFuture<StopWorkflowRunResponse> stopWorkflowRun(StopWorkflowRunRequest request) {
        return AsyncSupport.call(() -> glue.stopWorkflowRun(request));
      }

      @Override
      public boolean blocking() {
        return true;
      }
    };
  }

  static GlueCalls over(GlueAsyncClient glue) {
    return new GlueCalls() {
      @Override
      public CompletableFuture<StartWorkflowRunResponse> startWorkflowRun(StartWorkflowRunRequest request) {
        return AsyncSupport.defer(() -> glue.startWorkflowRun(request));
      }

      @Override
      public CompletableFuture<GetWorkflowRunResponse> getWorkflowRun(GetWorkflowRunRequest request) {
        return AsyncSupport.defer(() -> glue.getWorkflowRun(request));
      }

      @Override
      public CompletableFuture<GetWorkflowRunsResponse> getWorkflowRuns(GetWorkflowRunsRequest request) {
        return AsyncSupport.defer(() -> glue.getWorkflowRuns(request));
      }

      @Override
      public CompletableFuture<StopWorkflowRunResponse> stopWorkflowRun(StopWorkflowRunRequest request) {
        return AsyncSupport.defer(() -> glue.stopWorkflowRun(request));
      }

      @Override
      public boolean blocking() {
        return false;
      }
    };
  }
}
