package io.wflaunch.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * The documents a command holds back until a wait ends ({@code start --wait --json} prints one document
 * when the run has ended), with what to print instead if the process is ended first (Ctrl-C): documents
 * that hold the handles, so that a handle is never lost. Exactly one of the two is printed.
 */
final class PendingOutput implements AutoCloseable {

  private final PrintWriter out;
  private final List<String> onInterrupt;
  private final Thread hook;
  private boolean settled;

  /**
   * Holds output back until {@link #claim()}, printing {@code onInterrupt} if the JVM shuts down first.
   *
   * @param out where both go
   * @param onInterrupt the documents to print if the process ends before the wait did, one per line
   */
  PendingOutput(PrintWriter out, List<String> onInterrupt) {
    this.out = out;
    this.onInterrupt = List.copyOf(onInterrupt);
    this.hook = new Thread(this::interrupted, "wflaunch-pending-output");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Takes the right to print the final documents.
   *
   * @return true the first time, unless the process is already shutting down and printed the
   *     interrupted documents
   */
  synchronized boolean claim() {
    if (settled) {
      return false;
    }
    settled = true;
    return true;
  }

  private void interrupted() {
    if (claim()) {
      onInterrupt.forEach(out::println);
      out.flush();
    }
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook runs or has run; nothing to remove.
    }
  }
}
