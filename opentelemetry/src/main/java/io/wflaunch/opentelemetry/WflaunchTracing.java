package io.wflaunch.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.wflaunch.RunHandle;
import io.wflaunch.spi.observe.LaunchCall;
import io.wflaunch.spi.observe.LaunchObserver;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * One OpenTelemetry span per launcher call. Register it on the launcher's builder:
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

  private static final AttributeKey<String> BACKEND = AttributeKey.stringKey(BACKEND_KEY);
  private static final AttributeKey<String> TARGET = AttributeKey.stringKey(TARGET_KEY);
  private static final AttributeKey<String> RUN = AttributeKey.stringKey(RUN_KEY);
  private static final AttributeKey<String> RERUN = AttributeKey.stringKey(RERUN_KEY);
  private static final AttributeKey<Boolean> KEYED = AttributeKey.booleanKey(KEYED_KEY);
  private static final AttributeKey<Boolean> EXISTING = AttributeKey.booleanKey(EXISTING_KEY);
  private static final AttributeKey<Boolean> OUTCOME_UNKNOWN = AttributeKey.booleanKey(OUTCOME_UNKNOWN_KEY);
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final Tracer tracer;

  private WflaunchTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  /**
   * Tracing with {@code openTelemetry}'s tracer provider.
   *
   * @param openTelemetry the application's OpenTelemetry
   * @return the observer to register on a launcher's builder
   */
  public static WflaunchTracing create(OpenTelemetry openTelemetry) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    return new WflaunchTracing(openTelemetry.getTracer(INSTRUMENTATION_NAME));
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
