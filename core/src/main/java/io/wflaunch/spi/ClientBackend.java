package io.wflaunch.spi;

import io.wflaunch.spi.support.AsyncSupport;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base for a backend over a service client that comes in a blocking and a non-blocking form, as the
 * AWS SDK's clients do. The adapter writes each operation once, as a composition of futures over its
 * own transport type {@code C}; this class runs it over the blocking transport for the synchronous
 * methods (where every step completes on the caller's thread, see {@link AsyncSupport}) and over the
 * non-blocking one, when there is one, for the async methods, which otherwise run the synchronous
 * call on the launcher's executor.
 *
 * @param <C> the adapter's transport: its calls over one form of the client
 */
public abstract class ClientBackend<C> implements WorkflowBackend {

  private static final Logger log = LoggerFactory.getLogger(ClientBackend.class);

  private final String id;
  private final C blocking;
  private final C nonBlocking;
  private final List<AutoCloseable> owned;

  /**
   * Creates the backend.
   *
   * @param id the backend id
   * @param blocking the calls over the blocking client
   * @param nonBlocking the calls over the non-blocking client, or null when there is none
   * @param owned what {@link #close()} closes (clients a convenience factory built), possibly empty
   * @throws NullPointerException if {@code id}, {@code blocking} or {@code owned} is null
   */
  protected ClientBackend(String id, C blocking, C nonBlocking, List<? extends AutoCloseable> owned) {
    this.id = Objects.requireNonNull(id, "id");
    this.blocking = Objects.requireNonNull(blocking, "blocking");
    this.nonBlocking = nonBlocking;
    this.owned = List.copyOf(owned);
  }

  /**
   * The start protocol's pieces over {@code calls} for one start whose requests carry {@code limits}'
   * request timeout and whose look-ups stop at its deadline: every start of this backend runs the
   * launcher's one start protocol over them.
   *
   * @param calls the transport
   * @param limits the start's request timeout and deadline
   * @return the primitives
   */
  protected abstract StartPrimitives<?> startPrimitives(C calls, SendLimits limits);

  /**
   * Reads a run's status over {@code calls}.
   *
   * @param calls the transport
   * @param handle a checked handle
   * @return the status, or a failure as {@link WorkflowBackend#getRun} describes
   */
  protected abstract CompletableFuture<RunStatus> getRun(C calls, RunHandle handle);

  /**
   * Reads, over {@code calls}, what this backend's listings show of several runs, as
   * {@link WorkflowBackend#readRunsAsync} describes. The default lists nothing.
   * @param calls the transport
   * @param handles checked handles, without repeats
   * @param oldestStart the earliest start among them, when every one is known
   * @return what the listings showed and how many requests they took
   */
  protected CompletableFuture<BatchRead> readRuns(C calls, List<RunHandle> handles, Optional<Instant> oldestStart) {
    return CompletableFuture.completedFuture(BatchRead.NONE);
  }

  /**
   * Reads one run over {@code calls} for the tracker, as {@link WorkflowBackend#readRunAsync}
   * describes. The default is {@link #getRun(Object, RunHandle)}, counted as one request.
   * @param calls the transport
   * @param handle a checked handle
   * @return the status and the requests sent
   */
  protected CompletableFuture<BatchRead> readRun(C calls, RunHandle handle) {
    return getRun(calls, handle).thenApply(status -> new BatchRead(java.util.Map.of(handle, status), 1));
  }

  /**
   * Stops a run over {@code calls}.
   *
   * @param calls the transport
   * @param handle a checked handle
   * @return completion, or a failure as {@link WorkflowBackend#stop} describes
   */
  protected abstract CompletableFuture<Void> stop(C calls, RunHandle handle);

  /**
   * Lists a workflow's runs over {@code calls}.
   *
   * @param calls the transport
   * @param target a checked target
   * @param limit the most runs to return
   * @return up to {@code limit} statuses, newest first
   */
  protected abstract CompletableFuture<List<RunStatus>> listRuns(C calls, WorkflowTarget target, int limit);

  /**
   * The calls over the blocking client.
   *
   * @return the blocking transport
   */
  protected final C blockingCalls() {
    return blocking;
  }

  /**
   * The calls over the non-blocking client, or else the blocking ones, for operations of the adapter's
   * own.
   *
   * @return the non-blocking transport when there is one
   */
  protected final C preferredAsyncCalls() {
    return nonBlocking != null ? nonBlocking : blocking;
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final Optional<StartPrimitives<?>> startPrimitives(boolean async, SendLimits limits) {
    if (!async) {
      return Optional.of(startPrimitives(blocking, limits));
    }
    return nonBlocking == null ? Optional.empty() : Optional.of(startPrimitives(nonBlocking, limits));
  }



  @Override
  public final RunStatus getRun(RunHandle handle) {
    return AsyncSupport.join(getRun(blocking, handle));
  }

  @Override
  public final List<RunStatus> getRuns(List<RunHandle> handles) {
    return AsyncSupport.join(Reads.all(handles, distinct -> readRuns(blocking, distinct, Optional.empty()),
        handle -> getRun(blocking, handle)));
  }

  @Override
  public final CompletableFuture<List<RunStatus>> getRunsAsync(List<RunHandle> handles, Executor executor) {
    return nonBlocking == null
        ? WorkflowBackend.super.getRunsAsync(handles, executor)
        : AsyncSupport.defer(() -> Reads.all(handles, distinct -> readRuns(nonBlocking, distinct, Optional.empty()),
            handle -> getRun(nonBlocking, handle)));
  }

  @Override
  public final void stop(RunHandle handle) {
    AsyncSupport.join(stop(blocking, handle));
  }

  @Override
  public final List<RunStatus> listRuns(WorkflowTarget target, int limit) {
    return AsyncSupport.join(listRuns(blocking, target, limit));
  }



  @Override
  public final CompletableFuture<RunStatus> getRunAsync(RunHandle handle, Executor executor) {
    return nonBlocking == null
        ? WorkflowBackend.super.getRunAsync(handle, executor)
        : AsyncSupport.defer(() -> getRun(nonBlocking, handle));
  }

  @Override
  public final CompletableFuture<BatchRead> readRunAsync(RunHandle handle, Executor executor) {
    return nonBlocking == null
        ? CompletableFuture.supplyAsync(() -> AsyncSupport.join(readRun(blocking, handle)), executor)
        : AsyncSupport.defer(() -> readRun(nonBlocking, handle));
  }

  @Override
  public final CompletableFuture<BatchRead> readRunsAsync(List<RunHandle> handles, Optional<Instant> oldestStart,
      Executor executor) {
    return nonBlocking == null
        ? CompletableFuture.supplyAsync(() -> AsyncSupport.join(readRuns(blocking, handles, oldestStart)), executor)
        : AsyncSupport.defer(() -> readRuns(nonBlocking, handles, oldestStart));
  }

  @Override
  public final CompletableFuture<Void> stopAsync(RunHandle handle, Executor executor) {
    return nonBlocking == null
        ? WorkflowBackend.super.stopAsync(handle, executor)
        : AsyncSupport.defer(() -> stop(nonBlocking, handle));
  }

  @Override
  public final CompletableFuture<List<RunStatus>> listRunsAsync(WorkflowTarget target, int limit, Executor executor) {
    return nonBlocking == null
        ? WorkflowBackend.super.listRunsAsync(target, limit, executor)
        : AsyncSupport.defer(() -> listRuns(nonBlocking, target, limit));
  }

  /** Closes what the backend owns; clients the user passed in are the user's to close. */
  @Override
  public void close() {
    for (AutoCloseable resource : owned) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("Closing {} failed", resource, e);
      }
    }
  }
}
