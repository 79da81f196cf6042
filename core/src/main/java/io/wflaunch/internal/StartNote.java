package io.wflaunch.internal;

/**
 * What a start learned on its way that its handle does not say: whether the run it returns was there
 * before it (found by its key, or recorded for the key) rather than started by it. Written by the start
 * protocol and the idempotent start, read by the launcher's observers once the start has ended.
 */
public final class StartNote {
  private volatile boolean existing;
  private volatile java.util.function.Supplier<io.wflaunch.spi.LaunchObserver.Scope> scopes =
      () -> io.wflaunch.spi.LaunchObserver.Scope.NONE;

  /**
   * Makes each step of the start (each request it sends, on whatever thread) run within the
   * observation's scope, so that a tracing context follows the start onto SDK and timer threads.
   *
   * @param scopes opens the observation's scope on the calling thread
   * @return this note
   */
  public StartNote within(java.util.function.Supplier<io.wflaunch.spi.LaunchObserver.Scope> scopes) {
    this.scopes = scopes;
    return this;
  }

  /** Opens the observation's scope on the calling thread, for one step. */
  io.wflaunch.spi.LaunchObserver.Scope open() {
    return scopes.get();
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
