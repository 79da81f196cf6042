package io.wflaunch.glue.internal;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.glue.model.Crawl;
import software.amazon.awssdk.services.glue.model.CrawlState;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.Node;
import software.amazon.awssdk.services.glue.model.WorkflowRun;
import software.amazon.awssdk.services.glue.model.WorkflowRunStatistics;
import software.amazon.awssdk.services.glue.model.WorkflowRunStatus;

/** Glue's workflow run statuses in terms of {@link RunState}. */
public final class GlueStatuses {

  private GlueStatuses() {}

  /**
   * The state for a status, before the statistics are looked at: COMPLETED means only that the run
   * finished, see {@link #toStatus}.
   */
  public static RunState stateOf(WorkflowRunStatus status) {
    if (status == null) {
      return RunState.UNKNOWN;
    }
    switch (status) {
      case RUNNING:
        return RunState.RUNNING;
      case STOPPING:
        return RunState.STOPPING;
      case STOPPED:
        return RunState.CANCELLED;
      case ERROR:
        return RunState.FAILED;
      case COMPLETED:
        return RunState.SUCCEEDED;
      case UNKNOWN_TO_SDK_VERSION:
      default:
        return RunState.UNKNOWN;
    }
  }

  /**
   * A run's status. COMPLETED means only that the run finished: with failed, errored or timed-out
   * actions it is FAILED, else with stopped actions CANCELLED, each with the counts as its reason.
   * Run properties are masked details: they may hold secrets.
   */
  public static RunStatus toStatus(RunHandle handle, WorkflowRun run) {
    RunState state = stateOf(run.status());
    WorkflowRunStatistics stats = run.statistics();
    RunStatus.Builder status = RunStatus.builder(handle, state, run.statusAsString() == null ? "" : run.statusAsString())
        .startedAt(run.startedOn())
        .endedAt(run.completedOn())
        .reason(run.errorMessage());
    if (state == RunState.SUCCEEDED && stats != null) {
      int failed = count(stats.failedActions());
      int errored = count(stats.erroredActions());
      int timedOut = count(stats.timeoutActions());
      int stopped = count(stats.stoppedActions());
      if (failed + errored + timedOut > 0) {
        status.state(RunState.FAILED).reason("the run completed with " + failed + " failed, " + errored
            + " errored and " + timedOut + " timed-out actions of " + count(stats.totalActions())
            + (stopped > 0 ? " (" + stopped + " stopped)" : ""));
      } else if (stopped > 0) {
        status.state(RunState.CANCELLED).reason("the run completed with " + stopped + " stopped actions of "
            + count(stats.totalActions()) + " (" + count(stats.succeededActions()) + " succeeded)");
      }
    }
    if (stats != null) {
      status.detail("totalActions", stats.totalActions())
          .detail("succeededActions", stats.succeededActions())
          .detail("failedActions", stats.failedActions())
          .detail("erroredActions", stats.erroredActions())
          .detail("timeoutActions", stats.timeoutActions())
          .detail("stoppedActions", stats.stoppedActions())
          .detail("runningActions", stats.runningActions())
          .detail("waitingActions", stats.waitingActions());
    }
    status.detail("errorMessage", run.errorMessage())
        .detail("previousRunId", run.previousRunId())
        .detail("startedOn", run.startedOn())
        .detail("completedOn", run.completedOn());
    if (run.hasWorkflowRunProperties()) {
      for (Map.Entry<String, String> property : run.workflowRunProperties().entrySet()) {
        status.maskedDetail("runProperties." + property.getKey(), property.getValue());
      }
    }
    return status.backendDetail(run).build();
  }

  /**
   * The ids of the graph's job and crawler nodes whose latest run failed, errored, timed out, was
   * stopped or expired (crawls: FAILED, CANCELLED or ERROR), in the graph's order: what ResumeWorkflowRun restarts. Empty
   * without a graph (GetWorkflowRun without IncludeGraph).
   */
  public static List<String> failedNodes(WorkflowRun run) {
    if (run.graph() == null || !run.graph().hasNodes()) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    for (Node node : run.graph().nodes()) {
      if (node.jobDetails() != null && node.jobDetails().hasJobRuns() && !node.jobDetails().jobRuns().isEmpty()) {
        // The node's latest job run (the API does not promise an order): by attempt, then start.
        JobRun last = latest(node.jobDetails().jobRuns(), Comparator.comparing((JobRun r) -> count(r.attempt()))
            .thenComparing(JobRun::startedOn, Comparator.nullsFirst(Comparator.naturalOrder())));
        RunState state = GlueJobStatuses.stateOf(last.jobRunState());
        if (state == RunState.FAILED || state == RunState.TIMED_OUT || state == RunState.CANCELLED
            || state == RunState.SKIPPED) {
          ids.add(node.uniqueId());
        }
      } else if (node.crawlerDetails() != null && node.crawlerDetails().hasCrawls()
          && !node.crawlerDetails().crawls().isEmpty()) {
        CrawlState state = latest(node.crawlerDetails().crawls(),
            Comparator.comparing(Crawl::startedOn, Comparator.nullsFirst(Comparator.naturalOrder()))).state();
        if (state == CrawlState.FAILED || state == CrawlState.CANCELLED || state == CrawlState.ERROR) {
          ids.add(node.uniqueId());
        }
      }
    }
    return ids;
  }

  /** The greatest item by {@code order}; of equal ones, the later in the list. */
  private static <T> T latest(List<T> items, Comparator<T> order) {
    T latest = items.get(0);
    for (T item : items) {
      if (order.compare(item, latest) >= 0) {
        latest = item;
      }
    }
    return latest;
  }

  private static int count(Integer value) {
    return value == null ? 0 : value;
  }
}
