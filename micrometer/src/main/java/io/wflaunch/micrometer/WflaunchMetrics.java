package io.wflaunch.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.RunTracker;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.events.EventOutcome;
import io.wflaunch.spi.observe.LaunchCall;
import io.wflaunch.spi.observe.LaunchObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes what a launcher does as Micrometer meters. Register it on the launcher's builder:
 *
 * <pre>{@code
 * WorkflowLauncher launcher = WorkflowLauncher.builder()
 *     .backend(backend)
 *     .observer(WflaunchMetrics.create(meterRegistry))
 *     .build();
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@value #CALLS}</td><td>timer</td><td>backend, operation, outcome</td></tr>
 *   <tr><td>{@value #STARTS}</td><td>counter</td><td>backend, keyed, result</td></tr>
 *   <tr><td>{@value #RUNS_COMPLETED}</td><td>counter</td><td>backend, state</td></tr>
 *   <tr><td>{@value #RUN_DURATION}</td><td>timer</td><td>backend, state</td></tr>
 *   <tr><td>{@value #RUNS_TRACKED}</td><td>gauge</td><td>backend</td></tr>
 *   <tr><td>{@value #POLLS}</td><td>function counter</td><td>backend</td></tr>
 *   <tr><td>{@value #EVENTS_RECEIVED}</td><td>counter</td><td>type</td></tr>
 *   <tr><td>{@value #EVENTS}</td><td>counter</td><td>type, outcome</td></tr>
 *   <tr><td>{@value #EVENT_NOTICE_LATENCY}</td><td>timer</td><td>backend</td></tr>
 *   <tr><td>{@value #SAFETY_POLLS}</td><td>counter</td><td>backend</td></tr>
 * </table>
 *
 * <p>The last four are there when the launcher takes run events
 * ({@link io.wflaunch.WorkflowLauncher.Builder#runEvents}): {@code type} is the backend type whose engine
 * published an event ({@value #UNKNOWN_TYPE} for a malformed one no installed engine publishes), and an
 * event's {@code outcome} is {@code matched}, {@code stale} or {@code malformed}. Like the other timers,
 * {@value #EVENT_NOTICE_LATENCY} publishes no percentiles of its own; a {@code MeterFilter} (or Spring
 * Boot's {@code management.metrics.distribution.*}) adds them.
 *
 * <p>Every tag value comes from a small fixed set (backend ids are the launcher's own): no workflow
 * name, run id, key or parameter is ever a tag, unless {@link Builder#workflowTag(boolean)} adds the
 * workflow to the call and start meters.
 */
public final class WflaunchMetrics implements LaunchObserver {

  /**
   * Each launcher call: start, get_run, get_runs, stop, list_runs, retry; with its outcome. The stop a
   * wait sends when it gives up on a run ({@link io.wflaunch.WaitOptions#stopOnGiveUp()}) counts as a
   * stop call.
   */
  public static final String CALLS = "wflaunch.calls";
  /** Each start, by whether it was keyed and what it did. */
  public static final String STARTS = "wflaunch.starts";
  /** Each run a wait saw end, by its terminal state. */
  public static final String RUNS_COMPLETED = "wflaunch.runs.completed";
  /** How long the runs a wait saw end ran, by terminal state (runs whose backend gives both times). */
  public static final String RUN_DURATION = "wflaunch.run.duration";
  /** How many runs the launcher's tracker follows now. */
  public static final String RUNS_TRACKED = "wflaunch.runs.tracked";
  /** How many read requests the launcher's tracker has sent. */
  public static final String POLLS = "wflaunch.polls";

  /** Each run event the launcher received, by the backend type whose engine published it. */
  public static final String EVENTS_RECEIVED = "wflaunch.events.received";
  /** Each run event the launcher received, by type and by what the launcher made of it. */
  public static final String EVENTS = "wflaunch.events";
  /**
   * From an event's time (as the event gives it, to the second) to the end of the wait it ended, once per
   * wait an event ended.
   */
  public static final String EVENT_NOTICE_LATENCY = "wflaunch.events.notice.latency";
  /** Each read of a run on an engine with events made by the safety poll rather than on an event. */
  public static final String SAFETY_POLLS = "wflaunch.events.safety.polls";

  /** The {@code type} of a malformed event whose source no installed engine publishes. */
  public static final String UNKNOWN_TYPE = "unknown";

  /** The {@code outcome} of a call that succeeded. */
  public static final String SUCCESS = "success";
  /** The {@code workflow} tag's value on calls that name no workflow. */
  public static final String NO_WORKFLOW = "none";

  private final MeterRegistry registry;
  private final Tags common;
  private final boolean workflowTag;

  private WflaunchMetrics(Builder builder) {
    this.registry = builder.registry;
    this.common = builder.tags;
    this.workflowTag = builder.workflowTag;
  }

  /**
   * Metrics in {@code registry}, with the default tags.
   *
   * @param registry where the meters go
   * @return the observer to register on a launcher's builder
   */
  public static WflaunchMetrics create(MeterRegistry registry) {
    return builder(registry).build();
  }

  /**
   * Metrics in {@code registry}, to configure.
   *
   * @param registry where the meters go
   * @return the builder
   */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  /**
   * Registers the gauge of tracked runs and the counter of polls per backend of {@code launcher}.
   * Launchers on one registry (through this observer or another) share a backend's two meters, which
   * add up their trackers.
   *
   * @param launcher the launcher built with this observer
   */
  @Override
  public void launcherBuilt(WorkflowLauncher launcher) {
    RunTracker tracker = launcher.tracker();
    Map<Tags, TrackerMeters> shared = sharedOf(registry);
    for (String backend : launcher.backendIds()) {
      Tags tags = common.and("backend", backend);
      shared.compute(tags, (key, meters) -> {
        TrackerMeters joined = meters != null ? meters : new TrackerMeters(registry, backend, tags);
        joined.trackers.add(tracker);
        return joined;
      });
    }
  }

  /**
   * Takes {@code launcher}'s tracker out of its backends' meters, and removes the meters of a backend no
   * open launcher has.
   *
   * @param launcher the closed launcher
   */
  @Override
  public void launcherClosed(WorkflowLauncher launcher) {
    RunTracker tracker = launcher.tracker();
    Map<Tags, TrackerMeters> shared = sharedOf(registry);
    for (String backend : launcher.backendIds()) {
      shared.computeIfPresent(common.and("backend", backend), (key, meters) -> {
        synchronized (meters.trackers) {
          if (meters.trackers.remove(tracker)) {
            meters.retiredPolls.addAndGet(tracker.requestsSent(backend));
          }
        }
        if (meters.trackers.isEmpty()) {
          meters.meters.forEach(registry::remove);
          return null;
        }
        return meters;
      });
    }
  }

  /** The tracker meters of each registry, by their tags: a registry keeps one meter per name and tags. */
  private static final Map<MeterRegistry, Map<Tags, TrackerMeters>> SHARED =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  private static Map<Tags, TrackerMeters> sharedOf(MeterRegistry registry) {
    return SHARED.computeIfAbsent(registry, r -> new ConcurrentHashMap<>());
  }

  /** A backend's tracker meters, over the trackers of every open launcher that has the backend. */
  private static final class TrackerMeters {
    final String backend;
    // Weakly: a launcher that is never closed must not keep its tracker, and through it the registry.
    final Set<RunTracker> trackers = java.util.Collections.synchronizedSet(
        java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));
    final AtomicLong retiredPolls = new AtomicLong();
    final AtomicLong highestPolls = new AtomicLong();
    final List<Meter> meters = new ArrayList<>();

    TrackerMeters(MeterRegistry registry, String backend, Tags tags) {
      this.backend = backend;
      meters.add(Gauge.builder(RUNS_TRACKED, this, TrackerMeters::tracked)
          .description("Runs the launcher's tracker follows now")
          .tags(tags)
          .strongReference(true)
          .register(registry));
      meters.add(FunctionCounter.builder(POLLS, this, TrackerMeters::polls)
          .description("Read requests the launcher's tracker has sent")
          .tags(tags)
          .register(registry));
    }

    double tracked() {
      synchronized (trackers) {
        return trackers.stream().mapToInt(tracker -> tracker.trackedRuns(backend)).sum();
      }
    }

    /** Never less than an earlier answer: a launcher closing or collected between two reads lowers no count. */
    double polls() {
      long live;
      synchronized (trackers) {
        live = trackers.stream().mapToLong(tracker -> tracker.requestsSent(backend)).sum();
      }
      return highestPolls.accumulateAndGet(retiredPolls.get() + live, Math::max);
    }
  }

  @Override
  public Observation callStarted(LaunchCall call) {
    Timer.Sample sample = Timer.start(registry);
    return new Observation() {
      @Override
      public void succeeded(Optional<RunHandle> run, boolean existing) {
        ended(call, sample, SUCCESS, existing ? "existing" : "started");
      }

      @Override
      public void failed(Throwable failure) {
        ended(call, sample, LaunchObserver.kindOf(failure),
            LaunchObserver.outcomeUnknown(failure) ? "outcome_unknown" : "failed");
      }
    };
  }

  private void ended(LaunchCall call, Timer.Sample sample, String outcome, String startResult) {
    Tags tags = common.and("backend", call.backend());
    if (workflowTag) {
      tags = tags.and("workflow", call.target().map(WflaunchMetrics::workflowOf).orElse(NO_WORKFLOW));
    }
    sample.stop(Timer.builder(CALLS)
        .description("Launcher calls, by operation and outcome")
        .tags(tags.and("operation", call.operation().name().toLowerCase(Locale.ROOT), "outcome", outcome))
        .register(registry));
    if (call.operation() == io.wflaunch.spi.Operation.START) {
      Counter.builder(STARTS)
          .description("Starts, by whether they were keyed and what they did")
          .tags(tags.and("keyed", Boolean.toString(call.keyed()), "result", startResult))
          .register(registry)
          .increment();
    }
  }

  @Override
  public void runEnded(RunStatus status) {
    Tags tags = common.and("backend", status.handle().backend(),
        "state", status.state().name().toLowerCase(Locale.ROOT));
    Counter.builder(RUNS_COMPLETED)
        .description("Runs a wait saw end, by terminal state")
        .tags(tags)
        .register(registry)
        .increment();
    status.duration().filter(duration -> !duration.isNegative()).ifPresent(duration -> Timer.builder(RUN_DURATION)
        .description("How long the runs a wait saw end ran")
        .tags(tags)
        .register(registry)
        .record(duration));
  }

  @Override
  public void runEvent(String type, EventOutcome outcome) {
    Tags tags = common.and("type", type);
    Counter.builder(EVENTS_RECEIVED)
        .description("Run events received, by the backend type whose engine published them")
        .tags(tags)
        .register(registry)
        .increment();
    Counter.builder(EVENTS)
        .description("Run events received, by what the launcher made of them")
        .tags(tags.and("outcome", outcome.name().toLowerCase(Locale.ROOT)))
        .register(registry)
        .increment();
  }

  @Override
  public void eventNoticed(RunStatus status, Duration latency) {
    Timer.builder(EVENT_NOTICE_LATENCY)
        .description("From a run event's time to the end of the wait it ended")
        .tags(common.and("backend", status.handle().backend()))
        .register(registry)
        .record(latency.isNegative() ? Duration.ZERO : latency);
  }

  @Override
  public void safetyPolled(String backendId, int runs) {
    Counter.builder(SAFETY_POLLS)
        .description("Reads of runs on engines with events made by the safety poll, not on an event")
        .tags(common.and("backend", backendId))
        .register(registry)
        .increment(runs);
  }

  private static String workflowOf(WorkflowTarget target) {
    return target.toString().substring(target.backend().length() + 1);
  }

  /** Configures {@link WflaunchMetrics}. */
  public static final class Builder {
    private final MeterRegistry registry;
    private Tags tags = Tags.empty();
    private boolean workflowTag;

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Tags every meter carries as well (an application name, say).
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder tags(Iterable<io.micrometer.core.instrument.Tag> tags) {
      this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
      return this;
    }

    /**
     * Whether {@value #CALLS} and {@value #STARTS} carry a {@code workflow} tag: the target's workflow
     * (its text after the backend id) for calls that name one, {@value #NO_WORKFLOW} otherwise. Off
     * by default: with many workflows it makes many time series.
     *
     * @param workflowTag true to add the tag
     * @return this builder
     */
    public Builder workflowTag(boolean workflowTag) {
      this.workflowTag = workflowTag;
      return this;
    }

    /**
     * Builds the observer.
     *
     * @return the observer to register on a launcher's builder
     */
    public WflaunchMetrics build() {
      return new WflaunchMetrics(this);
    }
  }
}
