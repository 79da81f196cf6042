package io.wflaunch.swf.internal;

import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.internal.Futures;
import io.wflaunch.spi.AsyncSupport;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.UserText;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.ExecutionStatus;
import software.amazon.awssdk.services.swf.model.GetWorkflowExecutionHistoryRequest;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;

/**
 * How the SWF backend delivers a cancel or terminate request, always to one execution named by its
 * runId. SWF answers a request for a closed execution as for an unknown one; the execution is then
 * described: a closed one is a conflict ("already closed"), and one that CONTINUED_AS_NEW is followed
 * along its chain, run by run, through each close event, which names the new run's id. The request
 * goes to the chain's open run by that runId; a chain whose newest run has closed is a conflict, and
 * nothing more is sent. Never sent without a runId: SWF would apply that to whichever execution is open
 * under the workflowId now, which may be a later, unrelated execution that reuses it.
 */
public final class SwfStops {

  /** The most runs a stop follows a chain through before giving up (one history read each). */
  static final int MAX_CHAIN = 1000;

  private final SwfCalls calls;
  private final RunHandle handle;
  private final Function<String, CompletableFuture<Void>> send;
  private final ErrorContext context;

  private SwfStops(SwfCalls calls, RunHandle handle, Function<String, CompletableFuture<Void>> send) {
    this.calls = calls;
    this.handle = handle;
    this.send = send;
    this.context = ErrorContext.of(handle);
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
  public static CompletableFuture<Void> stop(SwfCalls calls, RunHandle handle,
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
          return newestEvent(runId).thenCompose(close -> follow(runId, close, hops));
        }
        return CompletableFuture.<Void>failedFuture(closed(runId, info.closeStatusAsString(), notFound));
      }).thenCompose(Function.identity());
    });
  }

  /**
   * From a run that continued as new, given its close event, to the next: a run that continued as new
   * too is followed further, one that closed otherwise ends the chain, and an open one is sent the
   * request.
   */
  private CompletableFuture<Void> follow(String continuedRunId, HistoryEvent close, int hops) {
    String next = close.workflowExecutionContinuedAsNewEventAttributes() == null ? null
        : close.workflowExecutionContinuedAsNewEventAttributes().newExecutionRunId();
    if (next == null || next.isEmpty()) {
      return CompletableFuture.failedFuture(new WorkflowLaunchException(context, "run "
          + UserText.quote(continuedRunId) + " continued as new, but its newest history event names no new run;"
          + " nothing was stopped", false, null));
    }
    if (hops >= MAX_CHAIN) {
      return CompletableFuture.failedFuture(new WorkflowLaunchException(context, "the run continued as new more than "
          + MAX_CHAIN + " times; nothing was stopped (the last run read is " + UserText.quote(next) + ")", false, null));
    }
    return newestEvent(next).thenCompose(event -> {
      CloseStatus closedAs = closeStatusOf(event);
      if (closedAs == CloseStatus.CONTINUED_AS_NEW) {
        return follow(next, event, hops + 1);
      }
      if (closedAs != null) {
        return CompletableFuture.failedFuture(closed(next, closedAs.toString(), null));
      }
      return sendTo(next, hops + 1);
    });
  }

  /** The newest event of a run of the handle's workflowId: its close event once it has closed. */
  private CompletableFuture<HistoryEvent> newestEvent(String runId) {
    GetWorkflowExecutionHistoryRequest request = GetWorkflowExecutionHistoryRequest.builder()
        .domain(handle.part(0)).execution(e -> e.workflowId(handle.part(1)).runId(runId))
        .reverseOrder(true).maximumPageSize(1).build();
    return AsyncSupport.mapFailure(AsyncSupport.defer(() -> calls.history(request)),
        e -> SwfErrors.map(e, context, Operation.STOP))
        .thenApply(history -> history.hasEvents() && !history.events().isEmpty()
            ? history.events().get(0) : HistoryEvent.builder().build());
  }

  private ConflictException closed(String runId, String closeStatus, Throwable cause) {
    if (runId.equals(handle.part(2))) {
      return new ConflictException(context, "the execution has already closed (" + closeStatus + ")", cause);
    }
    return new ConflictException(context, "the execution has already closed: it continued as new, and the newest"
        + " run of that chain, " + UserText.quote(runId) + ", closed (" + closeStatus + "): there is nothing to stop", cause);
  }

  /**
   * How the execution closed, by the close event that is its newest history event; null when that
   * event is no close event (the execution is open).
   *
   * @param event the newest history event
   * @return the close status, or null
   */
  static CloseStatus closeStatusOf(HistoryEvent event) {
    if (event.workflowExecutionContinuedAsNewEventAttributes() != null) {
      return CloseStatus.CONTINUED_AS_NEW;
    }
    if (event.workflowExecutionCompletedEventAttributes() != null) {
      return CloseStatus.COMPLETED;
    }
    if (event.workflowExecutionFailedEventAttributes() != null) {
      return CloseStatus.FAILED;
    }
    if (event.workflowExecutionCanceledEventAttributes() != null) {
      return CloseStatus.CANCELED;
    }
    if (event.workflowExecutionTerminatedEventAttributes() != null) {
      return CloseStatus.TERMINATED;
    }
    if (event.workflowExecutionTimedOutEventAttributes() != null) {
      return CloseStatus.TIMED_OUT;
    }
    return null;
  }
}
