package io.wflaunch.spi;

import io.wflaunch.spi.support.ErrorTable;

import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The small pieces of one backend that the launcher's single start protocol is made of. The protocol
 * (look for the key, start once with it, settle an unknown outcome by looking again over a
 * consistency window, decide) is written once, in the launcher; an adapter only says how to prepare
 * a start, how to find a run by its key within a target, how to send the start exactly once (no SDK
 * retries), and what its service's errors mean.
 *
 * <p>Every operation returns a future: over a blocking client an already completed one, over a
 * non-blocking client one the client completes. Failures are returned raw (as the client threw them);
 * the protocol maps them with {@link #mapFailure}, with a context that says whether the start's outcome
 * is unknown.
 *
 * @param <P> the adapter's prepared start: the service request carrying the key, and what
 *     {@link #lookUp} needs to recognise the run
 */
public interface StartPrimitives<P> {

  /** What the service does with a second start that carries the same key (marker, id or token). */
  enum Dedupe {
    /**
     * Nothing: it starts another run, and only a look-up finds the first (a key carried as a run
     * property the service does not check, say). The
     * protocol never sends a start again before a look-up proved the first absent, and after a start
     * under a caller's key it reads until the run is visible to look-ups, so that a later start with
     * that key finds it even when the service's listing lags.
     */
    NONE,
    /**
     * It refuses a second start while a run with the same id is open, and says so
     * ({@link StartPrimitives#alreadyStarted}); once the first has closed it starts another (a
     * caller-chosen run id unique among open runs only). The protocol then looks the open run up.
     */
    WHILE_OPEN,
    /**
     * It answers a repeated token with the run it already started (a service's client tokens): the
     * protocol may send the same start again after an unknown outcome.
     */
    TOKEN
  }

  /**
   * What the service does with a repeated start of this prepared start's workflow (one backend can
   * have workflows of several kinds, say one kind whose runs are unique by name and one whose are not).
   *
   * @param prepared the prepared start
   * @return the service's deduplication
   */
  Dedupe dedupe(P prepared);

  /**
   * Whether {@link #lookUp} can find a run of this prepared start's workflow by its key. Without it the
   * protocol relies on {@link Dedupe#TOKEN}, or on nothing: after an unknown outcome it then reports
   * the failure with {@code outcomeUnknown()} rather than sending the start again.
   *
   * @param prepared the prepared start
   * @return true when look-ups work
   */
  boolean canLookUp(P prepared);

  /**
   * Prepares one start: builds the service request carrying {@code key} (as a marker, an id or a
   * token) and resolves what needs resolving (a workflow name, say). Reads only: its failures never
   * leave a run behind. Called once per start; every attempt sends the same prepared request.
   *
   * @param request a validated request
   * @param key the key this start carries
   * @return the prepared start
   */
  CompletableFuture<P> prepare(StartRunRequest request, StartKey key);

  /**
   * Looks for a run of the prepared start's target that carries its key. Reads only. May fail with a
   * {@link io.wflaunch.ConflictException} when the key (or the id derived from it) belongs to a run
   * that is not this start's to return, such as a run of another target.
   *
   * @param prepared the prepared start
   * @return the run, or empty when none is visible
   */
  CompletableFuture<Optional<RunHandle>> lookUp(P prepared);

  /**
   * Sends the start request once, with the client's own retries off.
   *
   * @param prepared the prepared start
   * @return the new run's handle (or, for {@link Dedupe#TOKEN}, the run the token already started)
   */
  CompletableFuture<RunHandle> startOnce(P prepared);

  /**
   * Maps a raw failure of {@link #prepare}, {@link #lookUp} or {@link #startOnce} to the exception to
   * report, built with {@code context} (which carries the outcome flag the protocol decided), as the
   * adapter's {@link ErrorTable} does.
   *
   * @param failure the raw failure
   * @param context what the start is about
   * @param operation {@link Operation#START} for the start request, {@link Operation#LOOK_UP} for reads
   * @return the exception to report
   */
  RuntimeException mapFailure(Throwable failure, ErrorContext context, Operation operation);

  /**
   * Whether a failure of {@link #startOnce} is the service saying that a run with this start's id is
   * already open ({@link Dedupe#WHILE_OPEN}). The protocol then looks it up: it is this start's run
   * when its key matches, and {@link #mapFailure} says what it is otherwise.
   *
   * @param failure the raw failure
   * @return true for "already started"; false by default
   */
  default boolean alreadyStarted(Throwable failure) {
    return false;
  }

  /**
   * Whether the id that {@link #alreadyStarted} is about comes from this start's key alone. For a key
   * only this call knows (one the protocol generated), an open run under such an id can only be this
   * call's own; under an id the caller chose (a run id given in the options), it can be anyone's,
   * and a refusal as "already started" then says nothing about this call's own start. The default says
   * the id comes from the key.
   *
   * @param prepared the prepared start
   * @return true when the id is derived from the key
   */
  default boolean idFromKey(P prepared) {
    return true;
  }
}
