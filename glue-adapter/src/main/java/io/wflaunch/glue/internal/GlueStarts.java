package io.wflaunch.glue.internal;

import io.wflaunch.ConflictException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.glue.GlueOptions;
import io.wflaunch.spi.support.RequestHash;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartKey;
import java.time.Clock;
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
public final class GlueStarts extends GlueKeyedStarts<GlueStarts.Prepared, WorkflowRun> {

  /** A start ready to send: the request carrying the key, and what the look-up needs. */
  public record Prepared(WorkflowTarget target, StartWorkflowRunRequest request, String key, GlueOptions options) {}

  private final GlueCalls calls;
  private final GlueOptions defaults;

  public GlueStarts(String backendId, GlueCalls calls, GlueOptions defaults, Clock clock, SendLimits limits) {
    super(backendId, calls, GlueRunReads.WORKFLOW_RUNS, clock, limits);
    this.calls = calls;
    this.defaults = defaults;
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
   * The newest run carrying the key in its run properties among the workflow's recent runs: at most
   * {@link GlueOptions#scanPageLimit()} pages, runs started within {@link GlueOptions#lookBack()}; one
   * carrying another request's hash is a {@link ConflictException} (see {@link GlueRunReads#findByKey}).
   */
  @Override
  public CompletableFuture<Optional<RunHandle>> lookUp(Prepared prepared) {
    GlueOptions options = prepared.options();
    return findByKey(prepared.target(), options.idempotencyProperty(), prepared.key(),
        GlueOptions.REQUEST_HASH_PROPERTY, prepared.request().runProperties().get(GlueOptions.REQUEST_HASH_PROPERTY),
        options.lookBack(), options.pageSize(), options.scanPageLimit());
  }

  @Override
  public CompletableFuture<RunHandle> startOnce(Prepared prepared) {
    return calls.startOnce(prepared.request(), limits())
        .thenApply(response -> handle(prepared.target(), response.runId()));
  }
}
