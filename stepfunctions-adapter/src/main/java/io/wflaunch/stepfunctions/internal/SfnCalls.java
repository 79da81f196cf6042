package io.wflaunch.stepfunctions.internal;

import io.wflaunch.aws.OnceClient;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.support.Pages;
import io.wflaunch.spi.SendLimits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ListExecutionsRequest;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesRequest;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesResponse;
import software.amazon.awssdk.services.sfn.model.RedriveExecutionRequest;
import software.amazon.awssdk.services.sfn.model.RedriveExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.StopExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StopExecutionResponse;

/**
 * The Step Functions calls the adapter makes, over either client: over {@link SfnClient} each returns
 * an already completed future, over {@link SfnAsyncClient} a future the SDK completes. Failures are the
 * SDK's, raw.
 *
 * <p>The calls that take {@link SendLimits} are a start's: each carries the start's request timeout as
 * its API-call timeout, and none is begun that could end after the start's
 * deadline (it fails with {@link SendLimits.DeadlineReached} instead, before anything is sent).
 * StartExecution and the look-up's DescribeExecution go through the {@link OnceClient}, so the SDK sends
 * each exactly once and the protocol counts them. The reads that resolve the state machine
 * (ListStateMachines, DescribeStateMachine) keep the client's retries, bounded by the same API-call
 * timeout: the protocol does not retry a failed preparation, and one throttled read should not fail a
 * start that has sent nothing.
 */
public final class SfnCalls {

  private final BiFunction<StartExecutionRequest, Duration, CompletableFuture<StartExecutionResponse>> startOnce;
  private final Function<DescribeExecutionRequest, CompletableFuture<DescribeExecutionResponse>> describe;
  private final BiFunction<DescribeExecutionRequest, Duration, CompletableFuture<DescribeExecutionResponse>>
      describeOnce;
  private final Function<StopExecutionRequest, CompletableFuture<StopExecutionResponse>> stop;
  private final Function<ListExecutionsRequest, CompletableFuture<ListExecutionsResponse>> executions;
  private final Function<ListStateMachinesRequest, CompletableFuture<ListStateMachinesResponse>> stateMachines;
  private final Function<DescribeStateMachineRequest, CompletableFuture<DescribeStateMachineResponse>> stateMachine;
  private final boolean blocking;
  private final Function<RedriveExecutionRequest, CompletableFuture<RedriveExecutionResponse>> redrive;

  private SfnCalls(BiFunction<StartExecutionRequest, Duration, CompletableFuture<StartExecutionResponse>> startOnce,
      Function<DescribeExecutionRequest, CompletableFuture<DescribeExecutionResponse>> describe,
      BiFunction<DescribeExecutionRequest, Duration, CompletableFuture<DescribeExecutionResponse>> describeOnce,
      Function<StopExecutionRequest, CompletableFuture<StopExecutionResponse>> stop,
      Function<ListExecutionsRequest, CompletableFuture<ListExecutionsResponse>> executions,
      Function<ListStateMachinesRequest, CompletableFuture<ListStateMachinesResponse>> stateMachines,
      Function<DescribeStateMachineRequest, CompletableFuture<DescribeStateMachineResponse>> stateMachine,
      Function<RedriveExecutionRequest, CompletableFuture<RedriveExecutionResponse>> redrive, boolean blocking) {
    this.blocking = blocking;
    this.redrive = redrive;
    this.startOnce = startOnce;
    this.describe = describe;
    this.describeOnce = describeOnce;
    this.stop = stop;
    this.executions = executions;
    this.stateMachines = stateMachines;
    this.stateMachine = stateMachine;
  }

  public static SfnCalls over(SfnClient sfn, OnceClient<SfnClient> once) {
    return new SfnCalls(
        (r, timeout) -> AsyncSupport.call(() -> once.client(timeout).startExecution(once.once(r, timeout))),
        r -> AsyncSupport.call(() -> sfn.describeExecution(r)),
        (r, timeout) -> AsyncSupport.call(() -> once.client(timeout).describeExecution(once.once(r, timeout))),
        r -> AsyncSupport.call(() -> sfn.stopExecution(r)),
        r -> AsyncSupport.call(() -> sfn.listExecutions(r)),
        r -> AsyncSupport.call(() -> sfn.listStateMachines(r)),
        r -> AsyncSupport.call(() -> sfn.describeStateMachine(r)),
        r -> AsyncSupport.call(() -> sfn.redriveExecution(r)), true);
  }

  public static SfnCalls over(SfnAsyncClient sfn, OnceClient<SfnAsyncClient> once) {
    return new SfnCalls(
        (r, timeout) -> AsyncSupport.defer(() -> once.client(timeout).startExecution(once.once(r, timeout))),
        r -> AsyncSupport.defer(() -> sfn.describeExecution(r)),
        (r, timeout) -> AsyncSupport.defer(() -> once.client(timeout).describeExecution(once.once(r, timeout))),
        r -> AsyncSupport.defer(() -> sfn.stopExecution(r)),
        r -> AsyncSupport.defer(() -> sfn.listExecutions(r)),
        r -> AsyncSupport.defer(() -> sfn.listStateMachines(r)),
        r -> AsyncSupport.defer(() -> sfn.describeStateMachine(r)),
        r -> AsyncSupport.defer(() -> sfn.redriveExecution(r)), false);
  }

