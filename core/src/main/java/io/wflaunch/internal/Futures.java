package io.wflaunch.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Small helpers for {@link java.util.concurrent.CompletableFuture} results. */
public final class Futures {

  private Futures() {}

  /** The failure inside the {@link CompletionException} and {@link ExecutionException} wrappers. */
  public static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Rethrows an unwrapped failure as it is when unchecked; wraps a checked one. */
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
