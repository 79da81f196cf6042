package io.wflaunch.spi;

import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A backend over an in-memory fake of its service ({@link FakeBackendProvider}): the real adapter's
 * code, the fake's answers. Targets exist once {@linkplain #define defined}; their runs then go as the
 * definition says. Nothing leaves the process.
 */
public interface FakeBackend extends AutoCloseable {

  /**
   * How the runs of a defined target go: running for {@code runTime}, then succeeding, or failing with
   * {@code failure} as the reason.
   *
   * @param runTime how long each run runs
   * @param failure the reason each run fails with, or empty for runs that succeed
   */
  record Runs(Duration runTime, Optional<String> failure) {
    /**
     * Checks the parts.
     *
     * @param runTime how long each run runs
     * @param failure the reason each run fails with, or empty
     * @throws NullPointerException if a part is null
     * @throws IllegalArgumentException if {@code runTime} is negative
     */
    public Runs {
      Objects.requireNonNull(runTime, "runTime");
      Objects.requireNonNull(failure, "failure");
      if (runTime.isNegative()) {
        throw new IllegalArgumentException("runTime must not be negative");
      }
    }

    /**
     * Runs that succeed after {@code runTime}.
     *
     * @param runTime how long each run runs
     * @return the definition
     */
    public static Runs succeedAfter(Duration runTime) {
      return new Runs(runTime, Optional.empty());
    }

    /**
     * Runs that fail after {@code runTime} with {@code reason}.
     *
     * @param runTime how long each run runs
     * @param reason the failure's reason
     * @return the definition
     */
    public static Runs failAfter(Duration runTime, String reason) {
      return new Runs(runTime, Optional.of(reason));
    }
  }

  /**
   * The backend: the real adapter over the fake.
   *
   * @return the backend
   */
  WorkflowBackend backend();

  /**
   * Makes a target exist, unless it already does, with runs that go as {@code runs} says.
   *
   * @param target a target of this backend, checked by {@link WorkflowBackend#parseTarget}
   * @param runs how its runs go
   * @throws io.wflaunch.InvalidRequestException if the fake cannot hold such a target (a Step
   *     Functions ARN of another account, say)
   */
  void define(WorkflowTarget target, Runs runs);

  /**
   * A request that shows this backend at its best in a demo: a target, typical parameters and
   * options, and an idempotency key. The demo {@linkplain #define defines} its target.
   *
   * @return the request
   */
  StartRunRequest sampleRequest();

  /**
   * The service's own status text for a state, as {@link io.wflaunch.RunStatus#rawStatus()} shows it:
   * what local mode, which keeps runs outside the fake, reports for {@code RUNNING}, {@code SUCCEEDED},
   * {@code FAILED} and {@code CANCELLED}.
   *
   * @param state one of those four states
   * @return the service's text, such as {@code RUNNING} or {@code COMPLETED}
   */
  String rawStatus(io.wflaunch.RunState state);

  /**
   * The fake service behind the backend (its fake SDK client, say), for tests that script it beyond
   * {@link #define}. The default has none.
   *
   * @param type the fake's class
   * @param <T> that class
   * @return the fake, if it is of that class
   */
  default <T> java.util.Optional<T> service(Class<T> type) {
    return java.util.Optional.empty();
  }

  /**
   * Whether the service can stop runs ({@link WorkflowBackend#stop}); the default is true.
   *
   * @return whether runs can be stopped
   */
  default boolean stops() {
    return true;
  }

  /**
   * What the service keeps unique among open runs, for a run's handle: a second start whose run would
   * have the same value while the first is open is refused as a conflict (a service that keeps one open
   * run per caller-chosen id in a namespace, say). The default is empty: runs of a target may run side by
   * side.
   *
   * @param handle a run's handle
   * @return the value only one open run may have, if the service has such a rule
   */
  default java.util.Optional<String> openRunKey(io.wflaunch.RunHandle handle) {
    return java.util.Optional.empty();
  }

  /**
   * Whether the service accepts a stop of a run that has already ended, changing nothing, rather than
   * refusing it as a conflict; the default is false.
   *
   * @return whether a stop of an ended run is accepted
   */
  default boolean acceptsStopOfEndedRuns() {
    return false;
  }

  /**
   * What the service's statuses say of a run's workflow that its handle does not show, for local mode,
   * which keeps runs outside the fake: a service whose handles hold a generated workflow id, say, gives
   * the workflow's name the target named it by. The default has nothing.
   *
   * @param target the target the run was started for
   * @return details to add to the run's statuses, in order
   */
  default java.util.Map<String, String> targetDetails(WorkflowTarget target) {
    return java.util.Map.of();
  }

  /**
   * One handle for each run, for local mode, which keeps runs outside the fake and finds them by handle:
   * a service whose runs have two handle forms (a short form and an ARN, say) gives the same handle for
   * both forms of one run. The default is the handle itself.
   *
   * @param handle a handle the backend parses
   * @return the handle local mode compares runs by
   */
  default io.wflaunch.RunHandle canonical(io.wflaunch.RunHandle handle) {
    return handle;
  }

  /**
   * One target for each workflow, for local mode (see {@link #canonical(io.wflaunch.RunHandle)}): a
   * workflow named by name or by ARN gives one target. The default is the target itself.
   *
   * @param target a target the backend parses
   * @return the target local mode compares runs' targets by
   */
  default WorkflowTarget canonical(WorkflowTarget target) {
    return target;
  }

  /** Releases the fake; the default does nothing. */
  @Override
  default void close() {}
}
