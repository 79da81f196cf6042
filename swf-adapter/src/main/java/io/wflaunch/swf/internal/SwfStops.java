package io.wflaunch.swf.internal;

import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.spi.support.Futures;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.support.UserText;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.ExecutionStatus;
import software.amazon.awssdk.services.swf.model.RequestCancelWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.TerminateWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;

/**
 * How the SWF backend delivers a cancel or terminate request, always to one execution named by its
 * runId. SWF answers a request for a closed execution as for an unknown one; the execution is then
 * described: a closed one is a conflict ("already closed"), and one that CONTINUED_AS_NEW is followed
 * along its chain, run by run, through each close event, which names the new run's id. The request
 * goes to the chain's open run by that runId; a chain whose newest run has closed is a conflict, and
 * nothing more is sent; reads walk the chain the same way ({@link SwfChain}). Never sent without a
 * runId: SWF would apply that to whichever execution is open under the workflowId now, which may be a
 * later, unrelated execution that reuses it.
 */
public final class SwfStops {

  private final SwfCalls calls;
  private final RunHandle handle;
  private final Function<String, CompletableFuture<Void>> send;
  private final ErrorContext context;
  private final SwfChain chain;

  private SwfStops(SwfCalls calls, RunHandle handle, Function<String, CompletableFuture<Void>> send) {
    this.calls = calls;
    this.handle = handle;
    this.send = send;
    this.context = ErrorContext.of(handle);
    this.chain = new SwfChain(calls, handle.part(0), handle.part(1), context, Operation.STOP);
  }

  /**
   * Requests cancellation (RequestCancelWorkflowExecution) of the handle's execution or, when that
   * continued as new, of its chain's open run.
   *
   * @param calls the SWF calls
   * @param handle a checked handle
   * @return a future that completes when SWF accepted the request
   */
  public static CompletableFuture<Void> cancel(SwfCalls calls, RunHandle handle) {
    return stop(calls, handle, runId -> accepted(handle, calls.cancel(RequestCancelWorkflowExecutionRequest.builder()
        .domain(handle.part(0)).workflowId(handle.part(1)).runId(runId).build())));
  }

  /**
   * Terminates (TerminateWorkflowExecution) the handle's execution or, when that continued as new, its
   * chain's open run, after checking the arguments ({@link SwfRules#checkTermination}).
   *
   * @param calls the SWF calls
   * @param handle a checked handle
   * @param reason why, or null
   * @param details more about why, or null
   * @param childPolicy what happens to child executions, or null for the execution's own
   * @return a future that completes when SWF accepted the request
   * @throws io.wflaunch.InvalidRequestException if an argument breaks SWF's rules; nothing is sent
   */
  public static CompletableFuture<Void> terminate(SwfCalls calls, RunHandle handle, String reason, String details,
      ChildPolicy childPolicy) {
    SwfRules.checkTermination(ErrorContext.of(handle), reason, details, childPolicy);
    return stop(calls, handle, runId -> accepted(handle, calls.terminate(TerminateWorkflowExecutionRequest.builder()
        .domain(handle.part(0)).workflowId(handle.part(1)).runId(runId)
        .reason(reason).details(details).childPolicy(childPolicy).build())));
  }

  private static <T> CompletableFuture<Void> accepted(RunHandle handle, CompletableFuture<T> sent) {
    return AsyncSupport.mapFailure(sent, e -> SwfErrors.map(e, ErrorContext.of(handle), Operation.STOP))
        .thenApply(response -> (Void) null);
  }

  /**
   * Sends the request to the handle's execution or, when that continued as new, to its chain's open run.
   *
   * @param calls the SWF calls
   * @param handle the run asked for
   * @param send sends the request to the handle's domain and workflowId with the given runId, failing
   *     with wflaunch's exceptions (a {@link RunNotFoundException} for SWF's UnknownResourceFault)
   * @return a future that completes when SWF accepted the request
   */
  private static CompletableFuture<Void> stop(SwfCalls calls, RunHandle handle,
      Function<String, CompletableFuture<Void>> send) {
    return new SwfStops(calls, handle, send).sendTo(handle.part(2), 0);
  }

  private CompletableFuture<Void> sendTo(String runId, int hops) {
    return AsyncSupport.defer(() -> send.apply(runId)).exceptionallyCompose(failure -> {
      Throwable raw = Futures.unwrap(failure);
      if (!(raw instanceof RunNotFoundException notFound)) {
        return CompletableFuture.failedFuture(raw);
      }
      DescribeWorkflowExecutionRequest describe = DescribeWorkflowExecutionRequest.builder().domain(handle.part(0))
          .execution(e -> e.workflowId(handle.part(1)).runId(runId)).build();
      return AsyncSupport.defer(() -> calls.describe(describe)).handle((execution, unreadable) -> {
        if (unreadable != null && hops > 0) {
          // The chain's own history named this run, so it exists: say why it could not be read.
          return CompletableFuture.<Void>failedFuture(SwfErrors.map(unreadable, context, Operation.STOP));
        }
        WorkflowExecutionInfo info = unreadable == null ? execution.executionInfo() : null;
        if (info == null || info.executionStatus() != ExecutionStatus.CLOSED) {
          return CompletableFuture.<Void>failedFuture(notFound);
        }
        if (info.closeStatus() == CloseStatus.CONTINUED_AS_NEW) {
          return chain.fromContinued(runId, hops).thenCompose(this::sendToNewest);
        }
        return CompletableFuture.<Void>failedFuture(closed(runId, info.closeStatusAsString(), notFound));
      }).thenCompose(Function.identity());
    });
  }

  /** The chain's newest run is sent the request when it is open; a closed one ends the chain. */
  private CompletableFuture<Void> sendToNewest(SwfChain.End end) {
    if (end instanceof SwfChain.Broken broken) {
      return CompletableFuture.failedFuture(new WorkflowLaunchException(context, broken.why() + "; nothing was stopped",
          false, broken.cause()));
    }
    SwfChain.Newest newest = (SwfChain.Newest) end;
    CloseStatus closedAs = newest.closeStatus();
    if (closedAs != null) {
      return CompletableFuture.failedFuture(closed(newest.runId(), closedAs.toString(), null));
    }
    return sendTo(newest.runId(), newest.hops());
  }

  private ConflictException closed(String runId, String closeStatus, Throwable cause) {
    if (runId.equals(handle.part(2))) {
      return new ConflictException(context, "the execution has already closed (" + closeStatus + ")", cause);
    }
    return new ConflictException(context, "the execution has already closed: it continued as new, and the newest"
        + " run of that chain, " + UserText.quote(runId) + ", closed (" + closeStatus + "): there is nothing to stop", cause);
  }
}
