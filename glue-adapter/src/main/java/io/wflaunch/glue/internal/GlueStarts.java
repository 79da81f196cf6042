package io.wflaunch.glue.internal;

import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.glue.GlueOptions;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.support.Listings;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.support.RequestHash;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartKey;
import io.wflaunch.spi.StartPrimitives;
import io.wflaunch.spi.support.UserText;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.glue.model.StartWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.WorkflowRun;

/**
 * Glue's pieces of the start protocol. Glue has no client token, so the key travels as a run property
 * ({@link GlueOptions#idempotencyProperty()}) and only a look-up through GetWorkflowRuns finds the run
 * again ({@link Dedupe#NONE}).
 */
public final class GlueStarts implements StartPrimitives<GlueStarts.Prepared> {

  /** A start ready to send: the request carrying the key, and what the look-up needs. */
  public record Prepared(WorkflowTarget target, StartWorkflowRunRequest request, String key, GlueOptions options) {}

  private final String backendId;
  private final GlueCalls calls;
  private final GlueOptions defaults;
  private final Clock clock;
  private final SendLimits limits;

  public GlueStarts(String backendId, GlueCalls calls, GlueOptions defaults, Clock clock, SendLimits limits) {
    this.limits = limits;
    this.backendId = backendId;
    this.calls = calls;
    this.defaults = defaults;
    this.clock = clock;
  }

  @Override
  public Dedupe dedupe(Prepared prepared) {
    return Dedupe.NONE;
  }

  @Override
  public boolean canLookUp(Prepared prepared) {
    return true;
  }

  /** The parameters, then the options' run properties, then the key, as run properties in that order. */
  @Override
  public CompletableFuture<Prepared> prepare(StartRunRequest request, StartKey key) {
    GlueOptions options = request.options(GlueOptions.class).orElse(defaults);
    Map<String, String> properties = new LinkedHashMap<>(request.parameters());
    properties.putAll(options.runProperties());
    properties.put(options.idempotencyProperty(), key.value());
    if (key.fromCaller()) {
      properties.put(GlueOptions.REQUEST_HASH_PROPERTY, RequestHash.of(request).substring(0, 16));
    }
    StartWorkflowRunRequest start = StartWorkflowRunRequest.builder()
        .name(request.target().part(0)).runProperties(properties).build();
    return CompletableFuture.completedFuture(new Prepared(request.target(), start, key.value(), options));
  }

  /**
   * The newest run carrying the key among the workflow's recent runs: at most
   * {@link GlueOptions#scanPageLimit()} pages, runs started within {@link GlueOptions#lookBack()}. The
   * listing comes newest first, so the look-up stops at the first page that reaches past the look-back
   * window: its cost follows the runs within the window, not the workflow's whole history.
   */
  @Override
  public CompletableFuture<Optional<RunHandle>> lookUp(Prepared prepared) {
    Instant cutoff = clock.instant().minus(prepared.options().lookBack());
    GlueOptions options = prepared.options();
    return AsyncSupport.mapFailure(calls.runsOnce(prepared.target().part(0), options.pageSize(), options.scanPageLimit(),
            runs -> Listings.passedNewestFirst(runs, WorkflowRun::startedOn, cutoff) || runs.stream().anyMatch(run -> carriesKey(run, prepared, cutoff)), limits),
            e -> GlueErrors.map(e, ErrorContext.of(prepared.target()), Operation.LOOK_UP))
        .thenApply(runs -> runs.stream()
            .filter(run -> carriesKey(run, prepared, cutoff))
            .max(Comparator.comparing((WorkflowRun run) -> run.startedOn() == null ? Instant.MIN : run.startedOn()))
            .map(run -> sameRequest(prepared, run)));
  }

  /**
   * The run the key started, unless it carries another request's hash (a run started without one, by
   * an earlier version, is taken as the key's): a key reused with another request is a
   * {@link ConflictException} naming the run, never the values.
   */
  private RunHandle sameRequest(Prepared prepared, WorkflowRun run) {
    RunHandle handle = handle(prepared, run.workflowRunId());
    String sent = prepared.request().runProperties().get(GlueOptions.REQUEST_HASH_PROPERTY);
    String shown = run.workflowRunProperties().get(GlueOptions.REQUEST_HASH_PROPERTY);
    if (sent != null && shown != null && !sent.equals(shown)) {
      throw new ConflictException(ErrorContext.of(prepared.target()).withHandle(handle), "idempotency key "
          + UserText.quote(prepared.key()) + " already started run " + handle + " for another request (other "
          + "parameters or options): a key names one request; use another key for this one", null);
    }
    return handle;
  }

  @Override
  public CompletableFuture<RunHandle> startOnce(Prepared prepared) {
    return calls.startOnce(prepared.request(), limits).thenApply(response -> handle(prepared, response.runId()));
  }

  @Override
  public RuntimeException mapFailure(Throwable failure, ErrorContext context, Operation operation) {
    return GlueErrors.map(failure, context, operation);
  }

  private RunHandle handle(Prepared prepared, String runId) {
    return RunHandle.of(backendId, prepared.target().part(0), runId);
  }

  private static boolean carriesKey(WorkflowRun run, Prepared prepared, Instant cutoff) {
    return run.hasWorkflowRunProperties()
        && prepared.key().equals(run.workflowRunProperties().get(prepared.options().idempotencyProperty()))
        && (run.startedOn() == null || !run.startedOn().isBefore(cutoff));
  }
}
