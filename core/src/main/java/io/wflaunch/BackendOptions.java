package io.wflaunch;

/**
 * Marker for a backend's own start options, such as the SWF adapter's {@code SwfOptions} or the Glue
 * adapter's {@code GlueOptions}. A {@link StartRunRequest} carries at most one; core never looks
 * inside. An adapter refuses options of a type that is not its own as an invalid request (field
 * {@code options}) rather than ignoring them.
 */
public interface BackendOptions {}
