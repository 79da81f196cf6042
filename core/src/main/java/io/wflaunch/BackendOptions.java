package io.wflaunch;

/**
 * Marker for a backend's own start options, such as the SWF adapter's {@code SwfOptions} or the Glue
 * adapter's {@code GlueOptions}. A {@link StartRunRequest} carries at most one; core never looks
 * inside, except to hash its {@link #fingerprint()} for an idempotency key's request. An adapter refuses options of a type that is not its own as an invalid request (field
 * {@code options}) rather than ignoring them.
 */
public interface BackendOptions {
  /**
   * Every value of these options in a stable text form, which an idempotency store hashes (and never
   * stores) to tell a key's request from a different one. Records inherit a complete form from their
   * {@code toString()}; options whose {@code toString()} hides values must override this.
   *
   * @return the values as text; equal options give equal text
   */
  default String fingerprint() {
    return toString();
  }
}
