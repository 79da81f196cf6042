package io.wflaunch.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.spi.events.EventOutcome;
import io.wflaunch.spi.observe.LaunchCall;
import io.wflaunch.spi.observe.LaunchObserver;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * One OpenTelemetry span per launcher call, and the run-event metrics. Register it on the launcher's
 * builder:
 *
 * <pre>{@code
 * WorkflowLauncher launcher = WorkflowLauncher.builder()
 *     .backend(backend)
 *     .observer(WflaunchTracing.create(openTelemetry))
 *     .build();
 * }</pre>
 *
 * <p>A span is named {@code wflaunch.<operation>} ({@code wflaunch.start}, {@code wflaunch.get_run},
 * {@code wflaunch.get_runs}, {@code wflaunch.stop}, {@code wflaunch.list_runs}, {@code wflaunch.retry}),
 * is a child of the context current when the call was made, and carries {@value #BACKEND_KEY},
 * {@value #TARGET_KEY} (when the call names a workflow), {@value #RUN_KEY} (the run it names, or the run
 * a start returned), {@value #KEYED_KEY} and {@value #EXISTING_KEY} for starts, {@value #RERUN_KEY} for a
 * retry (the re-run's handle: the run's own for a re-run in place), and on failure the status ERROR,
 * {@code error.type} (the failure's kind), {@value #OUTCOME_UNKNOWN_KEY} and the exception as an
 * event. The span is current while the call makes its SDK requests (on the calling thread, and on the
 * launcher's executor for async calls), so an instrumented SDK client (the OpenTelemetry AWS SDK
 * instrumentation's execution interceptor) makes its request spans children of it. Idempotency keys
 * and parameters are never attributes. The stop a wait sends when it gives up on a run
 * ({@link io.wflaunch.WaitOptions#stopOnGiveUp()}) is a {@code wflaunch.stop} span of its own.
 *
 * <p>When the launcher takes run events ({@link io.wflaunch.WorkflowLauncher.Builder#runEvents}), it
 * records them through the OpenTelemetry's meter provider, with the same instrumentation scope. Events
 * arrive on the event source's own thread, outside any call, so they are metrics rather than span
 * events:
 *
 * <table>
 *   <caption>Metrics</caption>
 *   <tr><th>name</th><th>instrument</th><th>unit</th><th>attributes</th></tr>
 *   <tr><td>{@value #EVENTS_RECEIVED}</td><td>counter</td><td>{@code {event}}</td><td>{@value #TYPE_KEY}</td></tr>
 *   <tr><td>{@value #EVENTS}</td><td>counter</td><td>{@code {event}}</td>
 *       <td>{@value #TYPE_KEY}, {@value #EVENT_OUTCOME_KEY}</td></tr>
 *   <tr><td>{@value #EVENT_NOTICE_LATENCY}</td><td>histogram</td><td>{@code s}</td><td>{@value #BACKEND_KEY}</td></tr>
 *   <tr><td>{@value #SAFETY_POLLS}</td><td>counter</td><td>{@code {run}}</td><td>{@value #BACKEND_KEY}</td></tr>
 * </table>
 *
 * <p>{@value #TYPE_KEY} is the backend type whose engine published an event ({@code unknown} for a
 * malformed one no installed engine publishes); {@value #EVENT_OUTCOME_KEY} is {@code matched},
 * {@code stale} or {@code malformed}. The latency runs from an event's time (to the second, as the event
 * gives it) to the end of the wait it ended, once per such wait; its buckets advise boundaries from
 * 50 ms to 5 minutes, the default safety interval. The safety-poll counter adds one per run a safety poll
 * read.
 */
public final class WflaunchTracing implements LaunchObserver {

  /** The instrumentation scope name the tracer is created with. */
  public static final String INSTRUMENTATION_NAME = "io.wflaunch";
  /** The attribute naming the backend id. */
  public static final String BACKEND_KEY = "wflaunch.backend";
  /** The attribute naming the workflow target. */
  public static final String TARGET_KEY = "wflaunch.target";
  /** The attribute naming the run handle. */
  public static final String RUN_KEY = "wflaunch.run";
  /** The attribute saying whether a start carried an idempotency key. */
  public static final String KEYED_KEY = "wflaunch.keyed";
  /** The attribute saying whether a start's run was there before it. */
  public static final String EXISTING_KEY = "wflaunch.existing";
  /** The attribute naming the handle a retry returned. */
  public static final String RERUN_KEY = "wflaunch.rerun";
  /** The attribute saying whether a failed call may have taken effect. */
  public static final String OUTCOME_UNKNOWN_KEY = "wflaunch.outcome_unknown";

  /** Counts each run event received, by {@value #TYPE_KEY}. */
  public static final String EVENTS_RECEIVED = "wflaunch.events.received";
  /** Counts each run event received, by {@value #TYPE_KEY} and {@value #EVENT_OUTCOME_KEY}. */
  public static final String EVENTS = "wflaunch.events";
  /** The seconds from an event's time to the end of the wait it ended, by {@value #BACKEND_KEY}. */
  public static final String EVENT_NOTICE_LATENCY = "wflaunch.events.notice.latency";
  /** Counts each run a safety poll read (not on an event), by {@value #BACKEND_KEY}. */
  public static final String SAFETY_POLLS = "wflaunch.events.safety.polls";
  /** The attribute naming the backend type whose engine published an event. */
  public static final String TYPE_KEY = "wflaunch.type";
  /** The attribute saying what the launcher made of an event: matched, stale or malformed. */
  public static final String EVENT_OUTCOME_KEY = "wflaunch.event_outcome";

  /** The latency histogram's advised bucket boundaries, in seconds. */
  private static final List<Double> LATENCY_BUCKETS =
      List.of(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0);

  private static final AttributeKey<String> BACKEND = AttributeKey.stringKey(BACKEND_KEY);
  private static final AttributeKey<String> TYPE = AttributeKey.stringKey(TYPE_KEY);
  private static final AttributeKey<String> EVENT_OUTCOME = AttributeKey.stringKey(EVENT_OUTCOME_KEY);
  private static final AttributeKey<String> TARGET = AttributeKey.stringKey(TARGET_KEY);
  private static final AttributeKey<String> RUN = AttributeKey.stringKey(RUN_KEY);
  private static final AttributeKey<String> RERUN = AttributeKey.stringKey(RERUN_KEY);
  private static final AttributeKey<Boolean> KEYED = AttributeKey.booleanKey(KEYED_KEY);
  private static final AttributeKey<Boolean> EXISTING = AttributeKey.booleanKey(EXISTING_KEY);
  private static final AttributeKey<Boolean> OUTCOME_UNKNOWN = AttributeKey.booleanKey(OUTCOME_UNKNOWN_KEY);
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final Tracer tracer;
  private final LongCounter eventsReceived;
  private final LongCounter events;
  private final DoubleHistogram noticeLatency;
  private final LongCounter safetyPolls;

  private WflaunchTracing(Tracer tracer, Meter meter) {
    this.tracer = tracer;
    this.eventsReceived = meter.counterBuilder(EVENTS_RECEIVED)
        .setDescription("Run events received, by the backend type whose engine published them")
        .setUnit("{event}")
        .build();
    this.events = meter.counterBuilder(EVENTS)
        .setDescription("Run events received, by what the launcher made of them")
        .setUnit("{event}")
        .build();
    this.noticeLatency = meter.histogramBuilder(EVENT_NOTICE_LATENCY)
        .setDescription("From a run event's time to the end of the wait it ended")
        .setUnit("s")
        .setExplicitBucketBoundariesAdvice(LATENCY_BUCKETS)
        .build();
    this.safetyPolls = meter.counterBuilder(SAFETY_POLLS)
        .setDescription("Reads of runs on engines with events made by the safety poll, not on an event")
        .setUnit("{run}")
        .build();
  }

  /**
   * Tracing with {@code openTelemetry}'s tracer provider.
   *
   * @param openTelemetry the application's OpenTelemetry
   * @return the observer to register on a launcher's builder
   */
  public static WflaunchTracing create(OpenTelemetry openTelemetry) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    return new WflaunchTracing(openTelemetry.getTracer(INSTRUMENTATION_NAME),
        openTelemetry.getMeter(INSTRUMENTATION_NAME));
  }

  @Override
  public void runEvent(String type, EventOutcome outcome) {
    Attributes byType = Attributes.of(TYPE, type);
    eventsReceived.add(1, byType);
    events.add(1, Attributes.of(TYPE, type, EVENT_OUTCOME, outcome.name().toLowerCase(Locale.ROOT)));
  }

  @Override
  public void eventNoticed(RunStatus status, Duration latency) {
    double seconds = latency.isNegative() ? 0 : latency.toNanos() / 1e9;
    noticeLatency.record(seconds, Attributes.of(BACKEND, status.handle().backend()));
  }

  @Override
  public void safetyPolled(String backendId, int runs) {
    safetyPolls.add(runs, Attributes.of(BACKEND, backendId));
  }

  @Override
  public Observation callStarted(LaunchCall call) {
    String operation = call.operation().name().toLowerCase(Locale.ROOT);
    Context parent = Context.current();
    SpanBuilder builder = tracer.spanBuilder("wflaunch." + operation)
        .setParent(parent)
        .setSpanKind(SpanKind.INTERNAL)
        .setAttribute(BACKEND, call.backend());
    call.target().ifPresent(target -> builder.setAttribute(TARGET, target.toString()));
    call.run().ifPresent(run -> builder.setAttribute(RUN, run.toString()));
    if (call.operation() == io.wflaunch.spi.Operation.START) {
      builder.setAttribute(KEYED, call.keyed());
    }
    Span span = builder.startSpan();
    Context context = parent.with(span);
    boolean start = call.operation() == io.wflaunch.spi.Operation.START;
    boolean retry = call.operation() == io.wflaunch.spi.Operation.RETRY;
    return new Observation() {
      @Override
      public Scope open() {
        io.opentelemetry.context.Scope scope = context.makeCurrent();
        return scope::close;
      }

      @Override
      public Executor wrap(Executor executor) {
        return context.wrap(executor);
      }

      @Override
      public void succeeded(Optional<RunHandle> run, boolean existing) {
        // A retry's run is the one it was asked to re-run; the handle it returned is the re-run's.
        run.ifPresent(handle -> span.setAttribute(retry ? RERUN : RUN, handle.toString()));
        if (start) {
          span.setAttribute(EXISTING, existing);
        }
        span.end();
      }

      @Override
      public void failed(Throwable failure) {
        String kind = LaunchObserver.kindOf(failure);
        span.setStatus(StatusCode.ERROR, kind);
        span.setAttribute(ERROR_TYPE, kind);
        span.setAttribute(OUTCOME_UNKNOWN, LaunchObserver.outcomeUnknown(failure));
        span.recordException(failure);
        span.end();
      }
    };
  }
}
