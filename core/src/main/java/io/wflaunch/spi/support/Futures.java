package io.wflaunch.spi.support;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Small helpers for {@link java.util.concurrent.CompletableFuture} results, for adapters and the launcher. */
public final class Futures {

  private Futures() {}

  /**
   * The failure inside the {@link CompletionException} and {@link ExecutionException} wrappers.
   *
   * @param error a failure, possibly wrapped
   * @return the failure inside
   */
  public static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /**
   * Rethrows an unwrapped failure as it is when unchecked; wraps a checked one.
   *
   * @param error a failure, possibly wrapped
   * @return never returns; declared so that callers can write {@code throw Futures.rethrow(e)}
   */
  public static RuntimeException rethrow(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (cause instanceof Error fatal) {
      throw fatal;
    }
    throw new CompletionException(cause);
  }
}
