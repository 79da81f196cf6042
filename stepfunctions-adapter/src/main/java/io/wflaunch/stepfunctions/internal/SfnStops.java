package io.wflaunch.stepfunctions.internal;

import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.support.AsyncSupport;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StopExecutionRequest;

/**
 * How the adapter stops an execution: StopExecution, with an error and a cause when given (checked
 * first). StopExecution is eventually consistent too, so where it answers ExecutionDoesNotExist the
 * execution's state machine is listed as {@link SfnReads} looks runs up: absent when the listing does
 * not show it either, a retryable {@link ConflictException} (nothing was stopped) when the listing shows
 * it open, and stopped already when it shows it closed. Express executions cannot be stopped.
 */
public final class SfnStops {

  private final SfnReads reads;

  /**
   * Stops over the calls each stop is given.
   *
   * @param reads looks up the executions StopExecution does not see
   */
  public SfnStops(SfnReads reads) {
    this.reads = reads;
  }

  /**
   * Stops an execution.
   *
   * @param handle a checked handle
   * @param error the error code, or null
   * @param cause the cause, or null
   * @throws io.wflaunch.InvalidRequestException if the error or cause is too long; nothing is sent
   */
  public CompletableFuture<Void> stop(SfnCalls calls, RunHandle handle, String error, String cause) {
    ErrorContext context = ErrorContext.of(handle);
    if (error != null) {
      SfnRules.checkLength(context, "error", error, SfnRules.MAX_ERROR);
    }
    if (cause != null) {
      SfnRules.checkLength(context, "cause", cause, SfnRules.MAX_CAUSE);
    }
    if (SfnRules.isExpressExecution(handle.part(0))) {
      return CompletableFuture.failedFuture(SfnRules.expressRefusal(handle, "stop"));
    }
    StopExecutionRequest request = StopExecutionRequest.builder()
        .executionArn(handle.part(0)).error(error).cause(cause).build();
    return calls.stop(request).handle((response, failure) -> {
      if (failure == null) {
        return CompletableFuture.<Void>completedFuture(null);
      }
      RuntimeException mapped = SfnErrors.map(failure, context, Operation.STOP);
      if (!(AsyncSupport.unwrap(failure) instanceof ExecutionDoesNotExistException)) {
        return CompletableFuture.<Void>failedFuture(mapped);
      }
      return notYetStoppable(calls, handle, mapped);
    }).thenCompose(settled -> settled);
  }

  /**
   * StopExecution did not find the execution: absent when ListExecutions does not show it either. A
   * listed open execution was not stopped, and the stop is refused as retryable; a listed closed one
   * has nothing left to stop, which is StopExecution's own answer for a closed execution it sees.
   */
  private CompletableFuture<Void> notYetStoppable(SfnCalls calls, RunHandle handle, RuntimeException notFound) {
    return reads.listed(calls, Map.of(handle, notFound), new AtomicInteger()).thenApply(listed -> {
      ExecutionListItem item = listed.get(handle);
      if (item == null) {
        throw notFound;
      }
      if (item.status() == ExecutionStatus.RUNNING || item.status() == ExecutionStatus.PENDING_REDRIVE) {
        throw new ConflictException(ErrorContext.of(handle), "ListExecutions shows the execution "
            + item.statusAsString() + " since " + item.startDate() + " but StopExecution does not see it yet (Step "
            + "Functions' reads are eventually consistent): it was not stopped; stop it again in a few seconds", true,
            notFound.getCause());
      }
      return null;
    });
  }
}
