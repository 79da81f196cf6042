package io.wflaunch.glue.internal;

import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.support.Listings;
import io.wflaunch.spi.support.UserText;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.WorkflowRun;

/**
 * The reads that Glue workflow runs and job runs share, written once over a {@link GlueRunListing}:
 * batched reads, listings, the look-up of a re-run by its {@code PreviousRunId}, and the start
 * protocol's look-up of a run by the key it carries (a run property, a job argument).
 *
 * @param <R> the SDK's run type
 */
public final class GlueRunReads<R> {

  /** Workflow runs: the key and request hash travel as run properties. */
  public static final GlueRunReads<WorkflowRun> WORKFLOW_RUNS = new GlueRunReads<>(WorkflowRun::workflowRunId,
      WorkflowRun::startedOn, WorkflowRun::previousRunId,
      run -> run.hasWorkflowRunProperties() ? run.workflowRunProperties() : Map.of(), GlueStatuses::toStatus);

  /** Job runs: the key and request hash travel as job arguments. */
  public static final GlueRunReads<JobRun> JOB_RUNS = new GlueRunReads<>(JobRun::id, JobRun::startedOn,
      JobRun::previousRunId, run -> run.hasArguments() ? run.arguments() : Map.of(), GlueJobStatuses::toStatus);

  /** The most pages a listing of one workflow's or job's runs reads. */
  private static final int MAX_LIST_PAGES = 1000;

  private final Function<R, String> idOf;
  private final Function<R, Instant> startOf;
  private final Function<R, String> previousRunIdOf;
  private final Function<R, Map<String, String>> carriedOf;
  private final BiFunction<RunHandle, R, RunStatus> toStatus;

  private GlueRunReads(Function<R, String> idOf, Function<R, Instant> startOf, Function<R, String> previousRunIdOf,
      Function<R, Map<String, String>> carriedOf, BiFunction<RunHandle, R, RunStatus> toStatus) {
    this.idOf = idOf;
    this.startOf = startOf;
    this.previousRunIdOf = previousRunIdOf;
    this.carriedOf = carriedOf;
    this.toStatus = toStatus;
  }

  /** The run's start, or {@link Instant#MIN} for a run not started yet, so that it sorts oldest. */
  public Instant startedOn(R run) {
    Instant start = startOf.apply(run);
    return start == null ? Instant.MIN : start;
  }

  /**
   * One listing per workflow or job, newest first, until every run asked for is seen, the listing
   * passes the oldest start asked for, or {@code scanPageLimit} pages were read.
   */
  public CompletableFuture<BatchRead> read(GlueRunListing<R> calls, String backendId, List<RunHandle> handles,
      Optional<Instant> oldestStart, int pageSize, int scanPageLimit) {
    return Listings.perGroup(handles, handle -> handle.part(0), (name, wanted, requests) -> {
      Set<String> ids = new HashSet<>();
      wanted.forEach(handle -> ids.add(handle.part(1)));
      ErrorContext context = ErrorContext.of(WorkflowTarget.of(backendId, name));
      return AsyncSupport.mapFailure(calls.runs(name, pageSize, scanPageLimit,
              runs -> Listings.seenAll(runs, idOf, ids)
                  || oldestStart.map(oldest -> Listings.passedNewestFirst(runs, startOf,
                      oldest.minusSeconds(1))).orElse(false), requests),
              e -> GlueErrors.map(e, context, Operation.GET_RUNS))
          .thenApply(runs -> Listings.pick(wanted, runs, idOf, h -> h.part(1), toStatus::apply));
    });
  }

  /** The newest {@code limit} runs of the target's workflow or job, newest first. */
  public CompletableFuture<List<RunStatus>> list(GlueRunListing<R> calls, String backendId, WorkflowTarget target,
      int pageSize, int limit) {
    return AsyncSupport.mapFailure(calls.runs(target.part(0), pageSize, MAX_LIST_PAGES,
            runs -> runs.size() >= limit), e -> GlueErrors.map(e, ErrorContext.of(target), Operation.LIST_RUNS))
        .thenApply(runs -> runs.stream()
            .sorted(Comparator.comparing(this::startedOn).reversed())
            .limit(limit)
            .map(run -> toStatus.apply(RunHandle.of(backendId, target.part(0), idOf.apply(run)), run))
            .toList());
  }

  /**
   * The newest run started since {@code cutoff} whose {@code PreviousRunId} is the handle's run, read
   * as a retry's look-up (each page sent once within {@code limits}).
   */
  public CompletableFuture<Optional<RunHandle>> reRunOf(GlueRunListing<R> calls, String backendId, RunHandle handle,
      Instant cutoff, int pageSize, int scanPageLimit, SendLimits limits) {
    return calls.runsOnce(handle.part(0), pageSize, scanPageLimit,
            runs -> Listings.passedNewestFirst(runs, startOf, cutoff), limits)
        .thenApply(runs -> runs.stream()
            .filter(run -> handle.part(1).equals(previousRunIdOf.apply(run)))
            .max(Comparator.comparing(this::startedOn))
            .map(run -> RunHandle.of(backendId, handle.part(0), idOf.apply(run))));
  }

  /**
   * The start protocol's look-up: the newest run among the target's recent runs (at most
   * {@code scanPageLimit} pages, runs started since {@code cutoff}) that carries {@code key} under
   * {@code keyName}, checked to be the same request as the one sent: a run carrying another request's
   * hash under {@code hashName} is a {@link ConflictException} naming the run, never the values (a run
   * started without a hash, by an earlier version, is taken as the key's). The listing comes newest
   * first, so the look-up stops at the first page that reaches past the window: its cost follows the
   * runs within the window, not the whole history.
   *
   * @param sentHash the request hash the start carries, or null for a start with a generated key
   */
  public CompletableFuture<Optional<RunHandle>> findByKey(GlueRunListing<R> calls, String backendId,
      WorkflowTarget target, String keyName, String key, String hashName, String sentHash, Instant cutoff,
      int pageSize, int scanPageLimit, SendLimits limits) {
    return AsyncSupport.mapFailure(calls.runsOnce(target.part(0), pageSize, scanPageLimit,
            runs -> Listings.passedNewestFirst(runs, startOf, cutoff)
                || runs.stream().anyMatch(run -> carriesKey(run, keyName, key, cutoff)), limits),
            e -> GlueErrors.map(e, ErrorContext.of(target), Operation.LOOK_UP))
        .thenApply(runs -> runs.stream()
            .filter(run -> carriesKey(run, keyName, key, cutoff))
            .max(Comparator.comparing(this::startedOn))
            .map(run -> {
              RunHandle handle = RunHandle.of(backendId, target.part(0), idOf.apply(run));
              String shown = carriedOf.apply(run).get(hashName);
              if (sentHash != null && shown != null && !sentHash.equals(shown)) {
                throw new ConflictException(ErrorContext.of(target).withHandle(handle), "idempotency key "
                    + UserText.quote(key) + " already started run " + handle + " for another request (other "
                    + "parameters or options): a key names one request; use another key for this one", null);
              }
              return handle;
            }));
  }

  private boolean carriesKey(R run, String keyName, String key, Instant cutoff) {
    Instant start = startOf.apply(run);
    return key.equals(carriedOf.apply(run).get(keyName)) && (start == null || !start.isBefore(cutoff));
  }
}
