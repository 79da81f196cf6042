package io.wflaunch.swf.internal;

import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunStatus;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.spi.support.Listings;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.support.UserText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.ExecutionTimeFilter;
import software.amazon.awssdk.services.swf.model.GetWorkflowExecutionHistoryRequest;
import software.amazon.awssdk.services.swf.model.ListClosedWorkflowExecutionsRequest;
import software.amazon.awssdk.services.swf.model.ListOpenWorkflowExecutionsRequest;
import software.amazon.awssdk.services.swf.model.RegistrationStatus;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionFilter;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;
import software.amazon.awssdk.services.swf.model.WorkflowTypeFilter;

/**
 * How the SWF backend reads executions: DescribeWorkflowExecution for one run (following
 * CONTINUED_AS_NEW along its chain by run ids, and reading the close event where it decides the state or
 * gives the reason), the open and closed listings of a domain for the batched read, and of a type for
 * listRuns (which lists each run of a chain as itself, following none).
 */
public final class SwfReads {

  private static final Logger log = LoggerFactory.getLogger(SwfReads.class);
  /** Open executions can run for at most a year. */
  private static final Duration OPEN_LOOK_BACK = Duration.ofDays(366);
  private static final int MAX_PAGE = 1000;
  private static final int MAX_LOOKUP_PAGES = 10;

  private final String backendId;
  private final Clock clock;
  private final boolean followContinuedAsNew;
  private final Duration listWindow;

  public SwfReads(String backendId, Clock clock, boolean followContinuedAsNew, Duration listWindow) {
    this.backendId = backendId;
    this.clock = clock;
    this.followContinuedAsNew = followContinuedAsNew;
    this.listWindow = listWindow;
  }


  /** Lists one registered domain, as a check that the endpoint and credentials work. */
  public void probe(SwfClient client) {
    try {
      client.listDomains(request -> request.registrationStatus(RegistrationStatus.REGISTERED).maximumPageSize(1));
    } catch (RuntimeException e) {
      throw SwfErrors.map(e, ErrorContext.of(backendId), Operation.LIST_RUNS);
    }
  }

  /** The run's status: DescribeWorkflowExecution, following CONTINUED_AS_NEW, with its close event where it matters. */
  public CompletableFuture<RunStatus> getRun(SwfCalls calls, RunHandle handle) {
    return describe(calls, handle, handle.part(2))
        .thenCompose(detail -> {
          WorkflowExecutionInfo info = detail.executionInfo();
          if (followContinuedAsNew && info.closeStatus() == CloseStatus.CONTINUED_AS_NEW) {
            return follow(calls, handle, info);
          }
          return withCloseEvent(calls, handle, info, SwfStatuses.fromDetail(handle, detail), true)
              .thenApply(RunStatus.Builder::build);
        });
  }

  /**
   * Completes a status with what only the execution's close event holds (one
   * GetWorkflowExecutionHistory call, newest event first). For a TERMINATED execution the event says who
   * terminated it, which decides its state (SWF itself: FAILED; an operator or a parent's child policy:
   * CANCELLED), so it must be read: a failure to read it fails the call. For FAILED, CANCELED and
   * TIMED_OUT it only adds the reason, read when {@code reasons} is set, best effort.
   */
  private CompletableFuture<RunStatus.Builder> withCloseEvent(SwfCalls calls, RunHandle asked,
      WorkflowExecutionInfo info, RunStatus.Builder status, boolean reasons) {
    boolean terminated = info.closeStatus() == CloseStatus.TERMINATED;
    if (!terminated && !(reasons && SwfStatuses.closedWithReason(info))) {
      return CompletableFuture.completedFuture(status);
    }
    GetWorkflowExecutionHistoryRequest request = GetWorkflowExecutionHistoryRequest.builder()
        .domain(asked.part(0)).execution(info.execution()).reverseOrder(true).maximumPageSize(1).build();
    return AsyncSupport.defer(() -> calls.history(request)).handle((history, error) -> {
      if (error != null) {
        if (terminated) {
          throw SwfErrors.map(error, ErrorContext.of(asked), Operation.GET_RUN);
        }
        log.debug("Reading the close event of {} failed; its status has no reason", asked, error);
      } else if (history != null && history.hasEvents() && !history.events().isEmpty()) {
        SwfStatuses.withCloseEvent(status, history.events().get(0));
      }
      return status;
    });
  }

  private CompletableFuture<DescribeWorkflowExecutionResponse> describe(SwfCalls calls, RunHandle asked, String runId) {
    DescribeWorkflowExecutionRequest request = DescribeWorkflowExecutionRequest.builder()
        .domain(asked.part(0))
        .execution(execution -> execution.workflowId(asked.part(1)).runId(runId))
        .build();
    return AsyncSupport.mapFailure(calls.describe(request), e -> SwfErrors.map(e, ErrorContext.of(asked), Operation.GET_RUN));
  }

