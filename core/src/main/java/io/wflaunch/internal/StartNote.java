package io.wflaunch.internal;

/**
 * What the launcher and the steps of one start tell each other. Set by the launcher before the start:
 * the observation's scope, and whether an idempotency store records the start's handle. Learned on the
 * way, which its handle does not say: whether the run it returns was there before it (found by its
 * key, or recorded for the key) rather than started by it, written by the start protocol and the
 * idempotent start and read by the launcher's observers once the start has ended.
 */
public final class StartNote {
  private volatile boolean existing;
  private volatile boolean recordedByStore;
  private volatile boolean mayHaveStarted;
  private volatile java.util.function.Supplier<java.util.concurrent.CompletableFuture<Void>> beforeStart =
      () -> java.util.concurrent.CompletableFuture.completedFuture(null);
  private volatile java.util.function.Supplier<java.util.concurrent.CompletableFuture<?>> deferredConfirmation =
      () -> java.util.concurrent.CompletableFuture.completedFuture(null);
  private volatile java.util.function.Supplier<io.wflaunch.spi.observe.LaunchObserver.Scope> scopes =
      () -> io.wflaunch.spi.observe.LaunchObserver.Scope.NONE;

  /**
   * Makes each step of the start (each request it sends, on whatever thread) run within the
   * observation's scope, so that a tracing context follows the start onto SDK and timer threads.
   *
   * @param scopes opens the observation's scope on the calling thread
   * @return this note
   */
  public StartNote within(java.util.function.Supplier<io.wflaunch.spi.observe.LaunchObserver.Scope> scopes) {
    this.scopes = scopes;
    return this;
  }

  /** Opens the observation's scope on the calling thread, for one step. */
  io.wflaunch.spi.observe.LaunchObserver.Scope open() {
    return scopes.get();
  }

  /**
   * Says that an idempotency store records the start's handle for its key, and later starts with the
   * key read that record before any look-up: the start protocol then leaves its reads of the service's
   * listing after the start (until the run shows there) to the recorder, which runs them only when
   * recording fails ({@link #confirmDeferred()}).
   *
   * @return this note
   */
  StartNote recordedByStore() {
    recordedByStore = true;
    return this;
  }

  /** The protocol's reads until its run shows in the listing, left to the store's recorder. */
  void deferConfirmation(java.util.function.Supplier<java.util.concurrent.CompletableFuture<?>> confirmation) {
    deferredConfirmation = confirmation;
  }

  /**
   * Runs the reads the protocol left to the recorder (nothing if it left none), for a run whose record
   * failed: the next start with the key, once the claim's lease ended, finds the run only by looking.
   *
   * @return completes when the reads are over, whatever they found
   */
  java.util.concurrent.CompletableFuture<?> confirmDeferred() {
    return deferredConfirmation.get().handle((found, failure) -> null);
  }

  /**
   * Sets the check that runs before each start request the protocol sends (an idempotency store's lease
   * check and renewal); when its future fails, the request is not sent and the start fails with it.
   *
   * @param check the check
   */
  void guardEachStart(java.util.function.Supplier<java.util.concurrent.CompletableFuture<Void>> check) {
    beforeStart = check;
  }

  /** Runs the check before a start request. */
  java.util.concurrent.CompletableFuture<Void> beforeStart() {
    return beforeStart.get();
  }

  /**
   * Notes whether a start request of this call may have started a run that the call has not yet
   * reported: true while a request is out and after one whose outcome is unknown, false again once a
   * look-up proved it absent.
   */
  void mayHaveStarted(boolean value) {
    mayHaveStarted = value;
  }

  /**
   * Whether a start request of this call may have started a run: what a failure reported for the call
   * from outside the protocol (the launcher closing) must say.
   *
   * @return true when a run may exist
   */
  public boolean mayHaveStarted() {
    return mayHaveStarted;
  }

  /** Whether an idempotency store records the start's handle. */
  boolean isRecordedByStore() {
    return recordedByStore;
  }

  /** The start returns a run that was there before it. */
  void existing() {
    existing = true;
  }

  /**
   * Whether the start's run was there before the start.
   *
   * @return true for a run found or recorded, false for a run this start started
   */
  public boolean isExisting() {
    return existing;
  }
}
