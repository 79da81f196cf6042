package io.wflaunch;

/**
 * Marker for a backend's own start options, a type each adapter that takes options defines (a record
 * of the settings its service's start call accepts beyond parameters and input). A
 * {@link StartRunRequest} carries at most one; core never looks inside, except to hash its
 * {@link #fingerprint()} for an idempotency key's request. An adapter refuses options of a type that
 * is not its own as an invalid request (field {@code options}) rather than ignoring them.
 */
public interface BackendOptions {
  /**
   * Every value of these options in a stable, unambiguous text form, which an idempotency store hashes
   * (and never stores) to tell a key's request from a different one. For a record: each component in
   * order (maps in key order, collections in order, optionals and nested records alike), whatever its
   * {@code toString()} shows; for other classes, {@code toString()}, which they should override with
   * every value if they do not override this.
   *
   * @return the values as text; equal options give equal text, different options different text
   */
  default String fingerprint() {
    return getClass().isRecord() ? io.wflaunch.internal.Fingerprints.of(this) : toString();
  }
}