  /**
   * The status of the newest run of the chain that the asked run began when it continued as new. The
   * chain is walked by run ids, through each run's close event ({@link SwfChain}), never by listing the
   * workflowId's executions: a later execution that reuses the workflowId after the chain ended is no
   * part of it. The newest run is then described; its close event, which the walk has read, gives the
   * reason.
   */
  private CompletableFuture<RunStatus> follow(SwfCalls calls, RunHandle asked, WorkflowExecutionInfo continued) {
    SwfChain chain = new SwfChain(calls, asked.part(0), asked.part(1), ErrorContext.of(asked), Operation.GET_RUN);
    return chain.fromContinued(asked.part(2), 0).thenCompose(end -> newestStatus(calls, chain, asked, continued, end));
  }

  private CompletableFuture<RunStatus> newestStatus(SwfCalls calls, SwfChain chain, RunHandle asked,
      WorkflowExecutionInfo continued, SwfChain.End end) {
    if (end instanceof SwfChain.Broken broken) {
      return CompletableFuture.completedFuture(unfollowed(asked, continued, broken.why()));
    }
    SwfChain.Newest newest = (SwfChain.Newest) end;
    return describe(calls, asked, newest.runId()).handle((detail, failure) -> {
      if (failure != null) {
        if (AsyncSupport.unwrap(failure) instanceof RunNotFoundException) {
          return CompletableFuture.completedFuture(unfollowed(asked, continued, "run " + UserText.quote(asked.part(2))
              + " continued as new; the newest run of its chain, " + UserText.quote(newest.runId()) + ", was not found"));
        }
        return CompletableFuture.<RunStatus>failedFuture(AsyncSupport.unwrap(failure));
      }
      WorkflowExecutionInfo info = detail.executionInfo();
      if (info.closeStatus() == CloseStatus.CONTINUED_AS_NEW) {
        // It continued as new after the walk read its history: walk on from it.
        return chain.fromContinued(newest.runId(), newest.hops())
            .thenCompose(next -> newestStatus(calls, chain, asked, continued, next));
      }
      RunStatus.Builder status = SwfStatuses.fromDetail(asked, detail)
          .reason("continued as new from run " + asked.part(2) + " as run " + newest.runId())
          .detail("runId", asked.part(2))
          .detail("latestRunId", newest.runId());
      if (info.closeStatus() != null && info.closeStatus() == newest.closeStatus()) {
        // The walk read this close event already.
        return CompletableFuture.completedFuture(SwfStatuses.withCloseEvent(status, newest.newest()).build());
      }
      return withCloseEvent(calls, asked, info, status, true).thenApply(RunStatus.Builder::build);
    }).thenCompose(java.util.function.Function.identity());
  }

  /** A run that continued as new, whose chain could not be followed: not terminal, so a wait reads it again. */
  private static RunStatus unfollowed(RunHandle asked, WorkflowExecutionInfo continued, String why) {
    return RunStatus.builder(asked, RunState.UNKNOWN, "CONTINUED_AS_NEW")
        .startedAt(continued.startTimestamp())
        .reason(why)
        .detail("runId", continued.execution().runId())
        .backendDetail(continued)
        .build();
  }

  /** One run as {@link #getRun} reads it, with the requests that took (a close event is a second one). */
  public CompletableFuture<BatchRead> readRun(SwfCalls calls, RunHandle handle) {
    AtomicInteger requests = new AtomicInteger();
    return BatchRead.ofOne(handle, getRun(calls.counted(requests), handle), requests);
  }

