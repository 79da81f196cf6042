package io.wflaunch;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one request of {@link WorkflowLauncher#startAll}: the run's handle, or the failure.
 *
 * @param index the request's position among those given, from 0
 * @param request the request
 * @param handle the run's handle, when it started (or a keyed start found its run)
 * @param error the failure, when it did not; its {@link WorkflowLaunchException#outcomeUnknown()} says
 *     whether a run may exist anyway
 */
public record StartResult(int index, StartRunRequest request, Optional<RunHandle> handle,
    Optional<WorkflowLaunchException> error) {

  /**
   * Checks the values.
   *
   * @param index the position
   * @param request the request
   * @param handle the handle
   * @param error the failure
   * @throws IllegalArgumentException unless exactly one of {@code handle} and {@code error} is present
   */
  public StartResult {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(handle, "handle");
    Objects.requireNonNull(error, "error");
    if (handle.isPresent() == error.isPresent()) {
      throw new IllegalArgumentException("a start result holds a handle or an error, not both or neither");
    }
  }

  /**
   * Whether the run started.
   *
   * @return true when there is a handle
   */
  public boolean started() {
    return handle.isPresent();
  }
}
