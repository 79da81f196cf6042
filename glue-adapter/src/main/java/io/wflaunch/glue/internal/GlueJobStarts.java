package io.wflaunch.glue.internal;

import io.wflaunch.ConflictException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.glue.GlueJobOptions;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartKey;
import io.wflaunch.spi.support.RequestHash;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.NotificationProperty;
import software.amazon.awssdk.services.glue.model.StartJobRunRequest;

/**
 * Glue jobs' pieces of the start protocol. StartJobRun takes no client token, so the key travels as a
 * job argument ({@link GlueJobOptions#idempotencyArgument()}) that the job ignores, and only a look-up
 * through GetJobRuns finds the run again ({@link Dedupe#NONE}), as for workflows ({@link GlueStarts}).
 */
public final class GlueJobStarts extends GlueKeyedStarts<GlueJobStarts.Prepared, JobRun> {

  /** A start ready to send: the request carrying the key, and what the look-up needs. */
  public record Prepared(WorkflowTarget target, StartJobRunRequest request, String key, GlueJobOptions options) {}

  private final GlueJobCalls calls;
  private final GlueJobOptions defaults;

  public GlueJobStarts(String backendId, GlueJobCalls calls, GlueJobOptions defaults, Clock clock, SendLimits limits) {
    super(backendId, calls, GlueRunReads.JOB_RUNS, clock, limits);
    this.calls = calls;
    this.defaults = defaults;
  }

  /** The parameters, then the options' arguments, then the key (and a keyed start's hash), in that order. */
  @Override
  public CompletableFuture<Prepared> prepare(StartRunRequest request, StartKey key) {
    GlueJobOptions options = request.options(GlueJobOptions.class).orElse(defaults);
    Map<String, String> arguments = new LinkedHashMap<>(request.parameters());
    arguments.putAll(options.arguments());
    arguments.put(options.idempotencyArgument(), key.value());
    if (key.fromCaller()) {
      arguments.put(GlueJobOptions.REQUEST_HASH_ARGUMENT, RequestHash.of(request).substring(0, 16));
    }
    StartJobRunRequest.Builder start = StartJobRunRequest.builder().jobName(request.target().part(0))
        .arguments(arguments);
    options.workerType().ifPresent(start::workerType);
    options.numberOfWorkers().ifPresent(start::numberOfWorkers);
    options.timeoutMinutes().ifPresent(start::timeout);
    options.executionClass().ifPresent(start::executionClass);
    options.securityConfiguration().ifPresent(start::securityConfiguration);
    options.notifyDelayAfterMinutes().ifPresent(delay ->
        start.notificationProperty(NotificationProperty.builder().notifyDelayAfter(delay).build()));
    options.jobRunQueuing().ifPresent(start::jobRunQueuingEnabled);
    return CompletableFuture.completedFuture(new Prepared(request.target(), start.build(), key.value(), options));
  }

  /**
   * The newest run carrying the key in its arguments among the job's recent runs: at most
   * {@link GlueJobOptions#scanPageLimit()} pages, runs started within {@link GlueJobOptions#lookBack()};
   * one carrying another request's hash is a {@link ConflictException} (see
   * {@link GlueRunReads#findByKey}).
   */
  @Override
  public CompletableFuture<Optional<RunHandle>> lookUp(Prepared prepared) {
    GlueJobOptions options = prepared.options();
    return findByKey(prepared.target(), options.idempotencyArgument(), prepared.key(),
        GlueJobOptions.REQUEST_HASH_ARGUMENT, prepared.request().arguments().get(GlueJobOptions.REQUEST_HASH_ARGUMENT),
        options.lookBack(), options.pageSize(), options.scanPageLimit());
  }

  @Override
  public CompletableFuture<RunHandle> startOnce(Prepared prepared) {
    return calls.startOnce(prepared.request(), limits())
        .thenApply(response -> handle(prepared.target(), response.jobRunId()));
  }
}