  /**
   * Whether the calls are the blocking client's, made on the caller's thread: one that waits for a
   * call another thread makes then waits on its own thread too.
   */
  public boolean blocking() {
    return blocking;
  }

  /** StartExecution, sent exactly once, with the start's request timeout, if it fits before the deadline. */
  public CompletableFuture<StartExecutionResponse> startOnce(StartExecutionRequest request, SendLimits limits) {
    return AsyncSupport.defer(() -> {
      limits.checkRoom();
      return startOnce.apply(request, limits.requestTimeout());
    });
  }

  public CompletableFuture<DescribeExecutionResponse> describe(DescribeExecutionRequest request) {
    return describe.apply(request);
  }

  /**
   * DescribeExecution as the start protocol's look-up sends it: exactly once, with the start's request
   * timeout, if it fits before the deadline.
   */
  public CompletableFuture<DescribeExecutionResponse> describeOnce(DescribeExecutionRequest request,
      SendLimits limits) {
    return AsyncSupport.defer(() -> {
      limits.checkRoom();
      return describeOnce.apply(request, limits.requestTimeout());
    });
  }

  /**
   * RedriveExecution, with the client's own retries: its client token makes a repeated request answer the
   * redrive the first made.
   */
  public CompletableFuture<RedriveExecutionResponse> redrive(RedriveExecutionRequest request) {
    return redrive.apply(request);
  }

  public CompletableFuture<StopExecutionResponse> stop(StopExecutionRequest request) {
    return stop.apply(request);
  }

  public CompletableFuture<DescribeStateMachineResponse> describeStateMachine(DescribeStateMachineRequest request) {
    return stateMachine.apply(request);
  }

  /** DescribeStateMachine for a start: with its request timeout, if it fits before the deadline. */
  public CompletableFuture<DescribeStateMachineResponse> describeStateMachine(DescribeStateMachineRequest request,
      SendLimits limits) {
    return AsyncSupport.defer(() -> {
      limits.checkRoom();
      Duration timeout = limits.requestTimeout();
      return stateMachine.apply(request.toBuilder()
          .overrideConfiguration(o -> o.apiCallTimeout(timeout)).build());
    });
  }

  /** ListExecutions pages from {@code first} until {@code enough} holds, there are no more, or {@code maxPages}. */
  public CompletableFuture<List<ExecutionListItem>> executions(ListExecutionsRequest first, int maxPages,
      Predicate<List<ExecutionListItem>> enough) {
    return executions(first, maxPages, enough, new java.util.concurrent.atomic.AtomicInteger());
  }

  /** As {@link #executions(ListExecutionsRequest, int, Predicate)}, counting each page requested in {@code pages}. */
  public CompletableFuture<List<ExecutionListItem>> executions(ListExecutionsRequest first, int maxPages,
      Predicate<List<ExecutionListItem>> enough, java.util.concurrent.atomic.AtomicInteger pages) {
    return Pages.collect(token -> {
      pages.incrementAndGet();
      return executions.apply(token == null ? first : first.toBuilder().nextToken(token).build())
          .thenApply(page -> new Pages.Page<>(page.executions(), page.nextToken()));
    }, maxPages, enough);
  }

  /** Every state machine of the account and region, from ListStateMachines pages. */
  public CompletableFuture<List<StateMachineListItem>> stateMachines(int pageSize, int maxPages) {
    return stateMachines(pageSize, maxPages, new java.util.concurrent.atomic.AtomicInteger());
  }

  /** As {@link #stateMachines(int, int)}, counting each page requested in {@code pages}. */
  public CompletableFuture<List<StateMachineListItem>> stateMachines(int pageSize, int maxPages,
      java.util.concurrent.atomic.AtomicInteger pages) {
    ListStateMachinesRequest first = ListStateMachinesRequest.builder().maxResults(pageSize).build();
    return Pages.collect(token -> {
      pages.incrementAndGet();
      return stateMachines.apply(token == null ? first : first.toBuilder().nextToken(token).build())
          .thenApply(page -> new Pages.Page<>(page.stateMachines(), page.nextToken()));
    }, maxPages, all -> false);
  }

  /**
   * As {@link #stateMachines(int, int)}, for a start: each page with its request timeout, and none
   * begun that would end after its deadline.
   */
  public CompletableFuture<List<StateMachineListItem>> stateMachines(int pageSize, int maxPages, SendLimits limits) {
    Duration timeout = limits.requestTimeout();
    ListStateMachinesRequest first = ListStateMachinesRequest.builder().maxResults(pageSize)
        .overrideConfiguration(o -> o.apiCallTimeout(timeout)).build();
    return Pages.collect(token -> stateMachines.apply(token == null ? first : first.toBuilder().nextToken(token).build())
        .thenApply(page -> new Pages.Page<>(page.stateMachines(), page.nextToken())), maxPages, all -> false, limits);
  }
}
