package io.wflaunch.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The documents a command holds back until a wait ends ({@code start --wait --json} prints one document
 * when the run has ended), with what to print instead if the process is ended first (Ctrl-C, SIGTERM):
 * one document per slot (a line of a request file, or the one run) saying what is known, so that a
 * handle is never lost. Exactly one of the two is printed.
 *
 * <p>Made before anything starts, so that the process can be ended at any moment: a slot whose start is
 * under way when the process is told to end is waited for, up to {@link #GRACE}, so that the handle it
 * returns is printed; and once ending, {@link #stopping()} is true, so that no new start begins.
 */
final class PendingOutput implements AutoCloseable {

  /** How long an ending process waits for the starts under way to return their handles. */
  static final Duration GRACE = Duration.ofSeconds(5);

  private final PrintWriter out;
  private final String[] fallbacks;
  private final boolean[] starting;
  private final Thread hook;
  private boolean settled;
  private volatile boolean stopping;

  /**
   * Holds output back until {@link #settle}, printing each slot's fallback document (see
   * {@link #fallback}) if the JVM shuts down first.
   *
   * @param out where both go
   * @param slots how many documents
   * @throws IllegalStateException if the JVM is already shutting down (then nothing should start)
   */
  PendingOutput(PrintWriter out, int slots) {
    this.out = Objects.requireNonNull(out, "out");
    this.fallbacks = new String[slots];
    this.starting = new boolean[slots];
    this.hook = new Thread(this::interrupted, "wflaunch-pending-output");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Sets what a slot prints if the process ends before {@link #settle}: its handle, its failed start, or
   * that it was not started.
   *
   * @param slot the slot
   * @param document one JSON document, or null for none
   */
  synchronized void fallback(int slot, String document) {
    fallbacks[slot] = document;
  }

  /**
   * A slot's start begins (if the process ends now, its end is waited for, up to {@link #GRACE}) or has
   * returned.
   *
   * @param slot the slot
   * @param underWay whether the start is under way
   */
  synchronized void starting(int slot, boolean underWay) {
    starting[slot] = underWay;
    notifyAll();
  }

  /**
   * Whether the process is ending: no new start should begin.
   *
   * @return true once the process is told to end
   */
  boolean stopping() {
    return stopping;
  }

  /**
   * Prints the final documents, unless the process is ending and printed the fallbacks.
   *
   * @param documents the documents, in order; a null one is replaced by its slot's fallback
   * @return true if they were printed
   */
  synchronized boolean settle(List<String> documents) {
    if (settled) {
      return false;
    }
    settled = true;
    notifyAll();
    for (int i = 0; i < documents.size(); i++) {
      String document = documents.get(i) != null ? documents.get(i) : i < fallbacks.length ? fallbacks[i] : null;
      if (document != null) {
        out.println(document);
      }
    }
    out.flush();
    return true;
  }

  private synchronized void interrupted() {
    stopping = true;
    long deadline = System.nanoTime() + GRACE.toNanos();
    try {
      for (long left = GRACE.toNanos(); !settled && anyStarting() && left > 0; left = deadline - System.nanoTime()) {
        wait(Math.max(1, left / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    settle(new ArrayList<>(Arrays.asList(new String[fallbacks.length])));
  }

  private boolean anyStarting() {
    for (boolean underWay : starting) {
      if (underWay) {
        return true;
      }
    }
    return false;
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
