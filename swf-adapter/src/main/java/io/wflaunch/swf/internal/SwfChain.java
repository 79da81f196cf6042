package io.wflaunch.swf.internal;

import io.wflaunch.ErrorContext;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.support.UserText;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.GetWorkflowExecutionHistoryRequest;
import software.amazon.awssdk.services.swf.model.HistoryEvent;

/**
 * A continued-as-new chain of one workflowId, walked by run ids only: the close event of a run that
 * continued as new (the newest event of its history, read newest first one event at a time) names the
 * next run's id, and so on to the first run whose newest event is no continued-as-new event, the
 * chain's newest run. Reads and stops both walk it this way, never by listing the workflowId's
 * executions: once the chain has ended, a later execution may reuse the workflowId, and it is no part of
 * the chain.
 */
final class SwfChain {

  /** The most runs a walk follows before giving up (one history read each). */
  static final int MAX_RUNS = 1000;

  /** Where a walk ended. */
  sealed interface End permits Newest, Broken {}

  /**
   * The chain's newest run as the walk found it.
   *
   * @param runId its runId
   * @param newest its newest history event: its close event once it has closed
   * @param hops how many runs after the first the walk followed to reach it
   */
  record Newest(String runId, HistoryEvent newest, int hops) implements End {
    /** How it closed, or null while it is open. */
    CloseStatus closeStatus() {
      return closeStatusOf(newest);
    }
  }

  /**
   * The walk could not go on: a close event named no new run, the run it named was not found, or the
   * chain was longer than {@link #MAX_RUNS}.
   *
   * @param lastRunId the last run the walk reached
   * @param why what went wrong, as a sentence part, with every id quoted
   * @param cause the failure that stopped it, or null
   */
  record Broken(String lastRunId, String why, Throwable cause) implements End {}

  private final SwfCalls calls;
  private final String domain;
  private final String workflowId;
  private final ErrorContext context;
  private final Operation operation;

  /**
   * A chain to walk.
   *
   * @param calls the SWF calls the history reads go through (counted ones count them)
   * @param domain the domain
   * @param workflowId the chain's workflowId
   * @param context the context of failures
   * @param operation the operation failures are mapped for
   */
  SwfChain(SwfCalls calls, String domain, String workflowId, ErrorContext context, Operation operation) {
    this.calls = calls;
    this.domain = domain;
    this.workflowId = workflowId;
    this.context = context;
    this.operation = operation;
  }

  /**
   * Walks on from a run that continued as new to the chain's newest run.
   *
   * @param continuedRunId a run of the chain that continued as new
   * @param close its close event
   * @param hops how many runs the walk has already followed to reach {@code continuedRunId}
   * @return where the walk ended; or a history read's failure, mapped
   */
  CompletableFuture<End> from(String continuedRunId, HistoryEvent close, int hops) {
    CompletableFuture<End> end = new CompletableFuture<>();
    step(continuedRunId, close, hops, end);
    return end;
  }

  /** A walk that fails on anything unforeseen, rather than leaving its future open. */
  private void step(String continuedRunId, HistoryEvent close, int hops, CompletableFuture<End> end) {
    try {
      walk(continuedRunId, close, hops, end);
    } catch (RuntimeException e) {
      end.completeExceptionally(e);
    }
  }

  /**
   * One step after another: a loop while the history reads answer at once (the blocking client's
   * futures are complete when returned, and a chain may be a thousand runs long, too deep to recurse),
   * and a callback for a read still in flight.
   */
  private void walk(String continuedRunId, HistoryEvent close, int hops, CompletableFuture<End> end) {
    String runId = continuedRunId;
    HistoryEvent event = close;
    int hop = hops;
    while (true) {
      String next = event.workflowExecutionContinuedAsNewEventAttributes() == null ? null
          : event.workflowExecutionContinuedAsNewEventAttributes().newExecutionRunId();
      if (next == null || next.isEmpty()) {
        end.complete(new Broken(runId, "run " + UserText.quote(runId)
            + " continued as new, but its newest history event names no new run", null));
        return;
      }
      if (hop >= MAX_RUNS) {
        end.complete(new Broken(next, "the run continued as new more than " + MAX_RUNS
            + " times (the last run read is " + UserText.quote(next) + ")", null));
        return;
      }
      CompletableFuture<HistoryEvent> read = newestEvent(next);
      if (!read.isDone()) {
        String from = runId;
        int reached = hop + 1;
        read.whenComplete((newest, failure) -> {
          if (failure != null) {
            failed(from, next, failure, end);
          } else if (closeStatusOf(newest) == CloseStatus.CONTINUED_AS_NEW) {
            step(next, newest, reached, end);
          } else {
            end.complete(new Newest(next, newest, reached));
          }
        });
        return;
      }
      HistoryEvent newest;
      try {
        newest = read.join();
      } catch (RuntimeException failure) {
        failed(runId, next, failure, end);
        return;
      }
      hop++;
      if (closeStatusOf(newest) != CloseStatus.CONTINUED_AS_NEW) {
        end.complete(new Newest(next, newest, hop));
        return;
      }
      runId = next;
      event = newest;
    }
  }

  /** A history read failed: the run named by the chain not being found breaks the chain; other failures fail the walk. */
  private static void failed(String continuedRunId, String next, Throwable failure, CompletableFuture<End> end) {
    Throwable mapped = AsyncSupport.unwrap(failure);
    if (mapped instanceof RunNotFoundException) {
      // The chain's own history names the run, so "not found" says nothing about the run asked for.
      end.complete(new Broken(next, "run " + UserText.quote(continuedRunId) + " continued as new as run "
          + UserText.quote(next) + ", which was not found", mapped));
    } else {
      end.completeExceptionally(mapped);
    }
  }

  /**
   * Walks on from a run known to have continued as new, reading its close event first.
   *
   * @param continuedRunId a run of the chain that continued as new
   * @param hops how many runs the walk has already followed to reach it
   * @return where the walk ended; or a history read's failure, mapped
   */
  CompletableFuture<End> fromContinued(String continuedRunId, int hops) {
    return newestEvent(continuedRunId).thenCompose(close -> from(continuedRunId, close, hops));
  }

  /**
   * The newest event of a run of the chain's workflowId: its close event once it has closed; an empty
   * event when the history has none.
   *
   * @param runId the run
   * @return the event; or the read's failure, mapped
   */
  CompletableFuture<HistoryEvent> newestEvent(String runId) {
    GetWorkflowExecutionHistoryRequest request = GetWorkflowExecutionHistoryRequest.builder()
        .domain(domain).execution(e -> e.workflowId(workflowId).runId(runId))
        .reverseOrder(true).maximumPageSize(1).build();
    return AsyncSupport.mapFailure(AsyncSupport.defer(() -> calls.history(request)),
        e -> SwfErrors.map(e, context, operation))
        .thenApply(history -> history.hasEvents() && !history.events().isEmpty()
            ? history.events().get(0) : HistoryEvent.builder().build());
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