  /**
   * The batched read (the tracker's, and getRuns' before its single reads): per domain,
   * ListOpenWorkflowExecutions from the oldest start asked for (or the longest an execution can be
   * open, when a start is not known) until every run asked for is seen, then
   * ListClosedWorkflowExecutions over the same window for those not open. Executions that completed are
   * taken from the listing; the other closed ones are left to single reads, which read their close
   * event for the reason (and follow continue-as-new).
   */
  public CompletableFuture<BatchRead> readRuns(SwfCalls calls, List<RunHandle> handles, Optional<Instant> oldestStart) {
    return Listings.perGroup(handles, handle -> handle.part(0), (domain, wanted, requests) -> {
      SwfCalls counted = calls.counted(requests);
      ErrorContext context = ErrorContext.of(wanted.get(0));
      ExecutionTimeFilter window = oldestStart
          .map(oldest -> ExecutionTimeFilter.builder().oldestDate(oldest.minusSeconds(1)).build())
          .orElseGet(() -> since(OPEN_LOOK_BACK));
      Set<String> ids = new HashSet<>();
      wanted.forEach(handle -> ids.add(executionKey(handle)));
      CompletableFuture<Map<RunHandle, RunStatus>> read = counted.open(ListOpenWorkflowExecutionsRequest.builder()
              .domain(domain).startTimeFilter(window).maximumPageSize(MAX_PAGE).build(), MAX_LOOKUP_PAGES,
              infos -> Listings.seenAll(infos, SwfReads::executionKey, ids))
          .thenCompose(open -> {
            Map<RunHandle, RunStatus> seen = new HashMap<>(Listings.pick(wanted, open, SwfReads::executionKey,
                SwfReads::executionKey, (handle, info) -> SwfStatuses.fromInfo(handle, info).build()));
            List<RunHandle> notOpen = wanted.stream().filter(handle -> !seen.containsKey(handle)).toList();
            if (notOpen.isEmpty()) {
              return CompletableFuture.completedFuture(seen);
            }
            Set<String> closedIds = new HashSet<>();
            notOpen.forEach(handle -> closedIds.add(executionKey(handle)));
            return counted.closed(ListClosedWorkflowExecutionsRequest.builder()
                    .domain(domain).startTimeFilter(window).maximumPageSize(MAX_PAGE).build(), MAX_LOOKUP_PAGES,
                    infos -> Listings.seenAll(infos, SwfReads::executionKey, closedIds))
                .thenApply(closed -> {
                  seen.putAll(Listings.pick(notOpen,
                      closed.stream().filter(info -> info.closeStatus() == CloseStatus.COMPLETED).toList(),
                      SwfReads::executionKey, SwfReads::executionKey,
                      (handle, info) -> SwfStatuses.fromInfo(handle, info).build()));
                  return seen;
                });
          });
      return AsyncSupport.mapFailure(read, e -> SwfErrors.map(e, context, Operation.GET_RUNS));
    });
  }

  private static String executionKey(RunHandle handle) {
    return handle.part(1) + "/" + handle.part(2);
  }

  private static String executionKey(WorkflowExecutionInfo info) {
    return info.execution().workflowId() + "/" + info.execution().runId();
  }

  /** The newest executions of the target's type, open and closed within the list window. */
  public CompletableFuture<List<RunStatus>> listRuns(SwfCalls calls, WorkflowTarget target, int limit) {
    String domain = target.part(0);
    WorkflowTypeFilter type = WorkflowTypeFilter.builder().name(target.part(1)).version(target.part(2)).build();
    Predicate<WorkflowExecutionInfo> ofType = info -> info.workflowType() != null
        && target.part(1).equals(info.workflowType().name()) && target.part(2).equals(info.workflowType().version());
    Predicate<List<WorkflowExecutionInfo>> enough = infos -> infos.stream().filter(ofType).count() >= limit;
    ErrorContext context = ErrorContext.of(target);
    int pageSize = Math.min(MAX_PAGE, limit);
    CompletableFuture<List<WorkflowExecutionInfo>> open = calls.open(ListOpenWorkflowExecutionsRequest.builder()
        .domain(domain).startTimeFilter(since(listWindow)).typeFilter(type).maximumPageSize(pageSize).build(),
        Integer.MAX_VALUE, enough);
    CompletableFuture<List<WorkflowExecutionInfo>> closed = calls.closed(ListClosedWorkflowExecutionsRequest.builder()
        .domain(domain).startTimeFilter(since(listWindow)).typeFilter(type).maximumPageSize(pageSize).build(),
        Integer.MAX_VALUE, enough);
    CompletableFuture<List<WorkflowExecutionInfo>> newest = open.thenCombine(closed, (openInfos, closedInfos) -> {
      List<WorkflowExecutionInfo> all = new ArrayList<>(openInfos);
      all.addAll(closedInfos);
      return all.stream()
          .filter(ofType)
          .sorted(Comparator.comparing(SwfReads::startedAt).reversed())
          .limit(limit)
          .toList();
    });
    return AsyncSupport.mapFailure(newest, e -> SwfErrors.map(e, context, Operation.LIST_RUNS))
        .thenCompose(infos -> {
          List<CompletableFuture<RunStatus>> statuses = infos.stream().map(info -> {
            RunHandle handle = handleOf(domain, info);
            return withCloseEvent(calls, handle, info, SwfStatuses.fromInfo(handle, info), false)
                .thenApply(RunStatus.Builder::build);
          }).toList();
          return CompletableFuture.allOf(statuses.toArray(CompletableFuture[]::new))
              .thenApply(all -> statuses.stream().map(CompletableFuture::join).toList());
        });
  }

  private ExecutionTimeFilter since(Duration lookBack) {
    return ExecutionTimeFilter.builder().oldestDate(clock.instant().minus(lookBack)).build();
  }

  private RunHandle handleOf(String domain, WorkflowExecutionInfo info) {
    return RunHandle.of(backendId, domain, info.execution().workflowId(), info.execution().runId());
  }

  static Instant startedAt(WorkflowExecutionInfo info) {
    return info.startTimestamp() == null ? Instant.MIN : info.startTimestamp();
  }

}
