package io.wflaunch.glue;

import io.wflaunch.testkit.glue.FakeGlueClient;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.ConcurrentRunsExceededException;
import software.amazon.awssdk.services.glue.model.GetJobRunRequest;
import software.amazon.awssdk.services.glue.model.GetJobRunResponse;
import software.amazon.awssdk.services.glue.model.GetJobRunsRequest;
import software.amazon.awssdk.services.glue.model.GetJobRunsResponse;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunResponse;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunsRequest;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunsResponse;
import software.amazon.awssdk.services.glue.model.InternalServiceException;
import software.amazon.awssdk.services.glue.model.ResumeWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.ResumeWorkflowRunResponse;
import software.amazon.awssdk.services.glue.model.StartJobRunRequest;
import software.amazon.awssdk.services.glue.model.StartJobRunResponse;
import software.amazon.awssdk.services.glue.model.StartWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.StartWorkflowRunResponse;
import software.amazon.awssdk.services.glue.model.ThrottlingException;

/**
 * A {@link FakeGlueClient} with faults aimed at one operation at a time, for the retry protocol's tests:
 * each queued fault meets the next call of its operation, before the fake acts ({@link Fault#THROTTLE},
 * {@link Fault#SERVER_ERROR}, {@link Fault#CONCURRENT_RUNS}) or after it acted ({@link Fault#LOSE_ANSWER});
 * {@link Fault#NONE} lets one call through.
 */
final class ScriptedGlue implements GlueClient {

  enum Fault { NONE, THROTTLE, SERVER_ERROR, CONCURRENT_RUNS, LOSE_ANSWER }

  final FakeGlueClient fake;
  private final Map<String, Deque<Fault>> faults = new HashMap<>();
  private final Map<String, Integer> calls = new HashMap<>();

  ScriptedGlue(FakeGlueClient fake) {
    this.fake = fake;
  }

  synchronized ScriptedGlue next(String operation, Fault... planned) {
    Deque<Fault> queue = faults.computeIfAbsent(operation, o -> new ArrayDeque<>());
    for (Fault fault : planned) {
      queue.add(fault);
    }
    return this;
  }

  /** Calls of {@code operation} since the last {@link #resetCalls()}. */
  synchronized int calls(String operation) {
    return calls.getOrDefault(operation, 0);
  }

  synchronized void resetCalls() {
    calls.clear();
  }

  private <T> T call(String operation, Supplier<T> act) {
    Fault fault;
    synchronized (this) {
      calls.merge(operation, 1, Integer::sum);
      Deque<Fault> queue = faults.get(operation);
      fault = queue == null ? null : queue.poll();
    }
    if (fault == null || fault == Fault.NONE) {
      return act.get();
    }
    switch (fault) {
      case THROTTLE -> throw error(ThrottlingException.builder(), 400, "ThrottlingException");
      case SERVER_ERROR -> throw error(InternalServiceException.builder(), 500, "InternalServiceException");
      case CONCURRENT_RUNS -> throw error(ConcurrentRunsExceededException.builder(), 400,
          "ConcurrentRunsExceededException");
      default -> {
        act.get();
        throw error(InternalServiceException.builder(), 500, "InternalServiceException");
      }
    }
  }

  private static AwsServiceException error(AwsServiceException.Builder builder, int status, String code) {
    return builder.statusCode(status).message(code)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).serviceName("Glue").build())
        .build();
  }

  @Override
  public StartWorkflowRunResponse startWorkflowRun(StartWorkflowRunRequest request) {
    return call("StartWorkflowRun", () -> fake.startWorkflowRun(request));
  }

  @Override
  public StartJobRunResponse startJobRun(StartJobRunRequest request) {
    return call("StartJobRun", () -> fake.startJobRun(request));
  }

  @Override
  public ResumeWorkflowRunResponse resumeWorkflowRun(ResumeWorkflowRunRequest request) {
    return call("ResumeWorkflowRun", () -> fake.resumeWorkflowRun(request));
  }

  @Override
  public GetJobRunResponse getJobRun(GetJobRunRequest request) {
    return call("GetJobRun", () -> fake.getJobRun(request));
  }

  @Override
  public GetJobRunsResponse getJobRuns(GetJobRunsRequest request) {
    return call("GetJobRuns", () -> fake.getJobRuns(request));
  }

  @Override
  public GetWorkflowRunResponse getWorkflowRun(GetWorkflowRunRequest request) {
    return call("GetWorkflowRun", () -> fake.getWorkflowRun(request));
  }

  @Override
  public GetWorkflowRunsResponse getWorkflowRuns(GetWorkflowRunsRequest request) {
    return call("GetWorkflowRuns", () -> fake.getWorkflowRuns(request));
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}
}
