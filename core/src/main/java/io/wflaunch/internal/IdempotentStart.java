package io.wflaunch.internal;

import io.wflaunch.spi.support.Futures;

import io.wflaunch.CancelledException;
import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.IdempotencyPolicy;
import io.wflaunch.InFlightPolicy;
import io.wflaunch.KeyReusePolicy;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.spi.store.IdempotencyRecord;
import io.wflaunch.spi.store.IdempotencyStore;
import io.wflaunch.spi.support.RequestHash;
import io.wflaunch.spi.support.UserText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A keyed start through an {@link IdempotencyStore}, around the {@link StartProtocol}:
 *
 * <ol>
 *   <li>claim the scoped key (target and caller's key) with a conditional create holding this call's
 *       owner id, a lease and fencing counter 1;
 *   <li>claimed: run the start protocol (which still looks for a run carrying the key first, in case an
 *       earlier claimant started one and died), then record the handle, conditional on the fencing
 *       counter still being this call's;
 *   <li>refused, the record returned: a different request hash is a conflict; a recorded run is
 *       returned, or judged by the key reuse and in-flight policies (which read the run's state); a
 *       live claim is waited for (bounded, with backoff) or refused by the in-flight policy; a claim
 *       whose lease ended, or an ended run the reuse policy lets go, is taken over with a conditional
 *       replace that moves the fencing counter on, and the start proceeds as in step 2.
 * </ol>
 *
 * <p>The lease is enforced: before each start request the protocol sends, the claim must have at least
 * the policy's lease margin left, else it is renewed by a write conditional on this call's owner and
 * fencing counter; a renewal the store refuses (another call took the key over) sends nothing and fails
 * with a {@link ConflictException}. A record refused after a run was started is never reported as a plain
 * success: the caller gets the run the store holds when it is this call's, or an error naming both runs.
 *
 * <p>A start that surely started nothing gives its claim up; one whose outcome is unknown keeps it, so
 * that the next start with the key, once the lease ended, settles it by looking the run up. A new
 * key costs two store requests (claim, record), a repeated key one (the refused claim returns the
 * record).
 */
public final class IdempotentStart {

  private static final Logger log = LoggerFactory.getLogger(IdempotentStart.class);

  /** How often in a row a claim may lose a race to another call before the start gives up. */
  private static final int MAX_ROUNDS = 8;
  private static final Duration FIRST_WAIT = Duration.ofMillis(50);
  private static final Duration MAX_WAIT = Duration.ofSeconds(2);

  /** What the idempotent start runs: the start protocol, a status read, store calls. */
  public interface Calls {
    /**
     * Runs the start protocol for a request.
     *
     * @param request the request, with the key the run should carry
     * @return the handle, or the protocol's failure
     */
    CompletableFuture<RunHandle> start(StartRunRequest request);

    /**
     * Reads a run's status.
     *
     * @param handle the run
     * @return its status
     */
    CompletableFuture<RunStatus> status(RunHandle handle);

    /**
     * Runs a blocking store call: on the calling thread for a blocking start, on an executor for an
     * async one.
     *
     * @param call the call
     * @param <T> its result
     * @return its outcome
     */
    <T> CompletableFuture<T> store(Supplier<T> call);

    /**
     * Calls for a blocking start: everything on the calling thread.
     *
     * @param start the blocking start protocol
     * @param status the blocking status read
     * @return the calls
     */
    static Calls blocking(Function<StartRunRequest, RunHandle> start, Function<RunHandle, RunStatus> status) {
      return new Calls() {
        @Override
        public CompletableFuture<RunHandle> start(StartRunRequest request) {
          return now(() -> start.apply(request));
        }

        @Override
        public CompletableFuture<RunStatus> status(RunHandle handle) {
          return now(() -> status.apply(handle));
        }

        @Override
        public <T> CompletableFuture<T> store(Supplier<T> call) {
          return now(call);
        }
      };
    }

    /**
     * Calls for an async start: store calls on {@code executor}.
     *
     * @param start the async start protocol
     * @param status the async status read
     * @param executor where store calls run
     * @return the calls
     */
    static Calls async(Function<StartRunRequest, CompletableFuture<RunHandle>> start,
        Function<RunHandle, CompletableFuture<RunStatus>> status, Executor executor) {
      return new Calls() {
        @Override
        public CompletableFuture<RunHandle> start(StartRunRequest request) {
          return start.apply(request);
        }

        @Override
        public CompletableFuture<RunStatus> status(RunHandle handle) {
          return status.apply(handle);
        }

        @Override
        public <T> CompletableFuture<T> store(Supplier<T> call) {
          try {
            return CompletableFuture.supplyAsync(call, executor);
          } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
          }
        }
      };
    }

    private static <T> CompletableFuture<T> now(Supplier<T> call) {
      try {
        return CompletableFuture.completedFuture(call.get());
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
  }

  private final IdempotencyStore store;
  private final StartRunRequest request;
  private final Clock clock;
  private final Calls calls;
  private final StartProtocol.Pauses pauses;
  private final RandomGenerator random;
  private final CompletableFuture<?> caller;
  private final Duration lease;
  private final Duration leaseMargin;
  private final Duration inFlightWait;
  private final Duration retention;
  private final KeyReusePolicy reuse;
  private final InFlightPolicy inFlight;
  private final ErrorContext context;
  private final String callerKey;
  private final String key;
  private String hash;
  private final String owner = UUID.randomUUID().toString();

  private Instant waitUntil;
  private int waits;
  /** Until when, and how often, a refused record waits for the call that took the claim over. */
  private Instant recordWaitUntil;
  private int recordWaits;
  /** This call's claim as last written: renewing the lease replaces it. */
  private volatile IdempotencyRecord held;
  private StartNote note = new StartNote();

  /**
   * An idempotent start of one keyed request.
   *
   * @param store the store
   * @param policy the launcher's policy (the request's own policies take precedence)
   * @param request the validated request, with an idempotency key
   * @param clock the launcher's clock: leases, waits and retention are measured with it
   * @param calls the start protocol, status reads and store calls
   * @param pauses how to pause while waiting for a claim in flight
   * @param random jitter of those pauses
   * @param caller the caller's future: once it is cancelled, nothing more is sent
   */
  public IdempotentStart(IdempotencyStore store, IdempotencyPolicy policy, StartRunRequest request, Clock clock,
      Calls calls, StartProtocol.Pauses pauses, RandomGenerator random, CompletableFuture<?> caller) {
    this.store = store;
    this.request = request;
    this.clock = clock;
    this.calls = calls;
    this.pauses = pauses;
    this.random = random;
    this.caller = caller;
    this.lease = policy.lease();
    this.leaseMargin = policy.leaseMargin();
    this.inFlightWait = policy.inFlightWait();
    this.retention = policy.retention();
    this.reuse = request.keyReusePolicy().orElse(policy.keyReuse());
    this.inFlight = request.inFlightPolicy().orElse(policy.inFlight());
    this.context = ErrorContext.of(request.target());
    this.callerKey = request.idempotencyKey().orElseThrow(() -> new IllegalArgumentException("a keyed request"));
    this.key = scopedKey(request);
  }

  /**
   * The key a request's record is stored under: its target (whose first part is the backend id) in
   * the strict form ({@link Identifiers#strictFormat}, so that keys stored before targets were written
   * readably are found), a space (which that form never holds), and the caller's key.
   *
   * @param request a keyed request
   * @return the scoped key
   */
  public static String scopedKey(StartRunRequest request) {
    return Identifiers.strictFormat(request.target().backend(), request.target().parts()) + " "
        + request.idempotencyKey().orElseThrow();
  }

  /**
   * Where the start notes whether its run was recorded for the key before it.
   *
   * @param note the note the caller reads once the start has ended
   * @return this start
   */
  public IdempotentStart noting(StartNote note) {
    this.note = note;
    return this;
  }

  /**
   * Runs the start.
   *
   * @return the run's handle, or the failure to report
   */
  public CompletableFuture<RunHandle> run() {
    try {
      hash = RequestHash.of(request);
    } catch (RuntimeException | StackOverflowError e) {
      return CompletableFuture.failedFuture(new io.wflaunch.InvalidRequestException(context, "options",
          "must be values an idempotency key's request hash can read (" + e + "); give the options class a "
              + "fingerprint() of all its values", e));
    }
    return claim(0);
  }

  private CompletableFuture<RunHandle> claim(int round) {
    if (round >= MAX_ROUNDS) {
      return CompletableFuture.failedFuture(new ConflictException(context,
          "idempotency key " + UserText.quote(callerKey) + " is contended: " + round
              + " claims in a row lost a race to other starts of the key; try again", true, null));
    }
    Instant now = clock.instant();
    IdempotencyRecord mine = claim(1, 1, now);
    return storeCall(() -> store.create(mine, now)).thenCompose(write -> {
      if (ours(write, mine)) {
        return startAndRecord(mine, Optional.empty());
      }
      return write.current().isPresent() ? decide(write.current().get(), round) : claim(round + 1);
    });
  }

  /** What to do about the key's record, found when a claim or take-over was refused or while waiting. */
  private CompletableFuture<RunHandle> decide(IdempotencyRecord record, int round) {
    Instant now = clock.instant();
    if (!record.requestHash().equals(hash)) {
      return fail(new ConflictException(record.handle().map(context::withHandle).orElse(context),
          "idempotency key " + UserText.quote(callerKey) + " reused with a different request: it "
              + record.handle().map(run -> "started run " + run).orElse("is being started by another call")
              + " with other parameters, input or options", null));
    }
    if (record.handle().isPresent()) {
      return decideRecorded(record, record.handle().get(), round);
    }
    if (!record.liveClaimAt(now)) {
      log.debug("The claim of {} by another start ended at {} without a recorded run; taking it over", key,
          record.leaseUntil());
      return takeOver(record, record.generation(), round);
    }
    if (inFlight == InFlightPolicy.FAIL) {
      return fail(inFlight("another start holds its claim until " + record.leaseUntil()));
    }
    if (waitUntil == null) {
      waitUntil = now.plus(inFlightWait);
    }
    if (!now.isBefore(waitUntil)) {
      return fail(inFlight("another start holds its claim until " + record.leaseUntil() + " and recorded no run in "
          + inFlightWait));
    }
    Duration remaining = Duration.between(now, waitUntil);
    Duration pause = waitPause(waits++);
    return pauseFor(pause.compareTo(remaining) < 0 ? pause : remaining)
        .thenCompose(paused -> storeCall(() -> store.read(key, clock.instant())))
        .thenCompose(current -> current.isPresent() ? decide(current.get(), round) : claim(round + 1));
  }

  private CompletableFuture<RunHandle> decideRecorded(IdempotencyRecord record, RunHandle run, int round) {
    if (reuse == KeyReusePolicy.RETURN_EXISTING && inFlight == InFlightPolicy.USE_EXISTING) {
      return recorded(run, "recorded for the key");
    }
    CompletableFuture<RunStatus> read;
    try (io.wflaunch.spi.observe.LaunchObserver.Scope scope = note.open()) {
      read = calls.status(run);
    }
    return read.handle((status, failure) -> {
      if (failure == null) {
        return judge(record, run, status, round);
      }
      Throwable raw = Futures.unwrap(failure);
      if (raw instanceof RunNotFoundException) {
        // The backend no longer shows the run (its retention is shorter than the record's): it ended.
        return switch (reuse) {
          case RETURN_EXISTING -> recorded(run, "recorded for the key, no longer shown by the backend");
          case REJECT_DUPLICATE -> fail(new ConflictException(context.withHandle(run), "idempotency key "
              + UserText.quote(callerKey) + " already started run " + run + ", which the backend no longer shows; "
              + "the key reuse policy REJECT_DUPLICATE refuses to start another", raw));
          case ALLOW_IF_NOT_SUCCEEDED -> fail(new ConflictException(context.withHandle(run), "idempotency key "
              + UserText.quote(callerKey) + " started run " + run + ", which the backend does not show, so whether "
              + "it succeeded is unknown (try again if the backend lags; the key's record expires at "
              + record.expiresAt() + ")", true, raw));
        };
      }
      return CompletableFuture.<RunHandle>failedFuture(raw instanceof WorkflowLaunchException launch ? launch
          : new WorkflowLaunchException(context.withHandle(run), "could not read the key's run: " + raw, false, raw));
    }).thenCompose(Function.identity());
  }

  /** What the policies make of the key's recorded run, given its status. */
  private CompletableFuture<RunHandle> judge(IdempotencyRecord record, RunHandle run, RunStatus status, int round) {
    if (!status.state().isTerminal()) {
      return inFlight == InFlightPolicy.FAIL
          ? fail(inFlight("its run " + run + " is " + status.state()))
          : recorded(run, "recorded for the key and not ended");
    }
    return switch (reuse) {
      case RETURN_EXISTING -> recorded(run, "recorded for the key, ended " + status.state());
      case REJECT_DUPLICATE -> fail(new ConflictException(context.withHandle(run), "idempotency key "
          + UserText.quote(callerKey) + " already started run " + run + ", which ended " + status.state()
          + "; the key reuse policy REJECT_DUPLICATE refuses to start another", null));
      case ALLOW_IF_NOT_SUCCEEDED -> status.state().isSuccessful()
          ? recorded(run, "recorded for the key and succeeded")
          : takeOver(record, record.generation() + 1, round);
    };
  }

  /**
   * This call's claim: leased from {@code now}, and kept a retention past the lease, so that it cannot
   * expire (and be created anew by another call) while the lease runs.
   */
  private IdempotencyRecord claim(long fence, int generation, Instant now) {
    Instant leaseUntil = now.plus(lease);
    return new IdempotencyRecord(key, hash, owner, fence, generation, leaseUntil, Optional.empty(),
        leaseUntil.plus(retention));
  }

  /** Replaces the record with this call's claim if it is still the version read. */
  private CompletableFuture<RunHandle> takeOver(IdempotencyRecord record, int generation, int round) {
    IdempotencyRecord next = claim(record.fence() + 1, generation, clock.instant());
    return storeCall(() -> store.replace(record, next)).thenCompose(write -> {
      if (ours(write, next)) {
        return startAndRecord(next, record.handle().isPresent() ? Optional.of(record) : Optional.empty());
      }
      return write.current().isPresent() ? decide(write.current().get(), round + 1) : claim(round + 1);
    });
  }

  /**
   * Runs the start protocol under the claim and records its run.
   *
   * @param claim this call's claim
   * @param replaced the record of an ended run the claim replaced, to put back if nothing starts
   */
  private CompletableFuture<RunHandle> startAndRecord(IdempotencyRecord claim, Optional<IdempotencyRecord> replaced) {
    StartRunRequest forRun = claim.generation() == 1 ? request
        : request.toBuilder().idempotencyKey(runKey(key, callerKey, claim.generation())).build();
    held = claim;
    note.guardEachStart(this::keepLease);
    // The protocol watches the caller's future itself and, cancelled, still tells what it did.
    CompletableFuture<RunHandle> start;
    try {
      start = calls.start(forRun);
    } catch (RuntimeException e) {
      start = CompletableFuture.failedFuture(e);
    }
    return start.handle((run, failure) -> failure == null ? record(claim, run)
        : afterFailedStart(claim, replaced, failure)).thenCompose(Function.identity());
  }

  /**
   * Before a start request: the claim must still have the lease margin left, else it is renewed with a
   * write conditional on this call's owner and fence. A refused renewal means another call took the key
   * over after the lease ended: nothing more may be sent.
   */
  private CompletableFuture<Void> keepLease() {
    IdempotencyRecord claim = held;
    Instant now = clock.instant();
    if (Duration.between(now, claim.leaseUntil()).compareTo(leaseMargin) >= 0) {
      return CompletableFuture.completedFuture(null);
    }
    IdempotencyRecord renewed = claim(claim.fence(), claim.generation(), now);
    log.debug("Renewing the claim of {} until {} before a start request (its lease ran to {})", key,
        renewed.leaseUntil(), claim.leaseUntil());
    return storeNow(() -> store.replace(claim, renewed)).thenCompose(write -> {
      if (ours(write, renewed)) {
        held = renewed;
        return CompletableFuture.completedFuture(null);
      }
      String state = write.current().map(current -> current.handle().map(run -> "; the key now records run " + run)
          .orElse("; another call now holds it")).orElse("; the key has no record now");
      return CompletableFuture.failedFuture(new ConflictException(context, "idempotency key " + UserText.quote(callerKey)
          + " was taken over by another launcher while this start was under way (its claim's lease ran to "
          + claim.leaseUntil() + ", and less than the lease margin of " + leaseMargin + " was left before a start "
          + "request)" + state + "; this start sent no further start request", true, null));
    });
  }

  private CompletableFuture<RunHandle> record(IdempotencyRecord started, RunHandle run) {
    IdempotencyRecord claim = held != null ? held : started;
    IdempotencyRecord recorded = claim.recording(run, clock.instant().plus(retention));
    if (caller.isCancelled()) {
      log.warn("The start of {} with {} was cancelled, but it had already started run {}; recording it",
          request.target(), key, run);
    }
    return storeNow(() -> store.replace(claim, recorded)).handle((write, failure) -> {
      if (failure != null) {
        log.warn("Run {} was started with {} but recording it in the idempotency store failed ({}): starts "
            + "with the key wait until the claim's lease ends at {}, then find the run by its key", run, key,
            Futures.unwrap(failure).toString(), claim.leaseUntil());
        // Without the record, only the listing can tell the next start: read until the run shows there.
        return note.confirmDeferred().thenApply(confirmed -> run);
      } else if (!ours(write, recorded)) {
        return refusedRecord(run, recorded, write.current());
      }
      return CompletableFuture.completedFuture(run);
    }).thenCompose(Function.identity());
  }

  /**
   * The record of a run this call started was refused: the claim was taken over (its holder outlived the
   * lease, or clocks disagree). The caller gets the run when the key records it (the taker found it by its
   * key), or when the key has no record any more and this call can record it; another run recorded for the
   * key, or a taker that records nothing within the in-flight wait, is an error naming this call's run.
   */
  private CompletableFuture<RunHandle> refusedRecord(RunHandle run, IdempotencyRecord recorded,
      Optional<IdempotencyRecord> current) {
    if (current.isEmpty()) {
      Instant now = clock.instant();
      return storeNow(() -> store.create(recorded, now)).thenCompose(write -> ours(write, recorded)
          ? done(run, "started and recorded again after its claim was gone")
          : refusedRecord(run, recorded, write.current()));
    }
    IdempotencyRecord theirs = current.get();
    if (theirs.handle().isPresent()) {
      if (theirs.handle().get().equals(run)) {
        return done(run, "started; the call that took the claim over found and recorded it");
      }
      log.warn("Run {} was started with {}, but the claim was taken over meanwhile and the key records run {}", run,
          key, theirs.handle().get());
      return fail(takenOver(run, "and the key now records run " + theirs.handle().get()
          + ": two runs may exist for the key", null));
    }
    if (recordWaitUntil == null) {
      recordWaitUntil = clock.instant().plus(inFlightWait);
    }
    if (!clock.instant().isBefore(recordWaitUntil)) {
      return fail(takenOver(run, "and recorded no run within " + inFlightWait + ": it may start a second run", null));
    }
    return pauseFor(waitPause(recordWaits++)).handle((paused, failure) -> failure)
        .thenCompose(failure -> failure != null
            ? fail(takenOver(run, "and the start ended before it recorded a run: two runs may exist",
                Futures.unwrap(failure)))
            : storeNow(() -> store.read(key, clock.instant()))
                .thenCompose(now -> refusedRecord(run, recorded, now)));
  }

  /**
   * A start that surely started nothing gives its claim up, so the next start need not wait for the
   * lease (putting back the ended run's record the claim replaced, so that the key keeps its history);
   * one that may have started a run keeps it, so that the next start, after the lease, settles it.
   */
  /** A run this call started whose claim another launcher took over: a conflict naming the run. */
  private ConflictException takenOver(RunHandle run, String what, Throwable cause) {
    return new ConflictException(context.withHandle(run).withOutcomeUnknown(true), "idempotency key "
        + UserText.quote(callerKey) + " started run " + run + ", but another launcher took its claim over (this start "
        + "outlived its lease) " + what, cause);
  }

  private CompletableFuture<RunHandle> afterFailedStart(IdempotencyRecord started,
      Optional<IdempotencyRecord> replaced, Throwable failure) {
    IdempotencyRecord claim = held != null ? held : started;
    Throwable raw = Futures.unwrap(failure);
    if (!(raw instanceof WorkflowLaunchException launch) || launch.outcomeUnknown()) {
      return CompletableFuture.failedFuture(raw);
    }
    Supplier<Boolean> giveUp;
    if (replaced.isPresent()) {
      IdempotencyRecord previous = replaced.get();
      giveUp = () -> store.replace(claim, new IdempotencyRecord(key, previous.requestHash(), previous.owner(),
          claim.fence() + 1, previous.generation(), previous.leaseUntil(), previous.handle(), previous.expiresAt()))
          .applied();
    } else if (claim.generation() == 1) {
      giveUp = () -> store.release(claim);
    } else {
      // A later generation's claim taken over from a start that died: the record of the run it was to
      // replace is gone, and deleting the claim would make the key new. It stays until its lease ends.
      return CompletableFuture.failedFuture(raw);
    }
    return storeNow(giveUp).handle((released, releaseFailure) -> {
      if (releaseFailure != null) {
        raw.addSuppressed(Futures.unwrap(releaseFailure));
      }
      return CompletableFuture.<RunHandle>failedFuture(raw);
    }).thenCompose(Function.identity());
  }

  // ---- small steps ----

  /** A store call, unless the caller cancelled; a failure leaves as a WorkflowLaunchException. */
  private <T> CompletableFuture<T> storeCall(Supplier<T> call) {
    if (caller.isCancelled()) {
      return CompletableFuture.failedFuture(new CancelledException(context, "the start was cancelled", null));
    }
    return storeNow(call);
  }

  /** A store call, even after the caller cancelled (to record or give up a claim). */
  private <T> CompletableFuture<T> storeNow(Supplier<T> call) {
    CompletableFuture<T> stored;
    try (io.wflaunch.spi.observe.LaunchObserver.Scope scope = note.open()) {
      stored = calls.store(call);
    }
    return stored.exceptionallyCompose(failure -> CompletableFuture.failedFuture(storeFailure(failure)));
  }

  private RuntimeException storeFailure(Throwable failure) {
    Throwable raw = Futures.unwrap(failure);
    if (raw instanceof WorkflowLaunchException launch) {
      return launch;
    }
    return new WorkflowLaunchException(context, "the idempotency store failed: " + raw, false, raw);
  }

  private CompletableFuture<Void> pauseFor(Duration pause) {
    return pauses.pause(pause).exceptionallyCompose(failure -> {
      Throwable raw = Futures.unwrap(failure);
      return CompletableFuture.failedFuture(raw instanceof InterruptedException
          || raw instanceof java.util.concurrent.CancellationException
          ? new CancelledException(context, "the start was interrupted while waiting for a key in flight", raw)
          : new WorkflowLaunchException(context, "could not pause while waiting for a key in flight (is the launcher "
              + "closed?)", false, raw));
    });
  }

  /** Full-jitter exponential pauses from 50 ms up to 2 s. */
  private Duration waitPause(int wait) {
    long ceiling = Math.min(MAX_WAIT.toNanos(), FIRST_WAIT.toNanos() << Math.min(wait, 10));
    return Duration.ofNanos(ceiling / 2 + (long) (random.nextDouble() * (ceiling / 2)));
  }

  private ConflictException inFlight(String why) {
    return new ConflictException(context, "idempotency key " + UserText.quote(callerKey) + " is in flight: " + why,
        true, null);
  }

  /**
   * Whether a write made the record {@code wanted}: applied, or refused by {@code wanted} itself (the
   * store's client sent it again after a lost answer).
   */
  private static boolean ours(IdempotencyStore.Write write, IdempotencyRecord wanted) {
    return write.applied() || write.current().filter(current -> current.owner().equals(wanted.owner())
        && current.fence() == wanted.fence() && current.handle().equals(wanted.handle())).isPresent();
  }

  private CompletableFuture<RunHandle> done(RunHandle run, String how) {
    log.debug("Start of {} with {}: {} {}", request.target(), key, how, run);
    return CompletableFuture.completedFuture(run);
  }

  private CompletableFuture<RunHandle> recorded(RunHandle run, String how) {
    note.existing();
    return done(run, how);
  }

  private static CompletableFuture<RunHandle> fail(RuntimeException failure) {
    return CompletableFuture.failedFuture(failure);
  }

  /**
   * The key the {@code generation}th run of a caller's key carries to the backend: the key itself for
   * the first; after it {@code key#n~h}, where {@code h} is 16 hex digits of a SHA-256 of the scoped key
   * and {@code n}, so that no key a caller writes by hand names the run of another key's generation
   * (cut, keeping the suffix, to stay within the longest key).
   *
   * @param scopedKey the scoped key (target and caller's key)
   * @param key the caller's key
   * @param generation the run's generation
   * @return the key for that run
   */
  static String runKey(String scopedKey, String key, int generation) {
    if (generation == 1) {
      return key;
    }
    String suffix = "#" + generation + "~" + sha256(scopedKey + "\n" + generation).substring(0, 16);
    int room = StartRunRequest.MAX_IDEMPOTENCY_KEY_LENGTH - suffix.length();
    if (key.length() <= room) {
      return key + suffix;
    }
    int cut = Character.isHighSurrogate(key.charAt(room - 1)) ? room - 1 : room;
    return key.substring(0, cut) + suffix;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
