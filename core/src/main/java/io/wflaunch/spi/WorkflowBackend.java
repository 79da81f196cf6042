package io.wflaunch.spi;

import io.wflaunch.spi.support.AsyncSupport;

import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.WorkflowTarget;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One backend behind a {@link io.wflaunch.WorkflowLauncher}: the contract every adapter implements.
 *
 * <p>The launcher routes each call by the backend id of the target or handle, and before starting
 * (over {@link #startPrimitives}) or calling {@link #getRun}, {@link #stop} or {@link #listRuns} it has already passed the target
 * or handle through {@link #parseTarget} or {@link #parseHandle}, and the request through
 * {@link #validate}; a backend need not check them again. Every failure is reported as a
 * {@link WorkflowLaunchException} subtype whose context names this backend's id and the target or
 * handle.
 *
 * <p>The async methods have defaults that run the blocking call on the executor the launcher passes
 * in; adapters with a non-blocking client override them so that no thread waits on I/O.
 *
 * <p>Implementations must be safe for use by several threads at once.
 */
public interface WorkflowBackend extends AutoCloseable {

  /**
   * This backend's id, the prefix of its targets and handles, such as {@code memory}. Several backends
   * of one kind can live in one launcher under different ids (say {@code memory-eu} and
   * {@code memory-us}).
   *
   * @return the id
   */
  String id();

  /**
   * This backend's type, as its provider names it ({@link BackendProvider#type()}): how the launcher
   * finds what the type's provider knows, such as the format of its run events. The default is the id,
   * which is the type for a backend under its default id; adapters return their type whatever the id.
   *
   * @return the type
   */
  default String type() {
    return id();
  }

  /**
   * The names of this backend's target and handle parts.
   *
   * @return the scheme
   */
  IdentifierScheme scheme();

  /**
   * Checks a target's parts for this backend. The default checks the number of parts against
   * {@link #scheme()}; adapters add their own rules (lengths, characters, id formats).
   *
   * @param target a target whose backend id is this backend's
   * @return the target to use, normally the same one
   * @throws InvalidRequestException if a part breaks a rule; the error names the part
   */
  default WorkflowTarget parseTarget(WorkflowTarget target) {
    scheme().checkParts("target", id(), target.parts());
    return target;
  }

  /**
   * Checks a handle's parts for this backend. The default checks the number of parts against
   * {@link #scheme()}; adapters add their own rules.
   *
   * @param handle a handle whose backend id is this backend's
   * @return the handle to use, normally the same one
   * @throws InvalidRequestException if a part breaks a rule; the error names the part
   */
  default RunHandle parseHandle(RunHandle handle) {
    scheme().checkParts("handle", id(), handle.parts());
    return handle;
  }

  /**
   * Checks a start request against this backend's rules without sending anything: parameter names
   * and values, input, idempotency key, options. The default accepts everything.
   *
   * @param request a request whose target has passed {@link #parseTarget}
   * @throws InvalidRequestException naming the first offending field and its rule
   */
  default void validate(StartRunRequest request) {}

  /**
   * The pieces of the launcher's start protocol for this backend, for one start whose requests must
   * carry {@code limits}' request timeout and whose paged look-ups stop at its deadline
   * ({@link SendLimits}): over its blocking client or, with {@code nonBlocking}, its non-blocking one.
   * Starting is this and nothing else: the launcher runs its one start protocol over these pieces (with
   * its {@link io.wflaunch.StartPolicy}, clock and scheduler); when only the non-blocking ones are
   * missing, it runs the blocking protocol on its executor for async starts; a backend with neither
   * cannot start runs.
   *
   * @param nonBlocking whether the pieces must not block
   * @param limits the start's request timeout and deadline
   * @return the primitives, if this backend has them
   */
  default Optional<StartPrimitives<?>> startPrimitives(boolean nonBlocking, SendLimits limits) {
    return Optional.empty();
  }

  /**
   * Reads a run's current status.
   *
   * @param handle a checked handle
   * @return the status
   * @throws RunNotFoundException if the run does not exist
   * @throws WorkflowLaunchException for any other failure
   */
  RunStatus getRun(RunHandle handle);

  /**
   * Reads the status of several runs: what {@link #readRunsAsync} shows of them (one listing per
   * workflow), then {@link #getRun} for each of the others; a single run is read with {@link #getRun}.
   * A listing that was throttled or unavailable fails the whole read.
   *
   * @param handles checked handles, possibly with repeats
   * @return one status per handle, in the same order
   * @throws RunNotFoundException if one of the runs does not exist
   * @throws WorkflowLaunchException for any other failure
   */
  default List<RunStatus> getRuns(List<RunHandle> handles) {
    return AsyncSupport.join(getRunsAsync(handles, Runnable::run));
  }

  /**
   * Reads as many of the given runs as this backend's listings show, for the launcher's
   * {@link io.wflaunch.RunTracker}: one listing per workflow (paged newest first until every run asked
   * for is seen, or the listing has passed {@code oldestStart}), never one request per run. Runs the
   * listings did not show are left out of the answer; the tracker reads them with {@link #getRunAsync}.
   * A listing that fails with throttling or unavailability reports its runs in
   * {@link BatchRead#failures()} (the tracker backs off); other listing failures leave the runs out. The
   * default lists nothing and leaves every run to single reads.
   *
   * @param handles checked handles, without repeats
   * @param oldestStart the earliest start among the runs asked for, when every one of them is known;
   *     empty when some are not known yet
   * @param executor the executor for blocking work
   * @return a future of what the listings showed and how many requests they took
   */
  default CompletableFuture<BatchRead> readRunsAsync(List<RunHandle> handles, Optional<java.time.Instant> oldestStart,
      Executor executor) {
    return CompletableFuture.completedFuture(BatchRead.NONE);
  }

  /**
   * Reads one run for the launcher's {@link io.wflaunch.RunTracker}, which calls it for runs its
   * batched reads did not show, and counts the requests the read sent against the backend's budget.
   * The default is {@link #getRunAsync}, counted as one request; a backend whose single read can take
   * more requests (one that reads a failed run's closing event after its status, say) overrides it to
   * count them.
   *
   * @param handle a checked handle
   * @param executor the executor for blocking work
   * @return a future of the run's status and the requests sent, failing as {@link #getRun} throws
   */
  default CompletableFuture<BatchRead> readRunAsync(RunHandle handle, Executor executor) {
    return getRunAsync(handle, executor).thenApply(status -> new BatchRead(java.util.Map.of(handle, status), 1));
  }

  /**
   * Asks the backend to stop a run. Returns once the request is accepted; the run passes through
   * STOPPING to CANCELLED in its own time. The default refuses: not every backend can stop runs.
   *
   * @param handle a checked handle
   * @throws OperationNotSupportedException if this backend cannot stop runs
   * @throws RunNotFoundException if the run does not exist
   * @throws WorkflowLaunchException for any other failure
   */
  default void stop(RunHandle handle) {
    throw new OperationNotSupportedException(ErrorContext.of(handle), "stop",
        "backend " + id() + " cannot stop runs");
  }

  /**
   * Re-runs a failed, stopped or timed-out run from where it failed, where the service can: in place
   * (the same handle) or as a new run linked to the first (a new handle). Idempotent like a start: a
   * second call for the same run returns the re-run the first began instead of beginning another, as
   * far as the backend's safeguard reaches. Through a client token derived from the run, also from
   * another process, while the service remembers the token; through a look-up before sending, within
   * the look-up's reach
   * (the pages it scans and how far back it looks), and two processes that retry one run at the same
   * instant can both find nothing and both re-run it, as two starts of one key can. A run that is still
   * under way after being re-run is answered with its re-run's handle. The default refuses: not every
   * service can re-run a run.
   *
   * @param handle a checked handle
   * @return the handle of the re-run: {@code handle} itself for an in-place re-run
   * @throws OperationNotSupportedException if this backend cannot re-run runs
   * @throws RunNotFoundException if the run does not exist
   * @throws io.wflaunch.ConflictException if the run's state does not allow a re-run (it succeeded, or
   *     is still running and was never re-run, where the service tells the two apart: one that cannot,
   *     answers a running run with its handle), or the service's re-run window has passed
   * @throws WorkflowLaunchException for any other failure; one whose request may have reached the
   *     service says so with {@code outcomeUnknown()}
   */
  default RunHandle retry(RunHandle handle) {
    throw new OperationNotSupportedException(ErrorContext.of(handle), "retry",
        "backend " + id() + " cannot re-run a run from where it failed");
  }

  /**
   * Async form of {@link #retry}. The default runs {@code retry} on {@code executor}.
   *
   * @param handle a checked handle
   * @param executor the launcher's executor for blocking work
   * @return a future of the re-run's handle, failing as {@link #retry} throws
   */
  default CompletableFuture<RunHandle> retryAsync(RunHandle handle, Executor executor) {
    return CompletableFuture.supplyAsync(() -> retry(handle), executor);
  }

  /**
   * One cheap read that needs the backend's endpoint and credentials and names no workflow or run:
   * whether the backend is reachable, for health checks. Adapters read one item of one of their
   * service's listings (of its workflows or domains, say) or ask the service to verify the caller's
   * session. The default refuses.
   *
   * @throws OperationNotSupportedException if this backend has no such read
   * @throws WorkflowLaunchException for a failure of the read, mapped as every call's failure is
   */
  default void probe() {
    throw new OperationNotSupportedException(ErrorContext.of(id()), "probe",
        "backend " + id() + " has no reachability check");
  }

  /**
   * Lists a workflow's runs, newest first.
   *
   * @param target a checked target
   * @param limit the most runs to return, positive
   * @return up to {@code limit} statuses, newest first
   * @throws WorkflowNotFoundException if the workflow does not exist
   * @throws WorkflowLaunchException for any other failure
   */
  List<RunStatus> listRuns(WorkflowTarget target, int limit);

  /**
   * Async form of {@link #getRun}. The default runs {@code getRun} on {@code executor}.
   *
   * @param handle a checked handle
   * @param executor the launcher's executor for blocking work
   * @return a future of the status, failing with a {@link WorkflowLaunchException}
   */
  default CompletableFuture<RunStatus> getRunAsync(RunHandle handle, Executor executor) {
    return CompletableFuture.supplyAsync(() -> getRun(handle), executor);
  }

  /**
   * Async form of {@link #getRuns}: {@link #readRunsAsync} for the runs the listings show, then
   * {@link #getRunAsync} for each of the others.
   *
   * @param handles checked handles
   * @param executor the launcher's executor for blocking work
   * @return a future of one status per handle, in order, failing with a
   *     {@link WorkflowLaunchException}
   */
  default CompletableFuture<List<RunStatus>> getRunsAsync(List<RunHandle> handles, Executor executor) {
    return Reads.all(handles, distinct -> readRunsAsync(distinct, Optional.empty(), executor),
        handle -> getRunAsync(handle, executor));
  }


  /**
   * Async form of {@link #stop}. The default runs {@code stop} on {@code executor}.
   *
   * @param handle a checked handle
   * @param executor the launcher's executor for blocking work
   * @return a future that completes when the stop is accepted, failing with a
   *     {@link WorkflowLaunchException}
   */
  default CompletableFuture<Void> stopAsync(RunHandle handle, Executor executor) {
    return CompletableFuture.runAsync(() -> stop(handle), executor);
  }

  /**
   * Async form of {@link #listRuns}. The default runs {@code listRuns} on {@code executor}.
   *
   * @param target a checked target
   * @param limit the most runs to return, positive
   * @param executor the launcher's executor for blocking work
   * @return a future of up to {@code limit} statuses, newest first, failing with a
   *     {@link WorkflowLaunchException}
   */
  default CompletableFuture<List<RunStatus>> listRunsAsync(WorkflowTarget target, int limit, Executor executor) {
    return CompletableFuture.supplyAsync(() -> listRuns(target, limit), executor);
  }

  /**
   * Releases what this backend owns (SDK clients its convenience factory built). Clients the user
   * passed in are the user's to close. The default does nothing.
   */
  @Override
  default void close() {}
}
