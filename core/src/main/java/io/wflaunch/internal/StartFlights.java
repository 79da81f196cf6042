package io.wflaunch.internal;

import io.wflaunch.spi.support.Futures;

import io.wflaunch.CancelledException;
import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.spi.support.RequestHash;
import io.wflaunch.spi.support.UserText;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The starts in progress in one launcher. Concurrent starts with the same target and idempotency key
 * share one flight: the first caller runs the start, the later ones wait for its outcome and get the same
 * handle or the same failure, so that one process never sends two starts for a key at once, with or
 * without an idempotency store. A flight leaves the table when its start completes, so the table holds
 * only starts in progress. Keyless starts have flights of their own, outside the key table, so that
 * closing the launcher finds every start in progress.
 *
 * <p>A flight stops sending (its {@link Flight#watch} is cancelled) only when every caller that joined
 * it has left (cancelled its future); a caller that leaves alone does not stop the others' start.
 */
final class StartFlights {

  /** The scope of a key: the target (which begins with the backend id) and the caller's key. */
  private record Key(String target, String key) {}

  private final ConcurrentMap<Object, Flight> flights = new ConcurrentHashMap<>();

  /** One start in progress and the callers waiting for it. */
  static final class Flight {
    private final Object key;
    final StartRunRequest request;
    final StartNote note;
    /** The start's outcome, completed once the flight has left the table. */
    final CompletableFuture<RunHandle> outcome = new CompletableFuture<>();
    /** Cancelled when every caller has left: the start then sends nothing more. */
    final CompletableFuture<Void> watch = new CompletableFuture<>();
    private int callers = 1;

    private Flight(Object key, StartRunRequest request, StartNote note) {
      this.key = key;
      this.request = request;
      this.note = note;
    }

    /** Joins unless every caller has left (the start then stops before its next request). */
    private synchronized boolean join() {
      if (callers == 0) {
        return false;
      }
      callers++;
      return true;
    }

    /** A caller gives up waiting; the last one to leave stops the start before its next request. */
    void leave() {
      boolean last;
      synchronized (this) {
        last = callers > 0 && --callers == 0;
      }
      if (last) {
        watch.cancel(false);
      }
    }
  }

  /**
   * A caller's place in a flight.
   *
   * @param flight the flight
   * @param leader whether this caller runs the start
   * @param joined whether this caller waits for the flight's outcome as its own; false for a flight
   *     every caller had left, which the caller only waits out before starting the key afresh
   */
  record Seat(Flight flight, boolean leader, boolean joined) {}

  /**
   * Joins the flight of the request's key, or begins one whose start this caller runs.
   *
   * @param request a validated request
   * @param note the caller's note, the flight's own if it leads
   * @return the caller's seat
   * @throws ConflictException if a start of the same key with a different request is in progress
   */
  Seat enter(StartRunRequest request, StartNote note) {
    if (request.idempotencyKey().isEmpty()) {
      Object own = new Object();
      Flight flight = new Flight(own, request, note);
      flights.put(own, flight);
      return new Seat(flight, true, true);
    }
    Key key = new Key(request.target().toString(), request.idempotencyKey().get());
    Flight mine = new Flight(key, request, note);
    Flight current = flights.putIfAbsent(key, mine);
    if (current == null) {
      return new Seat(mine, true, true);
    }
    if (!sameRequest(current.request, request)) {
      throw new ConflictException(ErrorContext.of(request.target()), "idempotency key "
          + UserText.quote(key.key()) + " is being started by another call of this launcher with a different "
          + "request (other parameters, input or options)", null);
    }
    return new Seat(current, false, current.join());
  }

  /**
   * Ends a flight with its start's outcome: it leaves the table first, so that a start of the key that
   * begins after its callers have their answer begins a flight of its own.
   */
  void finish(Flight flight, RunHandle handle, Throwable failure) {
    flights.remove(flight.key, flight);
    if (failure != null) {
      flight.outcome.completeExceptionally(Futures.unwrap(failure));
    } else {
      flight.outcome.complete(handle);
    }
  }

  /**
   * Ends every flight in progress: each stops sending, and its callers get a {@link CancelledException}
   * that says whether a start request may have started a run.
   */
  void closeAll() {
    for (Flight flight : List.copyOf(flights.values())) {
      flight.watch.cancel(false);
      flights.remove(flight.key, flight);
      flight.outcome.completeExceptionally(closed(flight));
    }
  }

  /** How many starts are in progress. */
  int size() {
    return flights.size();
  }

  static CancelledException closed(Flight flight) {
    // Read after the watch was cancelled: a request sent before it counts (the protocol marks the note
    // before it checks the watch).
    return new CancelledException(ErrorContext.of(flight.request.target()).withOutcomeUnknown(
        flight.note.mayHaveStarted()), "the launcher was closed during the start"
        + (flight.note.mayHaveStarted() ? "; a start request had been sent, so a run may exist" : "; no run was started"),
        null);
  }

  /**
   * Whether two requests with the same key ask for the same run: equal, or with equal request hashes
   * (options without {@code equals} are compared by their fingerprint).
   */
  private static boolean sameRequest(StartRunRequest a, StartRunRequest b) {
    if (a.equals(b)) {
      return true;
    }
    try {
      return Objects.equals(RequestHash.of(a), RequestHash.of(b));
    } catch (RuntimeException | StackOverflowError unreadable) {
      return false;
    }
  }

  /**
   * What a caller that joined a flight is told when the flight failed: the same failure, except that a
   * start its own caller cancelled after a request whose outcome is unknown is reported as such, not
   * as a cancel of this caller.
   */
  static RuntimeException forJoiner(Throwable failure, StartRunRequest request) {
    Throwable raw = Futures.unwrap(failure);
    if (raw instanceof CancelledException cancelled) {
      return new WorkflowLaunchException(ErrorContext.of(request.target()).withOutcomeUnknown(cancelled.outcomeUnknown()),
          "another call of this launcher was starting the same key and was cancelled"
              + (cancelled.outcomeUnknown() ? " after a start request whose outcome is unknown: a run may exist; start "
              + "again with the key to find it" : ""), true, raw);
    }
    return raw instanceof RuntimeException runtime ? runtime
        : new WorkflowLaunchException(ErrorContext.of(request.target()), String.valueOf(raw), false, raw);
  }

  /** Whether a joiner may start the key itself after the flight it joined failed: nothing was sent. */
  static boolean retryAfter(Throwable failure) {
    return Futures.unwrap(failure) instanceof CancelledException cancelled && !cancelled.outcomeUnknown();
  }
}
