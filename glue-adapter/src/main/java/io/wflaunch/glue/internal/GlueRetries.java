package io.wflaunch.glue.internal;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.support.Failures;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The retry protocol of Glue workflows (ResumeWorkflowRun) and Glue jobs (StartJobRun with JobRunId),
 * written once. Glue takes no client token for either, and each re-run is a new run whose
 * {@code PreviousRunId} is the run it re-runs, so a re-run is found by a look-up:
 *
 * <ol>
 *   <li>read the run (a missing run is {@link io.wflaunch.RunNotFoundException});
 *   <li>look for its re-run in the listing: found, it is the answer, and nothing is sent (these two
 *       reads are read again when throttled or unavailable, up to {@link StartPolicy#lookUps()} times);
 *   <li>else check that the run may be re-run ({@link io.wflaunch.ConflictException} if not);
 *   <li>send the re-run once, without the SDK's retries. A refusal (a 4xx, a refused connection) sent
 *       nothing: throttling is tried again after a pause, up to the policy's attempts, anything else
 *       is reported with {@code outcomeUnknown()} false. A lost or ambiguous answer (no answer, a 5xx)
 *       is settled by looking again, up to {@link StartPolicy#lookUps()} successful reads over its
 *       {@link StartPolicy#consistencyWindow() consistency window}: the re-run found is the answer; a
 *       re-run absent through the window was not begun, and the request is sent again while attempts
 *       remain; reads that cannot decide end the call with {@code outcomeUnknown()} true;
 *   <li>after a re-run the service answered, read the listing until it shows the re-run (up to
 *       {@link StartPolicy#lookUps()} reads that do not, or twice as many in all), so that a later retry of
 *       the run finds it instead of re-running the run again; the re-run is the answer whatever they show.
 * </ol>
 *
 * @param <R> the engine's run as read in step 1
 */
public final class GlueRetries<R> {

  private static final Logger log = LoggerFactory.getLogger(GlueRetries.class);

  /** One engine's pieces; failures are returned raw. */
  public interface Steps<R> {
    /** Reads the run to re-run. */
    CompletableFuture<R> read(RunHandle handle, SendLimits limits);

    /** The newest run whose previous run is {@code handle}'s, from the listing. */
    CompletableFuture<Optional<RunHandle>> reRunOf(RunHandle handle, SendLimits limits);

    /** Throws a {@link io.wflaunch.ConflictException} when {@code run} may not be re-run. */
    void checkRetryable(RunHandle handle, R run);

    /** Sends the re-run once; answers the new run's handle. */
    CompletableFuture<RunHandle> sendOnce(RunHandle handle, R run, SendLimits limits);
  }

  private final Steps<R> steps;
  private final StartPolicy policy;
  private final Clock clock;
  private final boolean blocking;

  public GlueRetries(Steps<R> steps, StartPolicy policy, Clock clock, boolean blocking) {
    this.steps = steps;
    this.policy = policy;
    this.clock = clock;
    this.blocking = blocking;
  }

  /** Runs the protocol for {@code handle}; fails with mapped wflaunch exceptions. */
  public CompletableFuture<RunHandle> retry(RunHandle handle) {
    SendLimits limits = SendLimits.until(policy.requestTimeout(), clock, clock.instant().plus(policy.startTimeout()));
    ErrorContext context = ErrorContext.of(handle);
    return reading(() -> steps.read(handle, limits), context, Operation.GET_RUN, limits, 1)
        .thenCompose(run -> reading(() -> steps.reRunOf(handle, limits), context, Operation.LOOK_UP, limits, 1)
            .thenCompose(found -> {
              if (found.isPresent()) {
                return CompletableFuture.completedFuture(found.get());
              }
              steps.checkRetryable(handle, run);
              return attempt(handle, run, limits, 1);
            }));
  }

  private CompletableFuture<RunHandle> attempt(RunHandle handle, R run, SendLimits limits, int attempt) {
    ErrorContext context = ErrorContext.of(handle);
    return AsyncSupport.defer(() -> {
      limits.checkRoom();
      return steps.sendOnce(handle, run, limits);
    }).handle((sent, failure) -> {
      if (failure == null) {
        return untilListed(handle, sent, limits, 0, 0);
      }
      Throwable raw = AsyncSupport.unwrap(failure);
      if (raw instanceof SendLimits.DeadlineReached) {
        return CompletableFuture.<RunHandle>failedFuture(new BackendUnavailableException(context,
            "the retry did not finish within " + policy.startTimeout(), attempt > 1, raw));
      }
      RuntimeException mapped = GlueErrors.map(raw, context, Operation.RETRY);
      if (refused(raw, mapped)) {
        if (mapped instanceof ThrottledException && attempt < policy.maxAttempts()) {
          return AsyncSupport.pause(pause(attempt), blocking).thenCompose(v -> attempt(handle, run, limits, attempt + 1));
        }
        return CompletableFuture.<RunHandle>failedFuture(outcome(mapped, false));
      }
      return settle(handle, limits, 1, 0).thenCompose(settled -> {
        if (settled.found().isPresent()) {
          return CompletableFuture.completedFuture(settled.found().get());
        }
        if (settled.decided() && attempt < policy.maxAttempts()) {
          return attempt(handle, run, limits, attempt + 1);
        }
        return CompletableFuture.<RunHandle>failedFuture(outcome(mapped, !settled.decided()));
      });
    }).thenCompose(future -> future);
  }

  /**
   * A read before anything is sent, mapped: throttled or unavailable, it is read again after the policy's
   * look-up pauses, up to {@link StartPolicy#lookUps()} reads, while the bound leaves room.
   */
  private <T> CompletableFuture<T> reading(java.util.function.Supplier<CompletableFuture<T>> read, ErrorContext context,
      Operation operation, SendLimits limits, int attempt) {
    return AsyncSupport.defer(read).handle((value, failure) -> {
      if (failure == null) {
        return CompletableFuture.completedFuture(value);
      }
      RuntimeException mapped = GlueErrors.map(AsyncSupport.unwrap(failure), context, operation);
      boolean transientFailure = mapped instanceof ThrottledException || mapped instanceof BackendUnavailableException;
      if (!transientFailure || attempt >= policy.lookUps() || !limits.roomForRequest()) {
        return CompletableFuture.<T>failedFuture(mapped);
      }
      return AsyncSupport.pause(policy.lookUpPauseBefore(attempt + 1), blocking)
          .thenCompose(v -> reading(read, context, operation, limits, attempt + 1));
    }).thenCompose(future -> future);
  }

  /**
   * Reads the listing until it shows a re-run of {@code handle}: {@code reads} reads so far, {@code absent}
   * of them answered without it. Gives up, logging, after {@link StartPolicy#lookUps()} answers without it,
   * twice as many reads in all, or when the retry's time runs out; answers {@code reRun} in every case.
   */
  private CompletableFuture<RunHandle> untilListed(RunHandle handle, RunHandle reRun, SendLimits limits, int reads,
      int absent) {
    if (absent >= policy.lookUps() || reads >= 2 * policy.lookUps() || !limits.roomForRequest()) {
      log.warn("Re-run {} of {} is not yet visible to look-ups after {} reads: a retry of {} within the service's "
          + "listing lag may re-run it again", reRun, handle, reads, handle);
      return CompletableFuture.completedFuture(reRun);
    }
    Duration pause = policy.lookUpPauseBefore(Math.min(reads + 1, policy.lookUps()));
    return AsyncSupport.pause(pause.compareTo(limits.remaining()) > 0 ? limits.remaining() : pause, blocking)
        .thenCompose(v -> AsyncSupport.defer(() -> steps.reRunOf(handle, limits)))
        .handle((found, failure) -> {
          if (failure == null && found.isPresent()) {
            if (!found.get().equals(reRun)) {
              log.warn("{} re-runs {} as well as {}: another retry, at the same time or hidden by the listing "
                  + "longer than the consistency window, re-ran it too", found.get(), handle, reRun);
            }
            return CompletableFuture.completedFuture(reRun);
          }
          if (failure != null && !readAgain(AsyncSupport.unwrap(failure), handle)) {
            log.warn("Re-run {} of {} was not confirmed visible to look-ups ({}): a retry of {} within the service's "
                + "listing lag may re-run it again", reRun, handle, AsyncSupport.unwrap(failure).getClass()
                .getSimpleName(), handle);
            return CompletableFuture.completedFuture(reRun);
          }
          return untilListed(handle, reRun, limits, reads + 1, failure == null ? absent + 1 : absent);
        })
        .thenCompose(future -> future);
  }

  /**
   * Whether a failed confirmation read is worth another: throttled or unavailable, yes; interrupted or
   * cancelled (the interrupt flag is kept), out of time, or failed otherwise (a closed client), no.
   */
  private boolean readAgain(Throwable raw, RunHandle handle) {
    if (raw instanceof CancellationException || (blocking && Thread.currentThread().isInterrupted())) {
      return false;
    }
    RuntimeException mapped = GlueErrors.map(raw, ErrorContext.of(handle), Operation.LOOK_UP);
    return mapped instanceof ThrottledException || mapped instanceof BackendUnavailableException;
  }

  /** What looking again showed: the re-run, or whether enough reads agreed that there is none. */
  private record Settled(Optional<RunHandle> found, boolean decided) {}

  /** Up to {@code lookUps} successful reads (and as many failed ones again), paused as the policy says. */
  private CompletableFuture<Settled> settle(RunHandle handle, SendLimits limits, int read, int failed) {
    if (read > policy.lookUps()) {
      return CompletableFuture.completedFuture(new Settled(Optional.empty(), true));
    }
    if (failed >= policy.lookUps() || !limits.roomForRequest()) {
      return CompletableFuture.completedFuture(new Settled(Optional.empty(), false));
    }
    Duration pause = policy.lookUpPauseBefore(read + failed);
    return AsyncSupport.pause(pause, blocking)
        .thenCompose(v -> AsyncSupport.defer(() -> steps.reRunOf(handle, limits)))
        .handle((found, failure) -> {
          if (failure != null) {
            return settle(handle, limits, read, failed + 1);
          }
          return found.isPresent()
              ? CompletableFuture.completedFuture(new Settled(found, true))
              : settle(handle, limits, read + 1, failed);
        })
        .thenCompose(future -> future);
  }

  /**
   * Whether the failure sent nothing the service acted on: the connection was refused, or the service
   * answered a 4xx that is not its own timeout (which it can answer after acting).
   */
  static boolean refused(Throwable raw, RuntimeException mapped) {
    if (Failures.neverReachedService(raw)) {
      return true;
    }
    if (mapped instanceof BackendUnavailableException) {
      return false;
    }
    return raw instanceof AwsServiceException service && service.statusCode() > 0 && service.statusCode() < 500;
  }

  private Duration pause(int attempt) {
    Duration pause = policy.retryPause().multipliedBy(1L << Math.min(attempt - 1, 20));
    return pause.compareTo(policy.maxRetryPause()) > 0 ? policy.maxRetryPause() : pause;
  }

  private static RuntimeException outcome(RuntimeException mapped, boolean unknown) {
    return mapped instanceof WorkflowLaunchException launch ? launch.withOutcomeUnknown(unknown) : mapped;
  }
}
