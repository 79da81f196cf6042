package io.wflaunch.codecatalyst.internal;

import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.support.UserText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowSummary;

/**
 * A target's workflow id: the target's third part when it is a UUID, else its name resolved with
 * ListWorkflows. Each project's list is kept for the time to live; a name the kept list lacks is looked
 * for in a fresh list before it is called missing, as the workflow may have been created since.
 */
public final class CodeCatalystWorkflows {

  private static final int MAX_PAGES = 100;

  /** The workflows of one project as ListWorkflows answered, and when. */
  private record Listed(Instant fetchedAt, List<WorkflowSummary> summaries) {}

  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Listed> byProject = new ConcurrentHashMap<>();

  /**
   * Creates the resolver.
   *
   * @param clock tells when a kept list expires
   * @param ttl how long a project's list is kept; zero lists every time
   */
  public CodeCatalystWorkflows(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  /**
   * The id of the workflow {@code target} names.
   *
   * @return the id; or a {@link WorkflowNotFoundException} when no workflow has the name, an
   *     {@link InvalidRequestException} when several do, or the listing's failure mapped
   */
  public CompletableFuture<String> resolve(CodeCatalystCalls calls, WorkflowTarget target) {
    String workflow = target.part(2);
    if (CodeCatalystRules.isUuid(workflow)) {
      return CompletableFuture.completedFuture(workflow);
    }
    Listed kept = byProject.get(projectKey(target));
    boolean fresh = kept != null && clock.instant().isBefore(kept.fetchedAt().plus(ttl));
    CompletableFuture<List<WorkflowSummary>> listed = fresh && kept.summaries().stream()
        .anyMatch(w -> workflow.equals(w.name())) ? CompletableFuture.completedFuture(kept.summaries())
        : list(calls, target);
    return listed.thenApply(summaries -> only(target, summaries.stream().filter(w -> workflow.equals(w.name())).toList()));
  }

  /** Drops the list of {@code target}'s project, after a start found its workflow gone. */
  public void forget(WorkflowTarget target) {
    byProject.remove(projectKey(target));
  }

  private static String only(WorkflowTarget target, List<WorkflowSummary> named) {
    ErrorContext context = ErrorContext.of(target);
    String workflow = target.part(2);
    if (named.isEmpty()) {
      throw new WorkflowNotFoundException(context, "no workflow named " + UserText.quote(workflow) + " in project "
          + target.part(1) + " of space " + target.part(0), null);
    }
    if (named.size() > 1) {
      throw new InvalidRequestException(context, "workflow", "names " + named.size()
          + " workflows called " + UserText.quote(workflow) + ": " + named.stream()
              .map(w -> w.id() + " (" + w.sourceRepositoryName() + ", " + w.sourceBranchName() + ")")
              .collect(Collectors.joining(", "))
          + "; give the workflow id instead");
    }
    return named.get(0).id();
  }

  /** The project's workflows from ListWorkflows, then kept. */
  private CompletableFuture<List<WorkflowSummary>> list(CodeCatalystCalls calls, WorkflowTarget target) {
    Instant now = clock.instant();
    CompletableFuture<List<WorkflowSummary>> listed = calls.workflowPages(target.part(0), target.part(1), MAX_PAGES);
    return CodeCatalystErrors.mapFailure(listed, ErrorContext.of(target), Operation.LOOK_UP)
        .thenApply(summaries -> {
          byProject.put(projectKey(target), new Listed(now, List.copyOf(summaries)));
          return summaries;
        });
  }

  private static String projectKey(WorkflowTarget target) {
    return target.part(0) + "/" + target.part(1);
  }
}
